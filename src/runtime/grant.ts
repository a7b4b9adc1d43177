/**
 * The OAuth set-up steps around the runtime: exchanging a Self Client grant code for a refresh
 * token (authorization_code grant, zoho-facts §2.2, §2.6) and reading what a token store holds
 * without showing any secret. The exchange goes to the accounts server the authorization
 * redirect named (`accounts-server`, case C04) when given, else to the data center's.
 */
import { Agent, type Dispatcher } from "undici";
import type { Connector } from "../spec/model.ts";
import { requestToken } from "./access-token.ts";
import { resolveTargets } from "./config.ts";
import { AuthError } from "./errors.ts";
import { checkAccountsServer, checkApiDomain, dataCenterOfApiOrigin } from "./hosts.ts";
import { type RetryOptions, RetryPolicy } from "./retry-policy.ts";
import { SecretSet } from "./secrets.ts";
import { DEFAULT_PROFILE, type StoredCredential, type TokenStore } from "./token-store.ts";

/** Options of `exchangeGrantCode`. */
export interface GrantOptions {
  /** The grant code from the API console's Self Client (valid a few minutes, once). */
  readonly code: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Where to save the result. */
  readonly tokenStore: TokenStore;
  /** Profile name to save under; default `default`. */
  readonly profile?: string;
  /** Data center id; default `ZOHO_DC`, else the connector's first. */
  readonly dataCenter?: string;
  /** Accounts server from the authorization redirect; must be one of the connector's. */
  readonly accountsServer?: string;
  /** One origin for accounts server and API (the sandbox). */
  readonly baseUrl?: string;
  /** Only for server-based clients; Self Client codes need none. */
  readonly redirectUri?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly dispatcher?: Dispatcher;
  readonly retry?: RetryOptions;
  readonly now?: () => number;
}

/** What a token store holds for a profile, minus every secret. */
export interface TokenStatus {
  readonly profile: string;
  readonly clientId: string;
  readonly dataCenter: string | undefined;
  readonly apiDomain: string | undefined;
  readonly accountsServer: string | undefined;
  /** Access token expiry, ms since the epoch, when one is stored. */
  readonly expiresAt: number | undefined;
  /** True when no access token is stored or it has expired. */
  readonly expired: boolean;
  readonly scopes: readonly string[];
  readonly hasRefreshToken: boolean;
}

/** Exchanges `options.code` for tokens, checks the reply, saves it; returns its status. */
export async function exchangeGrantCode(
  connector: Connector,
  options: GrantOptions,
): Promise<TokenStatus> {
  const env = options.env ?? process.env;
  const targets = resolveTargets(connector, options, env);
  const tokenUrl =
    options.baseUrl === undefined && options.accountsServer !== undefined
      ? checkAccountsServer(connector, options.accountsServer, undefined) + connector.auth.tokenPath
      : targets.tokenUrl;
  const dispatcher = options.dispatcher ?? new Agent();
  const secrets = new SecretSet();
  try {
    const issued = await requestToken(
      {
        dispatcher,
        tokenUrl,
        secrets,
        retry: new RetryPolicy(options.retry),
        ...(options.now ? { now: options.now } : {}),
        checkApiDomain: (apiDomain) => checkApiDomain(connector, apiDomain, options.baseUrl),
      },
      {
        grant_type: "authorization_code",
        client_id: options.clientId,
        client_secret: options.clientSecret,
        code: options.code,
        ...(options.redirectUri === undefined ? {} : { redirect_uri: options.redirectUri }),
      },
    );
    if (issued.refreshToken === undefined) {
      throw new AuthError(
        "The token reply has no refresh_token, so invokekit could not keep working after an " +
          "hour. Generate the code with a Self Client (or access_type=offline) and try again.",
        { status: 200 },
      );
    }
    const apiDataCenter =
      issued.apiDomain === undefined
        ? undefined
        : dataCenterOfApiOrigin(connector, issued.apiDomain)?.id;
    const dataCenter = apiDataCenter ?? targets.dataCenter;
    const credential: StoredCredential = {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      refreshToken: issued.refreshToken,
      accessToken: issued.accessToken,
      expiresAt: issued.expiresAt,
      accountsServer: new URL(tokenUrl).origin,
      ...(issued.apiDomain === undefined ? {} : { apiDomain: issued.apiDomain }),
      ...(dataCenter === undefined ? {} : { dataCenter }),
      ...(issued.scopes.length > 0 ? { scopes: issued.scopes } : {}),
    };
    const profile = options.profile ?? DEFAULT_PROFILE;
    await options.tokenStore.save(profile, credential);
    return statusOf(profile, credential, options.now?.() ?? Date.now());
  } finally {
    if (!options.dispatcher) await dispatcher.close();
  }
}

/** The status of `profile` in `store`, or undefined when the profile does not exist. */
export async function readTokenStatus(
  store: TokenStore,
  profile: string = DEFAULT_PROFILE,
  now: number = Date.now(),
): Promise<TokenStatus | undefined> {
  const credential = await store.load(profile);
  return credential === undefined ? undefined : statusOf(profile, credential, now);
}

function statusOf(profile: string, credential: StoredCredential, now: number): TokenStatus {
  return {
    profile,
    clientId: credential.clientId,
    dataCenter: credential.dataCenter,
    apiDomain: credential.apiDomain,
    accountsServer: credential.accountsServer,
    expiresAt: credential.expiresAt,
    expired: !credential.accessToken || (credential.expiresAt ?? 0) <= now,
    scopes: credential.scopes ?? [],
    hasRefreshToken: credential.refreshToken !== "",
  };
}
