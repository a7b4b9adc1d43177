/**
 * Requests as the equivalence test compares them, and the comparison itself, from the entries
 * of a sandbox started with `logBodies` (method, path, query, headers and body bytes).
 *
 * Compared: method, path, query as a multiset, body bytes, and every header except
 * authentication (`authorization`) and the ones each HTTP client sets for itself (host,
 * connection, length, user agent, accepted encodings). A multipart body is compared part by
 * part (name, file name, bytes) with its random boundary left out; a part's own Content-Type
 * is not compared, because curl derives it from the file extension while undici and Zoho's
 * FILE objects send `application/octet-stream`.
 */
import type { LoggedRequest } from "../../src/sandbox/index.ts";

/** One request in comparable form. */
export interface CapturedRequest {
  readonly method: string;
  readonly path: string;
  /** `name=value` pairs, sorted: a multiset. */
  readonly query: readonly string[];
  /** Compared headers, lower-case names, sorted. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body in a comparable text form. */
  readonly body: string;
}

const clientHeaders = new Set([
  "authorization",
  "host",
  "connection",
  "keep-alive",
  "content-length",
  "transfer-encoding",
  "user-agent",
  "accept",
  "accept-encoding",
  "accept-language",
  "sec-fetch-mode",
]);

/** Builds the comparable form of a sandbox log entry (no body bytes logged: empty body). */
export function captured(entry: LoggedRequest): CapturedRequest {
  const body = entry.body ?? Buffer.alloc(0);
  const query: string[] = [];
  for (const [name, value] of Object.entries(entry.query)) {
    for (const item of Array.isArray(value) ? value : [value]) query.push(`${name}=${item}`);
  }
  const headers: Record<string, string> = {};
  for (const name of Object.keys(entry.headers).sort()) {
    if (clientHeaders.has(name)) continue;
    const value = entry.headers[name];
    headers[name] = Array.isArray(value) ? value.join(", ") : (value ?? "");
  }
  const boundary = /^multipart\/form-data;\s*boundary=(.+)$/i.exec(headers["content-type"] ?? "");
  if (boundary?.[1]) headers["content-type"] = "multipart/form-data; boundary=<random>";
  return {
    method: entry.method,
    path: entry.path,
    query: query.sort(),
    headers,
    body: boundary?.[1] ? multipartParts(body, boundary[1].replace(/^"|"$/g, "")) : bodyText(body),
  };
}

function bodyText(body: Buffer): string {
  return body.length === 0 ? "(none)" : `bytes ${body.toString("hex")}`;
}

/** `name="file"; filename="a.pdf"; bytes=<hex>` per part, in order. */
function multipartParts(body: Buffer, boundary: string): string {
  const parts: string[] = [];
  const text = body.toString("latin1");
  for (const chunk of text.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith("--")) break;
    const split = chunk.indexOf("\r\n\r\n");
    const head = chunk.slice(2, split);
    const content = Buffer.from(chunk.slice(split + 4, -2), "latin1");
    const disposition = /content-disposition:([^\r\n]*)/i.exec(head)?.[1] ?? "";
    const name = /\bname="([^"]*)"/.exec(disposition)?.[1] ?? "";
    const fileName = /filename="([^"]*)"/.exec(disposition)?.[1];
    const utf8Name = fileName === undefined ? "" : Buffer.from(fileName, "latin1").toString();
    parts.push(`name="${name}" filename="${utf8Name}" bytes=${content.toString("hex")}`);
  }
  return `multipart ${parts.join(" | ")}`;
}

/** Every difference between two requests, each line naming the field. Empty when equal. */
export function requestDifferences(
  leftLabel: string,
  left: CapturedRequest,
  rightLabel: string,
  right: CapturedRequest,
): string[] {
  const differences: string[] = [];
  const compare = (field: string, a: string, b: string) => {
    if (a !== b) differences.push(`${field}: ${leftLabel} ${a} | ${rightLabel} ${b}`);
  };
  compare("method", left.method, right.method);
  compare("path", left.path, right.path);
  compare("query", JSON.stringify(left.query), JSON.stringify(right.query));
  const names = [...new Set([...Object.keys(left.headers), ...Object.keys(right.headers)])];
  for (const name of names.sort()) {
    compare(`header ${name}`, left.headers[name] ?? "(absent)", right.headers[name] ?? "(absent)");
  }
  compare("body", left.body, right.body);
  return differences;
}
