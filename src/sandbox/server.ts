/**
 * The sandbox: a Zoho-compatible HTTP server on 127.0.0.1 for tests and demos. One origin
 * serves both the accounts server (`/oauth/v2/token`) and the API domain (`/crm/v2/...`).
 * It is written from Zoho's documentation (see /work/shared/zoho-facts.md §2, §4, §5), not from
 * invokekit's connector specs, so a wrong spec shows up as a failing call.
 *
 * Besides faults queued in-process, a loopback control endpoint under `/__sandbox/` lets
 * another process (a CLI run, a demo) switch them: see `control.ts`. With a concurrency limit,
 * API requests beyond that many in flight are answered 429 `TOO_MANY_REQUESTS`, as Zoho does
 * over an org's cap (zoho-facts §3.2).
 *
 * CRM endpoints (records, search, COQL, attachments, bulk read, users, org) answer from a
 * seeded in-memory store: see `crm-routes.ts` and `crm-seed.ts`.
 *
 * Limitations: credits per 24 h are not modelled; state is in memory and lost on close.
 */
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { debuglog } from "node:util";
import { CONTROL_PREFIX, handleControl, type SandboxControl } from "./control.ts";
import { createCrmState } from "./crm-routes.ts";
import { Exchange, type LogEntry, type LoggedRequest } from "./exchange.ts";
import { type Fault, FaultQueue } from "./faults.ts";
import { FileStore } from "./files.ts";
import { TokenAuthority } from "./oauth.ts";
import { route, type Services } from "./routes.ts";
import { SandboxError } from "./sandbox-error.ts";
import {
  defaultCodeForStatus,
  INTERNAL_ERROR,
  INVALID_TOKEN,
  TOO_MANY_REQUESTS,
} from "./zoho-errors.ts";

const debug = debuglog("invokekit:sandbox");

/** How to start a sandbox. Every field is optional. */
export interface SandboxOptions {
  /** TCP port on 127.0.0.1; default 0, a free port chosen by the OS. */
  port?: number;
  /** OAuth client id accepted by the token endpoint; default a fixed test value. */
  clientId?: string;
  /** OAuth client secret; default a fixed test value. */
  clientSecret?: string;
  /** Refresh token accepted by the `refresh_token` grant; default a fixed test value. */
  refreshToken?: string;
  /** Grant codes the `authorization_code` grant accepts, each once; default none. */
  grantCodes?: string[];
  /** Scopes granted to every issued token; default `SANDBOX_SCOPES` (all it checks). */
  scopes?: string[];
  /** Clock in ms used for token expiry and the log; default `Date.now`. Tokens live 3600 s. */
  now?: () => number;
  /** API requests allowed in flight at once; more get 429 TOO_MANY_REQUESTS. Default none. */
  concurrencyLimit?: number;
  /** Faults queued at start (as `invokekit sandbox --fault` does). */
  faults?: Fault[];
  /**
   * `api_domain` named in token replies; default the sandbox's own URL. Set it when clients
   * reach the sandbox through another origin (a proxy), or to see how a client treats a
   * given domain (e.g. `https://www.zohoapis.eu`).
   */
  apiDomain?: string;
  /** Keep each request's body bytes in the log (`LoggedRequest.body`); default false. */
  logBodies?: boolean;
}

/** A running sandbox. */
export interface Sandbox {
  /** Base URL, e.g. `http://127.0.0.1:43123`; API domain and accounts server at once. */
  readonly url: string;
  /** The client credentials and refresh token it accepts. */
  readonly credentials: { clientId: string; clientSecret: string; refreshToken: string };
  /** Every request received, in arrival order. Unredacted; never printed by the library. */
  readonly log: readonly LoggedRequest[];
  /** Queues a fault for the next matching request(s); faults apply in the order queued. */
  injectFault(fault: Fault): void;
  /** Drops every queued fault. */
  clearFaults(): void;
  /** Expires every access token issued so far; API calls with them get 401 INVALID_TOKEN. */
  expireTokens(): void;
  /** Sets (or, with undefined, removes) the limit of API requests in flight. */
  setConcurrencyLimit(limit: number | undefined): void;
  /** Most API requests that were in flight at once (requests refused with 429 included). */
  readonly maxInFlight: number;
  /** Requests a `hold` fault is holding now. */
  readonly held: number;
  /** Lets every held request go on; returns how many were released. */
  releaseHeld(): number;
  /** Stores a file as if uploaded and returns its id; `contentType` overrides the download's. */
  storeFile(name: string, bytes: Uint8Array, contentType?: string): string;
  /** Stops listening and ends every open connection, keep-alive ones included. */
  close(): Promise<void>;
}

