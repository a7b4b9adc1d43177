/**
 * TypeScript types from the JSON Schemas of bodies and replies, for the SDK target. Objects
 * become object types with `readonly` properties (optional unless `required`), each with its
 * schema `description` as a JSDoc line; arrays become `readonly T[]`; `enum` becomes a union of
 * literals; a `type` list becomes a union. An object that does not forbid other properties
 * (`additionalProperties` absent or true) gets an index signature, since Zoho records carry
 * custom fields that no spec lists.
 *
 * With `dates`, a `format: date` or `date-time` string is `string | Date` (request bodies).
 *
 * Limitations: `pattern`, bounds and other formats are not expressed in types (the runtime
 * checks them against the schema before sending); `additionalProperties` given as a schema is typed
 * as `unknown` values.
 */
import type { JsonSchema } from "../spec/model.ts";
import { typeScriptDoc, typeScriptPropertyName } from "./typescript-escape.ts";
import { wrapWords } from "./wrap-words.ts";

const INDENT = "  ";

// The scalar JSON types; `integer` is a number to TypeScript.
const scalarTypes: Readonly<Record<string, string>> = {
  string: "string",
  integer: "number",
  number: "number",
  boolean: "boolean",
  null: "null",
};

/** How a schema is typed. */
export interface SchemaTypeOptions {
  /**
   * Type `format: date` / `date-time` strings as `string | Date` (request bodies, whose Dates
   * the plan writes in Zoho's form, case C17). Default false (replies hold text).
   */
  readonly dates?: boolean;
}

const DATE_FORMATS = new Set(["date", "date-time"]);

/**
 * The TypeScript type of `schema`, laid out for a position indented by `depth` levels (nested
 * object members go one level deeper; the closing brace sits at `depth`).
 */
export function schemaType(schema: JsonSchema, depth = 0, options: SchemaTypeOptions = {}): string {
  if (schema.enum) {
    return schema.enum.length === 0 ? "never" : schema.enum.map((v) => literal(v)).join(" | ");
  }
  const types = schema.type === undefined ? [] : [schema.type].flat();
  if (types.length === 0) {
    if (schema.properties) return objectType(schema, depth, options);
    if (schema.items) return arrayType(schema.items, depth, options);
    return "unknown";
  }
  const dated = options.dates === true && DATE_FORMATS.has(schema.format ?? "");
  const members = types.flatMap((type) => {
    if (type === "object") return [objectType(schema, depth, options)];
    if (type === "array") return [arrayType(schema.items, depth, options)];
    if (type === "string" && dated) return ["string", "Date"];
    return [scalarTypes[type] ?? "unknown"];
  });
  return [...new Set(members)].join(" | ");
}

/** The schema at a dotted path of object properties and array items (`data`, `data.0`). */
export function schemaAt(schema: JsonSchema | undefined, path: string): JsonSchema | undefined {
  let current = schema;
  for (const step of path.split(".")) {
    if (current === undefined) return undefined;
    current = /^\d+$/.test(step) ? current.items : current.properties?.[step];
  }
  return current;
}

function literal(value: unknown): string {
  // JSON text of a string, number, boolean or null is also its TypeScript literal type.
  const text = JSON.stringify(value);
  return typeof value === "object" && value !== null ? "unknown" : (text ?? "unknown");
}

function arrayType(
  items: JsonSchema | undefined,
  depth: number,
  options: SchemaTypeOptions,
): string {
  if (items === undefined) return "readonly unknown[]";
  const inner = schemaType(items, depth, options);
  return isUnion(items, options) ? `readonly (${inner})[]` : `readonly ${inner}[]`;
}

/** Whether the type of `schema` is written as a union (and needs parentheses in `T[]`). */
function isUnion(schema: JsonSchema, options: SchemaTypeOptions): boolean {
  if (schema.enum) return schema.enum.length > 1;
  if (Array.isArray(schema.type) && new Set(schema.type).size > 1) return true;
  return options.dates === true && DATE_FORMATS.has(schema.format ?? "");
}

function objectType(schema: JsonSchema, depth: number, options: SchemaTypeOptions): string {
  const properties = Object.entries(schema.properties ?? {});
  const open = schema.additionalProperties !== false;
  if (properties.length === 0) {
    return open ? "Readonly<Record<string, unknown>>" : "Readonly<Record<string, never>>";
  }
  const pad = INDENT.repeat(depth + 1);
  const required = new Set(schema.required ?? []);
  const lines = ["{"];
  for (const [name, property] of properties) {
    const doc = property.description ? wrapWords(property.description, 90 - pad.length) : [];
    if (doc.length === 1) lines.push(`${pad}/** ${typeScriptDoc(doc[0] ?? "")} */`);
    else if (doc.length > 1) {
      lines.push(`${pad}/**`, ...doc.map((line) => `${pad} * ${typeScriptDoc(line)}`), `${pad} */`);
    }
    const optional = required.has(name) ? "" : "?";
    const type = schemaType(property, depth + 1, options);
    lines.push(`${pad}readonly ${typeScriptPropertyName(name)}${optional}: ${type};`);
  }
  if (open) lines.push(`${pad}readonly [field: string]: unknown;`);
  lines.push(`${INDENT.repeat(depth)}}`);
  return lines.join("\n");
}
