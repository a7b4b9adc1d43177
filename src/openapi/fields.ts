/**
 * Reading untyped OpenAPI data: a value as an object of fields (or none), a value as trimmed
 * non-empty text (or none). Documents are JSON or YAML written by anyone, so nothing in them
 * is taken to have the shape the specification gives it.
 */

/** The fields of an object of a document. */
export type Fields = Record<string, unknown>;

/** `value` as an object, or an empty one when it is none (a list, a string, absent). */
export function fields(value: unknown): Fields {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Fields) : {};
}

/** `value` as trimmed text, or undefined when it is no string or only white space. */
export function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
