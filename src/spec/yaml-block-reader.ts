/**
 * A quick reader for the plain block YAML that connector files are written in, and that
 * `invokekit import openapi` writes: block mappings and sequences, one-line plain, single- and
 * double-quoted scalars, empty `{}` and `[]`, and full-line comments. For such a file it finds
 * the same data, positions and plain scalars as the walk over the `yaml` library's document in
 * `yaml-source.ts`, at a fraction of the cost (the library took most of the time of loading an
 * imported 2,000-endpoint connector). On anything else it gives up, and the caller parses the
 * file with the library, which also reports every syntax error.
 *
 * Plain scalars resolve through the `yaml` library's own YAML 1.2 core schema tags, so a
 * number, boolean or null here is whatever the library makes of the same text.
 *
 * Limitations: anchors, aliases, tags, block scalars, flow collections with content, scalars
 * over several lines, escapes in double quotes, comments after a value, tabs, characters
 * outside the Basic Multilingual Plane, empty values and duplicate keys all go to the library.
 */
import { isScalar, type ScalarTag, Schema } from "yaml";
import { pointerSegment } from "./json-pointer.ts";

/** Line and column, 1-based (as in `yaml-source.ts`). */
interface Place {
  readonly line: number;
  readonly column: number;
}

/** What the quick reader found in one file. */
export interface BlockYaml {
  readonly data: unknown;
  /** Position of each value by JSON pointer. */
  readonly valuePositions: Map<string, Place>;
  /** Position of each mapping key by the pointer of its value. */
  readonly keyPositions: Map<string, Place>;
  /** Every plain scalar value, in document order: pointer, text as written, resolved value. */
  readonly plainScalars: [pointer: string, source: string, value: unknown][];
}

// The core schema tags that the library tries on a plain scalar, in its order.
const coreTags = new Schema({ schema: "core" }).tags.filter(
  (tag): tag is ScalarTag => tag.default === true && "test" in tag && tag.test !== undefined,
);
const resolveOptions = { intAsBigInt: false };

