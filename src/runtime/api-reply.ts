/**
 * Reads replies that carry JSON: successful documents and Zoho's error envelope
 * `{"code","details","message","status":"error"}`. A body that is not the JSON it should be
 * (an HTML gateway page, a truncated document) becomes an `UnexpectedResponseError` showing the
 * status and the body's first 200 characters, never a bare `SyntaxError`.
 */
import type { Dispatcher } from "undici";
import type { Endpoint } from "../spec/model.ts";
import { UnexpectedResponseError, ZohoApiError } from "./errors.ts";

/** Largest error body read into memory; the rest is discarded (HTML pages can be large). */
const ERROR_BODY_LIMIT = 64 * 1024;

/** Length of the body excerpt kept in errors. */
const SNIPPET_LENGTH = 200;

/** The reply's `content-type` header, or "". */
export function contentTypeOf(response: Dispatcher.ResponseData): string {
  const value = response.headers["content-type"];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

/** Reads at most `limit` bytes of a body as UTF-8 and discards the rest. */
export async function readText(body: Dispatcher.ResponseData["body"], limit: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    if (size < limit) chunks.push(buffer.subarray(0, limit - size));
    size += buffer.length;
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Parses a successful JSON reply; an empty or non-JSON body is an error. */
export async function readJsonReply(
  response: Dispatcher.ResponseData,
  endpoint: Endpoint,
): Promise<unknown> {
  const text = await readText(response.body, Number.POSITIVE_INFINITY);
  const contentType = contentTypeOf(response);
  const what = `${endpoint.id} returned a reply that is not JSON`;
  if (/text\/html/i.test(contentType) || /^\s*</.test(text)) {
    throw unexpected(response.statusCode, contentType, text, what);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw unexpected(response.statusCode, contentType, text, what, error);
  }
}

/**
 * Turns a non-2xx reply into the error to throw: `ZohoApiError` for Zoho's envelope (with the
 * resolution the spec documents for its code), `UnexpectedResponseError` for anything else.
 */
export async function readErrorReply(
  response: Dispatcher.ResponseData,
  endpoint: Endpoint,
): Promise<ZohoApiError | UnexpectedResponseError> {
  const text = await readText(response.body, ERROR_BODY_LIMIT);
  const contentType = contentTypeOf(response);
  const what = `${endpoint.id} failed with a reply that is not Zoho's JSON error`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return unexpected(response.statusCode, contentType, text, what, error);
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
function findResolution(endpoint: Endpoint, code: string, status: number): string | undefined {
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
