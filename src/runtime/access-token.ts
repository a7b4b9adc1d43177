/**
 * Access tokens from Zoho's accounts server (refresh_token grant), cached in memory.
 *
 * - A token is reused until 60 s before it expires, so a call never starts with a token that
 *   runs out on the way (case C01).
 * - One token request is in flight at a time: concurrent callers share it (single flight).
 * - Zoho reports OAuth failures with HTTP 200 and `{"error": "..."}` (case C03): a reply counts
 *   only when it has a non-empty `access_token`; anything else is an `AuthError`.
 *
 * Limitations: tokens live in this process only (every new process asks for a fresh one; Zoho
 * limits how many access tokens a refresh token may mint in a window), a failed token request
 * is not retried, and the `api_domain` of the reply is ignored: the data center or base URL
 * configured for the runtime decides where calls go.
 */
import type { Dispatcher } from "undici";
import { readText } from "./api-reply.ts";
import type { Credentials } from "./config.ts";
import { redactUrl } from "./diagnostics.ts";
import { AuthError } from "./errors.ts";
import { send, transportError } from "./transport.ts";

/** Refresh this long before the token's stated expiry, in milliseconds. */
const EXPIRY_SKEW_MS = 60_000;

/** Lifetime assumed when the reply states none, in seconds (Zoho's tokens last one hour). */
const DEFAULT_LIFETIME_S = 3600;

/** Reads and caches access tokens for one set of credentials. */
export class AccessTokenSource {
  readonly #dispatcher: Dispatcher;
  readonly #tokenUrl: string;
  readonly #credentials: Credentials;
  readonly #now: () => number;
  #cached: { readonly token: string; readonly refreshAt: number } | undefined;
  #inFlight: Promise<string> | undefined;

  constructor(
    dispatcher: Dispatcher,
    tokenUrl: string,
    credentials: Credentials,
    now: () => number = Date.now,
  ) {
    this.#dispatcher = dispatcher;
    this.#tokenUrl = tokenUrl;
    this.#credentials = credentials;
    this.#now = now;
  }

  /** A token valid for at least another minute, asking the accounts server when needed. */
  async get(): Promise<string> {
    const cached = this.#cached;
    if (cached && this.#now() < cached.refreshAt) return cached.token;
    return this.#fetchOnce();
  }

  /**
   * A token other than `rejected`, which the API refused (`INVALID_TOKEN`). When another call
   * already replaced it, that token is returned without asking again.
   */
  async replace(rejected: string): Promise<string> {
    const cached = this.#cached;
    if (cached && cached.token !== rejected) return cached.token;
    this.#cached = undefined;
    return this.#fetchOnce();
  }

  #fetchOnce(): Promise<string> {
    this.#inFlight ??= this.#fetch().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #fetch(): Promise<string> {
    const started = this.#now();
    const form = new URLSearchParams({
      grant_type: "refresh_token",
      client_id: this.#credentials.clientId,
      client_secret: this.#credentials.clientSecret,
      refresh_token: this.#credentials.refreshToken,
    });
    const outgoing = {
      method: "POST" as const,
      url: this.#tokenUrl,
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form.toString(),
      kind: "token" as const,
    };
    const response = await send(this.#dispatcher, outgoing);
    let text: string;
    try {
      text = await readText(response.body, 64 * 1024);
    } catch (error) {
      throw transportError(outgoing, error);
    }

    const reply = this.#parse(response.statusCode, text);
    const lifetimeMs = lifetimeSeconds(reply) * 1000;
    const skew = Math.min(EXPIRY_SKEW_MS, lifetimeMs / 2);
    this.#cached = { token: reply.access_token, refreshAt: started + lifetimeMs - skew };
    return reply.access_token;
  }

  #parse(status: number, text: string): TokenReply {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const snippet = JSON.stringify(this.#scrub(text.slice(0, 200)));
      throw new AuthError(
        `The accounts server ${this.#where()} answered HTTP ${status} with a body that is not ` +
          `JSON (${snippet}). Check the data center or base URL.`,
        { status },
        { cause: error },
      );
    }
    const record = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<
      string,
      unknown
    >;
    if (record.error !== undefined) {
      const oauthError = String(record.error);
      throw new AuthError(explainOAuthError(oauthError, this.#where()), { oauthError, status });
    }
    if (typeof record.access_token !== "string" || record.access_token === "") {
      throw new AuthError(
        `The token reply of ${this.#where()} (HTTP ${status}) has no access_token. ` +
          "Check the credentials and the data center.",
        { status },
      );
    }
    return record as unknown as TokenReply;
  }

  #where(): string {
    return redactUrl(this.#tokenUrl);
  }

  // A body echoed into an error must not carry a credential, whatever the server put in it.
  #scrub(text: string): string {
    let out = text;
    for (const secret of [this.#credentials.clientSecret, this.#credentials.refreshToken]) {
      if (secret) out = out.split(secret).join("REDACTED");
    }
    return out;
  }
}

interface TokenReply {
  readonly access_token: string;
  readonly expires_in?: unknown;
  readonly expires_in_sec?: unknown;
}

/**
 * The token's lifetime in seconds. Zoho's legacy replies carry `expires_in_sec` and then give
 * `expires_in` in milliseconds (zoho-facts 2.4), so `expires_in_sec` wins when present.
 */
function lifetimeSeconds(reply: TokenReply): number {
  for (const value of [reply.expires_in_sec, reply.expires_in]) {
    const seconds = Number(value);
    if (value !== undefined && value !== null && Number.isFinite(seconds) && seconds > 0) {
      return seconds;
    }
  }
  return DEFAULT_LIFETIME_S;
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
        `${base} The refresh token is wrong or was revoked: generate a new grant code and ` +
        "refresh token (Self Client in Zoho's API console) and set ZOHO_REFRESH_TOKEN."
      );
    default:
      return `${base} Check the client id, client secret, refresh token and data center.`;
  }
}
