/**
 * The accounts side of the sandbox: `POST /oauth/v2/token` for the `refresh_token` and
 * `authorization_code` grants (zoho-facts §2.2, §2.3), and the check of the
 * `Authorization: Zoho-oauthtoken <token>` header on API calls (§2.8, §2.9).
 *
 * Limitations: no `client_credentials` grant, no `/oauth/v2/token/revoke`, and no per-refresh-
 * token issuing cap (Zoho allows 10 access tokens per 10 minutes); `redirect_uri` is ignored.
 */
import { randomBytes } from "node:crypto";
import type { Exchange } from "./exchange.ts";
import { readFormFields } from "./form-fields.ts";
import {
  AUTHENTICATION_FAILURE,
  INVALID_TOKEN,
  OAUTH_SCOPE_MISMATCH,
  type ZohoErrorReply,
} from "./zoho-errors.ts";

/** Access tokens live one hour (zoho-facts §2.5). */
export const ACCESS_TOKEN_LIFETIME_SECONDS = 3600;

/** What the accounts server knows: the registered client and what it may be issued. */
export interface OAuthSettings {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  readonly grantCodes: readonly string[];
  readonly scopes: readonly string[];
  readonly now: () => number;
  /** Origin sent back as `api_domain`. */
  readonly apiDomain: () => string;
}

interface AccessToken {
  readonly expiresAt: number;
  readonly scopes: readonly string[];
}

/** Issues tokens and checks them; state lives as long as the sandbox. */
export class TokenAuthority {
  readonly #settings: OAuthSettings;
  readonly #accessTokens = new Map<string, AccessToken>();
  readonly #refreshTokens: Set<string>;
  readonly #grantCodes: Set<string>;

  constructor(settings: OAuthSettings) {
    this.#settings = settings;
    this.#refreshTokens = new Set([settings.refreshToken]);
    this.#grantCodes = new Set(settings.grantCodes);
  }

  /**
   * Answers a token request. Parameters may come in the query string (Zoho's documented
   * refresh form) or a form body; body values win. Failures are HTTP 200 with an `error` key,
   * which is how Zoho's accounts server reports them.
   */
  async handleTokenRequest(exchange: Exchange): Promise<void> {
    const params = new URLSearchParams(exchange.url.searchParams);
    let body: URLSearchParams;
    try {
      body = await readFormFields(exchange);
    } catch {
      await exchange.drainBody();
      return exchange.sendJson(200, { error: "invalid_request" });
    }
    for (const [name, value] of body) params.set(name, value);

    const reply = this.#grant(params);
    return exchange.sendJson(200, reply);
  }

  /** Makes every access token issued so far expired, as if an hour had passed for them. */
  expireAll(): void {
    for (const [token, state] of this.#accessTokens) {
      this.#accessTokens.set(token, { ...state, expiresAt: Number.NEGATIVE_INFINITY });
    }
  }

  /**
   * Checks an API call's `Authorization` header against `scope`. Returns the error to send,
   * or undefined when the call may proceed. A token holding `<group>.ALL` covers any
   * operation of that group (e.g. `ZohoCRM.Files.ALL` covers `ZohoCRM.Files.READ`).
   */
  authorize(header: string | undefined, scope: string): ZohoErrorReply | undefined {
    const prefix = "Zoho-oauthtoken ";
    if (header === undefined || !header.startsWith(prefix)) return AUTHENTICATION_FAILURE;
    const token = this.#accessTokens.get(header.slice(prefix.length).trim());
    if (token === undefined || token.expiresAt <= this.#settings.now()) return INVALID_TOKEN;

    const group = scope.slice(0, scope.lastIndexOf("."));
    if (!token.scopes.includes(scope) && !token.scopes.includes(`${group}.ALL`)) {
      return OAUTH_SCOPE_MISMATCH;
    }
    return undefined;
  }

  #grant(params: URLSearchParams): Record<string, unknown> {
    const settings = this.#settings;
    if (
      params.get("client_id") !== settings.clientId ||
      params.get("client_secret") !== settings.clientSecret
    ) {
      return { error: "invalid_client" };
    }

    switch (params.get("grant_type")) {
      case "refresh_token": {
        const refreshToken = params.get("refresh_token");
        if (refreshToken === null || !this.#refreshTokens.has(refreshToken)) {
          return { error: "invalid_code" };
        }
        return this.#issue();
      }
      case "authorization_code": {
        // A grant code is good for one exchange only; a replay is an invalid code.
        const code = params.get("code");
        if (code === null || !this.#grantCodes.delete(code)) return { error: "invalid_code" };
        const refreshToken = `1000.${randomBytes(32).toString("hex")}`;
        this.#refreshTokens.add(refreshToken);
        const { access_token, ...rest } = this.#issue();
        return { access_token, refresh_token: refreshToken, ...rest };
      }
      default:
        return { error: "unsupported_grant_type" };
    }
  }

  #issue(): Record<string, unknown> & { access_token: string } {
    const accessToken = `1000.${randomBytes(32).toString("hex")}`;
    const scopes = this.#settings.scopes;
    this.#accessTokens.set(accessToken, {
      expiresAt: this.#settings.now() + ACCESS_TOKEN_LIFETIME_SECONDS * 1000,
      scopes,
    });
    return {
      access_token: accessToken,
      api_domain: this.#settings.apiDomain(),
      token_type: "Bearer",
      expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
      // Zoho returns granted scopes space-separated (zoho-facts §2.7).
      scope: scopes.join(" "),
    };
  }
}
