/**
 * Per-endpoint concurrency (spec key `concurrency`, case C05): Zoho lets an org run only about
 * 10 calls of its heavy APIs at once (COQL, bulk writes, ...; Kaizen #203), on every edition,
 * and answers the next one with 429 however far the org is below its own cap. An endpoint
 * that declares `concurrency` gets a limiter of that size, made once per runtime; a call takes
 * a slot of it first and then one of the org-wide limiter, so calls waiting for the endpoint
 * hold no org slot and other endpoints are not slowed by them. Endpoints without the key cost
 * one map lookup.
 *
 * Limitations: the per-endpoint limiter counts the calls of one runtime. Workers that share an
 * org-wide limiter (Redis) still keep their own endpoint limiters, so N workers may run N times
 * the endpoint's cap of calls at once; give each worker a share of it in its spec if needed.
 */
import type { Connector } from "../spec/model.ts";
import { ConcurrencyLimiter } from "./limiter.ts";

/** What a limiter offers: a slot, and a function that gives it back. */
interface SlotSource {
  acquire(signal?: AbortSignal): Promise<() => void>;
}

/** The limiters of the endpoints of one connector that declare `concurrency`. */
export class EndpointLimits {
  readonly #limiters: ReadonlyMap<string, ConcurrencyLimiter>;

  constructor(connector: Connector) {
    const limiters = new Map<string, ConcurrencyLimiter>();
    for (const endpoint of connector.endpoints) {
      if (endpoint.concurrency !== undefined) {
        limiters.set(endpoint.id, new ConcurrencyLimiter(endpoint.concurrency));
      }
    }
    this.#limiters = limiters;
  }

  /** The limiter of `endpointId`, when the endpoint declares its own concurrency. */
  of(endpointId: string): ConcurrencyLimiter | undefined {
    return this.#limiters.size === 0 ? undefined : this.#limiters.get(endpointId);
  }

  /**
   * Takes a slot of the endpoint's limiter (if it has one), then one of `org`; resolves to
   * one function that gives both back. Without an own limiter this is `org.acquire` itself,
   * with no extra step. On an abort or a failure of `org`, the endpoint's slot is given back
   * before the error propagates.
   */
  acquire(endpointId: string, org: SlotSource, signal?: AbortSignal): Promise<() => void> {
    const own = this.of(endpointId);
    return own ? bothSlots(own, org, signal) : org.acquire(signal);
  }
}

async function bothSlots(
  own: SlotSource,
  org: SlotSource,
  signal: AbortSignal | undefined,
): Promise<() => void> {
  const releaseOwn = await own.acquire(signal);
  let releaseOrg: () => void;
  try {
    releaseOrg = await org.acquire(signal);
  } catch (error) {
    releaseOwn();
    throw error;
  }
  return () => {
    releaseOrg();
    releaseOwn();
  };
}