/** Any character this reader leaves to the library: controls, tabs, CR, BOM, non-BMP, NEL. */
const UNUSUAL = /[^\n\x20-\x7E\u00A0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD]/;
/** First characters that make a plain scalar something else (YAML indicators). */
const INDICATORS = new Set("-?:,[]{}#&*!|>'\"%@`");
/** Characters kept out of plain keys here, although YAML allows some of them. */
const KEY_UNUSUAL = /[,[\]{}#:]/;
const MAX_KEY = 1000;

/** Thrown inside the reader when the file is beyond it; never escapes `readBlockYaml`. */
const BEYOND = Symbol("beyond the quick reader");

/** Reads `text` if it is plain block YAML, or returns undefined. */
export function readBlockYaml(text: string): BlockYaml | undefined {
  if (UNUSUAL.test(text)) return undefined;
  try {
    return new Reader(text).read();
  } catch (error) {
    if (error === BEYOND) return undefined;
    throw error;
  }
}

function beyond(): never {
  throw BEYOND;
}

function resolvePlain(text: string): unknown {
  const tag = coreTags.find((candidate) => candidate.test?.test(text));
  if (!tag) return text;
  const resolved = tag.resolve(text, beyond, resolveOptions);
  return isScalar(resolved) ? resolved.value : resolved;
}

class Reader {
  private readonly text: string;
  // Content lines only (no blank or comment lines): line number, start offset, end offset, and
  // where the content starts (moved right for a mapping that starts after a `- `).
  private readonly lineNumbers: number[] = [];
  private readonly ends: number[] = [];
  private readonly starts: number[] = [];
  private readonly at: number[] = [];
  private index = 0;
  private readonly valuePositions = new Map<string, Place>();
  private readonly keyPositions = new Map<string, Place>();
  private readonly plainScalars: [string, string, unknown][] = [];

  constructor(text: string) {
    this.text = text;
    let start = 0;
    for (let line = 1; start <= text.length; line++) {
      const newline = text.indexOf("\n", start);
      const end = newline === -1 ? text.length : newline;
      let first = start;
      while (first < end && text.charCodeAt(first) === 32) first++;
      if (first < end && text[first] !== "#") {
        const head = text.slice(start, start + 3);
        if (first === start && (head === "---" || head === "...")) beyond();
        if (text.charCodeAt(end - 1) === 32) beyond();
        this.lineNumbers.push(line);
        this.starts.push(start);
        this.ends.push(end);
        this.at.push(first);
      }
      start = end + 1;
    }
  }

  read(): BlockYaml {
    if (this.at.length === 0 || this.indent(0) !== 0) beyond();
    const data = this.block("");
    if (this.index < this.at.length) beyond();
    return {
      data,
      valuePositions: this.valuePositions,
      keyPositions: this.keyPositions,
      plainScalars: this.plainScalars,
    };
  }

  private indent(index: number): number {
    return (this.at[index] ?? 0) - (this.starts[index] ?? 0);
  }

  private place(offset: number): Place {
    const i = this.index;
    return { line: this.lineNumbers[i] ?? 0, column: offset - (this.starts[i] ?? 0) + 1 };
  }

  /** Whether the current line's content is a sequence entry (`- `). */
  private dash(offset: number): boolean {
    return this.text[offset] === "-" && this.text[offset + 1] === " ";
  }

  /** A block mapping or sequence whose first entry starts the current line's content. */
  private block(pointer: string): unknown {
    const offset = this.at[this.index] ?? 0;
    return this.dash(offset) ? this.sequence(pointer) : this.mapping(pointer);
  }

  private mapping(pointer: string): Record<string, unknown> {
    const indent = this.indent(this.index);
    const result: Record<string, unknown> = {};
    const keys = new Set<string>();
    this.valuePositions.set(pointer, this.place(this.at[this.index] ?? 0));
    while (this.index < this.at.length && this.indent(this.index) === indent) {
      const offset = this.at[this.index] ?? 0;
      const key = this.key(offset) ?? beyond();
      if (keys.has(key.name)) beyond();
      keys.add(key.name);
      const child = `${pointer}/${pointerSegment(key.name)}`;
      this.keyPositions.set(child, this.place(offset));
      const end = this.ends[this.index] ?? 0;
      if (key.end === end) {
        this.index++;
        if (this.index >= this.at.length || this.indent(this.index) <= indent) beyond();
        result[key.name] = this.block(child);
      } else {
        let value = key.end + 1;
        while (this.text.charCodeAt(value) === 32) value++;
        result[key.name] = this.inline(value, child);
        this.index++;
      }
    }
    if (this.index < this.at.length && this.indent(this.index) > indent) beyond();
    return result;
  }

  private sequence(pointer: string): unknown[] {
    const indent = this.indent(this.index);
    const result: unknown[] = [];
    this.valuePositions.set(pointer, this.place(this.at[this.index] ?? 0));
    while (
      this.index < this.at.length &&
      this.indent(this.index) === indent &&
      this.dash(this.at[this.index] ?? 0)
    ) {
      const child = `${pointer}/${result.length}`;
      let offset = (this.at[this.index] ?? 0) + 1;
      while (this.text.charCodeAt(offset) === 32) offset++;
      if (offset >= (this.ends[this.index] ?? 0) || this.dash(offset)) beyond();
      if (this.key(offset)) {
        // A mapping that starts after the dash: its keys line up with its first key.
        this.at[this.index] = offset;
        result.push(this.mapping(child));
      } else {
        result.push(this.inline(offset, child));
        this.index++;
      }
    }
    if (this.index < this.at.length && this.indent(this.index) > indent) beyond();
    return result;
  }

  /** The mapping key at `offset`, if the line holds one there, and where its `:` ends. */
  private key(offset: number): { name: string; end: number } | undefined {
    const text = this.text;
    const end = this.ends[this.index] ?? 0;
    const first = text[offset] ?? "";
    let close: number;
    let name: string;
    if (first === '"' || first === "'") {
      const quoted = this.quoted(offset, end);
      if (!quoted) return undefined;
      [name, close] = quoted;
    } else {
      if (INDICATORS.has(first)) return undefined;
      // Searched within the line only: a long list of plain items would otherwise search to
      // the next key for every item.
      close = offset;
      while (close < end && text.charCodeAt(close) !== 58) close++;
      if (close === end) return undefined;
      const plain = text.slice(offset, close);
      if (KEY_UNUSUAL.test(plain) || plain.endsWith(" ") || plain === "<<") return undefined;
      name = String(resolvePlain(plain));
    }
    if (close - offset > MAX_KEY || text[close] !== ":") return undefined;
    if (close + 1 !== end && text[close + 1] !== " ") return undefined;
    return { name, end: close + 1 };
  }

  /** A quoted scalar at `offset`: its value and the offset just past its closing quote. */
  private quoted(offset: number, end: number): [string, number] | undefined {
    const text = this.text;
    const quote = text[offset];
    let value = "";
    let from = offset + 1;
    for (;;) {
      const close = text.indexOf(quote ?? "", from);
      if (close === -1 || close >= end) return undefined;
      const part = text.slice(from, close);
      if (quote === '"' && part.includes("\\")) return undefined;
      value += part;
      if (quote === "'" && text[close + 1] === "'") {
        value += "'";
        from = close + 2;
        continue;
      }
      return [value, close + 1];
    }
  }

  /** A value that ends the current line: a scalar, `{}` or `[]`. */
  private inline(offset: number, pointer: string): unknown {
    const text = this.text;
    const end = this.ends[this.index] ?? 0;
    this.valuePositions.set(pointer, this.place(offset));
    const first = text[offset] ?? "";
    if (first === "{" || first === "[") {
      if (end !== offset + 2) beyond();
      if (first === "{" && text[offset + 1] === "}") return {};
      if (first === "[" && text[offset + 1] === "]") return [];
      beyond();
    }
    if (first === '"' || first === "'") {
      const quoted = this.quoted(offset, end);
      if (!quoted || quoted[1] !== end) beyond();
      return quoted[0];
    }
    const plain = text.slice(offset, end);
    // `-5` and `-x` are plain scalars; `- x` would be a sequence entry.
    if (INDICATORS.has(first) && !(first === "-" && plain.length > 1 && plain[1] !== " ")) {
      beyond();
    }
    if (plain.includes(": ") || plain.includes(" #") || plain.endsWith(":")) beyond();
    const value = resolvePlain(plain);
    this.plainScalars.push([pointer, plain, value]);
    return value;
  }
}