/** Credentials a sandbox accepts when none are given. */
export const DEFAULT_SANDBOX_CREDENTIALS = {
  clientId: "1000.SANDBOXCLIENT00000000000000000",
  clientSecret: "sandbox0client0secret00000000000000000000",
  refreshToken: "1000.sandbox0refresh0token.00000000000000000000000000000000",
} as const;

/**
 * Every scope some sandbox endpoint checks: what tokens get unless `scopes` says otherwise, so
 * `invokekit call` works on every shipped endpoint against a plain `invokekit sandbox`.
 */
export const SANDBOX_SCOPES: readonly string[] = [
  "ZohoCRM.Files.READ",
  "ZohoCRM.Files.CREATE",
  "ZohoCRM.modules.READ",
  "ZohoCRM.modules.CREATE",
  "ZohoCRM.modules.UPDATE",
  "ZohoCRM.modules.DELETE",
  "ZohoCRM.modules.attachments.READ",
  "ZohoCRM.modules.attachments.CREATE",
  "ZohoCRM.coql.READ",
  "ZohoCRM.bulk.READ",
  "ZohoCRM.users.READ",
  "ZohoCRM.org.READ",
  "ZohoSearch.securesearch.READ",
];

/** Starts a sandbox on 127.0.0.1; rejects with `IK_SANDBOX_LISTEN` if the port is taken. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? Date.now;
  const credentials = {
    clientId: options.clientId ?? DEFAULT_SANDBOX_CREDENTIALS.clientId,
    clientSecret: options.clientSecret ?? DEFAULT_SANDBOX_CREDENTIALS.clientSecret,
    refreshToken: options.refreshToken ?? DEFAULT_SANDBOX_CREDENTIALS.refreshToken,
  };
  const log: LogEntry[] = [];
  const faults = new FaultQueue();
  const files = new FileStore();
  const closing = new AbortController();
  // The API domain is the sandbox's own origin (known once the port is bound) unless given.
  let url = "";
  const authority = new TokenAuthority({
    ...credentials,
    grantCodes: options.grantCodes ?? [],
    scopes: options.scopes ?? [...SANDBOX_SCOPES],
    now,
    apiDomain: () => options.apiDomain ?? url,
  });
  for (const fault of options.faults ?? []) faults.add(fault);
  const context: ServeContext = {
    log,
    logBodies: options.logBodies === true,
    faults,
    services: { authority, files, crm: createCrmState() },
    now,
    signal: closing.signal,
    held: new Set(),
    load: { inFlight: 0, max: 0, limit: checkLimit(options.concurrencyLimit) },
  };
  const control: SandboxControl = {
    injectFault: (fault) => faults.add(fault),
    clearFaults: () => faults.clear(),
    expireTokens: () => authority.expireAll(),
    setConcurrencyLimit: (limit) => {
      context.load.limit = checkLimit(limit);
    },
    releaseHeld: () => releaseHeld(context.held),
    log: () => log,
  };
  context.control = control;

  const server = createServer((req, res) => {
    // Last line of defence: a handler bug ends this connection, never the sandbox process.
    serve(req, res, context).catch((error: unknown) => {
      debug("unhandled failure on %s %s: %o", req.method, req.url, error);
      res.destroy();
    });
  });
  await listen(server, options.port ?? 0);
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let closed: Promise<void> | undefined;
  return {
    url,
    credentials,
    log,
    injectFault: control.injectFault,
    clearFaults: control.clearFaults,
    expireTokens: control.expireTokens,
    setConcurrencyLimit: control.setConcurrencyLimit,
    get maxInFlight() {
      return context.load.max;
    },
    get held() {
      return context.held.size;
    },
    releaseHeld: control.releaseHeld,
    storeFile: (name, bytes, contentType) => files.add(name, bytes, contentType),
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        releaseHeld(context.held);
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function listen(server: ReturnType<typeof createServer>, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === "EADDRINUSE" ? "the port is already in use" : `${error.message}`;
      const message =
        `Cannot start the sandbox on 127.0.0.1:${port}: ${reason}. ` +
        "Choose another port, or 0 for a free one.";
      reject(new SandboxError("IK_SANDBOX_LISTEN", message, { cause: error }));
    });
    server.listen({ port, host: "127.0.0.1" }, () => resolve());
  });
}

interface ServeContext {
  readonly log: LogEntry[];
  readonly logBodies: boolean;
  readonly faults: FaultQueue;
  readonly services: Services;
  readonly now: () => number;
  readonly signal: AbortSignal;
  /** Resolvers of the requests a `hold` fault is holding. */
  readonly held: Set<() => void>;
  /** API requests in flight, the most seen at once, and the limit. */
  readonly load: { inFlight: number; max: number; limit: number | undefined };
  control?: SandboxControl;
}

