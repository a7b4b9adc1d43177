/**
 * The Redis connection the shared stores use: one command client (created from a URL, or
 * passed in by the caller), one subscriber connection for wake-up messages, Lua scripts run by
 * hash, and one error class for "Redis did not answer" so callers can tell it from API errors.
 *
 * Failures are quick on purpose: a command waits for at most one reconnection attempt and
 * `commandTimeoutMs`, so a stopped Redis turns into `RedisUnavailableError` within about a
 * second instead of calls hanging; the client keeps reconnecting in the background.
 */
import { createHash } from "node:crypto";
import { debuglog } from "node:util";
import { Redis, type RedisOptions } from "ioredis";
import { InvokekitError } from "../../errors.ts";
import { publishWarning } from "../diagnostics.ts";

const log = debuglog("invokekit");

/** Redis did not answer (stopped, unreachable, timed out), so shared state is out of reach. */
export class RedisUnavailableError extends InvokekitError {
  /** What the runtime was doing, e.g. `taking an org-wide slot`. */
  readonly operation: string;
  /** What happened, without the advice (fallback warnings are printed when it was taken). */
  readonly summary: string;

  constructor(where: string, operation: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const summary = `Redis at ${where} did not answer while ${operation} (${reason}).`;
    super(
      "IK_REDIS_UNAVAILABLE",
      `${summary} The org-wide limits and shared tokens need it: start Redis or fix ` +
        'INVOKEKIT_REDIS_URL, or set redis.fallback to "local" to keep calling with in-process ' +
        "limits meanwhile.",
      { cause },
    );
    this.operation = operation;
    this.summary = summary;
  }
}

/** How the shared stores connect to Redis. */
export interface RedisConnectionOptions {
  /** `redis://` or `rediss://` URL; ignored when `client` is given. */
  readonly url?: string;
  /** A connected ioredis client to use; the caller keeps ownership (it is never closed). */
  readonly client?: Redis;
  /** Longest wait for one command, ms. Default 2000. */
  readonly commandTimeoutMs?: number;
}

/** A Lua script, sent once and then run by its SHA-1. */
export class LuaScript {
  readonly #source: string;
  readonly #sha: string;

  constructor(source: string) {
    this.#source = source;
    this.#sha = createHash("sha1").update(source).digest("hex");
  }

  /** Runs the script with `keys` and `args`, loading it first when Redis does not know it. */
  async run(client: Redis, keys: readonly string[], args: readonly (string | number)[]) {
    try {
      return (await client.evalsha(this.#sha, keys.length, ...keys, ...args)) as unknown;
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return (await client.eval(this.#source, keys.length, ...keys, ...args)) as unknown;
    }
  }
}

/** Command client plus a lazily opened subscriber, with channel listeners by name. */
export class RedisConnection {
  /** The URL without credentials, for messages. */
  readonly where: string;
  readonly client: Redis;
  readonly #owned: boolean;
  #subscriber: Redis | undefined;
  readonly #listeners = new Map<string, Set<(message: string) => void>>();
  readonly #subscribed = new Map<string, Promise<unknown>>();
  /** Whether the current outage was already reported by `warnFallback`. */
  #outageReported = false;

  constructor(options: RedisConnectionOptions) {
    const settings: RedisOptions = {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: options.commandTimeoutMs ?? 2000,
      retryStrategy: (times) => Math.min(times * 100, 1000),
    };
    if (options.client) {
      this.client = options.client;
      this.#owned = false;
      const { host, port } = options.client.options;
      this.where = `redis://${host ?? "localhost"}:${port ?? 6379}`;
    } else {
      const url = options.url ?? "redis://127.0.0.1:6379";
      this.client = new Redis(url, settings);
      this.#owned = true;
      this.where = redactRedisUrl(url);
    }
    // An unhandled "error" event would print through console; the library stays silent.
    this.client.on("error", (error: Error) => log("redis %s: %s", this.where, error.message));
  }

  /** Runs `command`, turning a connection failure into `RedisUnavailableError`. */
  async guard<T>(operation: string, command: () => Promise<T>): Promise<T> {
    try {
      const result = await command();
      this.#outageReported = false;
      return result;
    } catch (error) {
      if (isScriptError(error)) throw error;
      throw new RedisUnavailableError(this.where, operation, error);
    }
  }

  /**
   * Publishes `IK_WARN_REDIS_FALLBACK` for `error` once per outage: the token store, the
   * limiter and the credits meter all fall back on the same outage, and one line says it.
   */
  warnFallback(error: RedisUnavailableError, meanwhile: string): void {
    if (this.#outageReported) return;
    this.#outageReported = true;
    publishWarning({
      code: "IK_WARN_REDIS_FALLBACK",
      message: `${error.summary} Falling back as configured: ${meanwhile}`,
    });
  }

  /** Calls `listener` for each message on `channel` until the returned function is called. */
  async listen(channel: string, listener: (message: string) => void): Promise<() => void> {
    let set = this.#listeners.get(channel);
    if (!set) {
      set = new Set();
      this.#listeners.set(channel, set);
    }
    set.add(listener);
    const unlisten = () => set.delete(listener);
    try {
      await this.#subscribe(channel);
    } catch (error) {
      unlisten();
      throw error;
    }
    return unlisten;
  }

  async #subscribe(channel: string): Promise<void> {
    if (!this.#subscriber) {
      const subscriber = this.client.duplicate({ lazyConnect: true, commandTimeout: undefined });
      subscriber.on("error", (error: Error) => log("redis %s: %s", this.where, error.message));
      subscriber.on("message", (name: string, message: string) => {
        for (const listener of this.#listeners.get(name) ?? []) listener(message);
      });
      this.#subscriber = subscriber;
    }
    const subscriber = this.#subscriber;
    let pending = this.#subscribed.get(channel);
    if (!pending) {
      pending = subscriber.subscribe(channel);
      this.#subscribed.set(channel, pending);
      // A failed subscription is tried again by the next listener.
      pending.catch(() => this.#subscribed.delete(channel));
    }
    await pending;
  }

  /** Closes the subscriber, and the client when this connection created it. */
  async close(): Promise<void> {
    this.#subscriber?.disconnect();
    if (this.#owned) this.client.disconnect();
  }
}

/** A Redis key part that carries no secret: the first 16 hex digits of SHA-256. */
export function keyDigest(...parts: readonly string[]): string {
  return createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 16);
}

/** `url` without user name and password. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return "<invalid Redis URL>";
  }
}

// A script error (wrong type, bad argument) is a bug to surface as is, not an outage.
function isScriptError(error: unknown): boolean {
  return error instanceof Error && /^(ERR|WRONGTYPE|NOSCRIPT)/.test(error.message);
}
