/**
 * Escaping for POSIX shell output (the curl samples): the only place where a user string becomes
 * shell text. Plain values are double-quoted like Zoho's own samples; a value with a character
 * that double quotes do not neutralise in every shell (`$`, backtick, `"`, `\`, and `!`, which
 * interactive bash expands) is single-quoted instead, where every character is literal.
 */

const needsSingleQuotes = /[$`"\\!]/;

/** Writes `value` as one shell word that the shell reads back as exactly `value`. */
export function shellWord(value: string): string {
  if (!needsSingleQuotes.test(value)) return `"${value}"`;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * Writes one shell word made of literal `text` followed by the value of environment variable
 * `variable`, e.g. `"Authorization: Zoho-oauthtoken ${ZOHO_ACCESS_TOKEN}"`.
 */
export function shellWordWithVariable(text: string, variable: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
    throw new TypeError(`Not a shell variable name: ${JSON.stringify(variable)}`);
  }
  if (!needsSingleQuotes.test(text)) return `"${text}\${${variable}}"`;
  return `${shellWord(text)}"\${${variable}}"`;
}

/** Makes `text` safe inside a `#` comment: a line break would turn the rest into a command. */
export function shellComment(text: string): string {
  return text.replace(/\r\n|[\r\n\u2028\u2029]/g, " ");
}

/**
 * The value of a curl `-F` file field, `name=@path`. curl reads `;` and `,` in it as option
 * separators, so a path holding them (or quotes or backslashes) is double-quoted for curl with
 * `\"` and `\\` escapes (curl's own rule for `-F` file names). Shell quoting comes on top.
 */
export function curlFormFile(part: string, path: string): string {
  if (!/[;,"\\]/.test(path)) return `${part}=@${path}`;
  return `${part}=@"${path.replace(/["\\]/g, (char) => `\\${char}`)}"`;
}
