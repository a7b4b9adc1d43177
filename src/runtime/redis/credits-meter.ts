/**
 * API credits counted per org over a rolling 24 hours, as Zoho counts them (zoho-facts §3.1:
 * each call checks the credits used in the previous 24 h; most calls cost 1). The count lives
 * in minute buckets: in memory for one process (`LocalCreditsMeter`), or in Redis for all the
 * org's workers (`RedisCreditsMeter`, same rules, one atomic script per call).
 *
 * With a daily allowance set, crossing each warning threshold publishes one event on the
 * `invokekit:credits` diagnostics channel (once per crossing, across all processes), and an
 * optional hard stop refuses calls with `CreditsExhaustedError` before they are sent, so some
 * credits stay for other integrations of the org.
 *
 * Limitations: the meter counts what this toolkit sends, not what other integrations of the
 * org use, and counts a call when it starts (one that fails locally still counts); set the
 * allowance to the share of the org's credits these workers may use. Without `stopAt`, calls
 * do not wait for the count, and a count Redis could not take is lost (logged to debuglog).
 */
import { channel } from "node:diagnostics_channel";
import { debuglog } from "node:util";
import { InvokekitError } from "../../errors.ts";
import { LuaScript, type RedisConnection } from "./redis-connection.ts";

const creditsChannel = channel("invokekit:credits");
const log = debuglog("invokekit");

/** Length of the rolling window in minute buckets (24 hours). */
const WINDOW_MINUTES = 24 * 60;

/** Published on `invokekit:credits` when usage crosses a warning threshold. */
export interface CreditsEvent {
  /** The org's pool name. */
  readonly org: string;
  /** Credits used in the last 24 h, this call included. */
  readonly used: number;
  /** The daily allowance the thresholds refer to. */
  readonly allowance: number;
  /** The threshold crossed, as a fraction of the allowance (e.g. 0.8). */
  readonly threshold: number;
}

/** Settings of a credits meter. */
export interface CreditsOptions {
  /** Credits the org (or these workers' share) may use in 24 h; without it, only counting. */
  readonly dailyAllowance?: number;
  /** Fractions of the allowance that publish a warning when crossed. Default [0.8, 0.95]. */
  readonly warnAt?: readonly number[];
  /** Fraction of the allowance from which calls are refused (e.g. 0.98). Default: never. */
  readonly stopAt?: number;
  /** Names the org's counters; every worker of one org uses the same name. Default `default`. */
  readonly org?: string;
  /** Clock in ms; default `Date.now`. */
  readonly now?: () => number;
}

/** A call was refused because the org's credits used in 24 h reached the hard stop. */
export class CreditsExhaustedError extends InvokekitError {
  readonly used: number;
  readonly limit: number;

  constructor(org: string, used: number, cost: number, limit: number) {
    super(
      "IK_API_CREDITS_STOP",
      `Refused a call costing ${cost} credit(s): org "${org}" used ${used} credits in the last ` +
        `24 hours and the stop is at ${limit}. Nothing was sent. Wait for older calls to leave ` +
        "the 24-hour window, or raise credits.dailyAllowance / credits.stopAt.",
    );
    this.used = used;
    this.limit = limit;
  }
}

/** Counts credits and enforces the stop. */
export interface CreditsMeter {
  /** Counts `cost` credits for a call about to start; at the stop, `CreditsExhaustedError`. */
  charge(cost: number): Promise<void>;
  /** Credits used in the last 24 hours. */
  used(): Promise<number>;
}

/** What both meters share: thresholds, stop and the clock. */
abstract class MeterRules implements CreditsMeter {
  protected readonly org: string;
  protected readonly now: () => number;
  readonly #allowance: number | undefined;
  readonly #warnAt: readonly number[];
  readonly #stop: number;

