import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readBlockYaml } from "../../src/spec/yaml-block-reader.ts";
import { parseWithLibrary, parseYamlSource, type YamlSource } from "../../src/spec/yaml-source.ts";

/** Everything a parsed source holds, with the notes in their order. */
function facts(source: YamlSource) {
  return {
    data: source.data,
    json: JSON.stringify(source.data),
    valuePositions: new Map(source.valuePositions),
    keyPositions: new Map(source.keyPositions),
    ambiguous: [...source.ambiguous],
    yaml11Text: [...source.yaml11Text],
    diagnostics: source.diagnostics,
  };
}

/** Whether the quick reader took `text`; when it did, its reading must be the library's. */
function agrees(text: string): boolean {
  if (!readBlockYaml(text)) return false;
  expect(facts(parseYamlSource("f.yaml", text)), text).toEqual(
    facts(parseWithLibrary("f.yaml", text)),
  );
  return true;
}

function yamlFilesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFilesBelow(child);
    return /\.ya?ml$/.test(entry.name) ? [child] : [];
  });
}

// Scalars a generated document draws from: text, every kind of core schema number, booleans
// and nulls, YAML 1.1 words, quotes and flow indicators inside text.
const SCALARS = [
  "plain text",
  "x, [y] {z}",
  "it's",
  'say "hi"',
  "https://example.com/a?b=c#d",
  "a:b",
  "-x",
  "-5",
  "+1",
  "0",
  "00",
  "0123",
  "1e3",
  "-1.5E-3",
  ".5",
  "1.",
  "1.50",
  "0x1F",
  "0o17",
  ".inf",
  "-.Inf",
  ".NaN",
  "NaN",
  "12345678901234567890",
  "true",
  "False",
  "TRUE",
  "yes",
  "No",
  "on",
  "~",
  "null",
  "Null",
  "2024-01-01",
  "1_000",
  "12:30",
  "caf\u00e9 \u00a0x",
  "'quoted'",
  "'it''s'",
  "''",
  '"double"',
  '""',
  '"a # b: c"',
  "{}",
  "[]",
  "^\\d+$",
  "C:\\dir",
  "-.",
  "<= 5",
  'a"b',
];
// Values the quick reader leaves to the library, drawn now and then.
const OTHERS = ["a #b", "a: b", "trailing:", "&x 1", "*x", "- x", ">-", '"a\\tb"', "{a: 1}"];
const KEYS = [
  ...["id", "type", "200", "1e3", "true", "~", "a b", '"q k"', "'s k'", "x-y", "$ref", "é"],
  ...["a,b", "a#b", "a #b", "[x]", "k:x", "-k", "1.50", '"q""', "'s''k'", "<<", '"a: b"', "\\d"],
];

/** A small random generator, seeded so that a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    // mulberry32: the low bits of a plain linear congruential step repeat too soon.
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}

/** A random block YAML document, mostly inside what the quick reader takes. */
function generated(seed: number): string {
  const pick = random(seed);
  const lines: string[] = [];
  const scalar = () =>
    seed % 2 === 0 && pick(30) === 0 ? OTHERS[pick(OTHERS.length)] : SCALARS[pick(SCALARS.length)];
  const comment = (indent: number) => {
    if (pick(8) === 0) lines.push(`${" ".repeat(pick(2) === 0 ? indent : pick(6))}# note`);
    if (pick(10) === 0) lines.push(pick(2) === 0 ? "" : "   ");
  };
  const value = (prefix: string, indent: number, depth: number) => {
    if (depth < 3 && pick(3) === 0) {
      lines.push(prefix);
      comment(indent);
      block(indent + 1 + pick(4), depth + 1);
    } else {
      lines.push(`${prefix} ${scalar()}`);
    }
  };
  const block = (indent: number, depth: number) => {
    const count = 1 + pick(4);
    const asList = pick(3) === 0;
    for (let i = 0; i < count; i++) {
      comment(indent);
      const pad = " ".repeat(indent);
      if (asList && pick(2) === 0) {
        const key = KEYS[pick(KEYS.length)];
        const inner = indent + 2 + pick(2);
        lines.push(`${pad}-${" ".repeat(inner - indent - 1)}${key}: ${SCALARS[pick(5)]}`);
        if (pick(2) === 0) value(`${" ".repeat(inner)}k${i}:`, inner, depth);
      } else if (asList) {
        lines.push(`${pad}- ${scalar()}`);
      } else {
        value(`${pad}${pick(4) === 0 ? KEYS[pick(KEYS.length)] : `key${i}`}:`, indent, depth);
      }
    }
  };
  if (pick(4) === 0) lines.push("# header");
  block(0, 0);
  return `${lines.join("\n")}${pick(2) === 0 ? "\n" : ""}`;
}

