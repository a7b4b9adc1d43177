/**
 * An org-wide concurrency limiter on Redis: every process that calls the same org takes its
 * slots from one shared pool, so N workers together stay under Zoho's per-org cap (zoho-facts
 * §3.2) instead of each assuming the whole cap for itself.
 *
 * - A slot is a lease with an expiry (a sorted set scored by expiry time on Redis's clock).
 *   The holder renews it while the call runs; a process that dies (SIGKILL, lost host) stops
 *   renewing, and its slots are free again within `leaseMs`.
 * - Waiters queue in arrival order across processes (a ticket each). A freed slot is handed to
 *   the head of the queue by the release script itself and announced on a channel, so waiters
 *   sleep until told instead of polling; a slow re-check (`leaseMs / 2`) covers lost messages
 *   and expired leases. A busy worker cannot starve the others: it queues behind them.
 * - Each process first takes a local slot (at most `limit`), so it never queues more requests
 *   in Redis than the org could run anyway.
 *
 * Limitations: a call that outlives its lease while the process is paused (a long GC, a
 * suspended VM) may briefly share its slot with another call; every process must use the same
 * `limit` for one org.
 */
import { randomUUID } from "node:crypto";
import { ConcurrencyLimiter } from "../limiter.ts";
import { LuaScript, type RedisConnection, RedisUnavailableError } from "./redis-connection.ts";

/** Lease length when none is given, ms. */
export const DEFAULT_LEASE_MS = 15_000;

// KEYS: holders, queue, waiters, seq. ARGV: limit, leaseMs, id, waiterTtlMs.
// Returns 1 when `id` holds a slot (now or handed over earlier), else 0.
const ACQUIRE = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, lease, id = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
for _, dead in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)) do
  redis.call('ZREM', KEYS[2], dead)
end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now)
if redis.call('ZSCORE', KEYS[1], id) then
  redis.call('ZADD', KEYS[1], now + lease, id)
  return 1
end
if not redis.call('ZSCORE', KEYS[2], id) then
  redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[4]), id)
end
local free = limit - redis.call('ZCARD', KEYS[1])
if free > 0 and redis.call('ZRANK', KEYS[2], id) < free then
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
  redis.call('ZADD', KEYS[1], now + lease, id)
  return 1
end
redis.call('ZADD', KEYS[3], now + tonumber(ARGV[4]), id)
return 0
`);

// KEYS: holders, queue, waiters. ARGV: limit, leaseMs, id, channel.
// Frees `id`'s slot (or queue ticket), hands free slots to the head of the queue and
// announces who got one.
const RELEASE = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit, lease = tonumber(ARGV[1]), tonumber(ARGV[2])
redis.call('ZREM', KEYS[1], ARGV[3])
redis.call('ZREM', KEYS[2], ARGV[3])
redis.call('ZREM', KEYS[3], ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local granted = {}
while limit - redis.call('ZCARD', KEYS[1]) > 0 do
  local head = redis.call('ZPOPMIN', KEYS[2])
  if #head == 0 then break end
  local alive = redis.call('ZSCORE', KEYS[3], head[1])
  redis.call('ZREM', KEYS[3], head[1])
  if alive and tonumber(alive) > now then
    redis.call('ZADD', KEYS[1], now + lease, head[1])
    granted[#granted + 1] = head[1]
  end
end
if #granted > 0 then redis.call('PUBLISH', ARGV[4], table.concat(granted, ' ')) end
return #granted
`);

// KEYS: holders. ARGV: leaseMs, ids... Extends the leases that still exist.
const RENEW = new LuaScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local renewed = 0
for i = 2, #ARGV do
  renewed = renewed + redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[1]), ARGV[i])
