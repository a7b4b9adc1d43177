import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDeluge } from "../../src/deluge/interpreter.ts";
import { tokenizeDeluge } from "../../src/deluge/lexer.ts";
import { lintDeluge } from "../../src/deluge/lint.ts";
import { DelugeRuntimeError } from "../../src/deluge/values.ts";
import type { Endpoint } from "../../src/spec/model.ts";
import { renderDelugeSnippet } from "../../src/targets/deluge.ts";
import { delugeString } from "../../src/targets/deluge-escape.ts";
import { fixtureConnector } from "../targets/fixture-connector.ts";
import { c22Snippet, c23Snippet, c24Snippet } from "./field-snippets.ts";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}
const seen: Seen[] = [];
let replyType = "application/json";
let baseUrl = "";
const server = createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = req.url ?? "/";
  seen.push({
    method: req.method ?? "",
    url,
    headers: req.headers,
    body: Buffer.concat(chunks).toString(),
  });
  const page = Number(new URL(url, "http://x").searchParams.get("page") ?? "0");
  if (url.startsWith("/crm/v2/Things")) {
    // Case C18: two full pages, then the last one says more_records: false.
    const data = [{ id: `p${page}a` }, { id: `p${page}b` }];
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ data, info: { more_records: page < 3, page } }));
    return;
  }
  res.writeHead(200, { "content-type": replyType });
  res.end('{"data":[{"id":"4876876000000123457","Last_Name":"Ünï"}]}');
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen({ port: 0, host: "127.0.0.1" }, resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const run = (source: string, variables = {}) =>
  runDeluge(source, { baseUrl, connections: { zcrm_conn: "1000.tok" }, variables });

describe("runDeluge", () => {
  it.each([
    ["A", "application/json"],
    ["B", "text/plain;charset=UTF-8"],
  ])("case-C22 variant %s: detailed reply normalised with toString().toMap()", async (_, type) => {
    replyType = type;
    seen.length = 0;
    const result = await run(c22Snippet, { leadId: "4876876000000123457" });
    expect(result.info).toEqual(["4876876000000123457"]);
    expect(seen[0]).toMatchObject({ method: "GET", url: "/crm/v2/Leads/4876876000000123457" });
    expect(seen[0]?.headers.authorization).toBe("Zoho-oauthtoken 1000.tok");
  });

  it("case-C23: a parameters map on GET is the query string, with no body", async () => {
    seen.length = 0;
    await run(c23Snippet, { email: "p.daly+demo1@zylker.com" });
    expect(seen[0]?.url).toBe(
      "/crm/v2/Leads/search?criteria=%28Email%3Aequals%3Ap.daly%2Bdemo1%40zylker.com%29&per_page=200",
    );
    expect(seen[0]?.body).toBe("");
    expect(seen[0]?.headers["content-type"]).toBeUndefined();
  });

  it("case-C24: payload.toString() is sent as JSON with lists as arrays", async () => {
    seen.length = 0;
    await run(c24Snippet);
    expect(seen[0]?.method).toBe("POST");
    expect(seen[0]?.headers["content-type"]).toBe("application/json");
    expect(seen[0]?.body).toBe(
      '{"data":[{"Last_Name":"Acme\'s Warehouse","Company":"Smith & Sons (UK), Ltd",' +
        '"No_of_Employees":12,"Email_Opt_Out":false}],"trigger":["workflow"]}',
    );
  });

  it("case-C18: the generated list loop starts at page 1 and stops on more_records false", async () => {
    const list: Endpoint = {
      ...(fixtureConnector.endpoints[1] as Endpoint),
      id: "things.list",
      path: "/Things",
      parameters: [
        { name: "page", in: "query", type: "integer", required: false, description: "Page." },
        { name: "per_page", in: "query", type: "integer", required: false, description: "Size." },
      ],
      examples: [{ name: "all", params: { per_page: "2" }, files: {} }],
    };
    const connector = {
      ...fixtureConnector,
      basePath: "/crm/v2",
      deluge: { connection: "zcrm_conn" },
    };
    const snippet = renderDelugeSnippet(connector, list);
    expect(lintDeluge(snippet, "list.dg").filter((d) => d.severity === "error")).toEqual([]);
    seen.length = 0;
    const result = await run(snippet);
    expect(seen.map((s) => s.url)).toEqual([
      "/crm/v2/Things?per_page=2&page=1",
      "/crm/v2/Things?per_page=2&page=2",
      "/crm/v2/Things?per_page=2&page=3",
    ]);
    expect(result.info).toEqual(["6"]);
  });

  it("runs control flow, collections and text functions; info lines are captured", async () => {
    const result = await run(
      [
        'm = {"a": 1};',
        'm.put("b", "x y");',
        "total = 0;",
        "for each n in {1, 2, 3} { if(n == 2) { continue; } total += n; }",
        'info m.toString() + " " + total + " " + ("5" + 3);',
        'info zoho.encryption.urlEncode("a b&c") + " " + m.get("missing");',
        'try { l = List(); x = l.get(4); } catch(e) { info "caught"; }',
        'info "{\\"k\\":[1]}".toMap().get("k").size();',
        "return m.keys();",
      ].join("\n"),
    );
    expect(result.info).toEqual(['{"a":1,"b":"x y"} 4 53', "a%20b%26c ", "caught", "1"]);
    expect(result.returned).toMatchObject({ items: ["a", "b"] });
  });

  it("fails with a located error on an unknown connection or variable", async () => {
    const missing = run('r = invokeurl [ url: "https://www.zohoapis.com/x" connection: "other" ];');
    await expect(missing).rejects.toThrow(
      new DelugeRuntimeError('no connection with the link name "other"', 1, 5),
    );
    await expect(run("info nope;")).rejects.toThrow(
      /Variable nope is not defined at line 1, column 6/,
    );
  });
});

describe("delugeString", () => {
  it.each([
    'quote " and backslash \\',
    "line\nbreak\r\ttab",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${...} is the test input
    "${HOME} `id` 'x' 😀 ünï & + #",
    "\\n is not a newline",
  ])("round-trips %j through the lexer", (value) => {
    const [token] = tokenizeDeluge(delugeString(value));
    expect(token?.value).toBe(value);
  });
});
