/**
 * OpenAPI schemas -> the JSON Schema subset of the spec format (`body.json.schema`,
 * `response_schema`): references are resolved and written out inline, `nullable` becomes a
 * `"null"` type, `const` a one-value `enum`, `example` an `examples` list, a one-branch
 * `oneOf`/`anyOf` and every `allOf` are merged into the schema. A schema that refers to itself
 * is expanded `MAX_RECURSION` times and then cut, with a note.
 *
 * Whatever the subset has no room for (several `oneOf` branches, `not`, `readOnly`, formats
 * such as `int64`, vendor extensions, ...) is left out and counted in `dropped`, which the
 * import summary reports per operation.
 */
import type { JsonSchema } from "../spec/model.ts";
import { BODY_FORMATS } from "../spec/schemas.ts";
import type { DocumentSet, SourceDocument } from "./documents.ts";
import { escapeSegment, follow, refOf } from "./references.ts";

/** How many times one schema may appear inside itself before the expansion is cut. */
export const MAX_RECURSION = 1;
/** Deepest nesting written out, a bound against pathological documents. */
const MAX_DEPTH = 24;
/** Most schema nodes written for one body or reply. */
const MAX_NODES = 120;

const TYPES = new Set(["object", "array", "string", "integer", "number", "boolean", "null"]);
// The formats of the spec format's body schemas (`coql`: a COQL query, kept on a round trip).
const FORMATS = new Set(BODY_FORMATS);
const COPIED_NUMBERS = [
  "minItems",
  "maxItems",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
] as const;

/** Collects what a conversion left out, for the summary. */
export interface SubsetReport {
  /** Keyword (or `format: int64`, ...) -> how often it was left out. */
  readonly dropped: Map<string, number>;
  /** Free-text notes (recursion cut, unresolved references). */
  readonly notes: string[];
}

/** A fresh, empty report. */
export function newReport(): SubsetReport {
  return { dropped: new Map(), notes: [] };
}

interface Walk {
  readonly documents: DocumentSet;
  readonly report: SubsetReport;
  /** Reference targets on the way down, to bound recursion. */
  readonly stack: string[];
  nodes: number;
}

/** Converts the schema `value` at `pointer` of `document`; throws on unresolved references. */
export function toSubset(
  documents: DocumentSet,
  document: SourceDocument,
  pointer: string,
  value: unknown,
  report: SubsetReport,
): JsonSchema {
  return convert({ documents, report, stack: [], nodes: 0 }, document, pointer, value, 0);
}

function drop(walk: Walk, what: string): void {
  walk.report.dropped.set(what, (walk.report.dropped.get(what) ?? 0) + 1);
}

function note(walk: Walk, text: string): void {
  if (!walk.report.notes.includes(text)) walk.report.notes.push(text);
}

