/**
 * Builds the HTTP request of an API call from its plan: headers (plan headers, JSON content
 * type, accept-encoding, the token), body (JSON text, or a multipart body streamed from disk
 * and rebuilt for every attempt, since a sent one is consumed).
 */
import type { Dispatcher } from "undici";
import type { PlannedRequest } from "../plan/request.ts";
import { jsonBodyHeaders } from "./json-body.ts";
import type { Outgoing } from "./transport.ts";
import { buildFormData, type CheckedFile } from "./upload.ts";

/** A multipart body for `files`, reporting bytes sent so far to `onProgress`. */
export function formDataBody(
  files: readonly CheckedFile[],
  onProgress: ((done: number, total?: number) => void) | undefined,
) {
  const total = files.reduce((sum, file) => sum + file.bytes, 0);
  let sent = 0;
  const onChunk = onProgress
    ? (bytes: number) => {
        sent += bytes;
        onProgress(sent, total);
      }
    : undefined;
  return buildFormData(files, onChunk);
}

/** What varies between the requests of one call (redirect hops, attempts). */
export interface Hop {
  readonly url: string;
  /** The `Authorization` value, or undefined after a redirect that dropped it. */
  readonly authorization: string | undefined;
  readonly body: Outgoing["body"] | undefined;
  readonly signal: AbortSignal | undefined;
  readonly idleTimeoutMs: number;
}

/** The request to send for `plan`. */
export function apiRequest(plan: PlannedRequest, hop: Hop): Outgoing {
  const headers: Record<string, string> = {
    ...Object.fromEntries(plan.headers),
    ...jsonBodyHeaders(plan.body),
    // The runtime decodes JSON itself (case C09); files travel as sent.
    "accept-encoding": plan.response === "file" ? "identity" : "gzip",
  };
  if (hop.authorization !== undefined) headers.authorization = hop.authorization;
  return {
    method: plan.method,
    url: hop.url,
    headers,
    ...(hop.body ? { body: hop.body } : {}),
    signal: hop.signal,
    kind: "api",
    idleTimeoutMs: hop.idleTimeoutMs,
  };
}

/** The first value of a reply header. */
export function headerOf(response: Dispatcher.ResponseData, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
