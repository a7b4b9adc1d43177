/**
 * Reads one YAML file into plain data plus the source position of every value and key, so
 * that schema errors found later on the data can point back at a line and column.
 *
 * YAML is read as 1.2 (core schema): `yes`, `no`, `on` stay text. Plain scalars that a reader
 * could take for text but resolve to numbers (`0123`, `1e3`, `0x1F`, integers beyond 2^53)
 * are recorded as "ambiguous" with their source text, so the validator can keep the text where
 * the schema wants a string, and refuse them where it wants a number.
 */
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from "yaml";
import type { Diagnostic } from "./diagnostics.ts";

/** A JSON pointer (`/errors/0/code`) into the data of one file. */
export type Pointer = string;

/** Line and column, 1-based. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** A plain scalar that resolved to a number although its text may have been meant as text. */
export interface AmbiguousScalar {
  /** The text as written, e.g. `0123`. */
  readonly source: string;
  /** Why it is ambiguous, for messages. */
  readonly reason: string;
}

/** One parsed file. */
export interface YamlSource {
  readonly file: string;
  /** The data, or undefined when the file could not be parsed. */
  readonly data: unknown;
  /** Position of each value by pointer. */
  readonly valuePositions: ReadonlyMap<Pointer, LineColumn>;
  /** Position of each mapping key by the pointer of its value. */
  readonly keyPositions: ReadonlyMap<Pointer, LineColumn>;
  readonly ambiguous: ReadonlyMap<Pointer, AmbiguousScalar>;
  /**
   * Unquoted scalars kept as text here that YAML 1.1 tools read otherwise (`Yes` as a boolean,
   * `2024-01-01` as a date, `1_000` as a number): the text and what 1.1 makes of it.
   */
  readonly yaml11Text: ReadonlyMap<Pointer, { readonly text: string; readonly reading: string }>;
  /** Parse errors (syntax, duplicate keys, too many aliases). */
  readonly diagnostics: readonly Diagnostic[];
}

/** Plain scalars that YAML 1.2 reads as text but YAML 1.1 (PyYAML, many editors) does not. */
const YAML11_READINGS: readonly (readonly [RegExp, string])[] = [
  [/^(y|yes|n|no|on|off)$/i, "a boolean"],
  [/^\d{4}-\d{1,2}-\d{1,2}([Tt ]|$)/, "a date"],
  [/^[-+]?(\d[\d_]*_[\d_]*|\d+(:[0-5]?\d)+)$/, "a number"],
];

/** What a YAML 1.1 reader would make of a plain scalar that 1.2 keeps as text, if anything. */
function yaml11Reading(text: string): string | undefined {
  return YAML11_READINGS.find(([pattern]) => pattern.test(text))?.[1];
}

/** Alias expansions allowed per file: a bound against "billion laughs" documents. */
export const MAX_ALIASES = 100;

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(key: string | number): string {
  return String(key).replaceAll("~", "~0").replaceAll("/", "~1");
}

/**
 * Decodes a spec file's bytes as UTF-8. Invalid bytes are an error at their line, rather than
 * U+FFFD characters slipping silently into descriptions and values.
 */
export function decodeSpecText(
  file: string,
  bytes: Uint8Array,
): { text: string; diagnostics: Diagnostic[] } {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), diagnostics: [] };
  } catch {
    const text = new TextDecoder("utf-8", { ignoreBOM: false }).decode(bytes);
    const before = text.slice(0, Math.max(0, text.indexOf("\uFFFD")));
    const lines = before.split("\n");
    const diagnostic: Diagnostic = {
      severity: "error",
      code: "IK_SPEC_ENCODING",
      message: "the file is not valid UTF-8; save it as UTF-8",
      file,
      line: lines.length,
      column: (lines.at(-1)?.length ?? 0) + 1,
    };
    return { text, diagnostics: [diagnostic] };
  }
}