describe("the quick block YAML reader", () => {
  it("reads plain block YAML with the positions the library gives", () => {
    const text = "# head\nid: a.b\nlist:\n  - 1\n  - k: v\n    n: 0123\nempty: {}\n'q': \"x\"\n";
    expect(readBlockYaml(text)).toBeDefined();
    const source = parseYamlSource("f.yaml", text);
    expect(source.data).toEqual({ id: "a.b", list: [1, { k: "v", n: 123 }], empty: {}, q: "x" });
    expect(source.valuePositions.get("/list/1")).toEqual({ line: 5, column: 5 });
    expect(source.valuePositions.get("/list/1/n")).toEqual({ line: 6, column: 8 });
    expect(source.keyPositions.get("/q")).toEqual({ line: 8, column: 1 });
    expect([...source.ambiguous]).toEqual([
      ["/list/1/n", { source: "0123", reason: "a leading zero is dropped when read as a number" }],
    ]);
    expect(facts(source)).toEqual(facts(parseWithLibrary("f.yaml", text)));
  });

  it.each([
    ["an anchor", "a: &x 1\nb: 2\n"],
    ["a block scalar", "a: >-\n  text\n"],
    ["a duplicate key", "a: 1\na: 2\n"],
    ["a tab", "a:\t1\n"],
    ["a value over two lines", "a: one\n  two\n"],
    ["an empty value", "a:\nb: 1\n"],
    ["a trailing comment", "a: 1 # one\n"],
    ["an escape", 'a: "x\\ny"\n'],
    ["a flow mapping", "a: {b: 1}\n"],
    ["a document marker", "---\na: 1\n"],
    ["a scalar document", "text\n"],
    ["an empty document", "# nothing\n"],
    ["a misaligned key", "a:\n    b: 1\n  c: 2\n"],
    ["a nested sequence entry", "- - 1\n"],
  ])("leaves %s to the library", (_, text) => {
    expect(readBlockYaml(text)).toBeUndefined();
  });

  it("reports the library's diagnostics for what it leaves", () => {
    expect(parseYamlSource("f.yaml", "a: 1\na: 2\n").diagnostics).toEqual([
      {
        severity: "error",
        code: "IK_SPEC_YAML_SYNTAX",
        message: 'YAML syntax: duplicate key "a" in one mapping; keep only one of them',
        file: "f.yaml",
        line: 2,
        column: 1,
      },
    ]);
  });

  it("reads the repository's connector files as the library does", () => {
    const root = path.join(import.meta.dirname, "../..");
    const files = [
      ...yamlFilesBelow(path.join(root, "connectors")),
      ...yamlFilesBelow(path.join(root, "test/fixtures")),
    ];
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      agrees(text);
      // The same file without its block scalars' continuation lines is plain enough to read.
      agrees(text.replace(/: [>|]-?\n(\s+.*\n)+/g, ": folded\n"));
    }
  });

  it("reads 3,000 generated documents as the library does", () => {
    let taken = 0;
    for (let seed = 1; seed <= 3000; seed++) if (agrees(generated(seed))) taken++;
    // Most documents stay inside what the quick reader takes, so the comparison means much.
    expect(taken).toBeGreaterThan(600);
  });
});
