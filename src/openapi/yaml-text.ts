/**
 * `yamlText`: for plain JSON-like data, the bytes that the `yaml` package's
 * `stringify(value, { lineWidth: 100, aliasDuplicateObjects: false })` returns, made without
 * building the package's node tree.
 *
 * An import writes thousands of endpoint files, and the library's own stringify spent most
 * of its time creating a Document of Scalar and Pair nodes, choosing a tag for each scalar
 * and copying its context at every pair. Here the block layout (maps, sequences, empty `{}`
 * and `[]`) is laid out directly, as the library lays it out, while every scalar is still
 * written by the library's own `stringifyString` / `stringifyNumber` (`yaml/util`), so
 * quoting, escaping, block scalars and line folding stay the library's. Anything else
 * (class instances, `toJSON`, functions, undefined in a list, keys over 1,024 characters)
 * goes to `stringify` itself. `test/openapi/yaml-text.test.ts` compares both on awkward
 * values and on whole imports.
 *
 * Limitations: the layout copies that of `yaml` 2.9 (pinned); a new version of the package
 * must pass the comparison test before it is taken.
 */
import { Document, type Scalar, stringify } from "yaml";
import { type StringifyContext, stringifyNumber, stringifyString } from "yaml/util";

/** The options the connector files have always been written with. */
const OPTIONS = { lineWidth: 100, aliasDuplicateObjects: false } as const;

/** The indentation step of the library's block collections. */
const STEP = "  ";

/**
 * Strings already written, by key-or-value, indentation and start column: a string's text
 * depends on nothing else, and endpoint files repeat the same keys and values many times.
 */
const written = new Map<string, string>();
const MEMO_SIZE = 20_000;

/** Thrown inside the fast path when a value needs the library's full stringify. */
class NeedsLibrary extends Error {}

type Base = Pick<StringifyContext, "doc" | "options">;
let base: Base | undefined;

/** The document and options a `stringify` with `OPTIONS` would write scalars with. */
function baseContext(): Base {
  if (base) return base;
  const doc = new Document(null, OPTIONS);
  // createStringifyContext's defaults (not exported), less commentString: nothing written
  // here carries a comment.
  const options = Object.assign(
    {
      blockQuote: true,
      defaultKeyType: null,
      defaultStringType: "PLAIN",
      directives: null,
      doubleQuotedAsJSON: false,
      doubleQuotedMinMultiLineLength: 40,
      falseStr: "false",
      flowCollectionPadding: true,
      indentSeq: true,
      lineWidth: 80,
      minContentWidth: 20,
      nullStr: "null",
      simpleKeys: false,
      singleQuote: null,
      trailingComma: false,
      trueStr: "true",
      verifyAliasOrder: true,
    },
    doc.schema.toStringOptions,
    OPTIONS,
  ) as StringifyContext["options"];
  base = { doc, options };
  return base;
}

/** The YAML text of `value`, byte for byte what `stringify(value, OPTIONS)` returns. */
export function yamlText(value: unknown): string {
  try {
    if (Array.isArray(value)) return `${sequence(value, "")}\n`;
    if (isPlainObject(value)) return `${mapping(value, "")}\n`;
  } catch (error) {
    if (!(error instanceof NeedsLibrary)) throw error;
  }
  return stringify(value, OPTIONS);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A block mapping whose second and later lines start with `indent`. */
function mapping(map: Record<string, unknown>, indent: string): string {
  const inner = indent + STEP;
  let text = "";
  let first = true;
  for (const key of Object.keys(map)) {
    const value = map[key];
    if (value === undefined) continue;
    const keyText = scalar(key, inner, true, undefined);
    if (keyText.length > 1024) throw new NeedsLibrary();
    let line = `${keyText}:`;
    const nested = collection(value, inner);
    if (nested === undefined) {
      const valueText = scalar(value, inner, false, line.length + 1);
      line += valueText === "" || valueText[0] === "\n" ? valueText : ` ${valueText}`;
    } else {
      line += nested === "[]" || nested === "{}" ? ` ${nested}` : `\n${inner}${nested}`;
    }
    text += first ? line : `\n${indent}${line}`;
    first = false;
  }
  return first ? "{}" : text;
}

/** A block sequence whose second and later lines start with `indent`. */
function sequence(list: readonly unknown[], indent: string): string {
  if (list.length === 0) return "[]";
  const inner = indent + STEP;
  let text = "";
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const line = `- ${collection(item, inner) ?? scalar(item, inner, false, undefined)}`;
    text += i === 0 ? line : `\n${indent}${line}`;
  }
  return text;
}

/** The text of a map or list at `indent` (`{}`/`[]` when empty), or undefined for a scalar. */
function collection(value: unknown, indent: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  if (Array.isArray(value)) return sequence(value, indent);
  if (isPlainObject(value)) return mapping(value, indent);
  throw new NeedsLibrary();
}

/** One scalar, written by the library's scalar stringifiers with the context it would use. */
function scalar(
  value: unknown,
  indent: string,
  implicitKey: boolean,
  indentAtStart: number | undefined,
): string {
  const { doc, options } = baseContext();
  switch (typeof value) {
    case "string": {
      const memo = `${implicitKey ? "k" : (indentAtStart ?? "s")}:${indent.length}:${value}`;
      const known = written.get(memo);
      if (known !== undefined) return known;
      const ctx = {
        actualString: true,
        doc,
        forceBlockIndent: false,
        implicitKey,
        indent,
        indentAtStart,
        indentStep: STEP,
        inFlow: null,
        options,
      } as unknown as StringifyContext;
      const text = stringifyString({ value } as Scalar, ctx);
      if (written.size >= MEMO_SIZE) written.clear();
      written.set(memo, text);
      return text;
    }
    case "number":
    case "bigint":
      return stringifyNumber({ value } as Scalar);
    case "boolean":
      return value ? options.trueStr : options.falseStr;
    default:
      if (value === null) return options.nullStr;
      throw new NeedsLibrary();
  }
}
