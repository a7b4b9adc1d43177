/**
 * Case C07 end to end: the shipped records.get and records.list with `If-Modified-Since`,
 * through the runtime against the sandbox. A 304 is "nothing changed": an empty iteration for
 * the list and a `not-modified` result for the record, never an error or a redirect.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRuntime, type Runtime } from "../../src/runtime/index.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { loadConnector } from "../../src/spec/index.ts";

let sandbox: Sandbox;
let runtime: Runtime;
// Seeded Lead n was last modified 7n minutes after 2025-01-01T00:00:00+00:00 (450 Leads).
const leadId = (n: number) => (4876876000000123457n + BigInt(n)).toString();

beforeAll(async () => {
  sandbox = await startSandbox();
  runtime = createRuntime(await loadConnector("connectors/zoho-crm"), {
    baseUrl: sandbox.url,
    credentials: sandbox.credentials,
    env: {},
  });
});

afterAll(async () => {
  await runtime?.close();
  await sandbox?.close();
});

async function listIds(since: string): Promise<string[]> {
  const ids: string[] = [];
  const params = { module_api_name: "Leads", fields: "Last_Name", "If-Modified-Since": since };
  for await (const record of runtime.paginate("records.list", { params })) {
    ids.push((record as { id: string }).id);
  }
  return ids;
}

describe("case-C07: If-Modified-Since on the shipped records endpoints", () => {
  it("lists only the records changed since, and nothing after the last change", async () => {
    expect(await listIds("2025-01-03T04:09:00+00:00")).toEqual([leadId(448), leadId(449)]);
    expect(await listIds("2025-01-03T04:23:00+00:00")).toEqual([]);
    expect(sandbox.log.at(-1)?.status).toBe(304);
  });

  it("gets a record as not-modified when it has not changed since", async () => {
    const params = { module_api_name: "Leads", record_id: leadId(0) };
    const same = await runtime.call("records.get", {
      params: { ...params, "If-Modified-Since": "2025-01-01T05:30:00+05:30" },
    });
    expect(same).toEqual({ kind: "not-modified", status: 304 });

    const changed = await runtime.call("records.get", {
      params: { ...params, "If-Modified-Since": "2024-12-31T23:59:59+00:00" },
    });
    expect(changed.kind).toBe("json");
    expect(changed.kind === "json" && changed.status).toBe(200);
  });
});
