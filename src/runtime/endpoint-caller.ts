/**
 * Runs calls: plan and check locally, take a limiter slot, send with the account's token,
 * follow redirects only to the account's own hosts (case C12), refresh and replay once on
 * `INVALID_TOKEN` (C01), retry what the policy allows (C05, C08), and read the reply: JSON,
 * a streamed file, 204 empty, 304 not modified (C07), or a typed error.
 */
import type { Dispatcher } from "undici";
import { InvokekitError } from "../errors.ts";
import { type PlannedRequest, planRequest, type RequestArguments } from "../plan/request.ts";
import type { Connector, Endpoint } from "../spec/model.ts";
import { type ErrorSource, readErrorReply, readJsonReply, readText } from "./api-reply.ts";
import { redactUrl } from "./diagnostics.ts";
import { saveDownload } from "./download.ts";
import { EndpointLimits } from "./endpoint-limits.ts";
import {
  ForeignHostError,
  HeaderValueError,
  NoFileContentError,
  OutputPathError,
  RateLimitError,
  RedirectError,
  ScopeError,
  TransportError,
  UnknownEndpointError,
  ZohoApiError,
} from "./errors.ts";
import { accountHosts, isAccountHost } from "./hosts.ts";
import type { ConcurrencyLimiter } from "./limiter.ts";
import { apiRequest, formDataBody, headerOf } from "./outgoing.ts";
import { OutputResolver, type OutputTarget } from "./output-target.ts";
import { type AttemptResult, withRetries } from "./retry-loop.ts";
import type { RetryPolicy } from "./retry-policy.ts";
import type { CallOptions, CallResult, Session } from "./runtime.ts";
import { missingScopes } from "./scopes.ts";
import type { SecretSet } from "./secrets.ts";
import { type Outgoing, send, transportError } from "./transport.ts";
import { type CheckedFile, checkFiles } from "./upload.ts";

/** What to do with a redirect to a host outside the account's own Zoho hosts. */
export type RedirectMode = "refuse" | "strip-auth";

/** Most redirects followed for one request (case C12). */
const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Statuses whose reply is read as an error and then offered to the retry policy. */
const RETRY_STATUSES = new Set([429, 502, 503, 504]);

// A placeholder origin to validate arguments before the real API domain is known.
const PLACEHOLDER_ORIGIN = "https://api.invalid";

/** What a caller is built from. */
export interface CallerSettings {
  readonly connector: Connector;
  readonly dispatcher: Dispatcher;
  readonly secrets: SecretSet;
  readonly retry: RetryPolicy;
  readonly limiter: ConcurrencyLimiter;
  readonly session: () => Promise<Session>;
  readonly idleTimeoutMs: number;
  readonly redirects: RedirectMode;
}

/** One request to run. */
interface Job {
  readonly plan: PlannedRequest;
  readonly files: readonly CheckedFile[];
  readonly errors: ErrorSource;
  readonly scopes: readonly string[];
  /** Whether sending it twice is harmless: the endpoint's `idempotent` flag. */
  readonly idempotent: boolean;
  readonly output: OutputTarget | undefined;
  readonly fallbackSeed: string;
}

/** Runs calls for one runtime. */
export class EndpointCaller {
  readonly #settings: CallerSettings;
  readonly #scrub: (text: string) => string;
  readonly #endpoints: ReadonlyMap<string, Endpoint>;
  readonly #scopes = new Map<string, readonly string[]>();
  readonly #outputs = new OutputResolver();
  readonly #endpointLimits: EndpointLimits;
  /** The session once opened; it never changes after that. */
  #session: Session | undefined;

  constructor(settings: CallerSettings) {
    this.#settings = settings;
    this.#scrub = (text) => settings.secrets.scrub(text);
    this.#endpoints = new Map(settings.connector.endpoints.map((e) => [e.id, e]));
    this.#endpointLimits = new EndpointLimits(settings.connector);
  }

  async call(endpointId: string, args: RequestArguments, options: CallOptions) {
    const { connector } = this.#settings;
    const endpoint = this.#endpoints.get(endpointId);
    if (!endpoint) {
      const known = connector.endpoints.map((e) => e.id);
      throw new UnknownEndpointError(connector.name, endpointId, known);
    }
    // Everything that can be checked locally fails before a token is even requested. Once
    // the session is open, the plan made with its origin is that check; before, a plan with a
    // placeholder origin is.
    const files = endpoint.body.kind === "multipart" ? await checkFiles(endpoint, args.files) : [];
    const origin = this.#session?.apiOrigin() ?? PLACEHOLDER_ORIGIN;
    let plan = planRequest(connector, endpoint, args, { apiDomain: origin });
    for (const [name, value] of plan.headers) {
      if (/[\r\n\0]/.test(value)) throw new HeaderValueError(name);
    }
    const output =
      endpoint.response === "file" ? await this.#outputs.resolve(options.output) : undefined;

    const session = this.#session ?? (await this.#openSession());
    const token = await session.tokens.get();
    // A token refresh may have moved the account to another API domain.
    const apiDomain = session.apiOrigin();
    if (apiDomain !== origin) plan = planRequest(connector, endpoint, args, { apiDomain });
    const job: Job = {
      plan,
      files,
      errors: endpoint,
      scopes: this.#scopesOf(endpoint),
      idempotent: endpoint.idempotent,
      output,
      fallbackSeed: args.params?.id ?? endpoint.id,
    };
    return this.#execute(session, job, token, options);
  }

