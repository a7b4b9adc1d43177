/**
 * Runs one logical request as a series of attempts under a `RetryPolicy`: each failed attempt
 * that the policy calls retryable is followed by a wait (reported through debuglog and the
 * `invokekit:retry` channel) and another attempt, until one succeeds or the budget is spent.
 */
import { publishRetry, redactUrl } from "./diagnostics.ts";
import { type AttemptOutcome, parseRetryAfter, type RetryPolicy } from "./retry-policy.ts";
import { transportError } from "./transport.ts";

/** What one attempt produced: a value, or an error with what the policy needs to judge it. */
export type AttemptResult<T> =
  | { readonly value: T }
  | { readonly error: Error; readonly outcome: AttemptOutcome };

/** The request being retried, for events and decisions. */
export interface RetriedRequest {
  readonly method: string;
  readonly url: string;
  readonly kind: "api" | "token";
  readonly idempotent: boolean;
  readonly signal?: AbortSignal | undefined;
  /**
   * Builds the error to throw when retries run out after `attempts` attempts; `retryAfterMs`
   * is the wait the last reply's `Retry-After` asked for, when it had one.
   */
  readonly giveUp?: (error: Error, attempts: number, retryAfterMs: number | undefined) => Error;
}

/** Calls `attempt` until it yields a value or the policy stops; throws the last error. */
export async function withRetries<T>(
  policy: RetryPolicy,
  request: RetriedRequest,
  attempt: (retry: number) => Promise<AttemptResult<T>>,
): Promise<T> {
  const startedAt = policy.now();
  for (let retry = 0; ; retry++) {
    const result = await attempt(retry);
    if ("value" in result) return result.value;

    const { error, outcome } = result;
    if (!policy.isRetryable(request.idempotent, outcome)) throw error;
    const delay = policy.delayBefore(retry + 1, outcome, startedAt);
    if (delay === undefined) {
      const asked =
        outcome.kind === "status" ? parseRetryAfter(outcome.retryAfter, policy.now()) : undefined;
      throw request.giveUp?.(error, retry + 1, asked) ?? error;
    }

    publishRetry({
      method: request.method,
      url: redactUrl(request.url),
      kind: request.kind,
      retry: retry + 1,
      delayMs: delay,
      reason: outcome.kind === "status" ? outcome.status : outcome.code,
    });
    try {
      await policy.sleep(delay, request.signal);
    } catch (abort) {
      const outgoing = { method: request.method, url: request.url };
      throw transportError(outgoing, abort);
    }
  }
}
