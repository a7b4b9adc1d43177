/**
 * Fault injection: tests queue faults and the sandbox applies them, in order, to the next
 * requests they match, so a client's retry, timeout and resume paths can be exercised on
 * loopback without a flaky network.
 */
import { SandboxError } from "./sandbox-error.ts";

/** Fields every fault shares. */
interface FaultTarget {
  /** Only requests to this exact path (e.g. `/crm/v2/files`) match; default: any request. */
  path?: string;
  /** How many matching requests the fault applies to before it is used up; default 1. */
  times?: number;
}

/** Reply with a Zoho JSON error, e.g. 429 `TOO_MANY_REQUESTS` or 503. */
export interface StatusFault extends FaultTarget {
  kind: "status";
  /** HTTP status, 400-599. */
  status: number;
  /** Zoho error code; default: the code Zoho documents for `status` (429 TOO_MANY_REQUESTS). */
  code?: string;
  /** Value of a `Retry-After` header to send; default: none (Zoho does not document one). */
  retryAfter?: string;
}

/** Reply with an HTML error page, as a gateway or load balancer in front of Zoho would. */
export interface HtmlFault extends FaultTarget {
  kind: "html";
  /** HTTP status, 400-599. */
  status: number;
}

/** Destroy the connection without sending anything. */
export interface ResetFault extends FaultTarget {
  kind: "reset";
}

/**
 * Answer normally but cut the body: the full `Content-Length` is announced, `afterBytes` bytes
 * of the body are sent, then the connection is destroyed. Meant for downloads.
 */
export interface TruncateFault extends FaultTarget {
  kind: "truncate";
  /** Body bytes sent before the connection is destroyed (>= 0). */
  afterBytes: number;
}

/** Wait before handling the request (real time, not the injected clock). */
export interface SlowFault extends FaultTarget {
  kind: "slow";
  /** Delay in milliseconds, 0 to {@link MAX_SLOW_DELAY_MS}. */
  delayMs: number;
}

/**
 * Answer normally but pause the body: `afterBytes` bytes are sent, then nothing for
 * `delayMs`, then the rest. A long delay is a stalled download (case C13).
 */
export interface SlowBodyFault extends FaultTarget {
  kind: "slow-body";
  /** Body bytes sent before the pause (>= 0). */
  afterBytes: number;
  /** Pause in milliseconds, 0 to {@link MAX_SLOW_DELAY_MS}. */
  delayMs: number;
}

/**
 * Hold the request, before it is handled, until the test calls `Sandbox.releaseHeld()` (or
 * `POST /__sandbox/release`). Lets a test decide when requests overlap, with no clock.
 */
export interface HoldFault extends FaultTarget {
  kind: "hold";
}

/** Treat the request's access token as expired: 401 `INVALID_TOKEN`, as Zoho does. */
export interface ExpiredTokenFault extends FaultTarget {
  kind: "expired-token";
}

/** A fault to inject with `Sandbox.injectFault`. */
export type Fault =
  | StatusFault
  | HtmlFault
  | ResetFault
  | TruncateFault
  | SlowFault
  | SlowBodyFault
  | HoldFault
  | ExpiredTokenFault;

/** Every fault kind, for parsers. */
export const FAULT_KINDS: readonly Fault["kind"][] = [
  "status",
  "html",
  "reset",
  "truncate",
  "slow",
  "slow-body",
  "hold",
  "expired-token",
];

/** Upper bound of a slow fault's delay, so a forgotten fault cannot hang a test run. */
export const MAX_SLOW_DELAY_MS = 30_000;

interface QueuedFault {
  readonly fault: Fault;
  remaining: number;
}

/** The queue of pending faults; the first one matching a request is applied and counted. */
export class FaultQueue {
  readonly #queue: QueuedFault[] = [];

  /** Validates `fault` and appends it; throws `IK_SANDBOX_FAULT` on out-of-range values. */
  add(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!(times >= 1) || (!Number.isInteger(times) && times !== Number.POSITIVE_INFINITY)) {
      throw faultError(`times must be a positive integer or Infinity, got ${times}`);
    }
    if (fault.kind === "status" || fault.kind === "html") {
      if (!Number.isInteger(fault.status) || fault.status < 400 || fault.status > 599) {
        throw faultError(`status must be an integer from 400 to 599, got ${fault.status}`);
      }
    }
    if (
      fault.kind === "truncate" &&
      !(Number.isInteger(fault.afterBytes) && fault.afterBytes >= 0)
    ) {
      throw faultError(`afterBytes must be a non-negative integer, got ${fault.afterBytes}`);
    }
    if (!FAULT_KINDS.includes(fault.kind)) {
      throw faultError(`kind must be one of ${FAULT_KINDS.join(", ")}, got ${String(fault.kind)}`);
    }
    if (
      fault.kind === "slow-body" &&
      !(Number.isInteger(fault.afterBytes) && fault.afterBytes >= 0)
    ) {
      throw faultError(`afterBytes must be a non-negative integer, got ${fault.afterBytes}`);
    }
    if (
      (fault.kind === "slow" || fault.kind === "slow-body") &&
      !(fault.delayMs >= 0 && fault.delayMs <= MAX_SLOW_DELAY_MS)
    ) {
      throw faultError(`delayMs must be from 0 to ${MAX_SLOW_DELAY_MS}, got ${fault.delayMs}`);
    }
    this.#queue.push({ fault, remaining: times });
  }

  /** Drops every queued fault. */
  clear(): void {
    this.#queue.length = 0;
  }

  /** Returns the fault to apply to a request for `path`, using up one of its times. */
  take(path: string): Fault | undefined {
    const index = this.#queue.findIndex((queued) => (queued.fault.path ?? path) === path);
    const queued = this.#queue[index];
    if (queued === undefined) return undefined;
    queued.remaining -= 1;
    if (queued.remaining <= 0) this.#queue.splice(index, 1);
    return queued.fault;
  }
}

function faultError(problem: string): SandboxError {
  return new SandboxError("IK_SANDBOX_FAULT", `Cannot inject the sandbox fault: ${problem}.`);
}
