/**
 * Sends one HTTP request through an undici dispatcher, reports it to diagnostics and turns
 * low-level failures into `TransportError`s that name the method and the redacted URL.
 */
import type { Dispatcher } from "undici";
import { publishRequest, publishResponse, redactUrl, requestsObserved } from "./diagnostics.ts";
import { TransportError } from "./errors.ts";

/** What to send. `body` may be a string, a Buffer or an undici `FormData`. */
export interface Outgoing {
  readonly method: Dispatcher.HttpMethod;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: Dispatcher.DispatchOptions["body"];
  readonly signal?: AbortSignal | undefined;
  readonly kind: "api" | "token";
  /** Longest silence between body chunks, ms (undici's `bodyTimeout`); default undici's. */
  readonly idleTimeoutMs?: number | undefined;
}

// undici and Node error codes mapped to stable transport codes.
const TRANSPORT_CODES: Readonly<Record<string, string>> = {
  UND_ERR_CONNECT_TIMEOUT: "IK_HTTP_CONNECT_TIMEOUT",
  UND_ERR_HEADERS_TIMEOUT: "IK_HTTP_HEADERS_TIMEOUT",
  UND_ERR_BODY_TIMEOUT: "IK_HTTP_BODY_TIMEOUT",
  UND_ERR_SOCKET: "IK_HTTP_CONNECTION_CLOSED",
  UND_ERR_CLOSED: "IK_HTTP_CONNECTION_CLOSED",
  ECONNABORTED: "IK_HTTP_CONNECTION_RESET",
  EPIPE: "IK_HTTP_CONNECTION_RESET",
  UND_ERR_ABORTED: "IK_HTTP_ABORTED",
  ABORT_ERR: "IK_HTTP_ABORTED",
  ECONNREFUSED: "IK_HTTP_CONNECTION_REFUSED",
  ECONNRESET: "IK_HTTP_CONNECTION_RESET",
  ENOTFOUND: "IK_HTTP_HOST_NOT_FOUND",
  EAI_AGAIN: "IK_HTTP_HOST_NOT_FOUND",
};

/** The stable `IK_HTTP_*` code for a low-level failure. */
export function transportCode(error: unknown): string {
  const raw = (error as { code?: unknown } | null)?.code;
  if (typeof raw === "string" && TRANSPORT_CODES[raw]) return TRANSPORT_CODES[raw];
  if ((error as { name?: unknown } | null)?.name === "AbortError") return "IK_HTTP_ABORTED";
  return "IK_HTTP_TRANSPORT";
}

/** Wraps a failure while sending or reading `outgoing` as a `TransportError`. */
export function transportError(
  outgoing: Pick<Outgoing, "method" | "url">,
  error: unknown,
): TransportError {
  return new TransportError(transportCode(error), outgoing.method, redactUrl(outgoing.url), error);
}

/** Sends `outgoing` and resolves with the reply once its headers arrived. */
export async function send(
  dispatcher: Dispatcher,
  outgoing: Outgoing,
): Promise<Dispatcher.ResponseData> {
  const url = new URL(outgoing.url);
  const request: Dispatcher.RequestOptions = {
    origin: url.origin,
    path: url.pathname + url.search,
    method: outgoing.method,
    headers: outgoing.headers,
    body: outgoing.body ?? null,
    signal: outgoing.signal,
  };
  if (outgoing.idleTimeoutMs !== undefined) request.bodyTimeout = outgoing.idleTimeoutMs;
  if (!requestsObserved()) {
    try {
      return await dispatcher.request(request);
    } catch (error) {
      throw transportError(outgoing, error);
    }
  }

  const event = { method: outgoing.method, url: redactUrl(outgoing.url), kind: outgoing.kind };
  publishRequest(event);
  const started = performance.now();
  try {
    const response = await dispatcher.request(request);
    publishResponse({
      ...event,
      status: response.statusCode,
      durationMs: Math.round(performance.now() - started),
    });
    return response;
  } catch (error) {
    const wrapped = transportError(outgoing, error);
    publishResponse({
      ...event,
      status: undefined,
      durationMs: Math.round(performance.now() - started),
      errorCode: wrapped.code,
    });
    throw wrapped;
  }
}
