import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { loadConnector } from "../../src/spec/index.ts";
import { runCli } from "../cli/call-helpers.ts";
import { type GeneratedSdk, importGeneratedSdk, sandboxCliEnv } from "./generated-sdk.ts";

let sandbox: Sandbox;
let env: NodeJS.ProcessEnv;
let generated: GeneratedSdk | undefined;
// biome-ignore lint/suspicious/noExplicitAny: the generated client is imported at run time.
let client: any;
// Seeded Lead n was last modified 7n minutes after 2025-01-01T00:00:00+00:00 (450 Leads).
const leadId = (n: number) => (4876876000000123457n + BigInt(n)).toString();
const unchangedSince = "2025-01-03T04:23:00+00:00";

beforeAll(async () => {
  const crm = await loadConnector("connectors/zoho-crm");
  sandbox = await startSandbox();
  env = await sandboxCliEnv(sandbox);
  generated = await importGeneratedSdk(crm);
  client = generated.sdk.createZohoCrmClient({
    baseUrl: sandbox.url,
    credentials: sandbox.credentials,
  });
});

afterAll(async () => {
  await client?.close();
  await sandbox?.close();
  await generated?.remove();
});

/** Method, path and status of the API requests (not token requests) logged since `from`. */
function apiRequestsSince(from: number) {
  return sandbox.log
    .slice(from)
    .filter((entry) => entry.path.startsWith("/crm/"))
    .map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
}

/** Every record id of `records.list` and the `onPage` calls, through the generated SDK. */
async function listThroughSdk(params: object) {
  const ids: string[] = [];
  const pages: [number, number, number][] = [];
  const onPage = (page: number, records: number, status: number) => {
    pages.push([page, records, status]);
  };
  for await (const record of client.records.list(
    { module_api_name: "Leads", fields: ["Last_Name"], ...params },
    { onPage },
  )) {
    ids.push(record.id);
  }
  return { ids, pages };
}

function callCli(endpoint: string, params: readonly string[], extra: readonly string[] = []) {
  const args = params.flatMap((param) => ["--param", param]);
  return runCli(
    ["call", "zoho-crm", endpoint, ...args, ...extra, "--json", "--base-url", sandbox.url],
    env,
  );
}

describe("case-C07 through the generated SDK", () => {
  it("records.get returns the not-modified reply: no error, one request, no retry", async () => {
    const from = sandbox.log.length;
    const reply = await client.records.get({
      module_api_name: "Leads",
      record_id: leadId(0),
      "If-Modified-Since": "2025-01-01T00:00:00+00:00",
    });
    expect(reply).toEqual({ kind: "not-modified", status: 304 });
    expect(apiRequestsSince(from)).toEqual([`GET /crm/v2/Leads/${leadId(0)} 304`]);
    expect(sandbox.log.at(-1)?.headers["if-modified-since"]).toBe("2025-01-01T00:00:00+00:00");
  });

  it("records.get still returns the record when it changed since", async () => {
    const reply = await client.records.get({
      module_api_name: "Leads",
      record_id: leadId(1),
      fields: ["Last_Name"],
      "If-Modified-Since": new Date("2024-12-31T23:59:59Z"),
    });
    expect(reply.kind).toBe("json");
    expect(reply.status).toBe(200);
    expect(reply.body.data.map((r: { id: string }) => r.id)).toEqual([leadId(1)]);
  });

  it("records.list yields nothing and onPage reports 304 when nothing changed", async () => {
    const from = sandbox.log.length;
    expect(await listThroughSdk({ "If-Modified-Since": unchangedSince })).toEqual({
      ids: [],
      pages: [[1, 0, 304]],
    });
    expect(apiRequestsSince(from)).toEqual(["GET /crm/v3/Leads 304"]);
  });

  it("records.list tells an empty list (204) and changed records (200) from 304", async () => {
    expect(await listThroughSdk({ ids: "1" })).toEqual({ ids: [], pages: [[1, 0, 204]] });
    expect(await listThroughSdk({ "If-Modified-Since": "2025-01-03T04:09:00+00:00" })).toEqual({
      ids: [leadId(448), leadId(449)],
      pages: [[1, 2, 200]],
    });
  });
});

describe("case-C07 through invokekit call", () => {
  it("--all --json prints notModified when the first page is 304", async () => {
    const run = await callCli(
      "records.list",
      ["module_api_name=Leads", "fields=Last_Name", `If-Modified-Since=${unchangedSince}`],
      ["--all"],
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ count: 0, records: [], notModified: true });
  });

  it("--all --json prints an empty list without notModified when there is nothing", async () => {
    const params = ["module_api_name=Leads", "fields=Last_Name", "ids=1"];
    const run = await callCli("records.list", params, ["--all"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ count: 0, records: [] });
  });

  it("one records.get call prints the 304 as notModified and exits 0", async () => {
    const run = await callCli("records.get", [
      "module_api_name=Leads",
      `record_id=${leadId(0)}`,
      "If-Modified-Since=2025-01-01T00:00:00+00:00",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ status: 304, notModified: true });
  });
});
