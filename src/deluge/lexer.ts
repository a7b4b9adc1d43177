/**
 * A small Deluge tokenizer: turns snippet text into tokens so that two snippets can be compared
 * token by token (comments and whitespace aside), and so that generated string literals can be
 * checked to read back as the value they were built from.
 *
 * Lexical rules follow `shared/deluge-facts.md` section 3.1: `//` and `/* *\/` comments,
 * double-quoted text with backslash escapes, single-quoted date/time literals, and invokeurl keys
 * that may contain `-` (`response-format:`).
 *
 * Limitations: Zoho documents only the `\"` escape. This lexer also decodes `\\ \/ \b \f \n \r \t`
 * (as public Deluge grammars do) and keeps any other backslash pair as written. A raw line break
 * inside a text literal is accepted, because whether Deluge does is not documented.
 */
import { InvokekitError } from "../errors.ts";

/** What a token is. Keywords are identifiers; callers compare their text. */
export type DelugeTokenKind =
  | "identifier"
  | "string"
  | "date"
  | "number"
  | "punctuation"
  | "operator"
  | "comment";

/** One token with its place in the source (1-based line and column). */
export interface DelugeToken {
  readonly kind: DelugeTokenKind;
  /** The source text of the token, exactly as written. */
  readonly text: string;
  /** For `string` and `date`: the decoded value; otherwise equal to `text`. */
  readonly value: string;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** Options of `tokenizeDeluge`. */
export interface TokenizeOptions {
  /** Keep comments as `comment` tokens. Default false: comments are skipped like whitespace. */
  readonly comments?: boolean;
}

/** The source is not lexically valid Deluge (unterminated text, unknown character, ...). */
export class DelugeSyntaxError extends InvokekitError {
  /** What is wrong, without the position (the linter prints `file:LINE:COL reason`). */
  readonly reason: string;
  readonly line: number;
  readonly column: number;

  constructor(reason: string, line: number, column: number) {
    super("IK_DELUGE_SYNTAX", `${reason} at line ${line}, column ${column}`);
    this.reason = reason;
    this.line = line;
    this.column = column;
  }
}

const escapes: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

// Longest first, so `==` wins over `=` and `+=` over `+`.
const operators = ["==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "*=", "/=", "%="];
const singleOperators = "+-*/%=<>!";
const punctuation = "[](){};:,.";

const identifierStart = /[A-Za-z_]/;
const identifierPart = /[A-Za-z0-9_]/;
// An invokeurl key such as `response-format`, recognised only right before its colon.
const hyphenatedKey = /^[A-Za-z_][A-Za-z0-9_]*(?:-[A-Za-z_][A-Za-z0-9_]*)+(?=[ \t]*:)/;

/** Splits Deluge source into tokens. Throws `DelugeSyntaxError` on text it cannot read. */
export function tokenizeDeluge(source: string, options: TokenizeOptions = {}): DelugeToken[] {
  const tokens: DelugeToken[] = [];
  let offset = 0;
  let line = 1;
  let lineStart = 0;
  let tokenLine = 1;
  let tokenColumn = 1;

  const push = (kind: DelugeTokenKind, start: number, value?: string): void => {
    const text = source.slice(start, offset);
    tokens.push({
      kind,
      text,
      value: value ?? text,
      offset: start,
      line: tokenLine,
      column: tokenColumn,
    });
  };
  const fail = (message: string, at: number): never => {
    const before = source.slice(0, at);
    const failLine = before.split("\n").length;
    throw new DelugeSyntaxError(message, failLine, at - (before.lastIndexOf("\n") + 1) + 1);
  };
  const advanceOver = (text: string): void => {
    for (let i = 0; i < text.length; i++) {
      if (text[i] === "\n") {
        line++;
        lineStart = offset + i + 1;
      }
    }
    offset += text.length;
  };

  while (offset < source.length) {
    const char = source[offset] as string;
    const start = offset;
    tokenLine = line;
    tokenColumn = offset - lineStart + 1;

    if (char === " " || char === "\t" || char === "\r" || char === "\n" || char === "\f") {
      advanceOver(char);
      continue;
    }

    if (source.startsWith("//", offset)) {
      const end = source.indexOf("\n", offset);
      advanceOver(source.slice(offset, end === -1 ? source.length : end));
      if (options.comments) push("comment", start);
      continue;
    }
    if (source.startsWith("/*", offset)) {
      const end = source.indexOf("*/", offset + 2);
      if (end === -1) fail("Unterminated block comment", start);
      advanceOver(source.slice(offset, end + 2));
      if (options.comments) push("comment", start);
      continue;
    }

    if (char === '"' || char === "'") {
      const value = readQuoted(source, offset, char, fail);
      advanceOver(source.slice(offset, value.end));
      push(char === '"' ? "string" : "date", start, value.value);
      continue;
    }

    const key = hyphenatedKey.exec(source.slice(offset, offset + 200));
    if (key) {
      advanceOver(key[0]);
      push("identifier", start);
      continue;
    }
    if (identifierStart.test(char)) {
      let end = offset + 1;
      while (end < source.length && identifierPart.test(source[end] as string)) end++;
      advanceOver(source.slice(offset, end));
      push("identifier", start);
      continue;
    }
    if (/[0-9]/.test(char)) {
      const number = /^[0-9]+(?:\.[0-9]+)?/.exec(source.slice(offset)) as RegExpExecArray;
      advanceOver(number[0]);
      push("number", start);
      continue;
    }

    const operator = operators.find((op) => source.startsWith(op, offset));
    if (operator) {
      advanceOver(operator);
      push("operator", start);
      continue;
    }
    if (singleOperators.includes(char)) {
      advanceOver(char);
      push("operator", start);
      continue;
    }
    if (punctuation.includes(char) || char === "{" || char === "}") {
      advanceOver(char);
      push("punctuation", start);
      continue;
    }
    fail(`Unexpected character ${JSON.stringify(char)}`, start);
  }
  return tokens;
}

/** Reads a quoted literal starting at `start`; returns its decoded value and end offset. */
function readQuoted(
  source: string,
  start: number,
  quote: string,
  fail: (message: string, at: number) => never,
): { value: string; end: number } {
  let value = "";
  let index = start + 1;
  while (index < source.length) {
    const char = source[index] as string;
    if (char === quote) return { value, end: index + 1 };
    if (char === "\\") {
      const next = source[index + 1];
      if (next === undefined) break;
      const decoded = escapes[next];
      value += decoded ?? `\\${next}`;
      index += 2;
      continue;
    }
    value += char;
    index++;
  }
  return fail(quote === '"' ? "Unterminated text literal" : "Unterminated date literal", start);
}
