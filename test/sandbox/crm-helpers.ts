/** Shared steps for the CRM sandbox tests: a sandbox granting every CRM scope, and calls. */
import { type FormData, request } from "undici";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { accessToken, zohoAuth } from "./sandbox-helpers.ts";

/** Every scope the CRM endpoints of the sandbox check. */
export const CRM_SCOPES = [
  "ZohoCRM.modules.ALL",
  "ZohoCRM.modules.attachments.ALL",
  "ZohoCRM.coql.READ",
  "ZohoSearch.securesearch.READ",
  "ZohoCRM.bulk.ALL",
  "ZohoCRM.users.ALL",
  "ZohoCRM.org.ALL",
];

/** A sandbox and a token for it. */
export interface CrmFixture {
  readonly sandbox: Sandbox;
  readonly token: string;
  call(
    method: string,
    path: string,
    body?: unknown | FormData,
    extraHeaders?: Record<string, string>,
  ): Promise<CrmReply>;
}

/** A reply, with the body read as bytes and (when it is JSON) parsed. */
export interface CrmReply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly bytes: Buffer;
  // biome-ignore lint/suspicious/noExplicitAny: tests read reply fields and assert exact values
  readonly json: any;
}

/** Starts a sandbox that grants `scopes` (default all CRM scopes) and takes a token. */
export async function startCrm(scopes: string[] = CRM_SCOPES): Promise<CrmFixture> {
  const sandbox = await startSandbox({ scopes });
  const token = await accessToken(sandbox);
  return {
    sandbox,
    token,
    async call(method, path, body, extraHeaders = {}) {
      const isForm = typeof body === "object" && body !== null && "append" in body;
      const headers: Record<string, string> = { ...zohoAuth(token), ...extraHeaders };
      if (body !== undefined && !isForm) headers["content-type"] = "application/json";
      const response = await request(`${sandbox.url}${path}`, {
        method: method as "GET",
        headers,
        body: body === undefined ? null : isForm ? (body as FormData) : JSON.stringify(body),
      });
      const bytes = Buffer.from(await response.body.arrayBuffer());
      const type = String(response.headers["content-type"] ?? "");
      const json = type.startsWith("application/json")
        ? JSON.parse(bytes.toString("utf8"))
        : undefined;
      return { status: response.statusCode, headers: response.headers, bytes, json };
    },
  };
}

/** Zoho's single-error envelope. */
export function zohoError(code: string, message: string, details: object = {}) {
  return { code, details, message, status: "error" };
}
