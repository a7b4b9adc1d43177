/**
 * When and how long to wait before sending a request again. Zoho answers 429
 * `TOO_MANY_REQUESTS` over the org's concurrency or credit limit (zoho-facts §3), and gateways
 * in front of it answer 502/503/504 or drop connections. Retries use exponential backoff with
 * full jitter (a random delay between 0 and the exponential cap), so many clients that failed
 * together do not come back together; a `Retry-After` header, in seconds or as an HTTP-date
 * (RFC 9110 §10.2.3), replaces the computed delay.
 *
 * What is retried: 429 for every method (Zoho did not process the request); 502, 503, 504 and
 * lost connections only for idempotent methods, since a POST may have been processed before
 * the reply was lost; and, for any method, a connection that was refused, because then no
 * byte of the request ever left.
 */
import { setTimeout as sleepFor } from "node:timers/promises";

/** Retry settings; every field has a default. */
export interface RetryOptions {
  /** Retries after the first attempt; default 4 (so at most 5 requests). 0 disables retries. */
  readonly maxRetries?: number;
  /** Give up once this many ms passed since the first attempt; default 60 000. */
  readonly maxElapsedMs?: number;
  /** Cap of the first backoff window in ms; default 1 000 (doubles per retry). */
  readonly baseDelayMs?: number;
  /**
   * Largest single wait in ms; default 30 000. A `Retry-After` asking for longer ends the
   * retries at once (retrying sooner than Zoho asked only earns another 429).
   */
  readonly maxDelayMs?: number;
  /** Waits `ms`; default a real timer. Tests inject a fake to run without sleeping. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Random number in [0, 1); default `Math.random`. */
  readonly random?: () => number;
  /** Clock in ms for `maxElapsedMs` and HTTP-date `Retry-After`; default `Date.now`. */
  readonly now?: () => number;
}

/** Methods that may be repeated without changing the outcome (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/** Statuses a gateway or Zoho sends for a temporary condition. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);

/** Transport codes that mean the request may be lost and worth sending again. */
const RETRYABLE_TRANSPORT = new Set([
  "IK_HTTP_CONNECTION_RESET",
  "IK_HTTP_CONNECTION_CLOSED",
  "IK_HTTP_CONNECT_TIMEOUT",
  "IK_HTTP_CONNECTION_REFUSED",
]);

/** A failed attempt, as the policy sees it. */
export type AttemptOutcome =
  | { readonly kind: "status"; readonly status: number; readonly retryAfter?: string | undefined }
  | { readonly kind: "transport"; readonly code: string };

/** Whether `method` may be repeated without changing the outcome. */
export function isIdempotent(method: string): boolean {
  return IDEMPOTENT.has(method);
}

/** Resolved retry settings with the decisions built on them. */
export class RetryPolicy {
  readonly maxRetries: number;
  readonly maxElapsedMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
  readonly now: () => number;

  constructor(options: RetryOptions = {}) {
    this.maxRetries = options.maxRetries ?? 4;
    this.maxElapsedMs = options.maxElapsedMs ?? 60_000;
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.sleep = options.sleep ?? ((ms, signal) => sleepFor(ms, undefined, { signal }));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  /**
   * Whether `outcome` may be retried at all (ignoring the budget); `idempotent` says whether
   * sending the request twice is harmless (see `isIdempotent`).
   */
  isRetryable(idempotent: boolean, outcome: AttemptOutcome): boolean {
    if (outcome.kind === "status") {
      if (outcome.status === 429) return true;
      return RETRYABLE_STATUSES.has(outcome.status) && idempotent;
    }
    if (outcome.code === "IK_HTTP_CONNECTION_REFUSED") return true;
    return RETRYABLE_TRANSPORT.has(outcome.code) && idempotent;
  }

  /**
   * The wait in ms before retry number `retry` (1 for the first retry), or undefined when the
   * budget (retries, total time) is spent. `startedAt` is when the first attempt began.
   */
  delayBefore(retry: number, outcome: AttemptOutcome, startedAt: number): number | undefined {
    if (retry > this.maxRetries) return undefined;
    const fromHeader =
      outcome.kind === "status" ? parseRetryAfter(outcome.retryAfter, this.now()) : undefined;
    if (fromHeader !== undefined && fromHeader > this.maxDelayMs) return undefined;
    const window = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (retry - 1));
    const delay = fromHeader ?? Math.floor(this.random() * window);
    // A wait that would end past the time budget is not worth starting.
    if (this.now() + delay - startedAt > this.maxElapsedMs) return undefined;
    return delay;
  }
}

/**
 * Milliseconds a `Retry-After` value asks for: delay-seconds, or an HTTP-date relative to
 * `now`. Undefined when absent or unreadable; a date in the past means 0.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, date - now);
}