end
return renewed
`);

/** How a `RedisConcurrencyLimiter` is set up. */
export interface RedisLimiterOptions {
  readonly connection: RedisConnection;
  /** Most calls in flight across all processes of the org. */
  readonly limit: number;
  /** Redis key prefix; default `invokekit`. */
  readonly keyPrefix?: string;
  /** Names the org's pool; every worker of one org uses the same name. Default `default`. */
  readonly org?: string;
  /** Lease length, ms: how long a dead process's slot stays taken. Default 15 000. */
  readonly leaseMs?: number;
  /** Slots this process may use while Redis is unreachable; unset: calls fail instead. */
  readonly fallbackConcurrency?: number;
}

/** A `ConcurrencyLimiter` whose slots are shared by every process of the org through Redis. */
export class RedisConcurrencyLimiter extends ConcurrencyLimiter {
  readonly #connection: RedisConnection;
  readonly #keys: readonly [string, string, string, string];
  readonly #channel: string;
  readonly #leaseMs: number;
  readonly #fallback: ConcurrencyLimiter | undefined;
  readonly #held = new Set<string>();
  readonly #waiting = new Map<string, () => void>();
  #renewTimer: NodeJS.Timeout | undefined;
  #unlisten: Promise<() => void> | undefined;

  constructor(options: RedisLimiterOptions) {
    super(options.limit);
    const base = `${options.keyPrefix ?? "invokekit"}:org:{${options.org ?? "default"}}`;
    this.#connection = options.connection;
    this.#keys = [`${base}:holders`, `${base}:queue`, `${base}:waiters`, `${base}:seq`];
    this.#channel = `${base}:granted`;
    this.#leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    if (!Number.isInteger(this.#leaseMs) || this.#leaseMs < 100) {
      throw new RangeError(
        `The lease must be an integer of at least 100 ms, got ${this.#leaseMs}.`,
      );
    }
    this.#fallback =
      options.fallbackConcurrency === undefined
        ? undefined
        : new ConcurrencyLimiter(options.fallbackConcurrency);
  }

  /** Waits for an org-wide slot; call the returned function exactly once to give it back. */
  override async acquire(signal?: AbortSignal): Promise<() => void> {
    const releaseLocal = await super.acquire(signal);
    try {
      const id = await this.#acquireShared(signal);
      return once(() => {
        releaseLocal();
        this.#releaseShared(id);
      });
    } catch (error) {
      releaseLocal();
      if (!(error instanceof RedisUnavailableError) || !this.#fallback) throw error;
      this.#connection.warnFallback(error, `${this.#fallback.limit} in-process slot(s).`);
      return this.#fallback.acquire(signal);
    }
  }

  async #acquireShared(signal: AbortSignal | undefined): Promise<string> {
    const id = randomUUID();
    this.#unlisten ??= this.#connection.listen(this.#channel, (message) => {
      for (const granted of message.split(" ")) this.#waiting.get(granted)?.();
    });
    const listening = this.#unlisten;
    // A failed subscription (Redis away) is tried again by the next call.
    listening.catch(() => {
      if (this.#unlisten === listening) this.#unlisten = undefined;
    });
    await this.#connection.guard("subscribing to slot hand-overs", () => listening);
    const recheckMs = Math.max(50, Math.floor(this.#leaseMs / 2));
    const args = [this.limit, this.#leaseMs, id, this.#leaseMs + recheckMs * 2];
    try {
      for (;;) {
        signal?.throwIfAborted();
        // Listen before asking, so a hand-over between the two is not missed.
        const woken = this.#wakeUp(id, recheckMs, signal);
        const got = await this.#connection.guard("taking an org-wide slot", () =>
          ACQUIRE.run(this.#connection.client, this.#keys, args),
        );
        if (got === 1) {
          woken.cancel();
          this.#held.add(id);
          this.#startRenewing();
          return id;
        }
        await woken.promise;
      }
    } catch (error) {
      // Leave nothing behind: a queued ticket or a slot handed over while aborting.
      this.#releaseShared(id);
      throw error;
    }
  }

  #wakeUp(id: string, ms: number, signal: AbortSignal | undefined) {
    let cancel = () => {};
    const promise = new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiting.delete(id);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiting.set(id, done);
      signal?.addEventListener("abort", done, { once: true });
      cancel = done;
    });
    return { promise, cancel };
  }

  #releaseShared(id: string): void {
    this.#held.delete(id);
    if (this.#held.size === 0) this.#stopRenewing();
    const [holders, queue, waiters] = this.#keys;
    const args = [this.limit, this.#leaseMs, id, this.#channel];
    // The caller's work is done; if Redis is away, the lease simply runs out.
    RELEASE.run(this.#connection.client, [holders, queue, waiters], args).catch(() => {});
  }

  #startRenewing(): void {
    if (this.#renewTimer) return;
    this.#renewTimer = setInterval(
      () => {
        const ids = [...this.#held];
        if (ids.length === 0) return;
        RENEW.run(this.#connection.client, [this.#keys[0]], [this.#leaseMs, ...ids]).catch(
          () => {},
        );
      },
      Math.floor(this.#leaseMs / 3),
    );
    this.#renewTimer.unref();
  }

  #stopRenewing(): void {
    clearInterval(this.#renewTimer);
    this.#renewTimer = undefined;
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