/** Parses `text` (the contents of `file`). Never throws on bad input. */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    version: "1.2",
    schema: "core",
    uniqueKeys: true,
  });
  const diagnostics: Diagnostic[] = [];
  const valuePositions = new Map<Pointer, LineColumn>();
  const keyPositions = new Map<Pointer, LineColumn>();
  const ambiguous = new Map<Pointer, AmbiguousScalar>();
  const yaml11Text = new Map<Pointer, { text: string; reading: string }>();
  const position = (offset: number | undefined): LineColumn => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { line, column: col };
  };

  // A tab used as indentation leaves the structure unreadable, so the parser's other
  // complaints about that file follow from it: report the tabs alone.
  const tabs = doc.errors.filter((error) => error.code === "TAB_AS_INDENT");
  for (const error of tabs.length > 0 ? tabs : doc.errors) {
    const at = position(error.pos[0]);
    let message = error.message.split("\n")[0] ?? error.message;
    if (error.code === "TAB_AS_INDENT") {
      message = "a tab indents this line; YAML indents with spaces only (use two per level)";
    } else if (error.code === "DUPLICATE_KEY") {
      const key = /^[^:\n]*/.exec(text.slice(error.pos[0]))?.[0].trim();
      message = `duplicate key "${key}" in one mapping; keep only one of them`;
    }
    diagnostics.push({
      severity: "error",
      code: "IK_SPEC_YAML_SYNTAX",
      message: `YAML syntax: ${message.replace(/ at line \d+, column \d+:?$/, "")}`,
      file,
      ...at,
    });
  }
  const parsed = (data: unknown): YamlSource => ({
    file,
    data,
    valuePositions,
    keyPositions,
    ambiguous,
    yaml11Text,
    diagnostics,
  });
  if (doc.errors.length > 0) return parsed(undefined);

  let aliases = 0;
  const toData = (node: Node | null | undefined, pointer: Pointer): unknown => {
    if (node == null) return null;
    if (isAlias(node)) {
      aliases++;
      if (aliases > MAX_ALIASES) {
        if (aliases === MAX_ALIASES + 1) {
          diagnostics.push({
            severity: "error",
            code: "IK_SPEC_YAML_ALIASES",
            message: `more than ${MAX_ALIASES} alias expansions; write the values out instead`,
            file,
            ...position(node.range?.[0]),
          });
        }
        return null;
      }
      valuePositions.set(pointer, position(node.range?.[0]));
      return toData(node.resolve(doc) as Node | undefined, pointer);
    }
    valuePositions.set(pointer, position(node.range?.[0]));
    if (isMap(node)) {
      const result: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        const child = `${pointer}/${pointerSegment(key)}`;
        keyPositions.set(child, position(keyNode?.range?.[0]));
        result[key] = toData(pair.value as Node | null, child);
      }
      return result;
    }
    if (isSeq(node)) {
      return node.items.map((item, index) => toData(item as Node, `${pointer}/${index}`));
    }
    if (isScalar(node)) {
      const value = node.value;
      if (node.type === "PLAIN" && typeof value === "number" && node.source !== undefined) {
        const reason = ambiguityOf(node.source, value);
        if (reason) ambiguous.set(pointer, { source: node.source, reason });
      }
      const reading = node.type === "PLAIN" && typeof value === "string" && yaml11Reading(value);
      if (reading) yaml11Text.set(pointer, { text: String(value), reading });
      return typeof value === "bigint" ? Number(value) : value;
    }
    return null;
  };

  const data = toData(doc.contents as Node | null, "");
  // Past the alias bound the data is cut short: checking its shape would only add errors
  // about the cuts.
  return parsed(aliases > MAX_ALIASES ? undefined : data);
}

/** Says why a plain number literal may not mean the number it resolves to, or undefined. */
function ambiguityOf(source: string, value: number): string | undefined {
  if (/^[-+]?0\d/.test(source)) return "a leading zero is dropped when read as a number";
  if (/^[-+]?0[xo]/i.test(source)) return "it is read as a hexadecimal or octal number";
  if (/[eE]/.test(source) && /^[-+]?[\d.]+[eE]/.test(source)) {
    return "it is read as a number in exponent notation";
  }
  if (/^[-+]?\.(inf|nan)$/i.test(source)) return "it is read as a special float";
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    return "it exceeds 2^53 and loses digits when read as a number";
  }
  return undefined;
}
