/**
 * Access tokens for one credential, from Zoho's accounts server (refresh_token grant).
 *
 * - A token is reused until 60 s before it expires (half its life for short-lived tokens),
 *   so a call never starts with a token that runs out on the way (case C01). Expiry is
 *   issued-at + `expires_in` seconds, or `expires_in_sec` for legacy replies, else 3600 s.
 * - One token request is in flight at a time: concurrent callers share it (single flight).
 * - Zoho reports OAuth failures with HTTP 200 and `{"error": "..."}` (case C03): a reply counts
 *   only when it has a non-empty `access_token`; anything else is an `AuthError`, never cached
 *   and never stored.
 * - The reply's `api_domain` is checked before the token is used (case C04): a host outside
 *   the connector's data centers (and the base URL) fails the refresh, so the token never
 *   travels there.
 * - With a token store, the token, its expiry, API domain and scopes are saved after each
 *   refresh, and a valid stored token is reused by the next process.
 */
import type { Dispatcher } from "undici";
import { readText } from "./api-reply.ts";
import type { Credentials } from "./config.ts";
import { redactUrl } from "./diagnostics.ts";
import { AuthError, TransportError } from "./errors.ts";
import { withRetries } from "./retry-loop.ts";
import type { RetryPolicy } from "./retry-policy.ts";
import type { SecretSet } from "./secrets.ts";
import type { StoredCredential } from "./token-store.ts";
import { type Outgoing, send } from "./transport.ts";

/** Refresh this long before the token's stated expiry, in milliseconds. */
const EXPIRY_SKEW_MS = 60_000;

/** Lifetime assumed when the reply states none, in seconds (Zoho's tokens last one hour). */
const DEFAULT_LIFETIME_S = 3600;

/** A token reply that passed every check. */
export interface IssuedToken {
  readonly accessToken: string;
  /** Expiry in ms since the epoch. */
  readonly expiresAt: number;
  /** Checked origin of `api_domain`, when the reply had one. */
  readonly apiDomain: string | undefined;
  /** Scopes listed in the reply (space- or comma-separated), empty when none. */
  readonly scopes: readonly string[];
  /** Only in replies to the authorization_code grant. */
  readonly refreshToken: string | undefined;
}

/** How an `AccessTokenSource` is set up. */
export interface AccessTokenOptions {
  readonly dispatcher: Dispatcher;
  readonly tokenUrl: string;
  readonly credentials: Credentials;
  readonly secrets: SecretSet;
  readonly retry: RetryPolicy;
  /** Clock in ms; default `Date.now`. */
  readonly now?: () => number;
  /** Returns the allowed origin of an `api_domain`, or throws `ForeignHostError`. */
  readonly checkApiDomain?: (apiDomain: string) => string;
  /** A token saved earlier (from the token store), reused while valid. */
  readonly initial?: StoredCredential | undefined;
  /** Called after each refresh with what to persist; failures are the callee's to report. */
  readonly persist?: (issued: IssuedToken) => Promise<void>;
  /**
   * Shares token requests with other processes (the Redis store): runs `request` at most once
   * across them, or returns the token another process obtained. `unusable.token` is the token
   * this process holds and cannot use; `force` asks for a new one whatever is stored.
   */
  readonly shareRefresh?: (
    request: () => Promise<IssuedToken>,
    unusable: { readonly token: string | undefined; readonly force: boolean },
  ) => Promise<IssuedToken>;
}

/** Reads and caches access tokens for one set of credentials. */
export class AccessTokenSource {
  readonly #options: AccessTokenOptions;
  readonly #now: () => number;
  #cached: { readonly token: string; readonly refreshAt: number } | undefined;
  #apiDomain: string | undefined;
  #expiresAt: number | undefined;
  #scopes: readonly string[];
  #inFlight: Promise<string> | undefined;

