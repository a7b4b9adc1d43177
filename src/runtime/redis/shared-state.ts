/**
 * Picks the shared stores for a runtime: with `RuntimeOptions.redis` or `INVOKEKIT_REDIS_URL`,
 * the token store, the refresh gate, the org-wide limiter and the credits meter all live in
 * Redis; without them, nothing here is created and the runtime stays in-process.
 */
import type { Redis } from "ioredis";
import type { ConcurrencyLimiter } from "../limiter.ts";
import {
  type CreditsMeter,
  type CreditsOptions,
  LocalCreditsMeter,
  RedisCreditsMeter,
} from "./credits-meter.ts";
import { RedisConnection, RedisUnavailableError } from "./redis-connection.ts";
import { RedisConcurrencyLimiter } from "./redis-limiter.ts";
import { RedisTokenStore, type RefreshGateOptions } from "./redis-token-store.ts";

/** `RuntimeOptions.redis`: where the org's shared state lives. */
export interface RedisRuntimeOptions {
  /** `redis://host:port` (or `rediss://`). Default: `INVOKEKIT_REDIS_URL`. */
  readonly url?: string;
  /** An ioredis client to use instead of a URL; the caller keeps ownership. */
  readonly client?: Redis;
  /** Prefix of every key and channel. Default `invokekit`. */
  readonly keyPrefix?: string;
  /**
   * Names the org's shared pool (slots, credits); every worker of one org uses the same name,
   * different orgs different names. Default: `INVOKEKIT_ORG`, else `default`.
   */
  readonly org?: string;
  /** How long a dead worker's slot stays taken, ms. Default 15 000. */
  readonly leaseMs?: number;
  /**
   * When Redis is unreachable: `fail` (default) refuses calls with `RedisUnavailableError`;
   * `local` goes on in-process (refreshes locally, `fallbackConcurrency` slots, no credit count).
   */
  readonly fallback?: "fail" | "local";
  /** Slots per process while falling back. Default 1, so N workers stay at N calls at most. */
  readonly fallbackConcurrency?: number;
  /** Longest wait for one Redis command, ms. Default 2000. */
  readonly commandTimeoutMs?: number;
}

/** The shared stores of one runtime. */
export interface SharedState {
  readonly tokenStore: RedisTokenStore;
  /** The org-wide limiter with `limit` slots. */
  limiter(limit: number): ConcurrencyLimiter;
  /** The refresh gate for one credential, for `AccessTokenOptions.shareRefresh`. */
  refreshGate(options: RefreshGateOptions): ReturnType<RedisTokenStore["refreshGate"]>;
  readonly credits: CreditsMeter;
  /** Closes the connections this runtime opened. */
  close(): Promise<void>;
}

/** Opens the shared state when Redis is configured, else returns undefined. */
export function openSharedState(
  redis: RedisRuntimeOptions | undefined,
  credits: CreditsOptions | undefined,
  env: NodeJS.ProcessEnv,
): SharedState | undefined {
  const url = redis?.url ?? (env.INVOKEKIT_REDIS_URL || undefined);
  if (!redis?.client && url === undefined) return undefined;
  const connection = new RedisConnection({
    ...(redis?.client ? { client: redis.client } : { url: url ?? "" }),
    ...(redis?.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: redis.commandTimeoutMs }),
  });
  const keyPrefix = redis?.keyPrefix ?? "invokekit";
  const org = redis?.org ?? (env.INVOKEKIT_ORG || "default");
  const fallback = redis?.fallback === "local";
  const meter = new RedisCreditsMeter(connection, { ...credits, org, keyPrefix });
  return {
    tokenStore: new RedisTokenStore(connection, keyPrefix, fallback),
    limiter: (limit) =>
      new RedisConcurrencyLimiter({
        connection,
        limit,
        keyPrefix,
        org,
        ...(redis?.leaseMs === undefined ? {} : { leaseMs: redis.leaseMs }),
        ...(fallback ? { fallbackConcurrency: redis?.fallbackConcurrency ?? 1 } : {}),
      }),
    refreshGate: (options) =>
      new RedisTokenStore(connection, keyPrefix).refreshGate({ ...options, fallback }),
    credits: fallback
      ? withFallback(connection, meter, new LocalCreditsMeter({ ...credits, org }))
      : meter,
    close: () => connection.close(),
  };
}

/** The meter for a runtime without Redis: counts in memory when credit options are given. */
export function localCreditsMeter(credits: CreditsOptions | undefined): CreditsMeter | undefined {
  return credits ? new LocalCreditsMeter(credits) : undefined;
}

// While Redis is away, this process counts alone; its stop still protects the org somewhat.
function withFallback(
  connection: RedisConnection,
  shared: CreditsMeter,
  local: CreditsMeter,
): CreditsMeter {
  const guard = async <T>(run: (meter: CreditsMeter) => Promise<T>): Promise<T> => {
    try {
      return await run(shared);
    } catch (error) {
      if (!(error instanceof RedisUnavailableError)) throw error;
      connection.warnFallback(error, "credits counted in-process.");
      return run(local);
    }
  };
  return {
    charge: (cost) => guard((meter) => meter.charge(cost)),
    used: () => guard((meter) => meter.used()),
  };
}
