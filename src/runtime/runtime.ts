/**
 * The Node runtime: executes a connector's endpoints against Zoho (or any server speaking
 * Zoho's protocol, such as the sandbox). Requests come from `planRequest`, so what the runtime
 * sends is what the curl sample and the Deluge snippet describe. This file resolves options
 * into one session per runtime (credentials, data center, token source, limiter, retry
 * policy); `endpoint-caller.ts` runs the calls.
 *
 * Limitations: the data center's sandbox and developer API domains (`sandbox.zohoapis.*`) are
 * not in the allowed `api_domain` list unless the connector lists them as data centers.
 */
import { Agent, type Dispatcher } from "undici";
import {
  type CallArguments,
  type RequestArguments,
  resolveDateArguments,
} from "../plan/request.ts";
import type { Connector } from "../spec/model.ts";
import { AccessTokenSource, type IssuedToken } from "./access-token.ts";
import { type BatchResult, callBatch } from "./batch.ts";
import {
  type Credentials,
  explicitDataCenter,
  missingVariables,
  resolveCredentials,
  resolveTargets,
} from "./config.ts";
import { publishWarning } from "./diagnostics.ts";
import { EndpointCaller, type RedirectMode } from "./endpoint-caller.ts";
import { CredentialsError } from "./errors.ts";
import { checkAccountsServer, checkApiDomain, dataCenterOfApiOrigin } from "./hosts.ts";
import { type JobOptions, type JobResult, runJob } from "./job.ts";
import { ConcurrencyLimiter, EDITION_CONCURRENCY, type Edition } from "./limiter.ts";
import { type PaginateOptions, paginate } from "./pagination.ts";
import type { CreditsMeter, CreditsOptions } from "./redis/credits-meter.ts";
import {
  localCreditsMeter,
  openSharedState,
  type RedisRuntimeOptions,
  type SharedState,
} from "./redis/shared-state.ts";
import { type RetryOptions, RetryPolicy } from "./retry-policy.ts";
import { SecretSet } from "./secrets.ts";
import {
  DEFAULT_PROFILE,
  defaultTokenStorePath,
  FileTokenStore,
  saveIssuedToken,
  type TokenStore,
} from "./token-store.ts";

/** Options of `createRuntime`. */
export interface RuntimeOptions {
  /**
   * OAuth client and refresh token. Default: the environment variables `ZOHO_CLIENT_ID`,
   * `ZOHO_CLIENT_SECRET` and `ZOHO_REFRESH_TOKEN`, else the token store's profile.
   */
  readonly credentials?: Credentials;
  /**
   * Where tokens are kept between processes. Default: when credentials come from neither
   * option nor environment, a `FileTokenStore` at `INVOKEKIT_TOKEN_STORE` or
   * `~/.config/invokekit/tokens.json`; otherwise none (tokens live in memory).
   */
  readonly tokenStore?: TokenStore;
  /** Profile name in the token store. Default: `INVOKEKIT_PROFILE`, else `default`. */
  readonly profile?: string;
  /**
   * Data center id (`us`, `eu`, ...). Default: `ZOHO_DC`, else the stored profile's, else the
   * connector's first. The `api_domain` of the token reply wins when it names another one.
   */
  readonly dataCenter?: string;
  /**
   * One origin for both the API and the accounts server, e.g. the sandbox's
   * `http://127.0.0.1:4010`. Replaces the data center's hosts.
   */
  readonly baseUrl?: string;
  /** Environment to read `ZOHO_*` and `INVOKEKIT_*` variables from. Default: `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * undici dispatcher to send requests with; the caller keeps ownership (close() leaves it
   * open). Default: a keep-alive `Agent` (one connection pool per origin) owned by the runtime.
   */
  readonly dispatcher?: Dispatcher;
  /** Most API requests in flight at once. Default: the edition's cap, else 10. */
  readonly concurrency?: number;
  /** The org's CRM edition, for the default concurrency (free 5 ... ultimate 25). */
  readonly edition?: Edition;
  /** A limiter shared with other runtimes of the same org; overrides `concurrency`. */
  readonly limiter?: ConcurrencyLimiter;
  /** Retry settings (attempts, time budget, backoff, injectable sleep and clock). */
  readonly retry?: RetryOptions;
  /** Longest silence between body chunks of a reply, ms; default 60 000. */
  readonly idleTimeoutMs?: number;
  /**
   * Redirects to hosts outside the account's own Zoho hosts: `refuse` (default) throws
   * `RedirectError`; `strip-auth` follows them over https without the Authorization header.
   */
  readonly redirects?: RedirectMode;
  /** Clock in ms for token expiry; default `Date.now`. */
  readonly now?: () => number;
  /**
   * Shares tokens, the concurrency limit and the credit count with the org's other workers
   * through Redis. Default: on when `INVOKEKIT_REDIS_URL` is set, else everything in-process.
   */
  readonly redis?: RedisRuntimeOptions;
  /** Counts API credits per org over 24 h, with warnings and an optional stop. */
  readonly credits?: CreditsOptions;
  /**
   * IANA time zone (e.g. `Asia/Kolkata`, usually the CRM org's) in which `Date` arguments are
   * written when their field names no zone of its own (`tz` / `x-tz` in the spec). Default:
   * none, so date-times go out in UTC (`+00:00`) and a Date for a date-only field is refused.
   */
  readonly timeZone?: string;
}

