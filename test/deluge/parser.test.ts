import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { DelugeSyntaxError } from "../../src/deluge/lexer.ts";
import { parseDeluge } from "../../src/deluge/parser.ts";
import { c22Snippet, c23Snippet, c24Snippet, seedSnippet } from "./field-snippets.ts";

/** Deluge blocks of a Markdown file: unlabelled fences holding `invokeurl` or `Map()`. */
async function delugeBlocks(file: string): Promise<string[]> {
  const text = await readFile(file, "utf8").catch(() => "");
  const blocks: string[] = [];
  let open: { language: string; lines: string[] } | undefined;
  for (const line of text.split("\n")) {
    const fence = /^\s*```(\S*)\s*$/.exec(line);
    if (fence && !open) open = { language: fence[1] ?? "", lines: [] };
    else if (fence && open) {
      if (open.language === "") blocks.push(open.lines.join("\n"));
      open = undefined;
    } else open?.lines.push(line);
  }
  return blocks.filter((b) => /invokeurl|Map\(\)/i.test(b) && !/<[a-z_]+>/.test(b));
}

describe("parseDeluge", () => {
  it.each([
    ["seed", seedSnippet],
    ["case C22", c22Snippet],
    ["case C23", c23Snippet],
    ["case C24", c24Snippet],
  ])("parses the %s snippet", (_, source) => {
    expect(() => parseDeluge(source)).not.toThrow();
  });

  it("parses every Deluge block of the shared cases and facts, when present", async () => {
    const blocks = [
      ...(await delugeBlocks("../shared/cases/cases.md")),
      ...(await delugeBlocks("../shared/deluge-facts.md")),
    ];
    for (const block of blocks) expect(() => parseDeluge(block), block).not.toThrow();
  });

  it("builds nodes with positions: invokeurl keys, calls, operators, blocks", () => {
    const script = parseDeluge(
      [
        "string standalone.fetch(string id, Int n)",
        "{",
        'm = {"k": [1, 2], "s": -1};',
        "l = List:String();",
        "r = invokeUrl",
        "[",
        '  url :"https://www.zohoapis.com/x/" + zoho.encryption.urlEncode(id)',
        "  response-format: FILE",
        "];",
        "if(a == 1 || b && !c) { info 1 + 2 * 3; } else if(d) { return; } else { break; }",
        "for each index i in l { continue; }",
        "try { x = 1; } catch(e) { info e; }",
        "}",
      ].join("\n"),
    );
    expect(script.function).toEqual({
      line: 1,
      column: 1,
      returnType: "string",
      category: "standalone",
      name: "fetch",
      params: [
        { type: "string", name: "id" },
        { type: "Int", name: "n" },
      ],
    });
    const [map, list, invoke, branch, loop, attempt] = script.body;
    expect(map).toMatchObject({ kind: "assign", value: { kind: "map", line: 3, column: 5 } });
    expect(list).toMatchObject({ value: { kind: "call", name: "List", typeArgument: "String" } });
    expect(invoke).toMatchObject({
      value: {
        kind: "invokeurl",
        params: [
          { key: "url", line: 7, column: 3, value: { kind: "binary", operator: "+" } },
          { key: "response-format", line: 8, value: { kind: "identifier", name: "FILE" } },
        ],
      },
    });
    expect(branch).toMatchObject({
      kind: "if",
      branches: [
        { condition: { kind: "binary", operator: "||", right: { operator: "&&" } } },
        { condition: { kind: "identifier", name: "d" } },
      ],
      otherwise: [{ kind: "break" }],
    });
    expect(loop).toMatchObject({ kind: "forEach", variable: "i", byIndex: true });
    expect(attempt).toMatchObject({ kind: "try", errorVariable: "e" });
  });

  it("reports a syntax error at the offending token", () => {
    const attempt = () =>
      parseDeluge('a = Map();\nresp = invokeurl\n[\n  url: "x"\n  type GET\n];');
    expect(attempt).toThrow(DelugeSyntaxError);
    expect(attempt).toThrow(
      new DelugeSyntaxError('Expected : after the invokeurl key type, found "GET"', 5, 8),
    );
    expect(() => parseDeluge("x = 1")).toThrow(/Expected ;, found the end of the script/);
    expect(() => parseDeluge("if(a) { b = 1;")).toThrow(/Missing } at the end of the block/);
  });
});