  async #openSession(): Promise<Session> {
    this.#session = await this.#settings.session();
    return this.#session;
  }

  #scopesOf(endpoint: Endpoint): readonly string[] {
    let scopes = this.#scopes.get(endpoint.id);
    if (!scopes) {
      scopes = endpoint.scopes.map((scope) => scope.name);
      this.#scopes.set(endpoint.id, scopes);
    }
    return scopes;
  }

  async download(url: string, options: CallOptions): Promise<CallResult> {
    const target = URL.canParse(url) ? new URL(url) : undefined;
    const session = this.#session ?? (await this.#openSession());
    // Checked against what is known before any request, then again once the token is in.
    const check = () => {
      const origin = session.apiOrigin();
      if (!target || !isAccountHost(origin, target)) {
        const shown = target ? target.origin : "<invalid URL>";
        throw new ForeignHostError("to download from", shown, accountHosts(origin));
      }
      return target;
    };
    check();
    const output = await this.#outputs.resolve(options.output);
    const token = await session.tokens.get();
    const checked = check();
    const plan: PlannedRequest = {
      endpointId: "download",
      method: "GET",
      url: checked.href,
      query: [],
      headers: [],
      files: [],
      response: "file",
    };
    const { connector } = this.#settings;
    const job: Job = {
      plan,
      files: [],
      errors: { id: "download", errors: connector.errors },
      scopes: [],
      idempotent: true,
      output,
      fallbackSeed: "download",
    };
    return this.#execute(session, job, token, options);
  }

  async #execute(session: Session, job: Job, firstToken: string, options: CallOptions) {
    const { plan } = job;
    let token = firstToken;
    let replayed = false;
    const request = {
      method: plan.method,
      url: plan.url,
      kind: "api",
      idempotent: job.idempotent,
      signal: options.signal,
      giveUp,
    } as const;

    return withRetries(this.#settings.retry, request, async () => {
      let release: () => void;
      try {
        // The endpoint's own cap (spec `concurrency`, case C05), then the org's.
        const { limiter } = this.#settings;
        release = await this.#endpointLimits.acquire(plan.endpointId, limiter, options.signal);
      } catch (error) {
        // A shared limiter's own errors (Redis unreachable) already say what failed.
        throw error instanceof InvokekitError ? error : transportError(plan, error);
      }
      try {
        let sent = await this.#trySend(session, job, token, options);
        if ("error" in sent) return sent;
        if (sent.response.statusCode === 401 && !replayed) {
          const error = await this.#readError(sent, job, session);
          // Only an expired or revoked token is worth one refresh; a scope mismatch is not.
          if (!(error instanceof ZohoApiError) || error.zohoCode !== "INVALID_TOKEN") throw error;
          replayed = true;
          token = await session.tokens.replace(token);
          sent = await this.#trySend(session, job, token, options);
          if ("error" in sent) return sent;
        }
        return await this.#read(session, job, sent, options);
      } finally {
        release();
      }
    });
  }

  /** Sends once (following allowed redirects); a transport failure becomes a retry outcome. */
  async #trySend(session: Session, job: Job, token: string, options: CallOptions) {
    try {
      return await this.#sendFollowing(session, job, token, options);
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      return { error, outcome: { kind: "transport", code: error.code } } as const;
    }
  }

  async #read(
    session: Session,
    job: Job,
    sent: Sent,
    options: CallOptions,
  ): Promise<AttemptResult<CallResult>> {
    const { response } = sent;
    const status = response.statusCode;
    if (status === 304) {
      await this.#drain(sent);
      return { value: { kind: "not-modified", status: 304 } };
    }
    if (status < 200 || status > 299) {
      const error = await this.#readError(sent, job, session);
      if (!RETRY_STATUSES.has(status)) throw error;
      const retryAfter = headerOf(response, "retry-after");
      return { error, outcome: { kind: "status", status, retryAfter } };
    }

    if (job.plan.response === "file" && job.output) {
      if (status === 204) {
        await this.#drain(sent);
        throw new NoFileContentError(job.plan.endpointId);
      }
      const saved = await saveDownload(response, {
        target: job.output,
        fallbackSeed: job.fallbackSeed,
        url: () => redactUrl(sent.outgoing.url),
        signal: options.signal,
        onProgress: options.onProgress,
        idleTimeoutMs: this.#settings.idleTimeoutMs,
      }).catch((error: unknown) => {
        // The folder or path is not what was remembered: the next call looks again.
        if (error instanceof OutputPathError) this.#outputs.forget();
        throw error;
      });
      return { value: { kind: "file", status, ...saved } };
    }
    try {
      if (status === 204 || job.plan.response === "empty") {
        await this.#drain(sent);
        return { value: { kind: "empty", status } };
      }
      const host = new URL(sent.outgoing.url).host;
      const body = await this.#guard(sent.outgoing, () =>
        readJsonReply(response, job.errors, host, this.#scrub),
      );
      return { value: { kind: "json", status, body } };
    } catch (error) {
      // A connection lost while reading a JSON body is as retryable as one lost before.
      if (!(error instanceof TransportError)) throw error;
      return { error, outcome: { kind: "transport", code: error.code } };
    }
  }

  /** Sends the request, following redirects within the rules of case C12. */
  async #sendFollowing(session: Session, job: Job, token: string, options: CallOptions) {
    let url = job.plan.url;
    let authorized = true;
    for (let hop = 0; ; hop++) {
      const outgoing = apiRequest(job.plan, {
        url,
        authorization: authorized
          ? `${this.#settings.connector.auth.headerPrefix} ${token}`
          : undefined,
        body:
          job.files.length > 0
            ? await formDataBody(job.files, options.onProgress)
            : job.plan.body?.text,
        signal: options.signal,
        idleTimeoutMs: this.#settings.idleTimeoutMs,
      });
      const response = await send(this.#settings.dispatcher, outgoing);
      const location = headerOf(response, "location");
      if (!REDIRECT_STATUSES.has(response.statusCode) || location === undefined) {
        return { outgoing, response };
      }
      if (job.plan.method !== "GET") return { outgoing, response };
      await this.#drain({ outgoing, response });

      const target = new URL(location, url);
      if (hop >= MAX_REDIRECTS) {
        throw new RedirectError(
          `${redactUrl(job.plan.url)} redirected more than ${MAX_REDIRECTS} times; stopped at ` +
            `${redactUrl(target.href)}.`,
          redactUrl(target.href),
        );
      }
      const origin = session.apiOrigin();
      if (!isAccountHost(origin, target)) {
        if (this.#settings.redirects !== "strip-auth" || target.protocol !== "https:") {
          throw new RedirectError(
            `Refusing to follow the redirect from ${redactUrl(url)} to ` +
              `${redactUrl(target.href)}: the account's token goes only to ` +
              `${accountHosts(origin).join(", ")} (https). Set redirects: "strip-auth" to ` +
              "follow https redirects elsewhere without the token.",
            redactUrl(target.href),
          );
        }
        authorized = false;
      }
      url = target.href;
    }
  }

  async #readError(sent: Sent, job: Job, session: Session) {
    const error = await this.#guard(sent.outgoing, () =>
      readErrorReply(sent.response, job.errors, this.#scrub),
    );
    if (error instanceof ZohoApiError && error.zohoCode === "OAUTH_SCOPE_MISMATCH") {
      const granted = session.tokens.scopes;
      return new ScopeError(fieldsOf(error), {
        required: job.scopes,
        granted,
        missing: missingScopes(job.scopes, granted),
      });
    }
    return error;
  }

  async #drain(sent: Sent): Promise<void> {
    await this.#guard(sent.outgoing, () => readText(sent.response.body, 0));
  }

  /** Runs a body read; a connection lost while reading becomes a `TransportError`. */
  async #guard<T>(outgoing: Outgoing, read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw error instanceof InvokekitError ? error : transportError(outgoing, error);
    }
  }
}

interface Sent {
  readonly outgoing: Outgoing;
  readonly response: Dispatcher.ResponseData;
}

/** The error to throw when retries run out: 429 after 429 is a `RateLimitError` (C05). */
function giveUp(error: Error, attempts: number, retryAfterMs: number | undefined): Error {
  return error instanceof ZohoApiError && error.status === 429
    ? new RateLimitError(fieldsOf(error), attempts, retryAfterMs)
    : error;
}

function fieldsOf(error: ZohoApiError) {
  return {
    status: error.status,
    zohoCode: error.zohoCode,
    message: error.zohoMessage,
    details: error.details,
    endpointId: error.endpointId,
    resolution: error.resolution,
  };
}