function convert(
  walk: Walk,
  document: SourceDocument,
  pointer: string,
  value: unknown,
  depth: number,
): JsonSchema {
  const ref = refOf(value);
  if (ref !== undefined) {
    const target = follow(walk.documents, document, pointer, value);
    const key = `${target.document.name}#${target.pointer}`;
    const name = target.pointer.split("/").at(-1) ?? key;
    if (walk.stack.filter((k) => k === key).length >= MAX_RECURSION) {
      note(walk, `schema ${name} contains itself; expanded ${MAX_RECURSION} levels, then cut`);
      return cutSchema(target.value, `${name}, nested further (cut: it contains itself)`);
    }
    walk.stack.push(key);
    try {
      return convert(walk, target.document, target.pointer, target.value, depth);
    } finally {
      walk.stack.pop();
    }
  }
  if (typeof value === "boolean") return value ? {} : { enum: [null], type: "string" };
  if (typeof value !== "object" || value === null || Array.isArray(value)) return {};
  walk.nodes++;
  if (depth > MAX_DEPTH || walk.nodes > MAX_NODES) {
    note(walk, `schema deeper than ${MAX_DEPTH} levels or over ${MAX_NODES} nodes; cut`);
    return cutSchema(value, "cut: nested too deep");
  }
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const at = (key: string) => `${pointer}/${escapeSegment(key)}`;

  for (const [key, given] of Object.entries(source)) {
    switch (key) {
      case "type": {
        const types = (Array.isArray(given) ? given : [given]).filter(
          (t): t is string => typeof t === "string" && TYPES.has(t),
        );
        if (types.length > 0) out.type = types.length === 1 ? types[0] : types;
        else drop(walk, "type");
        break;
      }
      case "nullable":
        break;
      case "title":
      case "description":
        if (typeof given === "string" && given.trim() !== "") out[key] = given;
        break;
      case "properties": {
        const properties: Record<string, JsonSchema> = {};
        for (const [name, child] of Object.entries(given as Record<string, unknown>)) {
          properties[name] = convert(
            walk,
            document,
            `${at(key)}/${escapeSegment(name)}`,
            child,
            depth + 1,
          );
        }
        out.properties = properties;
        break;
      }
      case "required":
        if (Array.isArray(given) && given.every((r) => typeof r === "string")) {
          if (given.length > 0) out.required = given;
        } else drop(walk, "required");
        break;
      case "items":
        if (Array.isArray(given)) drop(walk, "items (tuple)");
        else out.items = convert(walk, document, at(key), given, depth + 1);
        break;
      case "additionalProperties":
        out.additionalProperties =
          typeof given === "boolean" ? given : convert(walk, document, at(key), given, depth + 1);
        break;
      case "enum":
        if (Array.isArray(given) && given.length > 0) out.enum = given;
        break;
      case "const":
        out.enum = [given];
        break;
      case "format":
        if (typeof given === "string" && FORMATS.has(given)) out.format = given;
        else drop(walk, `format: ${String(given)}`);
        break;
      case "x-tz":
        // The time zone of a date or date-time (the spec format's own keyword, case C17).
        if (typeof given === "string") out["x-tz"] = given;
        else drop(walk, key);
        break;
      case "pattern":
        if (typeof given === "string" && isRegExp(given)) out.pattern = given;
        else drop(walk, "pattern");
        break;
      case "example":
        out.examples = [given];
        break;
      case "examples":
        if (Array.isArray(given) && given.length > 0) out.examples = given;
        else drop(walk, "examples");
        break;
      case "oneOf":
      case "anyOf":
      case "allOf":
        break;
      default:
        if ((COPIED_NUMBERS as readonly string[]).includes(key)) {
          const fits =
            key === "minimum" || key === "maximum"
              ? typeof given === "number"
              : Number.isInteger(given) && (given as number) >= 0;
          if (fits) out[key] = given;
          else drop(walk, key);
        } else drop(walk, key.startsWith("x-") ? "x-* extensions" : key);
    }
  }
  if (source.nullable === true) {
    const type = out.type;
    if (typeof type === "string") out.type = [type, "null"];
    else if (Array.isArray(type) && !type.includes("null")) out.type = [...type, "null"];
  }
  for (const key of ["allOf", "oneOf", "anyOf"] as const) {
    const branches = source[key];
    if (!Array.isArray(branches)) continue;
    if (key !== "allOf" && branches.length > 1) {
      drop(walk, `${key} (${branches.length} alternatives)`);
      continue;
    }
    branches.forEach((branch, index) => {
      const part = convert(walk, document, `${at(key)}/${index}`, branch, depth);
      merge(out, part);
    });
  }
  return out as JsonSchema;
}

/** Merges `part` into `out`: `out`'s own keywords win, properties and `required` unite. */
function merge(out: Record<string, unknown>, part: JsonSchema): void {
  for (const [key, value] of Object.entries(part)) {
    if (key === "properties") {
      out.properties = { ...(value as object), ...((out.properties as object) ?? {}) };
    } else if (key === "required") {
      const own = (out.required as string[] | undefined) ?? [];
      out.required = [...own, ...(value as string[]).filter((r) => !own.includes(r))];
    } else if (out[key] === undefined) {
      out[key] = value;
    }
  }
}

function cutSchema(value: unknown, description: string): JsonSchema {
  const type = (value as { type?: unknown } | undefined)?.type;
  return typeof type === "string" && TYPES.has(type) ? { type, description } : { description };
}

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}
