/**
 * Every example of every endpoint of the shipped Zoho CRM connector (`zoho-crm`, bulk read
 * included under its own base path), planned with `planRequest` and sent as is with undici,
 * must be accepted by the sandbox (a 2xx status). The sandbox is written from Zoho's documentation, not from
 * the specs, so a wrong path, method, parameter or body in a spec fails here.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { FormData, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planRequest } from "../../src/plan/request.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { loadConnector } from "../../src/spec/index.ts";
import { type Endpoint, type Example, findEndpoint } from "../../src/spec/model.ts";
import { accessToken } from "../sandbox/sandbox-helpers.ts";

const crm = await loadConnector("connectors/zoho-crm");

/** The union of every endpoint's scopes: what a connection for this connector asks for. */
const scopes = [...new Set(crm.endpoints.flatMap((e) => e.scopes.map((s) => s.name)))];

const cases = crm.endpoints.flatMap((endpoint) =>
  endpoint.examples.map((example) => [endpoint.id, example.name, endpoint, example] as const),
);

describe("shipped Zoho CRM examples against the sandbox", () => {
  let sandbox: Sandbox;
  let token = "";
  let scratch = "";
  beforeAll(async () => {
    sandbox = await startSandbox({ scopes });
    token = await accessToken(sandbox);
    scratch = await mkdtemp(path.join(os.tmpdir(), "invokekit-crm-examples-"));
  });
  afterAll(async () => {
    await sandbox?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it("has at least one example for every endpoint, and covers the issue's endpoints", () => {
    const ids = crm.endpoints.map((e) => e.id);
    const missing = crm.endpoints.filter((e) => e.examples.length === 0).map((e) => e.id);
    expect(missing).toEqual([]);
    expect(ids).toEqual([
      "attachments.download",
      "attachments.list",
      "attachments.upload",
      "bulk_read.create",
      "bulk_read.result",
      "bulk_read.status",
      "coql.query",
      "files.get",
      "files.upload",
      "org.get",
      "records.delete",
      "records.get",
      "records.insert",
      "records.list",
      "records.search",
      "records.update",
      "records.upsert",
      "users.list",
    ]);
  });

  it("bulk read hangs from /crm/bulk/v2, and its job names endpoints of the same connector", () => {
    const bulk = crm.endpoints.filter((e) => e.resource === "bulk_read");
    expect(bulk.map((e) => e.basePath)).toEqual(["/crm/bulk/v2", "/crm/bulk/v2", "/crm/bulk/v2"]);
    // And records.list, on /crm/v3 for its page tokens.
    const own = crm.endpoints.filter((e) => e.basePath !== undefined && e.resource !== "bulk_read");
    expect(own.map((e) => [e.id, e.basePath])).toEqual([["records.list", "/crm/v3"]]);
    const job = findEndpoint(crm, "bulk_read.create")?.job;
    expect([job?.status, job?.result]).toEqual(["bulk_read.status", "bulk_read.result"]);
    const polled = findEndpoint(crm, job?.status ?? "");
    const result = findEndpoint(crm, job?.result ?? "");
    expect([polled?.path, result?.path]).toEqual(["/read/{job_id}", "/read/{job_id}/result"]);
  });

  async function send(endpoint: Endpoint, example: Example) {
    const files: Record<string, string[]> = {};
    for (const [part, name] of Object.entries(example.files)) {
      const file = path.join(scratch, name);
      await writeFile(file, `Sample content of ${name}\n`);
      files[part] = [file];
    }
    const planned = planRequest(
      crm,
      endpoint,
      {
        params: example.params,
        files,
        ...(example.body === undefined ? {} : { body: example.body }),
      },
      { apiDomain: sandbox.url },
    );
    const headers: Record<string, string> = Object.fromEntries(planned.headers);
    headers.authorization = `Zoho-oauthtoken ${token}`;
    let body: string | FormData | null = null;
    if (planned.body) {
      headers["content-type"] = planned.body.contentType;
      body = planned.body.text;
    } else if (planned.files.length > 0) {
      const form = new FormData();
      for (const file of planned.files) {
        form.append(file.part, new Blob([await readFile(file.path)]), path.basename(file.path));
      }
      body = form;
    }
    const response = await request(planned.url, { method: planned.method, headers, body });
    const text = await response.body.text();
    return { status: response.statusCode, text };
  }

  it.each(cases)("%s example %s is accepted", async (_id, _name, endpoint, example) => {
    const reply = await send(endpoint, example);
    if (reply.status < 200 || reply.status > 299) {
      throw new Error(`${endpoint.id} answered ${reply.status}: ${reply.text.slice(0, 300)}`);
    }
    // A 207 would mean some records of the example were refused: examples must be valid.
    expect(reply.status === 207 ? reply.text : "").toBe("");
  });
});
