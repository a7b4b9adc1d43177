import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { syntheticDocument } from "../../bench/openapi.ts";
import { importOpenApi } from "../../src/openapi/index.ts";
import { yamlText } from "../../src/openapi/yaml-text.ts";

/** What the connector files were written with before `yamlText`. */
const library = (value: unknown) =>
  stringify(value, { lineWidth: 100, aliasDuplicateObjects: false });

const ZOHO = path.resolve("..", "shared", "zoho-oas", "v8.0");

/** Strings each with their own rule in YAML: tags, indicators, quotes, breaks, folding. */
const AWKWARD = [
  ...["", " ", "a", "true", "True", "FALSE", "null", "Null", "~", "yes", "1", "-1", "+1"],
  ...["1.5", "1e3", ".inf", "-.inf", ".nan", "0x1F", "0o17", "0", "-0", "1_000", ".5"],
  ...["a: b", "a:b", "a #b", "#a", "a#b", "-", "- a", "-a", "?", "? a", ":a", "a:", "a "],
  ...[" a", "'a'", '"a"', "it's", 'say "hi"', `both ' and "`, "a\tb", "\t", "x\u0000y"],
  ...["line\nline", "line\n", "line\n\n", "\nline", "a \nb", "a\n b", "é ü ✓", "---"],
  ...["--- a", "...", "%x", "a\n---\nb", "[a]", "{a}", "a,b", "*a", "&a", "!a", "|a", ">a"],
  ...["@a", "`a", "a  b", "12:30", "2024-01-01", "2024-01-01T00:00:00Z", "<<", "="],
  "x".repeat(99),
  "x".repeat(101),
  "word ".repeat(30).trim(),
  "word ".repeat(60),
  `${"word ".repeat(30).trim()}\n`.repeat(3),
  "lorem ipsum dolor sit amet, ".repeat(10),
  "k".repeat(1030),
];

const NUMBERS = [0, -0, 1, -1, 1.5, 1e21, 1e-7, Number.MAX_SAFE_INTEGER, 0.1 + 0.2, 10n];

/** A small seeded generator (mulberry32), so a failure names a value that comes back. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ["a", "Z", "0", "9", " ", "  ", ":", "#", "-", "?", "'", '"', "\n", "\t", ","];
const MORE = ["{", "}", "[", "]", "&", "*", "!", "|", ">", "%", "@", "é", "true", "null", "1.0"];

function randomValue(next: () => number, depth: number): unknown {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  const text = () => {
    const length = Math.floor(next() * (next() < 0.2 ? 240 : 12));
    let out = "";
    for (let i = 0; i < length; i++) out += pick(next() < 0.8 ? PIECES : MORE);
    return out;
  };
  const roll = next();
  if (depth > 4 || roll < 0.45) {
    const kind = next();
    if (kind < 0.7) return text();
    if (kind < 0.8) return pick(NUMBERS);
    if (kind < 0.9) return next() < 0.5;
    return null;
  }
  const size = Math.floor(next() * 5);
  if (roll < 0.7) return Array.from({ length: size }, () => randomValue(next, depth + 1));
  const map: Record<string, unknown> = {};
  for (let i = 0; i < size; i++) map[text()] = randomValue(next, depth + 1);
  return map;
}

describe("yamlText writes the bytes of yaml's stringify", () => {
  it("for awkward strings as values, keys and list items at several depths", () => {
    for (const s of AWKWARD) {
      const shapes = [
        { value: s },
        [s],
        { [s]: 1 },
        { a: { b: { c: [{ d: s, [s]: [s, [s]] }] } } },
        { [s || "e"]: { [s]: s } },
      ];
      for (const shape of shapes) expect(yamlText(shape)).toBe(library(shape));
    }
  });

  it("for numbers, booleans, nulls, empty and nested collections, undefined entries", () => {
    for (const n of NUMBERS) {
      expect(yamlText({ n })).toBe(library({ n }));
      expect(yamlText([n])).toBe(library([n]));
    }
    const mixed = {
      a: [],
      b: {},
      c: [[]],
      d: [{}],
      e: null,
      f: true,
      g: false,
      h: undefined,
      i: [null],
      j: [[1, [2, []]], { x: {} }],
      k: { only: undefined },
    };
    for (const value of [mixed, [], {}, [[1, 2], [3]], [{ a: 1, b: [1, 2] }, { c: { d: 1 } }]]) {
      expect(yamlText(value)).toBe(library(value));
    }
  });

  it("for what it hands to the library: dates, maps, undefined in a list, NaN", () => {
    const nullPrototype = Object.assign(Object.create(null), { a: 1 });
    for (const value of [
      { d: new Date(0) },
      { m: new Map([["a", 1]]) },
      [undefined],
      { n: Number.NaN, i: -Infinity },
      nullPrototype,
    ]) {
      expect(yamlText(value)).toBe(library(value));
    }
  });

  it("for 3,000 random nested values", () => {
    const next = random(7);
    for (let i = 0; i < 3000; i++) {
      const value = { root: randomValue(next, 0) };
      expect(yamlText(value)).toBe(library(value));
    }
  });

  it("for every file imported from Zoho's 62 documents and 2,000 operations", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "ik-yaml-text-"));
    try {
      await writeFile(path.join(dir, "api.json"), JSON.stringify(syntheticDocument(2000)));
      let files = 0;
      for (const input of [ZOHO, dir]) {
        const result = await importOpenApi(input, { name: "compare", skipUnresolved: true });
        for (const value of [result.connector, ...result.endpoints]) {
          expect(yamlText(value)).toBe(library(value));
          files++;
        }
      }
      expect(files).toBe(1 + 253 + 1 + 2000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
