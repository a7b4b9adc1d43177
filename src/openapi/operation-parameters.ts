/**
 * An OpenAPI parameter -> a spec parameter (`RawParameter`): query, path and header
 * parameters with a name the spec format can write; path parameters renamed as the path was.
 * What does not fit (cookies, object values, the deprecated mark) goes to the notes.
 */
import type { RawParameter } from "../spec/raw.ts";
import type { DocumentSet } from "./documents.ts";
import { type Fields, fields, text } from "./fields.ts";
import type { Resolved } from "./references.ts";
import { type SubsetReport, toSubset } from "./schema-subset.ts";

/** The parameter at `resolved` as `[name, parameter]`, or undefined when it does not fit. */
export function readParameter(
  documents: DocumentSet,
  resolved: Resolved,
  renames: ReadonlyMap<string, string>,
  notes: string[],
  report: SubsetReport,
): [string, RawParameter] | undefined {
  const parameter = fields(resolved.value);
  const given = String(parameter.name ?? "");
  const where = parameter.in;
  if (where !== "query" && where !== "path" && where !== "header") {
    notes.push(`parameter ${given} in ${String(where)} left out: only query, path, header fit`);
    return undefined;
  }
  const name = where === "path" ? (renames.get(given) ?? given) : given;
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
    notes.push(`parameter "${given}" left out: the spec format cannot name it`);
    return undefined;
  }
  let schema: Fields = {};
  if (parameter.schema !== undefined) {
    const at = `${resolved.pointer}/schema`;
    schema = fields(toSubset(documents, resolved.document, at, parameter.schema, report));
  } else if (parameter.content !== undefined) {
    notes.push(`parameter ${name}: content-typed value read as a string`);
  }
  const raw: RawParameter = {
    in: where,
    type: parameterType(schema, name, notes),
    ...(parameter.required === true && where !== "path" ? { required: true } : {}),
    description:
      text(parameter.description) ?? text(schema.description) ?? `The ${name} ${where} parameter.`,
  };
  const values = schema.type === "array" ? fields(schema.items).enum : schema.enum;
  if (Array.isArray(values) && values.length > 0) raw.enum = values.map((v) => String(v));
  if (schema.type === "array" && typeof schema.maxItems === "number" && schema.maxItems >= 1) {
    raw.max_items = schema.maxItems;
  }
  const type = raw.type;
  if ((type === "date" || type === "datetime") && typeof schema["x-tz"] === "string") {
    raw.tz = schema["x-tz"];
  }
  if (parameter.deprecated === true) notes.push(`parameter ${name}: deprecated mark left out`);
  return [name, raw];
}

function parameterType(schema: Fields, name: string, notes: string[]): RawParameter["type"] {
  const type = Array.isArray(schema.type)
    ? schema.type.find((t) => t !== "null")
    : (schema.type as string | undefined);
  if (type === "string" && schema.format === "date") return "date";
  if (type === "string" && schema.format === "date-time") return "datetime";
  if (type === "array") return "list";
  if (type === "integer" || type === "number" || type === "boolean" || type === "string") {
    return type;
  }
  if (type !== undefined) notes.push(`parameter ${name}: ${type} value read as a string`);
  return "string";
}