  constructor(options: CreditsOptions) {
    this.org = options.org ?? "default";
    this.now = options.now ?? Date.now;
    this.#allowance = options.dailyAllowance;
    this.#warnAt = options.warnAt ?? [0.8, 0.95];
    const stop = options.stopAt;
    this.#stop =
      stop === undefined || this.#allowance === undefined
        ? Number.POSITIVE_INFINITY
        : Math.floor(stop * this.#allowance);
  }

  protected minute(): number {
    return Math.floor(this.now() / 60_000);
  }

  /** Adds `cost` unless it would pass `stop`; returns usage before and after. */
  protected abstract add(cost: number, stop: number): Promise<{ before: number; after: number }>;

  abstract used(): Promise<number>;

  async charge(cost: number): Promise<void> {
    if (!Number.isInteger(cost) || cost < 0) throw new RangeError(`Bad credit cost ${cost}.`);
    if (!Number.isFinite(this.#stop)) {
      // Counting only: nothing to refuse, so the call does not wait for the count.
      this.add(cost, this.#stop).then(
        ({ before, after }) => this.#warn(before, after),
        (error: unknown) => log("credits not counted: %s", String(error)),
      );
      return;
    }
    const { before, after } = await this.add(cost, this.#stop);
    if (after === before && cost > 0) {
      throw new CreditsExhaustedError(this.org, before, cost, this.#stop);
    }
    this.#warn(before, after);
  }

  #warn(before: number, after: number): void {
    const allowance = this.#allowance;
    if (allowance === undefined || !creditsChannel.hasSubscribers) return;
    for (const threshold of this.#warnAt) {
      const mark = threshold * allowance;
      if (before < mark && after >= mark) {
        creditsChannel.publish({ org: this.org, used: after, allowance, threshold });
      }
    }
  }
}

/** Credits of one process, in memory. */
export class LocalCreditsMeter extends MeterRules {
  readonly #buckets = new Map<number, number>();
  #total = 0;

  protected async add(cost: number, stop: number) {
    this.#expire();
    const before = this.#total;
    if (before + cost > stop) return { before, after: before };
    const minute = this.minute();
    this.#buckets.set(minute, (this.#buckets.get(minute) ?? 0) + cost);
    this.#total += cost;
    return { before, after: this.#total };
  }

  async used(): Promise<number> {
    this.#expire();
    return this.#total;
  }

  #expire(): void {
    const oldest = this.minute() - WINDOW_MINUTES;
    for (const [minute, credits] of this.#buckets) {
      if (minute > oldest) continue;
      this.#total -= credits;
      this.#buckets.delete(minute);
    }
  }
}

// KEYS: buckets (hash), minutes (zset), total. ARGV: minute, cost, stop (or "inf"), window.
// Drops buckets older than the window, then adds the cost unless it passes the stop.
const ADD = new LuaScript(`
local minute, cost, window = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[4])
local total = tonumber(redis.call('GET', KEYS[3]) or '0')
for _, old in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', minute - window)) do
  total = total - tonumber(redis.call('HGET', KEYS[1], old) or '0')
  redis.call('HDEL', KEYS[1], old)
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', minute - window)
local before = total
if ARGV[3] == 'inf' or total + cost <= tonumber(ARGV[3]) then
  if cost > 0 then
    redis.call('HINCRBY', KEYS[1], minute, cost)
    redis.call('ZADD', KEYS[2], minute, minute)
  end
  total = total + cost
end
redis.call('SET', KEYS[3], total)
return {before, total}
`);

/** Credits of all the org's processes, in Redis. */
export class RedisCreditsMeter extends MeterRules {
  readonly #connection: RedisConnection;
  readonly #keys: readonly string[];

  constructor(connection: RedisConnection, options: CreditsOptions & { keyPrefix?: string }) {
    super(options);
    this.#connection = connection;
    const base = `${options.keyPrefix ?? "invokekit"}:org:{${this.org}}:credits`;
    this.#keys = [`${base}:buckets`, `${base}:minutes`, `${base}:total`];
  }

  protected async add(cost: number, stop: number) {
    const args = [this.minute(), cost, Number.isFinite(stop) ? stop : "inf", WINDOW_MINUTES];
    const reply = await this.#connection.guard("counting API credits", () =>
      ADD.run(this.#connection.client, this.#keys, args),
    );
    const [before = 0, after = 0] = reply as number[];
    return { before, after };
  }

  async used(): Promise<number> {
    return (await this.add(0, Number.POSITIVE_INFINITY)).after;
  }
}
