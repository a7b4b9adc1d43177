/**
 * JSON text in and out of the runtime. Zoho record ids have 19 digits and exceed 2^53, so a
 * plain `JSON.parse` would round an id written as a bare number (`3652397000000624046` becomes
 * `3652397000000624000`) and the next call would address another record. `parseJsonSafe` keeps
 * every integer literal that a double cannot hold exactly as a string of its digits instead;
 * everything else parses as `JSON.parse` would.
 *
 * Why not a reviver: the reviver's third `context.source` argument (which holds the literal
 * text) is not in Node 20, and by the time a plain reviver runs the digits are already lost.
 *
 * Limitations: a large decimal with a fraction or exponent (`1.5e300`, `0.1000000000000000055`)
 * is parsed as a double, as `JSON.parse` does; only integers are kept exact.
 */

// A JSON string literal, or a number literal; strings come first so digits inside them are
// skipped. Anchored to what JSON allows, since the text is then handed to `JSON.parse`.
const TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

// Any integer of 16 or more digits may exceed 2^53 - 1 (9007199254740991, 16 digits).
const LONG_DIGITS = /\d{16}/;

/**
 * Parses JSON `text` like `JSON.parse`, except that an integer literal outside the range
 * `Number.isSafeInteger` accepts becomes a string holding its exact digits. Throws
 * `SyntaxError` for text that is not JSON.
 */
export function parseJsonSafe(text: string): unknown {
  // Most replies hold no long digit run at all; they take the fast path.
  if (!LONG_DIGITS.test(text)) return JSON.parse(text) as unknown;
  const quoted = text.replace(TOKEN, (token) => {
    if (token.startsWith('"') || /[.eE]/.test(token)) return token;
    return Number.isSafeInteger(Number(token)) ? token : `"${token}"`;
  });
  return JSON.parse(quoted) as unknown;
}

/** Content type of the JSON bodies the runtime sends. */
export const JSON_CONTENT_TYPE = "application/json";

/** Headers that go with a planned JSON body: its content type, as the plan names it. */
export function jsonBodyHeaders(body: { readonly contentType: string } | undefined) {
  return body === undefined ? {} : { "content-type": body.contentType };
}