/** Options of one call. */
export interface CallOptions {
  /**
   * For file endpoints: a folder (an existing one, or a path ending in `/`) to save into under
   * the name the server gives, or an exact file path (overwritten). Default: current folder.
   * The runtime remembers what a given output turned out to be (see `output-target.ts`).
   */
  readonly output?: string;
  /** Aborts the call, including a download in progress (its partial file is removed). */
  readonly signal?: AbortSignal;
  /** Bytes transferred so far (uploaded or downloaded) and the total when known. */
  readonly onProgress?: (done: number, total?: number) => void;
}

/** What a successful call returns. */
export type CallResult =
  | { readonly kind: "json"; readonly status: number; readonly body: unknown }
  | {
      readonly kind: "file";
      readonly status: number;
      /** Absolute path of the saved file. */
      readonly path: string;
      readonly fileName: string;
      readonly bytes: number;
      readonly contentType: string;
    }
  | { readonly kind: "empty"; readonly status: number }
  /** 304 to a conditional request (`If-Modified-Since`): nothing changed (case C07). */
  | { readonly kind: "not-modified"; readonly status: 304 };

/** A runtime bound to one connector, data center and set of credentials. */
export interface Runtime {
  readonly connector: Connector;
  /**
   * Origin API calls go to, e.g. `https://www.zohoapis.com`; after the first token reply,
   * its checked `api_domain`.
   */
  readonly apiOrigin: string;
  /** The concurrency limiter API calls go through. */
  readonly limiter: ConcurrencyLimiter;
  /** Calls the endpoint `endpointId` (e.g. `files.get`) with `args`. */
  call(endpointId: string, args: CallArguments, options?: CallOptions): Promise<CallResult>;
  /**
   * Downloads `url` with the account's token. Only the account's own Zoho hosts are accepted
   * (its API domain and its data center's download hosts); others are refused before any
   * request is made (case C12).
   */
  download(url: string, options?: CallOptions): Promise<CallResult>;
  /** Yields every record of a list endpoint with `pagination`, page by page (`pagination.ts`). */
  paginate(
    endpointId: string,
    args: CallArguments,
    options?: PaginateOptions,
  ): AsyncGenerator<unknown, void, undefined>;
  /** Sends a write of any size in the requests its `batch` allows; one result per record. */
  callBatch(
    endpointId: string,
    args: CallArguments,
    options?: Pick<CallOptions, "signal">,
  ): Promise<BatchResult>;
  /** Creates a job, polls it until done and downloads its result (`job.ts`). */
  runJob(endpointId: string, args: CallArguments, options?: JobOptions): Promise<JobResult>;
  /** Asks the accounts server for a new access token now and stores it. */
  refreshToken(): Promise<IssuedTokenSummary>;
  /** Closes the connection pools the runtime owns. */
  close(): Promise<void>;
}

