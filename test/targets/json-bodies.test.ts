/**
 * JSON bodies in the Deluge and curl targets (case C24), on the crm-lite fixture: the snippet
 * builds the body with Map()/List() and the interpreter sends exactly the text planRequest
 * plans; curl sends it with -d and a JSON Content-Type; list snippets page as the spec says.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDeluge } from "../../src/deluge/interpreter.ts";
import { lintDeluge } from "../../src/deluge/lint.ts";
import { planRequest } from "../../src/plan/request.ts";
import { loadConnector } from "../../src/spec/index.ts";
import { type Endpoint, findEndpoint } from "../../src/spec/model.ts";
import { renderCurlSample } from "../../src/targets/curl.ts";
import { renderDelugeSnippet } from "../../src/targets/deluge.ts";
import { splitShellWords } from "./shell-words.ts";

const lite = await loadConnector("test/fixtures/connectors/crm-lite");
const endpoint = (id: string): Endpoint => {
  const found = findEndpoint(lite, id);
  if (!found) throw new Error(`no ${id}`);
  return found;
};
const insert = endpoint("records.insert");

// Case C24's record: text with a quote and punctuation, a number, a boolean.
const c24Body = {
  data: [
    {
      Last_Name: "Acme's Warehouse",
      Company: "Smith & Sons (UK), Ltd",
      No_of_Employees: 12,
      Email_Opt_Out: false,
    },
  ],
  trigger: ["workflow"],
};

interface Seen {
  method: string;
  path: string;
  contentType: string | undefined;
  body: string;
}
const seen: Seen[] = [];
let baseUrl = "";
const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  seen.push({
    method: req.method ?? "",
    path: req.url ?? "",
    contentType: req.headers["content-type"],
    body: Buffer.concat(chunks).toString("utf8"),
  });
  const page = Number(new URL(req.url ?? "/", "http://x").searchParams.get("page"));
  const reply =
    req.method === "GET"
      ? { data: [{ id: `r${page}` }], info: { more_records: page < 3 } }
      : { data: [{ code: "SUCCESS", status: "success", details: { id: "1" } }] };
  res.writeHead(req.method === "GET" ? 200 : 201, { "content-type": "application/json" });
  res.end(JSON.stringify(reply));
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("Deluge JSON bodies (case C24)", () => {
  const values = { params: { module_api_name: "Leads" }, body: c24Body };
  const snippet = renderDelugeSnippet(lite, insert, { values });

  it("builds lists with List()/add and maps with Map()/put, numbers and booleans bare", () => {
    const start = snippet.indexOf("dataItem = Map();");
    const end = snippet.indexOf("response = invokeurl");
    expect(snippet.slice(start, end).split("\n")).toEqual([
      "dataItem = Map();",
      'dataItem.put("Last_Name", "Acme\'s Warehouse");',
      'dataItem.put("Company", "Smith & Sons (UK), Ltd");',
      'dataItem.put("No_of_Employees", 12);',
      'dataItem.put("Email_Opt_Out", false);',
      "dataList = List();",
      "dataList.add(dataItem);",
      "triggerList = List();",
      'triggerList.add("workflow");',
      "payload = Map();",
      'payload.put("data", dataList);',
      'payload.put("trigger", triggerList);',
      "headerMap = Map();",
      'headerMap.put("Content-Type", "application/json");',
      "",
    ]);
    expect(snippet).toContain("\tparameters: payload.toString()\n\theaders: headerMap\n");
    expect(snippet).not.toMatch(/\[\s*"|\{\s*"data"/);
    expect(lintDeluge(snippet, "records.insert.dg")).toEqual([]);
  });

  it("sends, through the interpreter, the exact text planRequest plans", async () => {
    seen.length = 0;
    await runDeluge(snippet, { baseUrl, connections: { crm_lite: "1000.T" } });
    const plan = planRequest(lite, insert, values, { apiDomain: baseUrl });
    expect(plan.body?.text).toBe(JSON.stringify(c24Body));
    expect(seen).toEqual([
      {
        method: "POST",
        path: "/crm/v2/Leads",
        contentType: "application/json",
        body: plan.body?.text,
      },
    ]);
  });

  it("nests maps in maps, keeps key order, and writes null, negatives and decimals", async () => {
    const body = { query: { module: "Leads", page: 2, extra: { z: null, a: -1.5, list: [] } } };
    const create = endpoint("bulk_read.create");
    const text = renderDelugeSnippet(lite, create, { values: { body } });
    expect(text).toContain(
      'extra.put("z", null);\nextra.put("a", -1.5);\nextra.put("list", listList);',
    );
    seen.length = 0;
    await runDeluge(text, { baseUrl, connections: { crm_lite: "1000.T" } });
    expect(seen.map((s) => s.body)).toEqual([JSON.stringify(body)]);
  });
});

describe("curl JSON bodies", () => {
  it("sends the body with -d and a JSON Content-Type", () => {
    const sample = renderCurlSample(lite, insert, {
      values: { params: { module_api_name: "Leads" }, body: c24Body },
    });
    const words = splitShellWords(sample.split("\n").slice(4).join("\n"));
    expect(words.slice(-4)).toEqual([
      "-H",
      "Content-Type: application/json",
      "-d",
      JSON.stringify(c24Body),
    ]);
  });

  it("asks for page=1 on a paginated endpoint, as the runtime's first request does", () => {
    const sample = renderCurlSample(lite, endpoint("records.list"));
    expect(sample).toContain(
      'curl "https://www.zohoapis.com/crm/v2/Leads?fields=Last_Name%2CEmail&page=1"',
    );
  });
});

describe("Deluge pagination loop", () => {
  it("pages by number within the spec's reach and stops on more_records false", async () => {
    const list = endpoint("records.list");
    const snippet = renderDelugeSnippet(lite, list, {
      values: { params: { per_page: "200" } },
    });
    // With a page token, the list allows 5,000 records: 25 requests of 200.
    const numbers = Array.from({ length: 25 }, (_, i) => i + 1).join(",");
    expect(snippet).toContain(`for each pageNumber in {${numbers}}\n`);
    expect(snippet).toContain('pageRecords = reply.get("data");\n\trecords.addAll(pageRecords);');
    expect(snippet).toContain('moreRecords = reply.get("info").get("more_records") == true;');
    const small = renderDelugeSnippet(lite, list, { values: { params: { per_page: "500" } } });
    expect(small).toContain("for each pageNumber in {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}\n");
    seen.length = 0;
    await runDeluge(snippet, { baseUrl, connections: { crm_lite: "1000.T" } });
    expect(seen.map((s) => new URL(s.path, "http://x").searchParams.get("page"))).toEqual([
      "1",
      "2",
      "3",
    ]);
  });
});
