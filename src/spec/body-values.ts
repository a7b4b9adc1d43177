/**
 * Body values in an endpoint file (case C21): the values that are checked against a body
 * schema rather than against the spec's own schema. They are an example's `body`
 * (against `body.json.schema`), and inside `body.json.schema` or `response_schema` the items
 * of `examples` and `enum` (against the schema they belong to). The spec's schema says nothing
 * of their types (`body: {}`), so for an unquoted scalar that YAML reads as a number but may
 * be text (`01`, `0123`, `1e3`, `0x1F`, a 19-digit id) this module looks up what the body
 * schema expects at that place: text keeps the exact source text (with a warning to quote
 * it), a number stays an error, with advice that fits.
 */
import type { AmbiguousScalar, Pointer } from "./yaml-source.ts";

type Fields = Readonly<Record<string, unknown>>;

function fields(value: unknown): Fields | undefined {
  return value && typeof value === "object" && !Array.isArray(value)
    ? (value as Fields)
    : undefined;
}

/** What a body schema expects at a place: text, a number, or nothing said (or else). */
export type BodyExpectation = "text" | "number" | "unknown";

function segments(pointer: Pointer): string[] {
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** The sub-schema that validates the value at `path` inside a value of `schema`. */
function schemaAt(schema: Fields | undefined, path: readonly string[]): Fields | undefined {
  let node = schema;
  for (const step of path) {
    if (!node) return undefined;
    const property = fields(node.properties)?.[step];
    if (/^\d+$/.test(step) && fields(node.items)) node = fields(node.items);
    else if (property !== undefined) node = fields(property);
    else node = fields(node.additionalProperties);
  }
  return node;
}

function expectation(schema: Fields | undefined): BodyExpectation {
  const type = schema?.type;
  const types = Array.isArray(type) ? type : typeof type === "string" ? [type] : [];
  if (types.includes("string")) return "text";
  if (types.includes("number") || types.includes("integer")) return "number";
  return "unknown";
}

// Keywords whose value is a schema (or a map of them), walked from a schema root.
const SCHEMA_STEPS = new Set(["items", "additionalProperties"]);

/**
 * For a pointer into an endpoint file's data: what the governing body schema expects there,
 * or undefined when the place is not a body value.
 */
export function bodyValueExpectation(
  endpoint: unknown,
  pointer: Pointer,
): BodyExpectation | undefined {
  const path = segments(pointer);
  const root = fields(endpoint);
  const bodySchema = fields(fields(fields(root?.body)?.json)?.schema);

  // An example's body: `/examples/<n>/body/...`.
  if (path[0] === "examples" && path[2] === "body" && /^\d+$/.test(path[1] ?? "")) {
    return bodySchema ? expectation(schemaAt(bodySchema, path.slice(3))) : "unknown";
  }

  // `examples` or `enum` items inside a body or response schema.
  let schema: Fields | undefined;
  let rest: string[];
  if (path[0] === "body" && path[1] === "json" && path[2] === "schema") {
    schema = bodySchema;
    rest = path.slice(3);
  } else if (path[0] === "response_schema") {
    schema = fields(root?.response_schema);
    rest = path.slice(1);
  } else {
    return undefined;
  }
  for (let i = 0; schema && i < rest.length; i++) {
    const step = rest[i] ?? "";
    if ((step === "examples" || step === "enum") && /^\d+$/.test(rest[i + 1] ?? "")) {
      return expectation(schemaAt(schema, rest.slice(i + 2)));
    }
    if (step === "properties") {
      schema = fields(fields(schema.properties)?.[rest[i + 1] ?? ""]);
      i++;
    } else if (SCHEMA_STEPS.has(step)) {
      schema = fields(schema[step]);
    } else {
      return undefined;
    }
  }
  return undefined;
}

/**
 * What to write instead of an ambiguous number where text is not what the place takes: the
 * plain decimal form when one exists, quotes for what no number holds exactly.
 */
export function ambiguousNumberAdvice(
  scalar: AmbiguousScalar,
  expected: BodyExpectation | undefined,
): string {
  const value = Number(scalar.source);
  const exact = Number.isFinite(value) && Number.isSafeInteger(Math.trunc(value));
  const decimal = exact ? `write it in plain decimal digits (${value})` : undefined;
  if (expected === "number") {
    return decimal
      ? `the body schema wants a number here: ${decimal}, or type the field string if it is text`
      : "the body schema wants a number here, and no number holds it exactly: if it is an id " +
          "or a code, type the field string and quote the value";
  }
  if (expected === "unknown") {
    return decimal
      ? `the body schema gives no type here: quote it if it is text, or ${decimal}`
      : "the body schema gives no type here: quote it (ids and codes are text)";
  }
  return exact
    ? "write the number in plain decimal digits"
    : "quote it if it is text; no number holds it exactly";
}
