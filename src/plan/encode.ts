/**
 * Percent-encoding shared by every target and the runtime, so that one argument is written
 * the same way in the Node client, the curl sample and the Deluge snippet.
 */

/**
 * Encodes a value for a URL query or path segment per RFC 3986 section 2.3: everything but
 * unreserved characters (`A-Z a-z 0-9 - . _ ~`) becomes `%XX` of its UTF-8 bytes. Unlike
 * `encodeURIComponent`, it also encodes `! ' ( ) *`, which some servers treat as delimiters.
 */
export function encodeUriComponentStrict(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
