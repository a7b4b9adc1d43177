/**
 * JSON bodies in Deluge (case C24): the body is built as Deluge collections, `Map()` with
 * `put` for objects and `List()` with `add` for arrays, never as `[...]` or `{...}` literals
 * nested in a map literal (the Deluge editor rewrites those), and sent as
 * `parameters: payload.toString()` with a `Content-Type: application/json` header. Deluge
 * prints a map or list as JSON in insertion order, so the text sent is `JSON.stringify` of the
 * same value, byte for byte, which is what the runtime and the curl sample send.
 *
 * Each collection is built before the one that holds it, so the statements read top-down:
 * the innermost records first, `payload` last. Numbers, booleans and null stay unquoted.
 *
 * Where the body schema says what a text is, the value is built rather than written as a
 * literal (`deluge-values.ts`): a `date` / `date-time` string from a DATE-TIME value with an
 * explicit pattern and offset (case C17), a `coql` query with its values' quotes doubled by
 * `replaceAll` (case C16).
 *
 * Limitations: other text values are written as they are; a query in a body string without
 * `format: coql` must already hold its quotes doubled (`'Acme''s'`).
 */
import type { JsonSchema } from "../spec/model.ts";
import { delugeString } from "./deluge-escape.ts";
import { delugeCoqlValue, delugeDateValue } from "./deluge-values.ts";

/** Statements that build `value` into a variable, and that variable's name. */
export interface DelugeJsonBuild {
  readonly lines: readonly string[];
  readonly variable: string;
}

/**
 * Writes the statements building the JSON `value` (an object or array) under a variable named
 * by `variableName(base)`, which must hand out unique names. `schema`, the body's schema, tells
 * which texts are dates, date-times or COQL queries.
 */
export function delugeJsonStatements(
  value: unknown,
  base: string,
  variableName: (name: string) => string,
  schema?: JsonSchema,
): DelugeJsonBuild {
  const lines: string[] = [];
  const build = (item: unknown, name: string, shape: JsonSchema | undefined): string => {
    if (Array.isArray(item)) {
      const itemName = `${name.replace(/List$/, "")}Item`;
      const parts = item.map((element) => expression(element, itemName, shape?.items));
      const variable = variableName(name);
      lines.push(`${variable} = List();`, ...parts.map((part) => `${variable}.add(${part});`));
      return variable;
    }
    const entries = Object.entries(item as Record<string, unknown>);
    const extra = shape?.additionalProperties;
    const child = (key: string) =>
      shape?.properties?.[key] ?? (typeof extra === "object" ? extra : undefined);
    const parts = entries.map(
      ([key, element]) => [key, expression(element, key, child(key))] as const,
    );
    const variable = variableName(name);
    lines.push(
      `${variable} = Map();`,
      ...parts.map(([key, part]) => `${variable}.put(${delugeString(key)}, ${part});`),
    );
    return variable;
  };
  const expression = (item: unknown, name: string, shape: JsonSchema | undefined): string => {
    if (item === null || item === undefined) return "null";
    if (typeof item === "string") return text(item, name, shape);
    if (typeof item === "number" || typeof item === "boolean") return JSON.stringify(item);
    return build(item, Array.isArray(item) ? `${name}List` : name, shape);
  };
  const text = (item: string, name: string, shape: JsonSchema | undefined): string => {
    const format = shape?.format;
    const zone = shape?.["x-tz"];
    const kind = format === "date" ? "date" : format === "date-time" ? "datetime" : undefined;
    if (kind !== undefined) {
      const built = delugeDateValue(name, kind, item, variableName, zone);
      if (built) {
        lines.push(...built.lines);
        return built.expression;
      }
    }
    if (format === "coql") {
      const built = delugeCoqlValue(item, variableName);
      if (built) {
        const variable = variableName(name);
        lines.push(...built.lines, `${variable} = ${built.expression};`);
        return variable;
      }
    }
    return delugeString(item);
  };
  const variable = build(value, base, schema);
  return { lines, variable };
}
