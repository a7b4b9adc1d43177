/**
 * Silent-by-default diagnostics: `NODE_DEBUG=invokekit` prints one line per request and reply
 * through `node:util` debuglog, and `diagnostics_channel` publishes the same facts to
 * subscribers of `invokekit:request`, `invokekit:response`, `invokekit:retry` and
 * `invokekit:warning`. URLs are redacted first; headers
 * and bodies are never published, so tokens and secrets cannot leak through here.
 */
import { channel } from "node:diagnostics_channel";
import { debuglog } from "node:util";

/** Published on `invokekit:request` before a request is sent. */
export interface RequestEvent {
  readonly method: string;
  /** URL with secret-looking query values replaced by `REDACTED`. */
  readonly url: string;
  /** `api` for API calls, `token` for the accounts server. */
  readonly kind: "api" | "token";
}

/** Published on `invokekit:response` once the status is known, or the request failed. */
export interface ResponseEvent extends RequestEvent {
  /** HTTP status, or undefined when the request failed before a reply. */
  readonly status: number | undefined;
  /** Milliseconds from sending to the reply's headers (or the failure). */
  readonly durationMs: number;
  /** The error's `code` when the request failed. */
  readonly errorCode?: string;
}

/** Published on `invokekit:retry` before the runtime waits and sends a request again. */
export interface RetryEvent {
  readonly method: string;
  /** URL with secret-looking query values replaced by `REDACTED`. */
  readonly url: string;
  readonly kind: "api" | "token";
  /** 1 for the first retry. */
  readonly retry: number;
  /** Milliseconds the runtime waits before sending again. */
  readonly delayMs: number;
  /** The HTTP status, or the `IK_HTTP_*` code of the transport failure, that caused it. */
  readonly reason: number | string;
}

/** Published on `invokekit:warning` for surprises that do not stop a call. */
export interface WarningEvent {
  /** Stable id, e.g. `IK_WARN_DATA_CENTER`. */
  readonly code: string;
  readonly message: string;
}

const log = debuglog("invokekit");
const requestChannel = channel("invokekit:request");
const responseChannel = channel("invokekit:response");
const retryChannel = channel("invokekit:retry");
const warningChannel = channel("invokekit:warning");

// Query parameter names whose values are credentials or one-time codes.
const SECRET_PARAMETER = /token|secret|code|password|key/i;

/** Returns `url` without user info and with secret-looking query values redacted. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "<invalid URL>";
  }
  parsed.username = "";
  parsed.password = "";
  for (const name of [...new Set(parsed.searchParams.keys())]) {
    if (SECRET_PARAMETER.test(name)) parsed.searchParams.set(name, "REDACTED");
  }
  return parsed.toString();
}

/**
 * Whether anyone listens to requests and replies (debuglog on, or a channel subscriber): when
 * nobody does, the sender skips building the events, redacting URLs and timing.
 */
export function requestsObserved(): boolean {
  return log.enabled || requestChannel.hasSubscribers || responseChannel.hasSubscribers;
}

/** Reports a request about to be sent. */
export function publishRequest(event: RequestEvent): void {
  log("%s %s %s", event.kind, event.method, event.url);
  if (requestChannel.hasSubscribers) requestChannel.publish(event);
}

/** Reports a reply's status (or a failure) and how long it took. */
export function publishResponse(event: ResponseEvent): void {
  const outcome = event.status ?? event.errorCode ?? "failed";
  log("%s %s %s -> %s in %dms", event.kind, event.method, event.url, outcome, event.durationMs);
  if (responseChannel.hasSubscribers) responseChannel.publish(event);
}

/** Reports a retry about to happen. */
export function publishRetry(event: RetryEvent): void {
  log(
    "%s %s %s -> retry %d in %dms after %s",
    event.kind,
    event.method,
    event.url,
    event.retry,
    event.delayMs,
    event.reason,
  );
  if (retryChannel.hasSubscribers) retryChannel.publish(event);
}

/** Reports a warning (the message must already be free of secrets). */
export function publishWarning(event: WarningEvent): void {
  log("warning %s: %s", event.code, event.message);
  if (warningChannel.hasSubscribers) warningChannel.publish(event);
}
