/**
 * A `TokenStore` on Redis, shared by every worker of an org, plus the cross-process refresh
 * gate: Zoho issues at most 10 access tokens per refresh token in 10 minutes (zoho-facts
 * §2.5), so N workers that each refresh on their own run out quickly.
 *
 * - A profile is one JSON value under `<prefix>:token:<profile>`. Saving merges on the server:
 *   fields a save leaves out (API domain, accounts server, data center, scopes) keep their
 *   stored values, and an access token never replaces a newer one of the same refresh token,
 *   so a token reply that omits something, or a slow process saving late, loses nothing.
 * - One refresh per credential across processes: the process that takes the lock (SET NX with
 *   an expiry, renewed while the request runs) asks the accounts server and stores the token
 *   before it lets go; the others wait on a channel message, then read the stored token. The
 *   lock expires if its holder dies, and the next waiter takes over.
 *
 * The stored value holds the client secret and refresh token: protect Redis like the token
 * file (ACLs or a password, TLS with `rediss://` beyond the host, no public port).
 *
 * Limitations: when the refresh itself fails (revoked token), each waiting process tries once
 * more in turn and gets the same error.
 */
import { randomUUID } from "node:crypto";
import type { IssuedToken } from "../access-token.ts";
import type { Credentials } from "../config.ts";
import { publishWarning } from "../diagnostics.ts";
import { TokenStoreError } from "../errors.ts";
import type { StoredCredential, TokenStore } from "../token-store.ts";
import {
  keyDigest,
  LuaScript,
  type RedisConnection,
  RedisUnavailableError,
} from "./redis-connection.ts";

/** A stored token is handed to other processes only while it has this much life left, ms. */
const REUSE_MARGIN_MS = 60_000;

/** How long one process may hold the refresh lock before others may take over, ms. */
const LOCK_TTL_MS = 30_000;

// KEYS: profile key. ARGV: credential JSON. Merges as the header describes.
const SAVE = new LuaScript(`
local new = cjson.decode(ARGV[1])
local raw = redis.call('GET', KEYS[1])
if raw then
  local old = cjson.decode(raw)
  if old.refreshToken == new.refreshToken then
    local older = not new.expiresAt or (old.expiresAt and old.expiresAt > new.expiresAt)
    if old.accessToken and old.expiresAt and older then
      new.accessToken = old.accessToken
      new.expiresAt = old.expiresAt
    end
    for _, field in ipairs({'apiDomain', 'accountsServer', 'dataCenter', 'scopes'}) do
      if new[field] == nil then new[field] = old[field] end
    end
  end
end
redis.call('SET', KEYS[1], cjson.encode(new))
return 1
`);

// KEYS: lock. ARGV: owner, ttl. Extends the lock only for its owner.
const EXTEND = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`);

// KEYS: lock. ARGV: owner, channel. Frees the lock only for its owner and wakes the waiters.
const UNLOCK = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
redis.call('PUBLISH', ARGV[2], 'done')
return 1
`);

/** What a refresh gate needs to know about the credential it guards. */
export interface RefreshGateOptions {
  readonly profile: string;
  readonly credentials: Credentials;
  /** Checks a stored API domain before a shared token is used (as for a token reply). */
  readonly checkApiDomain?: (apiDomain: string) => string;
  /** Clock in ms; default `Date.now`. */
  readonly now?: () => number;
  /** Refresh in-process when Redis is unreachable instead of failing. */
  readonly fallback?: boolean;
}

/** Runs a token request at most once across processes, or returns the token another stored. */
export type RefreshGate = (
  request: () => Promise<IssuedToken>,
  unusable: { readonly token: string | undefined; readonly force: boolean },
) => Promise<IssuedToken>;

/** Credentials and tokens by profile, in Redis. */
export class RedisTokenStore implements TokenStore {
  readonly #connection: RedisConnection;
  readonly #prefix: string;
  readonly #fallback: boolean;

  /**
   * With `fallback`, a profile that cannot be read because Redis is away counts as absent
   * (the process then works from its own credentials) instead of failing.
   */
  constructor(connection: RedisConnection, keyPrefix = "invokekit", fallback = false) {
    this.#connection = connection;
    this.#prefix = keyPrefix;
    this.#fallback = fallback;
  }

  /** Where profiles live, for messages: the Redis URL without credentials. */
  get where(): string {
    return this.#connection.where;
  }

