/**
 * A concurrency limiter: at most N requests of one org in flight, the rest wait in arrival
 * order. Zoho caps concurrent API calls per org and app by edition (zoho-facts §3.2, Kaizen
 * #203) and answers the call over the cap with 429; staying under the cap avoids that cost.
 *
 * Share one `ConcurrencyLimiter` between runtimes that call the same org (pass it as
 * `RuntimeOptions.limiter`); each runtime otherwise has its own.
 */

/** Zoho's documented concurrency cap per org and app, by CRM edition. */
export const EDITION_CONCURRENCY = {
  free: 5,
  standard: 10,
  professional: 15,
  enterprise: 20,
  ultimate: 25,
} as const;

/** A CRM edition name. */
export type Edition = keyof typeof EDITION_CONCURRENCY;

/**
 * Default cap: the Standard edition's 10, which is also the sub-concurrency Zoho applies to
 * heavy APIs (COQL, bulk writes) on every edition.
 */
export const DEFAULT_CONCURRENCY = EDITION_CONCURRENCY.standard;

/** Limits how many tasks run at once. */
export class ConcurrencyLimiter {
  /** Most tasks allowed at once. */
  readonly limit: number;
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(limit: number = DEFAULT_CONCURRENCY) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`Concurrency limit must be a positive integer, got ${limit}.`);
    }
    this.limit = limit;
  }

  /** Tasks running now. */
  get active(): number {
    return this.#active;
  }

  /** Tasks waiting for a slot. */
  get pending(): number {
    return this.#waiting.length;
  }

  /** Waits for a slot; call the returned function exactly once to give it back. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (this.#active < this.limit) {
      this.#active++;
      return this.#releaser();
    }
    signal?.throwIfAborted();
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        const index = this.#waiting.indexOf(grant);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiting.push(grant);
    });
    return this.#releaser();
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The slot passes straight to the next waiter, so a newcomer cannot jump the queue.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    };
  }
}