/** What `refreshToken` reports: never the token itself. */
export interface IssuedTokenSummary {
  readonly expiresAt: number;
  readonly apiOrigin: string;
  readonly scopes: readonly string[];
}

/** Everything a runtime needs once credentials are known. */
export interface Session {
  readonly tokens: AccessTokenSource;
  /** Origin calls go to now (the base URL, the token's api_domain, or the data center's). */
  apiOrigin(): string;
}

/**
 * Creates a runtime for `connector`. Throws `RuntimeConfigError` for an unknown data center
 * or bad base URL; missing credentials surface as `CredentialsError` on the first call.
 */
export function createRuntime(connector: Connector, options: RuntimeOptions = {}): Runtime {
  const env = options.env ?? process.env;
  const initialTargets = resolveTargets(connector, options, env);
  const dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 30_000 });
  const secrets = new SecretSet();
  const retry = new RetryPolicy(options.retry);
  const shared = openSharedState(options.redis, options.credits, env);
  const slots = options.concurrency ?? EDITION_CONCURRENCY[options.edition ?? "standard"];
  const limiter = options.limiter ?? shared?.limiter(slots) ?? new ConcurrencyLimiter(slots);
  const credits = shared?.credits ?? localCreditsMeter(options.credits);
  let session: Promise<Session> | undefined;
  let current: Session | undefined;
  const getSession = () => {
    if (session) return session;
    session = openSession(connector, options, env, { dispatcher, secrets, retry, shared }).then(
      (opened) => {
        current = opened;
        return opened;
      },
    );
    // A failed start (no credentials) may be fixed by the caller; try again next time.
    session.catch(() => {
      session = undefined;
    });
    return session;
  };
  const costs = new Map(connector.endpoints.map((e) => [e.id, e.credits]));
  const caller = new EndpointCaller({
    connector,
    dispatcher,
    secrets,
    retry,
    limiter,
    session: getSession,
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    redirects: options.redirects ?? "refuse",
  });
  // Dates become Zoho's text once, here, so every flow below works on text (case C17).
  const asText = (endpointId: string, args: CallArguments) =>
    isText(args) ? args : resolveDateArguments(connector, endpointId, args, options.timeZone);
  const runtime: Runtime = {
    connector,
    get apiOrigin() {
      return current?.apiOrigin() ?? initialTargets.apiOrigin;
    },
    limiter,
    call: async (endpointId, args, callOptions) => {
      const textArgs = asText(endpointId, args);
      // Without a meter there is nothing to wait for.
      if (credits) await charge(credits, costs.get(endpointId));
      return caller.call(endpointId, textArgs, callOptions ?? {});
    },
    download: async (url, callOptions) => {
      if (credits) await charge(credits, 1);
      return caller.download(url, callOptions ?? {});
    },
    paginate: async function* (endpointId, args, flowOptions) {
      yield* paginate(runtime, endpointId, asText(endpointId, args), flowOptions);
    },
    callBatch: async (endpointId, args, flowOptions) =>
      callBatch(runtime, endpointId, asText(endpointId, args), flowOptions),
    runJob: async (endpointId, args, flowOptions) =>
      runJob(runtime, endpointId, asText(endpointId, args), flowOptions),
    refreshToken: async () => {
      const opened = await getSession();
      await opened.tokens.refresh();
      return {
        expiresAt: opened.tokens.expiresAt ?? 0,
        apiOrigin: opened.apiOrigin(),
        scopes: opened.tokens.scopes,
      };
    },
    close: async () => {
      if (!options.dispatcher) await dispatcher.close();
      await shared?.close();
    },
  };
  return runtime;
}