function checkLimit(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new SandboxError(
      "IK_SANDBOX_LIMIT",
      `The concurrency limit must be a positive integer, got ${limit}.`,
    );
  }
  return limit;
}

/** Logs the request, applies any fault, routes it, and turns a throw into INTERNAL_ERROR. */
async function serve(req: IncomingMessage, res: ServerResponse, context: ServeContext) {
  // Absolute-form targets are parsed as given; origin-form ones against our own origin.
  const target = req.url ?? "/";
  const url = URL.canParse(target) ? new URL(target) : new URL(`http://127.0.0.1${target}`);
  // Control requests switch faults; they are not part of the API and not logged.
  if (url.pathname.startsWith(CONTROL_PREFIX) && context.control) {
    return handleControl(req, res, url, context.control);
  }
  const entry: LogEntry = {
    method: req.method ?? "",
    path: url.pathname,
    query: queryRecord(url.searchParams),
    headers: req.headers,
    bodySize: 0,
    status: 0,
    time: context.now(),
    fault: null,
  };
  context.log.push(entry);
  const exchange = new Exchange(req, res, entry, url, context.logBodies);
  const load = context.load;
  const api = url.pathname.startsWith("/crm/");
  if (api) {
    load.inFlight++;
    load.max = Math.max(load.max, load.inFlight);
  }
  res.on("close", () => {
    if (api) load.inFlight--;
    exchange.settle();
  });

  try {
    if (api && load.limit !== undefined && load.inFlight > load.limit) {
      await exchange.drainBody();
      return await exchange.sendError(TOO_MANY_REQUESTS);
    }
    const fault = context.faults.take(url.pathname);
    entry.fault = fault?.kind ?? null;
    if (fault !== undefined && (await applyFault(exchange, fault, context))) return;
    await route(exchange, context.services);
  } catch (error) {
    if (context.signal.aborted) return;
    if (res.headersSent) return void res.destroy();
    await exchange.drainBody();
    debug("internal error on %s %s: %o", entry.method, entry.path, error);
    await exchange.sendError(INTERNAL_ERROR);
  }
}

/** Applies `fault`; returns true when it answered the request itself. */
async function applyFault(exchange: Exchange, fault: Fault, context: ServeContext) {
  const { signal } = context;
  switch (fault.kind) {
    case "reset":
      exchange.reset();
      return true;
    case "status": {
      await exchange.drainBody();
      const code = fault.code ?? defaultCodeForStatus(fault.status);
      const headers = fault.retryAfter === undefined ? {} : { "retry-after": fault.retryAfter };
      const message = STATUS_CODES[fault.status] ?? "error";
      await exchange.sendError({ status: fault.status, code, message }, headers);
      return true;
    }
    case "html": {
      await exchange.drainBody();
      const title = `${fault.status} ${STATUS_CODES[fault.status] ?? "Error"}`;
      const page =
        `<html><head><title>${title}</title></head>` + `<body><h1>${title}</h1></body></html>\n`;
      const headers = { "content-type": "text/html; charset=utf-8" };
      await exchange.sendBytes(fault.status, headers, Buffer.from(page, "utf8"));
      return true;
    }
    case "truncate":
      exchange.truncateAfter = fault.afterBytes;
      return false;
    case "slow":
      // Aborted by close(), so a pending slow reply never holds the sandbox open.
      await delay(fault.delayMs, undefined, { signal });
      return false;
    case "slow-body":
      exchange.pause = { afterBytes: fault.afterBytes, ms: fault.delayMs, signal };
      return false;
    case "hold":
      await new Promise<void>((resolve) => context.held.add(resolve));
      return false;
    case "expired-token":
      await exchange.drainBody();
      await exchange.sendError(INVALID_TOKEN);
      return true;
  }
}

function releaseHeld(held: Set<() => void>): number {
  const count = held.size;
  for (const release of held) release();
  held.clear();
  return count;
}

function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  // No prototype, so a parameter named `__proto__` is just a parameter.
  const query: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of params) {
    const previous = query[name];
    if (previous === undefined) query[name] = value;
    else query[name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return query;
}