  constructor(options: AccessTokenOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    const initial = options.initial;
    this.#scopes = initial?.scopes ?? [];
    if (initial?.apiDomain !== undefined) {
      this.#apiDomain = options.checkApiDomain?.(initial.apiDomain) ?? initial.apiDomain;
    }
    if (initial?.accessToken && initial.expiresAt !== undefined) {
      options.secrets.add(initial.accessToken);
      this.#cached = { token: initial.accessToken, refreshAt: initial.expiresAt - EXPIRY_SKEW_MS };
      this.#expiresAt = initial.expiresAt;
    }
  }

  /** The checked API domain of the latest token reply (or the stored one), if any. */
  get apiDomain(): string | undefined {
    return this.#apiDomain;
  }

  /** Expiry of the current token, ms since the epoch, once one is known. */
  get expiresAt(): number | undefined {
    return this.#expiresAt;
  }

  /** Scopes the latest token reply listed. */
  get scopes(): readonly string[] {
    return this.#scopes;
  }

  /** A token valid for at least another minute, asking the accounts server when needed. */
  async get(): Promise<string> {
    const cached = this.#cached;
    if (cached && this.#now() < cached.refreshAt) return cached.token;
    return this.#fetchOnce(cached?.token, false);
  }

  /**
   * A token other than `rejected`, which the API refused (`INVALID_TOKEN`). When another call
   * already replaced it, that token is returned without asking again.
   */
  async replace(rejected: string): Promise<string> {
    const cached = this.#cached;
    if (cached && cached.token !== rejected) return cached.token;
    this.#cached = undefined;
    return this.#fetchOnce(rejected, false);
  }

  /** Asks for a new token now, whatever the cache holds (`invokekit auth refresh`). */
  async refresh(): Promise<string> {
    this.#cached = undefined;
    return this.#fetchOnce(undefined, true);
  }

  #fetchOnce(unusable: string | undefined, force: boolean): Promise<string> {
    this.#inFlight ??= this.#fetch(unusable, force).finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #fetch(unusable: string | undefined, force: boolean): Promise<string> {
    const { credentials, shareRefresh } = this.#options;
    const request = () =>
      requestToken(this.#options, {
        grant_type: "refresh_token",
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        refresh_token: credentials.refreshToken,
      });
    const issued = shareRefresh
      ? await shareRefresh(request, { token: unusable, force })
      : await request();
    this.#options.secrets.add(issued.accessToken);
    const lifetimeMs = issued.expiresAt - this.#now();
    const skew = Math.min(EXPIRY_SKEW_MS, lifetimeMs / 2);
    this.#cached = { token: issued.accessToken, refreshAt: issued.expiresAt - skew };
    this.#expiresAt = issued.expiresAt;
    if (issued.apiDomain !== undefined) this.#apiDomain = issued.apiDomain;
    if (issued.scopes.length > 0) this.#scopes = issued.scopes;
    await this.#options.persist?.(issued);
    return issued.accessToken;
  }
}

/** What `requestToken` needs. */
export type TokenRequestOptions = Pick<
  AccessTokenOptions,
  "dispatcher" | "tokenUrl" | "secrets" | "retry" | "now" | "checkApiDomain"
>;

/**
 * Posts `form` to the token URL and checks the reply. Lost connections and 429/5xx are
 * retried for the refresh grant (repeating it is harmless); a grant code is sent once, since
 * Zoho accepts each code only once. OAuth errors are never retried.
 */
