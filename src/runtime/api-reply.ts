/**
 * Reads replies that carry JSON: successful documents and Zoho's error envelope
 * `{"code","details","message","status":"error"}`. A body that is not the JSON it should be
 * (an HTML gateway page, a truncated document) becomes an `UnexpectedResponseError` showing the
 * status and the body's first 200 characters, never a bare `SyntaxError`.
 *
 * Compressed bodies (case C09): the runtime asks for gzip on JSON calls and decodes the body
 * itself; a body labelled gzip that is not compressed is read as it is (with a debug line),
 * since some gateways label plain bodies.
 */
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from "node:zlib";
import type { Dispatcher } from "undici";
import type { Endpoint } from "../spec/model.ts";
import { publishWarning } from "./diagnostics.ts";
import { UnexpectedResponseError, ZohoApiError } from "./errors.ts";
import { parseJsonSafe } from "./json-body.ts";

/** Largest decoded JSON body, so a small compressed body cannot inflate without bound. */
const MAX_DECODED_BYTES = 256 * 1024 * 1024;

/** What error mapping needs from an endpoint. */
export type ErrorSource = Pick<Endpoint, "id" | "errors">;

/** Replaces secrets in text taken from a reply; identity when no secrets are known. */
export type Scrub = (text: string) => string;

/** Largest error body read into memory; the rest is discarded (HTML pages can be large). */
const ERROR_BODY_LIMIT = 64 * 1024;

/** Length of the body excerpt kept in errors. */
const SNIPPET_LENGTH = 200;

/** The reply's `content-type` header, or "". */
export function contentTypeOf(response: Dispatcher.ResponseData): string {
  const value = response.headers["content-type"];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** Reads at most `limit` bytes of a body and discards the rest. */
export async function readBytes(body: Dispatcher.ResponseData["body"], limit: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    if (size < limit) chunks.push(buffer.subarray(0, limit - size));
    size += buffer.length;
  }
  return Buffer.concat(chunks);
}

/** Reads at most `limit` bytes of a body as UTF-8 and discards the rest. */
export async function readText(body: Dispatcher.ResponseData["body"], limit: number) {
  return (await readBytes(body, limit)).toString("utf8");
}

/** Reads a reply body, undoing its `Content-Encoding`, as UTF-8 text. */
export async function readDecodedText(
  response: Dispatcher.ResponseData,
  limit: number,
): Promise<string> {
  const raw = await readBytes(response.body, limit);
  return decodeBody(raw, headerValue(response, "content-encoding")).toString("utf8");
}

/**
 * Undoes `encoding` (gzip, deflate, br). A body that fails to decode is returned as it came,
 * because a false `Content-Encoding` label on a plain body is a known gateway quirk.
 */
export function decodeBody(raw: Buffer, encoding: string | undefined): Buffer {
  const name = (encoding ?? "").trim().toLowerCase();
  if (name === "" || name === "identity" || raw.length === 0) return raw;
  const options = { maxOutputLength: MAX_DECODED_BYTES };
  try {
    if (name === "gzip" || name === "x-gzip") return gunzipSync(raw, options);
    if (name === "br") return brotliDecompressSync(raw, options);
    if (name === "deflate") {
      // RFC 9110 says zlib-wrapped, but some servers send raw deflate.
      try {
        return inflateSync(raw, options);
      } catch {
        return inflateRawSync(raw, options);
      }
    }
  } catch {
    publishWarning({
      code: "IK_WARN_CONTENT_ENCODING",
      message: `a body labelled Content-Encoding: ${name} is not ${name} data; read as is`,
    });
    return raw;
  }
  return raw;
}

function headerValue(response: Dispatcher.ResponseData, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Parses a successful JSON reply; an empty or non-JSON body is an error. */
export async function readJsonReply(
  response: Dispatcher.ResponseData,
  endpoint: ErrorSource,
  host: string,
  scrub: Scrub,
): Promise<unknown> {
  const text = await readDecodedText(response, MAX_DECODED_BYTES);
  const contentType = contentTypeOf(response);
  const what = `${endpoint.id} got a reply from ${host} that is not JSON`;
  if (/text\/html/i.test(contentType) || /^\s*</.test(text)) {
    throw unexpected(response.statusCode, contentType, scrub(text), what);
  }
  try {
    // Integers past 2^53 (19-digit record ids) stay exact, as strings.
    return parseJsonSafe(text);
  } catch (error) {
    throw unexpected(response.statusCode, contentType, scrub(text), what, scrubbed(error, scrub));
  }
}

/**
 * Turns a non-2xx reply into the error to throw: `ZohoApiError` for Zoho's envelope (with the
 * resolution the spec documents for its code), `UnexpectedResponseError` for anything else.
 */
export async function readErrorReply(
  response: Dispatcher.ResponseData,
  endpoint: ErrorSource,
  scrub: Scrub,
): Promise<ZohoApiError | UnexpectedResponseError> {
  const text = scrub(await readDecodedText(response, ERROR_BODY_LIMIT));
  const contentType = contentTypeOf(response);
  const what = `${endpoint.id} failed with a reply that is not Zoho's JSON error`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return unexpected(response.statusCode, contentType, text, what, scrubbed(error, scrub));
  }
  const envelope = asEnvelope(parsed);
  if (!envelope) return unexpected(response.statusCode, contentType, text, what);
  return new ZohoApiError({
    status: response.statusCode,
    zohoCode: envelope.code,
    message: envelope.message,
    details: envelope.details,
    endpointId: endpoint.id,
    resolution: findResolution(endpoint, envelope.code, response.statusCode),
  });
}

interface Envelope {
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

function asEnvelope(value: unknown): Envelope | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.code !== "string" || record.status !== "error") return undefined;
  const details = record.details;
  return {
    code: record.code,
    message: typeof record.message === "string" ? record.message : "",
    details:
      typeof details === "object" && details !== null && !Array.isArray(details)
        ? (details as Record<string, unknown>)
        : {},
  };
}

// Zoho reuses a code under different statuses rarely; prefer the exact pair, then the code.
function findResolution(endpoint: ErrorSource, code: string, status: number): string | undefined {
  const exact = endpoint.errors.find((e) => e.code === code && e.status === status);
  return (exact ?? endpoint.errors.find((e) => e.code === code))?.resolution;
}

function unexpected(
  status: number,
  contentType: string,
  text: string,
  what: string,
  cause?: unknown,
): UnexpectedResponseError {
  const fields = { status, contentType, bodySnippet: text.slice(0, SNIPPET_LENGTH), what };
  return cause === undefined
    ? new UnexpectedResponseError(fields)
    : new UnexpectedResponseError(fields, { cause });
}

// JSON.parse quotes the start of the text in its message, which may hold a secret.
function scrubbed(error: unknown, scrub: Scrub): Error {
  return new SyntaxError(scrub(error instanceof Error ? error.message : String(error)));
}