  async load(profile: string): Promise<StoredCredential | undefined> {
    const raw = await this.#connection
      .guard("reading the token store", () => this.#connection.client.get(this.#key(profile)))
      .catch((error: unknown) => {
        if (!(error instanceof RedisUnavailableError)) {
          throw new TokenStoreError(`Cannot read profile "${profile}" from Redis.`, {
            cause: error,
          });
        }
        // The documented code of an outage, not a store error wrapping it.
        if (!this.#fallback) throw error;
        this.#connection.warnFallback(error, "working without the stored profile.");
        return null;
      });
    if (raw === null) return undefined;
    return parseCredential(raw, profile);
  }

  async save(profile: string, credential: StoredCredential): Promise<void> {
    const value = JSON.stringify(credential);
    await this.#connection
      .guard("saving a token", () =>
        SAVE.run(this.#connection.client, [this.#key(profile)], [value]),
      )
      .catch((error: unknown) => {
        if (error instanceof RedisUnavailableError) throw error;
        throw new TokenStoreError(`Cannot save profile "${profile}" to Redis.`, { cause: error });
      });
  }

  /** A gate that lets one process at a time refresh `options.credentials`. */
  refreshGate(options: RefreshGateOptions): RefreshGate {
    const now = options.now ?? Date.now;
    const id = keyDigest(options.credentials.clientId, options.credentials.refreshToken);
    const lock = `${this.#prefix}:refresh:${id}`;
    const channel = `${this.#prefix}:refreshed:${id}`;
    const { client } = this.#connection;

    const shared = async (unusable: string | undefined): Promise<IssuedToken | undefined> => {
      const stored = await this.load(options.profile);
      if (
        !stored?.accessToken ||
        stored.expiresAt === undefined ||
        stored.refreshToken !== options.credentials.refreshToken ||
        stored.accessToken === unusable ||
        stored.expiresAt - now() <= REUSE_MARGIN_MS
      ) {
        return undefined;
      }
      const apiDomain =
        stored.apiDomain === undefined
          ? undefined
          : (options.checkApiDomain?.(stored.apiDomain) ?? stored.apiDomain);
      return {
        accessToken: stored.accessToken,
        expiresAt: stored.expiresAt,
        apiDomain,
        scopes: stored.scopes ?? [],
        refreshToken: undefined,
      };
    };

    const underLock = async (
      request: () => Promise<IssuedToken>,
      owner: string,
      recheck: { readonly unusable: string | undefined } | undefined,
    ) => {
      const extend = setInterval(() => {
        EXTEND.run(client, [lock], [owner, LOCK_TTL_MS]).catch(() => {});
      }, LOCK_TTL_MS / 3);
      extend.unref();
      try {
        // Another process may have finished between our read and our lock.
        const again = recheck ? await shared(recheck.unusable) : undefined;
        if (again) return again;
        const issued = await request();
        // Stored before the lock opens, so the woken waiters find it.
        await this.save(options.profile, {
          ...options.credentials,
          accessToken: issued.accessToken,
          expiresAt: issued.expiresAt,
          ...(issued.apiDomain === undefined ? {} : { apiDomain: issued.apiDomain }),
          ...(issued.scopes.length > 0 ? { scopes: issued.scopes } : {}),
        }).catch((error: unknown) => {
          publishWarning({
            code: "IK_WARN_TOKEN_STORE",
            message: `token not shared: ${error instanceof Error ? error.message : error}`,
          });
        });
        return issued;
      } finally {
        clearInterval(extend);
        await UNLOCK.run(client, [lock], [owner, channel]).catch(() => {});
      }
    };

    const gate: RefreshGate = async (request, { token, force }) => {
      let stop: (() => void) | undefined;
      try {
        let wake: () => void = () => {};
        stop = await this.#connection.guard("waiting for a shared refresh", () =>
          this.#connection.listen(channel, () => wake()),
        );
        let mustRefresh = force;
        for (;;) {
          if (!mustRefresh) {
            const found = await shared(token);
            if (found) return found;
          }
          const woken = new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, LOCK_TTL_MS);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          const owner = randomUUID();
          const taken = await this.#connection.guard("taking the refresh lock", () =>
            client.set(lock, owner, "PX", LOCK_TTL_MS, "NX"),
          );
          if (taken === "OK") {
            wake();
            return await underLock(request, owner, mustRefresh ? undefined : { unusable: token });
          }
          await woken;
          // A forced refresh is satisfied by a token another process obtained meanwhile.
          mustRefresh = false;
        }
      } catch (error) {
        if (!options.fallback || !(error instanceof RedisUnavailableError)) throw error;
        this.#connection.warnFallback(error, "refreshing in-process.");
        return request();
      } finally {
        stop?.();
      }
    };
    return gate;
  }

  #key(profile: string): string {
    return `${this.#prefix}:token:${profile}`;
  }
}

function parseCredential(raw: string, profile: string): StoredCredential {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new TokenStoreError(`Profile "${profile}" in Redis is not JSON.`, { cause: error });
  }
  const record = (typeof value === "object" && value !== null ? value : {}) as Record<
    string,
    unknown
  >;
  const text = (name: string) => (typeof record[name] === "string" ? record[name] : undefined);
  const clientId = text("clientId");
  const clientSecret = text("clientSecret");
  const refreshToken = text("refreshToken");
  if (!clientId || !clientSecret || !refreshToken) {
    throw new TokenStoreError(
      `Profile "${profile}" in Redis lacks clientId, clientSecret or refreshToken; save it ` +
        "again with `invokekit auth grant`.",
    );
  }
  const optional: Record<string, unknown> = {};
  for (const name of ["accessToken", "apiDomain", "accountsServer", "dataCenter"]) {
    const field = text(name);
    if (field) optional[name] = field;
  }
  if (typeof record.expiresAt === "number") optional.expiresAt = record.expiresAt;
  // Lua's JSON encoder writes an empty list as {}, so only real lists count.
  if (Array.isArray(record.scopes)) optional.scopes = record.scopes.map(String);
  return { clientId, clientSecret, refreshToken, ...optional } as StoredCredential;
}