export async function requestToken(
  options: TokenRequestOptions,
  form: Record<string, string>,
): Promise<IssuedToken> {
  const now = options.now ?? Date.now;
  options.secrets.add(form.client_secret, form.refresh_token, form.code);
  const outgoing: Outgoing = {
    method: "POST",
    url: options.tokenUrl,
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams(form).toString(),
    kind: "token",
  };
  const where = redactUrl(options.tokenUrl);
  const request = {
    method: "POST",
    url: options.tokenUrl,
    kind: "token",
    idempotent: form.grant_type === "refresh_token",
  } as const;
  const reply = await withRetries(options.retry, request, async () => {
    const started = now();
    let status: number;
    let text: string;
    try {
      const response = await send(options.dispatcher, outgoing);
      status = response.statusCode;
      text = await readText(response.body, 64 * 1024).catch((error: unknown) => {
        throw new TransportError("IK_HTTP_CONNECTION_CLOSED", "POST", where, error);
      });
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      return { error, outcome: { kind: "transport", code: error.code } } as const;
    }
    try {
      return { value: { record: parseReply(status, text, where, options.secrets), started } };
    } catch (error) {
      // A 429 or a gateway page in front of the accounts server is temporary.
      if (!(error instanceof AuthError) || error.oauthError !== undefined) throw error;
      return { error, outcome: { kind: "status", status } } as const;
    }
  });
  const { record } = reply;
  const accessToken = record.access_token as string;
  options.secrets.add(accessToken);
  const refreshToken =
    typeof record.refresh_token === "string" && record.refresh_token !== ""
      ? record.refresh_token
      : undefined;
  options.secrets.add(refreshToken);
  // The api_domain check comes before anything is returned, so a refused reply leaves no trace.
  const apiDomain =
    typeof record.api_domain === "string" && record.api_domain !== ""
      ? (options.checkApiDomain?.(record.api_domain) ?? record.api_domain)
      : undefined;
  return {
    accessToken,
    expiresAt: reply.started + lifetimeSeconds(record) * 1000,
    apiDomain,
    scopes: parseScopes(record.scope),
    refreshToken,
  };
}

function parseReply(
  status: number,
  text: string,
  where: string,
  secrets: SecretSet,
): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const snippet = JSON.stringify(secrets.scrub(text.slice(0, 200)));
    throw new AuthError(
      `The accounts server ${where} answered HTTP ${status} with a body that is not JSON ` +
        `(${snippet}). Check the data center or base URL.`,
      { status },
      { cause: new Error(secrets.scrub(String(error))) },
    );
  }
  const record = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<
    string,
    unknown
  >;
  if (record.error !== undefined) {
    const oauthError = secrets.scrub(String(record.error));
    throw new AuthError(explainOAuthError(oauthError, where), { oauthError, status });
  }
  if (typeof record.access_token !== "string" || record.access_token === "") {
    throw new AuthError(
      `The token reply of ${where} (HTTP ${status}) has no access_token. ` +
        "Check the credentials and the data center.",
      { status },
    );
  }
  return record;
}

/**
 * The token's lifetime in seconds. Zoho's legacy replies carry `expires_in_sec` and then give
 * `expires_in` in milliseconds (zoho-facts 2.4), so `expires_in_sec` wins when present.
 */
function lifetimeSeconds(reply: Record<string, unknown>): number {
  for (const value of [reply.expires_in_sec, reply.expires_in]) {
    const seconds = Number(value);
    if (value !== undefined && value !== null && Number.isFinite(seconds) && seconds > 0) {
      return seconds;
    }
  }
  return DEFAULT_LIFETIME_S;
}

function parseScopes(value: unknown): string[] {
  if (typeof value !== "string") return [];
  return value.split(/[\s,]+/).filter((scope) => scope !== "");
}

function explainOAuthError(oauthError: string, where: string): string {
  const base = `The accounts server ${where} refused to issue an access token (${oauthError}).`;
  switch (oauthError) {
    case "invalid_client":
      return (
        `${base} The client id or client secret is wrong, or the client belongs to another ` +
        "data center's accounts server: check ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET and --dc/ZOHO_DC."
      );
    case "invalid_code":
      return (
        `${base} The grant code or refresh token is wrong, expired or already used (grant ` +
        "codes last a few minutes and work once), or the refresh token was revoked: generate " +
        "a new grant code (Self Client in Zoho's API console) and run `invokekit auth grant`."
      );
    default:
      return `${base} Check the client id, client secret, refresh token and data center.`;
  }
}
