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
 * Limitations: text values are written as they are; a COQL query (case C16) must already hold
 * its quotes doubled (`'Acme''s'`) in the example or the value a user puts in, since this
 * module does not know which text is a query.
 */
import { delugeString } from "./deluge-escape.ts";

/** Statements that build `value` into a variable, and that variable's name. */
export interface DelugeJsonBuild {
  readonly lines: readonly string[];
  readonly variable: string;
}

/**
 * Writes the statements building the JSON `value` (an object or array) under a variable named
 * by `variableName(base)`, which must hand out unique names.
 */
export function delugeJsonStatements(
  value: unknown,
  base: string,
  variableName: (name: string) => string,
): DelugeJsonBuild {
  const lines: string[] = [];
  const build = (item: unknown, name: string): string => {
    if (Array.isArray(item)) {
      const parts = item.map((element) => expression(element, `${name.replace(/List$/, "")}Item`));
      const variable = variableName(name);
      lines.push(`${variable} = List();`, ...parts.map((part) => `${variable}.add(${part});`));
      return variable;
    }
    const entries = Object.entries(item as Record<string, unknown>);
    const parts = entries.map(([key, element]) => [key, expression(element, key)] as const);
    const variable = variableName(name);
    lines.push(
      `${variable} = Map();`,
      ...parts.map(([key, part]) => `${variable}.put(${delugeString(key)}, ${part});`),
    );
    return variable;
  };
  const expression = (item: unknown, name: string): string => {
    if (item === null || item === undefined) return "null";
    if (typeof item === "string") return delugeString(item);
    if (typeof item === "number" || typeof item === "boolean") return JSON.stringify(item);
    return build(item, Array.isArray(item) ? `${name}List` : name);
  };
  const variable = build(value, base);
  return { lines, variable };
}
