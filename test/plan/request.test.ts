import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArgumentError } from "../../src/errors.ts";
import { planRequest } from "../../src/plan/request.ts";
import { formatDiagnostic, loadConnector, validateConnector } from "../../src/spec/index.ts";
import { type Connector, findEndpoint } from "../../src/spec/model.ts";
import { problemsOf } from "./problems.ts";

const fixture = "test/fixtures/connectors/crm-lite";
const apiDomain = "https://www.zohoapis.com";
let crm: Connector;
let root = "";

function endpoint(id: string) {
  const found = findEndpoint(crm, id);
  if (!found) throw new Error(`no endpoint ${id}`);
  return found;
}

beforeAll(async () => {
  crm = await loadConnector(fixture);
  root = await mkdtemp(path.join(os.tmpdir(), "ik-plan-"));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("the grown spec format", () => {
  it("compiles bodies, batches, pagination, jobs, credits and idempotency", () => {
    const insert = endpoint("records.insert");
    expect(insert.body.kind).toBe("json");
    expect(insert.batch).toEqual({ field: "data", maxItems: 100 });
    expect([insert.idempotent, insert.credits]).toEqual([false, 1]);
    expect(endpoint("records.list").pagination).toEqual({
      items: "data",
      morePath: "info.more_records",
      maxRecords: 2000,
      tokenParam: "page_token",
      nextTokenPath: "info.next_page_token",
    });
    expect(endpoint("records.list").idempotent).toBe(true);
    expect(endpoint("bulk_read.create").job).toEqual({
      idPath: "data.0.details.id",
      status: "bulk_read.status",
      statePath: "data.0.state",
      done: ["COMPLETED"],
      failed: ["FAILURE"],
      result: "bulk_read.result",
    });
  });

  it("locates an example body that breaks its schema, and bad job and batch references", async () => {
    const dir = path.join(root, "crm-lite");
    await cp(fixture, dir, { recursive: true });
    const edit = async (file: string, from: string, to: string) => {
      const target = path.join(dir, file);
      const text = await readFile(target, "utf8");
      if (!text.includes(from)) throw new Error(`${from} not in ${file}`);
      await writeFile(target, text.replace(from, to));
    };
    await edit("records/insert.yaml", "trigger: [workflow]", "trigger: [sometimes]");
    await edit("records/insert.yaml", "field: data,", "field: trigger_list,");
    await edit("bulk_read/create.yaml", "status: bulk_read.status", "status: bulk_read.stats");
    const result = await validateConnector(dir);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      `${dir}/bulk_read/create.yaml:17:11  job.status names endpoint "bulk_read.stats", ` +
        'which does not exist; did you mean "bulk_read.status"?',
      `${dir}/records/insert.yaml:25:17  batch.field "trigger_list" must name an array ` +
        "property of body.json.schema",
      `${dir}/records/insert.yaml:31:11  example "one lead": body.trigger.0 must be equal to ` +
        "one of the allowed values",
    ]);
  });
});

describe("planRequest", () => {
  it("hangs an endpoint with its own base_path from that path, not the connector's", async () => {
    const dir = path.join(root, "with-base", "crm-lite");
    await cp(fixture, dir, { recursive: true });
    const file = path.join(dir, "bulk_read/status.yaml");
    const text = await readFile(file, "utf8");
    await writeFile(
      file,
      text.replace("path: /read/{job_id}", "base_path: /crm/bulk/v2\npath: /read/{job_id}"),
    );
    const connector = await loadConnector(dir);
    const status = findEndpoint(connector, "bulk_read.status");
    if (!status) throw new Error("no bulk_read.status");
    const plan = planRequest(connector, status, { params: { job_id: "111" } }, { apiDomain });
    expect(plan.url).toBe("https://www.zohoapis.com/crm/bulk/v2/read/111");
  });

  it("serializes a JSON body once, ids and quotes intact (case C24)", () => {
    const body = { data: [{ Last_Name: 'Acme\'s "Warehouse"' }], trigger: ["workflow"] };
    const plan = planRequest(
      crm,
      endpoint("records.insert"),
      {
        params: { module_api_name: "Leads" },
        body,
      },
      { apiDomain },
    );
    expect(plan.url).toBe("https://www.zohoapis.com/crm/v2/Leads");
    expect(plan.body).toEqual({
      contentType: "application/json",
      text: '{"data":[{"Last_Name":"Acme\'s \\"Warehouse\\""}],"trigger":["workflow"]}',
    });
  });

  it("refuses a body that breaks the schema or a batch over the limit, naming each place", () => {
    const records = Array.from({ length: 101 }, (_, i) => ({ Last_Name: `L${i}` }));
    expect(
      problemsOf(
        () =>
          planRequest(
            crm,
            endpoint("records.insert"),
            {
              params: { module_api_name: "Leads" },
              body: { data: [...records.slice(0, 100), { Closing_Time: 3 }] },
            },
            { apiDomain },
          ),
        ArgumentError,
      ),
    ).toEqual([
      'body.data.100 lacks required property "Last_Name"',
      "body.data.100.Closing_Time must be string",
      "body.data has 101 items; one request takes at most 100 (split the batch)",
    ]);
    expect(
      problemsOf(
        () =>
          planRequest(
            crm,
            endpoint("records.insert"),
            { params: { module_api_name: "Leads" } },
            {
              apiDomain,
            },
          ),
        ArgumentError,
      ),
    ).toEqual(["missing the JSON body"]);
  });

  it("case-C17: a date-time parameter must carry Zoho's offset form, no Z or milliseconds", () => {
    const list = endpoint("records.list");
    const plan = (value: string) =>
      problemsOf(
        () =>
          planRequest(
            crm,
            list,
            {
              params: { module_api_name: "Leads", fields: "Email", modified_since: value },
            },
            { apiDomain },
          ),
        ArgumentError,
      );
    expect(plan("2024-03-10T09:30:00-04:00")).toEqual([]);
    expect(plan("2024-03-10T13:30:00.000Z")).toEqual([
      'parameter "modified_since" must be a date-time written yyyy-MM-ddTHH:mm:ss+HH:mm, ' +
        'got "2024-03-10T13:30:00.000Z"',
    ]);
  });

  it("case-C18: a list parameter takes at most its max_items, and never a boolean page", () => {
    const fields = Array.from({ length: 51 }, (_, i) => `F${i}`).join(",");
    expect(
      problemsOf(
        () =>
          planRequest(
            crm,
            endpoint("records.list"),
            {
              params: { module_api_name: "Leads", fields, page: "true" },
            },
            { apiDomain },
          ),
        ArgumentError,
      ),
    ).toEqual([
      'parameter "fields" takes at most 50 items, got 51',
      'parameter "page" must be an integer, got "true"',
    ]);
  });
});
