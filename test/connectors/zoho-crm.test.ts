/**
 * Every example of every endpoint of the shipped Zoho CRM connectors (`zoho-crm` and
 * `zoho-crm-bulk`), planned with `planRequest` and sent as is with undici, must be accepted
 * by the sandbox (a 2xx status). The sandbox is written from Zoho's documentation, not from
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
import type { Connector, Endpoint, Example } from "../../src/spec/model.ts";
import { accessToken } from "../sandbox/sandbox-helpers.ts";

const connectors = [
  await loadConnector("connectors/zoho-crm"),
  await loadConnector("connectors/zoho-crm-bulk"),
];

/** The union of every endpoint's scopes: what a connection for these connectors asks for. */
const scopes = [
  ...new Set(connectors.flatMap((c) => c.endpoints.flatMap((e) => e.scopes.map((s) => s.name)))),
];

const cases = connectors.flatMap((connector) =>
  connector.endpoints.flatMap((endpoint) =>
    endpoint.examples.map(
      (example) => [endpoint.id, example.name, connector, endpoint, example] as const,
    ),
  ),
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
    const ids = connectors.flatMap((c) => c.endpoints.map((e) => e.id));
    const missing = connectors
      .flatMap((c) => c.endpoints)
      .filter((e) => e.examples.length === 0)
      .map((e) => e.id);
    expect(missing).toEqual([]);
    expect(ids).toEqual([
      "attachments.download",
      "attachments.list",
      "attachments.upload",
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
      "bulk_read.create",
      "bulk_read.result",
      "bulk_read.status",
    ]);
  });

  async function send(connector: Connector, endpoint: Endpoint, example: Example) {
    const files: Record<string, string[]> = {};
    for (const [part, name] of Object.entries(example.files)) {
      const file = path.join(scratch, name);
      await writeFile(file, `Sample content of ${name}\n`);
      files[part] = [file];
    }
    const planned = planRequest(
      connector,
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

  it.each(cases)("%s example %s is accepted", async (_id, _name, connector, endpoint, example) => {
    const reply = await send(connector, endpoint, example);
    if (reply.status < 200 || reply.status > 299) {
      throw new Error(`${endpoint.id} answered ${reply.status}: ${reply.text.slice(0, 300)}`);
    }
    // A 207 would mean some records of the example were refused: examples must be valid.
    expect(reply.status === 207 ? reply.text : "").toBe("");
  });
});
