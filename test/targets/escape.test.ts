import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { tokenizeDeluge } from "../../src/deluge/lexer.ts";
import { delugeComment, delugeString } from "../../src/targets/deluge-escape.ts";
import {
  markdownCell,
  markdownCode,
  markdownCodeCell,
  markdownFence,
  markdownInline,
  markdownLink,
} from "../../src/targets/markdown-escape.ts";
import {
  curlFormFile,
  shellComment,
  shellWord,
  shellWordWithVariable,
} from "../../src/targets/shell-escape.ts";
import {
  typeScriptDoc,
  typeScriptPropertyName,
  typeScriptString,
} from "../../src/targets/typescript-escape.ts";

const nastyValues = [
  "",
  "plain",
  'say "hi"',
  "back\\slash\\",
  "line\nbreak\r\nand\ttab",
  "emoji 😀 and ZWJ 👩‍💻",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${...} is the test input
  "${HOME} $HOME `id` $(id)",
  "it's 'quoted'",
  "bang! and !!",
  "%41 & ; | < > * ? [ ] ~ #",
  "trailing \\",
];

describe("delugeString", () => {
  it.each(nastyValues)("round-trips through the lexer: %j", (value) => {
    const tokens = tokenizeDeluge(`x = ${delugeString(value)};`);
    expect(tokens.map((t) => t.kind)).toEqual(["identifier", "operator", "string", "punctuation"]);
    expect(tokens[2]?.value).toBe(value);
  });

  it("escapes quotes, backslashes and line breaks, nothing else", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${...} is the test input
    expect(delugeString('a"b\\c\nd\te ${x} 😀')).toBe('"a\\"b\\\\c\\nd\\te ${x} 😀"');
  });

  it("keeps a comment on one line", () => {
    const source = `// ${delugeComment("one\ntwo\r\nthree")}\nx = 1;`;
    expect(tokenizeDeluge(source).map((t) => t.text)).toEqual(["x", "=", "1", ";"]);
  });
});

describe("shell escaping", () => {
  // The real shell reads each word back: printf prints its arguments one per line.
  const echoWords = (shell: string, words: string[]): string[] => {
    const script = `printf '%s\\0' ${words.join(" ")}`;
    const output = execFileSync(shell, ["-c", script], { encoding: "utf8", env: {} });
    return output.split("\0").slice(0, -1);
  };

  it.each(["sh", "bash"])("%s reads every word back unchanged", (shell) => {
    expect(echoWords(shell, nastyValues.map(shellWord))).toEqual(nastyValues);
  });

  it("single-quotes a value holding a double quote, dollar, backtick and quote", () => {
    expect(shellWord("a\"b$c`d'e")).toBe("'a\"b$c`d'\\''e'");
    expect(shellWord("https://x.test/a?b=1&c=%20")).toBe('"https://x.test/a?b=1&c=%20"');
  });

  it("appends a variable that the shell expands", () => {
    const words = [
      shellWordWithVariable("Authorization: Zoho-oauthtoken ", "TOKEN"),
      shellWordWithVariable("we$ird 'prefix' ", "TOKEN"),
    ];
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${...} is the test input
    expect(words[0]).toBe('"Authorization: Zoho-oauthtoken ${TOKEN}"');
    const output = execFileSync("sh", ["-c", `printf '%s\\0' ${words.join(" ")}`], {
      encoding: "utf8",
      env: { TOKEN: "t$1" },
    });
    expect(output.split("\0").slice(0, -1)).toEqual([
      "Authorization: Zoho-oauthtoken t$1",
      "we$ird 'prefix' t$1",
    ]);
    expect(() => shellWordWithVariable("x", "A-B")).toThrow(TypeError);
  });

  it("keeps a comment on one line", () => {
    expect(shellComment("a\nrm -rf /\r\nb")).toBe("a rm -rf / b");
  });

  it("quotes a curl -F file name only when curl would misread it", () => {
    expect(curlFormFile("file", "Résumé 2026.pdf")).toBe("file=@Résumé 2026.pdf");
    expect(curlFormFile("file", 'a;type=x,"b\\.txt')).toBe('file=@"a;type=x,\\"b\\\\.txt"');
  });
});

describe("markdown escaping", () => {
  const nasty = "Use `a|b` here | <script>alert(1)</script> *not bold* [x](y)\nnext & done";

  it("escapes a table cell: pipes (even in code), HTML, emphasis, links, line breaks", () => {
    expect(markdownCell(nasty)).toBe(
      "Use `a\\|b` here \\| &lt;script&gt;alert(1)&lt;/script&gt; \\*not bold\\* " +
        "\\[x\\](y)<br>next &amp; done",
    );
  });

  it("escapes inline text: breaks become spaces, a leading marker is neutralised", () => {
    expect(markdownInline("# not a heading\nline")).toBe("\\# not a heading line");
    expect(markdownInline("1. not a list")).toBe("1\\. not a list");
    expect(markdownInline("a\\b_c")).toBe("a\\\\b\\_c");
  });

  it("escapes an unmatched backtick instead of opening a code span", () => {
    expect(markdownInline("it`s ``odd")).toBe("it\\`s \\`\\`odd");
    // A later run of the same length closes a span, as CommonMark reads it.
    expect(markdownInline("a `b ``c` d")).toBe("a `b ``c` d");
  });

  it("writes literal code spans with a long enough fence", () => {
    expect(markdownCode("a`b")).toBe("``a`b``");
    expect(markdownCode("`x")).toBe("`` `x ``");
    expect(markdownCodeCell("a|b")).toBe("`a\\|b`");
  });

  it("fences a block with a fence longer than any inside", () => {
    expect(markdownFence("a\n```\nb\n", "sh")).toBe("````sh\na\n```\nb\n````");
    expect(markdownFence("x", "ts")).toBe("```ts\nx\n```");
  });

  it("writes links whose target cannot end early", () => {
    expect(markdownLink("a|b", "my page (1).md")).toBe("[a\\|b](my%20page%20%281%29.md)");
  });
});

describe("typescript escaping", () => {
  it("writes string literals that evaluate back to the value", () => {
    for (const value of nastyValues) {
      expect(new Function(`return ${typeScriptString(value)};`)()).toBe(value);
    }
  });

  it("quotes property names that are not identifiers", () => {
    expect(typeScriptPropertyName("id")).toBe("id");
    expect(typeScriptPropertyName("X-Trace")).toBe('"X-Trace"');
  });

  it("keeps JSDoc text inside its comment", () => {
    expect(typeScriptDoc("ends */ here\nand `code`")).toBe("ends *\\/ here and `code`");
  });
});
