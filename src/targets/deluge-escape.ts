/**
 * Escaping for Deluge output: the only place where a user string becomes Deluge text.
 * Text literals are double-quoted with backslash escapes (`shared/deluge-facts.md` s.3.1);
 * `${...}` needs nothing, because Deluge text has no interpolation.
 *
 * Limitations: Zoho documents only `\"`. `\\`, `\n`, `\r` and `\t` are the escapes Deluge code
 * uses in practice; other control characters are written as they are, since Deluge has no
 * documented escape for them.
 */

const stringEscapes: Readonly<Record<string, string>> = {
  '"': '\\"',
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

/** Writes `value` as a Deluge text literal, quotes included. */
export function delugeString(value: string): string {
  return `"${value.replace(/["\\\n\r\t]/g, (char) => stringEscapes[char] ?? char)}"`;
}

/** Makes `text` safe inside a `//` comment: line breaks would end the comment early. */
export function delugeComment(text: string): string {
  return text.replace(/\r\n|[\r\n\u2028\u2029]/g, " ");
}
