import { describe, expect, it } from "vitest";
import { DelugeSyntaxError, tokenizeDeluge } from "../../src/deluge/lexer.ts";

const kinds = (source: string) => tokenizeDeluge(source).map((t) => [t.kind, t.text]);

describe("tokenizeDeluge", () => {
  it("reads an invokeurl task token by token, skipping comments and whitespace", () => {
    const source = [
      "// header",
      "resp = invokeurl /* inline */",
      "[",
      '\turl: "https://x.test/a?b=" + zoho.encryption.urlEncode(id)',
      "\ttype: GET",
      "\tresponse-format: FILE",
      "];",
    ].join("\n");
    expect(kinds(source)).toEqual([
      ["identifier", "resp"],
      ["operator", "="],
      ["identifier", "invokeurl"],
      ["punctuation", "["],
      ["identifier", "url"],
      ["punctuation", ":"],
      ["string", '"https://x.test/a?b="'],
      ["operator", "+"],
      ["identifier", "zoho"],
      ["punctuation", "."],
      ["identifier", "encryption"],
      ["punctuation", "."],
      ["identifier", "urlEncode"],
      ["punctuation", "("],
      ["identifier", "id"],
      ["punctuation", ")"],
      ["identifier", "type"],
      ["punctuation", ":"],
      ["identifier", "GET"],
      ["identifier", "response-format"],
      ["punctuation", ":"],
      ["identifier", "FILE"],
      ["punctuation", "]"],
      ["punctuation", ";"],
    ]);
  });

  it("keeps comments as tokens on request, with positions", () => {
    const tokens = tokenizeDeluge("a = 1; // one\n/* two\nlines */ b", { comments: true });
    expect(tokens.map((t) => [t.kind, t.text, t.line, t.column])).toEqual([
      ["identifier", "a", 1, 1],
      ["operator", "=", 1, 3],
      ["number", "1", 1, 5],
      ["punctuation", ";", 1, 6],
      ["comment", "// one", 1, 8],
      ["comment", "/* two\nlines */", 2, 1],
      ["identifier", "b", 3, 10],
    ]);
  });

  it("decodes text escapes and reads single-quoted date literals", () => {
    const tokens = tokenizeDeluge(String.raw`x = "a\"b\\c\nd\te\/f\q"; d = '15-Mar-2019';`);
    expect(tokens[2]?.value).toBe('a"b\\c\nd\te/f\\q');
    expect(tokens[6]).toMatchObject({ kind: "date", value: "15-Mar-2019" });
  });

  it("reads two-character operators as one token", () => {
    expect(kinds("a >= b && c != d; e += 1.5;").map(([, text]) => text)).toEqual([
      "a",
      ">=",
      "b",
      "&&",
      "c",
      "!=",
      "d",
      ";",
      "e",
      "+=",
      "1.5",
      ";",
    ]);
  });

  it("a minus between identifiers is an operator unless a colon follows", () => {
    expect(kinds("x = a-b;").map(([, text]) => text)).toEqual(["x", "=", "a", "-", "b", ";"]);
  });

  it("reports unterminated text and unknown characters with their position", () => {
    expect(() => tokenizeDeluge('a = "open\n')).toThrow(
      new DelugeSyntaxError("Unterminated text literal", 1, 5),
    );
    let error: unknown;
    try {
      tokenizeDeluge("a = 1;\n  @");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DelugeSyntaxError);
    expect(error).toMatchObject({ code: "IK_DELUGE_SYNTAX", line: 2, column: 3 });
    expect(() => tokenizeDeluge("/* never closed")).toThrow(/Unterminated block comment at line 1/);
  });
});
