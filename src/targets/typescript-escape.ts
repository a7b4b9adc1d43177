/**
 * Escaping for TypeScript output (the SDK): the only place where a user string becomes code.
 */

/** Writes `value` as a TypeScript string literal (JSON strings are valid TS literals). */
export function typeScriptString(value: string): string {
  return JSON.stringify(value);
}

/** A property name: bare when it is an identifier, else a string literal. */
export function typeScriptPropertyName(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** Makes `text` safe on one JSDoc line: `*\/` would end the comment, a break would leave it. */
export function typeScriptDoc(text: string): string {
  return text.replace(/\r\n|[\r\n\u2028\u2029]/g, " ").replaceAll("*/", "*\\/");
}
