import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { lintDeluge } from "../../src/deluge/lint.ts";
import { loadConnectors } from "../../src/spec/index.ts";
import { buildConnector } from "../../src/targets/build.ts";
import { renderDelugeSnippet } from "../../src/targets/deluge.ts";
import { c22Snippet, c23Snippet, c24Snippet, seedSnippet } from "./field-snippets.ts";

const lint = (source: string) =>
  lintDeluge(source, "s.dg").map((d) => `${d.line}:${d.column} ${d.severity} ${d.message}`);
const task = (lines: string[]) =>
  ["resp = invokeurl", "[", ...lines.map((l) => `\t${l}`), "];", "info resp;"].join("\n");
const url = 'url: "https://www.zohoapis.com/crm/v2/files"';

describe("lintDeluge", () => {
  it.each([
    [
      "syntax",
      task([url, "type GET"]),
      ['4:7 error Expected : after the invokeurl key type, found "GET"'],
    ],
    [
      "unknown key",
      task([url, 'conection: "zoho_crm"']),
      ["4:2 error Unknown invokeurl key conection; did you mean connection?"],
    ],
    [
      "misspelt type key: one finding, GET is not also an unassigned variable",
      task([url, "typ: GET"]),
      ["4:2 error Unknown invokeurl key typ; did you mean type?"],
    ],
    [
      "method: instead of type: (an HTTP method word is not a variable either)",
      task([url, "method: POST"]),
      [
        "4:2 error Unknown invokeurl key method; known keys: url, type, headers, body, " +
          "content-type, parameters, files, connection, detailed, response-format, " +
          "response-decoding",
      ],
    ],
    [
      "misspelt key whose value is an unassigned variable: two mistakes, two findings",
      task([url, "paramters: query"]),
      [
        "4:2 error Unknown invokeurl key paramters; did you mean parameters?",
        "4:13 error Variable query is used before it is assigned",
      ],
    ],
    [
      "duplicate key",
      task([url, "type: GET", "type: POST"]),
      ["5:2 error Duplicate invokeurl key type (first at 4:2)"],
    ],
    ["missing url", task(["type: GET"]), ["1:8 error invokeurl needs a url: key"]],
    [
      "method",
      task([url, "type: FETCH"]),
      ["4:8 error invokeurl type FETCH is not an HTTP method; use GET, POST, PUT, PATCH, DELETE"],
    ],
    [
      "body on GET",
      task([url, "type: GET", 'body: "x"']),
      ["5:2 error A GET request carries no body: remove body:"],
    ],
    [
      "connection name",
      task([url, 'connection: "Zoho-CRM"']),
      [
        '4:14 error Connection link name "Zoho-CRM" breaks Zoho\'s rules: start with a lower-case letter, then lower-case letters, digits or _, at most 50 characters',
      ],
    ],
    [
      "undefined variable",
      "info total;\ntotal = 1;",
      ["1:6 error Variable total is used before it is assigned"],
    ],
    [
      "deprecated",
      'r = getUrl("https://www.zohoapis.com/crm/v2/files");\ninfo r;',
      ["1:5 warning getUrl is deprecated; use invokeurl [ url: ... type: GET ]"],
    ],
    [
      "host",
      task(['url: "https://crm.zoho.com/crm/v2/files"']),
      [
        "3:7 warning URL host crm.zoho.com is not a Zoho API domain of any data center (www.zohoapis.com, .eu, .in, .com.au, .jp, .com.cn, .ca, .sa)",
      ],
    ],
  ])("rule %s: reports the problem with its place", (_, source, expected) => {
    expect(lint(source)).toEqual(expected);
  });

  it("the seed's zohoplatform.com host is only a warning", () => {
    expect(lintDeluge(seedSnippet, "seed.dg").map((d) => [d.severity, d.code])).toEqual([
      ["warning", "IK_DELUGE_HOST"],
    ]);
  });

  it("case-C23 flags a JSON text as GET parameters", () => {
    const source = task([url, "type: GET", "parameters: params.toString()"]);
    expect(lint(`params = Map();\n${source}`)).toEqual([
      "6:2 error A GET request carries no body: remove parameters: or pass the parameters map itself (it becomes the query string)",
    ]);
  });

  it.each([
    ["C23", `email = "a@b.c";\n${c23Snippet}`],
    ["C24", c24Snippet],
    ["C22", `leadId = "1";\n${c22Snippet}`],
    ["every rule's clean form", task([url, "type: POST", 'body: "x"', 'connection: "zoho_crm_2"'])],
  ])("clean: %s", (_, source) => {
    expect(lint(source)).toEqual([]);
  });

  it("every generated snippet of every shipped connector lints clean", async () => {
    for (const connector of await loadConnectors("connectors")) {
      // Every .dg file `invokekit build` writes to out/, with all rules (C01-C24 included).
      const built = buildConnector(connector).filter((file) => file.path.endsWith(".dg"));
      expect(built.length).toBe(connector.endpoints.length);
      for (const file of built) expect(lintDeluge(file.content, file.path)).toEqual([]);

      for (const endpoint of connector.endpoints) {
        for (const dc of connector.dataCenters) {
          const snippet = renderDelugeSnippet(connector, endpoint, { apiDomain: dc.apiDomain });
          expect(lintDeluge(snippet, endpoint.id), `${endpoint.id} ${dc.id}`).toEqual([]);
        }
        expect(lintDeluge(renderDelugeSnippet(connector, endpoint, { inline: true }), "x")).toEqual(
          [],
        );
      }
    }
  });
});

describe("invokekit lint", () => {
  const run = promisify(execFile);
  it("exits 1 naming a bad type and a misspelt key with line and column; --json", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "invokekit-lint-"));
    const file = path.join(dir, "bad.dg");
    await writeFile(file, task([url, "type: FETCH", 'conection: "zoho_crm"']));
    try {
      const failed = await run("npx", ["tsx", "src/cli/main.ts", "lint", file]).catch((e) => e);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toBe(
        `${file}:4:8  invokeurl type FETCH is not an HTTP method; use GET, POST, PUT, PATCH, DELETE\n` +
          `${file}:5:2  Unknown invokeurl key conection; did you mean connection?\n` +
          "1 file(s): 2 error(s), 0 warning(s)\n",
      );
      const json = await run("npx", ["tsx", "src/cli/main.ts", "lint", "--json", file]).catch(
        (e) => e,
      );
      const codes = JSON.parse(json.stdout).diagnostics.map((d: { code: string }) => d.code);
      expect(codes).toEqual(["IK_DELUGE_METHOD", "IK_DELUGE_UNKNOWN_KEY"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