interface Shared {
  readonly dispatcher: Dispatcher;
  readonly secrets: SecretSet;
  readonly retry: RetryPolicy;
  readonly shared: SharedState | undefined;
}

/** Arguments with no body and no `Date` value are text already (most calls). */
function isText(args: CallArguments): args is RequestArguments {
  if (args.body !== undefined) return false;
  for (const name in args.params) if (args.params[name] instanceof Date) return false;
  return true;
}

// Unknown endpoints cost nothing: the caller refuses them before any request.
async function charge(meter: CreditsMeter | undefined, cost: number | undefined): Promise<void> {
  if (meter && cost !== undefined) await meter.charge(cost);
}

/** Resolves credentials (option, env, store), targets and the token source. */
async function openSession(
  connector: Connector,
  options: RuntimeOptions,
  env: NodeJS.ProcessEnv,
  shared: Shared,
): Promise<Session> {
  const direct = resolveCredentials(options.credentials, env);
  const store =
    options.tokenStore ??
    shared.shared?.tokenStore ??
    (direct ? undefined : new FileTokenStore(defaultTokenStorePath(env)));
  const profile = options.profile ?? (env.INVOKEKIT_PROFILE || DEFAULT_PROFILE);
  const stored = await store?.load(profile);
  const credentials = direct ?? stored;
  if (!credentials) {
    const where = store instanceof FileTokenStore ? `${store.path} ("${profile}")` : undefined;
    throw new CredentialsError(missingVariables(env), where);
  }
  shared.secrets.add(credentials.clientSecret, credentials.refreshToken);
  // A stored token belongs to the stored refresh token only.
  const reusable = stored && stored.refreshToken === credentials.refreshToken ? stored : undefined;

  const targets = resolveTargets(connector, options, env, reusable?.dataCenter);
  const tokenUrl =
    options.baseUrl === undefined && reusable?.accountsServer !== undefined
      ? checkAccountsServer(connector, reusable.accountsServer, undefined) +
        connector.auth.tokenPath
      : targets.tokenUrl;
  const chosen = explicitDataCenter(options, env);
  const checkDomain = (apiDomain: string) => {
    const origin = checkApiDomain(connector, apiDomain, options.baseUrl);
    warnOnMismatch(connector, chosen, origin, options.baseUrl);
    return origin;
  };

  const tokens = new AccessTokenSource({
    dispatcher: shared.dispatcher,
    tokenUrl,
    credentials,
    secrets: shared.secrets,
    retry: shared.retry,
    ...(options.now ? { now: options.now } : {}),
    checkApiDomain: checkDomain,
    initial: reusable,
    ...(shared.shared
      ? {
          shareRefresh: shared.shared.refreshGate({
            profile,
            credentials,
            checkApiDomain: checkDomain,
            ...(options.now ? { now: options.now } : {}),
          }),
        }
      : {}),
    ...(store
      ? {
          persist: (issued: IssuedToken) =>
            saveIssuedToken(
              store,
              profile,
              { ...(reusable ?? {}), ...credentials },
              issued,
              targets,
            ),
        }
      : {}),
  });
  return {
    tokens,
    apiOrigin: () =>
      options.baseUrl === undefined ? (tokens.apiDomain ?? targets.apiOrigin) : targets.apiOrigin,
  };
}

/** Case C04: the account lives elsewhere than the data center asked for; the reply wins. */
function warnOnMismatch(
  connector: Connector,
  chosen: string | undefined,
  origin: string,
  baseUrl: string | undefined,
): void {
  if (chosen === undefined || baseUrl !== undefined) return;
  const actual = dataCenterOfApiOrigin(connector, origin);
  if (actual && actual.id !== chosen) {
    publishWarning({
      code: "IK_WARN_DATA_CENTER",
      message:
        `data center "${chosen}" was configured, but the token reply names ${origin} ` +
        `(data center "${actual.id}"); calls go to ${origin}`,
    });
  }
}
