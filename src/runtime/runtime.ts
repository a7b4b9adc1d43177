/**
 * The Node runtime: executes a connector's endpoints against Zoho (or any server speaking
 * Zoho's protocol, such as the sandbox). Requests come from `planRequest`, so what the runtime
 * sends is what the curl sample and the Deluge snippet describe.
 *
 * Limitations: no retries and no concurrency limiter yet (a 429 or 5xx surfaces as a
 * `ZohoApiError` or `UnexpectedResponseError`), redirects are not followed (a 3xx surfaces as
 * an `UnexpectedResponseError`), and tokens are cached in memory only (see access-token.ts).
 */
import { Agent, type Dispatcher } from "undici";
import { InvokekitError } from "../errors.ts";
import { type PlannedRequest, planRequest, type RequestArguments } from "../plan/request.ts";
import type { Connector, Endpoint } from "../spec/model.ts";
import { findEndpoint } from "../spec/model.ts";
import { AccessTokenSource } from "./access-token.ts";
import { readErrorReply, readJsonReply, readText } from "./api-reply.ts";
import { type Credentials, resolveCredentials, resolveTargets } from "./config.ts";
import { redactUrl } from "./diagnostics.ts";
import { resolveOutput, saveDownload } from "./download.ts";
import { NoFileContentError, UnknownEndpointError, ZohoApiError } from "./errors.ts";
import { type Outgoing, send, transportError } from "./transport.ts";
import { buildFormData, type CheckedFile, checkFiles } from "./upload.ts";

/** Options of `createRuntime`. */
export interface RuntimeOptions {
  /**
   * OAuth client and refresh token. Default: the environment variables `ZOHO_CLIENT_ID`,
   * `ZOHO_CLIENT_SECRET` and `ZOHO_REFRESH_TOKEN`.
   */
  readonly credentials?: Credentials;
  /** Data center id (`us`, `eu`, ...). Default: `ZOHO_DC`, else the connector's first. */
  readonly dataCenter?: string;
  /**
   * One origin for both the API and the accounts server, e.g. the sandbox's
   * `http://127.0.0.1:4010`. Replaces the data center's hosts.
   */
  readonly baseUrl?: string;
  /** Environment to read `ZOHO_*` variables from. Default: `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * undici dispatcher to send requests with; the caller keeps ownership (close() leaves it
   * open). Default: a keep-alive `Agent` (one connection pool per origin) owned by the runtime.
   */
  readonly dispatcher?: Dispatcher;
}

/** Options of one call. */
export interface CallOptions {
  /**
   * For file endpoints: a folder (an existing one, or a path ending in `/`) to save into under
   * the name the server gives, or an exact file path (overwritten). Default: current folder.
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
  | { readonly kind: "empty"; readonly status: number };

/** A runtime bound to one connector, data center and set of credentials. */
export interface Runtime {
  readonly connector: Connector;
  /** Origin API calls go to, e.g. `https://www.zohoapis.com`. */
  readonly apiOrigin: string;
  /** Calls the endpoint `endpointId` (e.g. `files.get`) with `args`. */
  call(endpointId: string, args: RequestArguments, options?: CallOptions): Promise<CallResult>;
  /** Closes the connection pools the runtime owns. */
  close(): Promise<void>;
}

/**
 * Creates a runtime for `connector`. Throws `CredentialsError` when no credentials are given
 * or set in the environment, `RuntimeConfigError` for an unknown data center or bad base URL.
 */
export function createRuntime(connector: Connector, options: RuntimeOptions = {}): Runtime {
  const env = options.env ?? process.env;
  const targets = resolveTargets(connector, options, env);
  const credentials = resolveCredentials(options.credentials, env);
  const dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 30_000 });
  const tokens = new AccessTokenSource(dispatcher, targets.tokenUrl, credentials);
  const runtime = new EndpointCaller(connector, targets.apiOrigin, dispatcher, tokens);
  return {
    connector,
    apiOrigin: targets.apiOrigin,
    call: (endpointId, args, callOptions) => runtime.call(endpointId, args, callOptions ?? {}),
    close: async () => {
      if (!options.dispatcher) await dispatcher.close();
    },
  };
}

/** Runs calls: plan, local checks, token, send, one replay on INVALID_TOKEN, read the reply. */
class EndpointCaller {
  readonly #connector: Connector;
  readonly #apiOrigin: string;
  readonly #dispatcher: Dispatcher;
  readonly #tokens: AccessTokenSource;

  constructor(
    connector: Connector,
    apiOrigin: string,
    dispatcher: Dispatcher,
    tokens: AccessTokenSource,
  ) {
    this.#connector = connector;
    this.#apiOrigin = apiOrigin;
    this.#dispatcher = dispatcher;
    this.#tokens = tokens;
  }

  async call(endpointId: string, args: RequestArguments, options: CallOptions) {
    const endpoint = findEndpoint(this.#connector, endpointId);
    if (!endpoint) {
      const known = this.#connector.endpoints.map((e) => e.id);
      throw new UnknownEndpointError(this.#connector.name, endpointId, known);
    }
    // Everything that can be checked locally fails before a token is even requested.
    const files = await checkFiles(endpoint, args.files);
    const plan = planRequest(this.#connector, endpoint, args, { apiDomain: this.#apiOrigin });
    const output = endpoint.response === "file" ? await resolveOutput(options.output) : undefined;

    const attempt = (token: string) => this.#send(plan, files, token, options);
    let token = await this.#tokens.get();
    let { outgoing, response } = await attempt(token);
    if (response.statusCode === 401) {
      const error = await this.#readError(outgoing, response, endpoint);
      // Only an expired or revoked token is worth one refresh; a scope mismatch is not (C25).
      if (!(error instanceof ZohoApiError) || error.zohoCode !== "INVALID_TOKEN") throw error;
      token = await this.#tokens.replace(token);
      ({ outgoing, response } = await attempt(token));
    }

    if (response.statusCode < 200 || response.statusCode > 299) {
      throw await this.#readError(outgoing, response, endpoint);
    }
    if (endpoint.response === "file" && output) {
      if (response.statusCode === 204) {
        await response.body.dump();
        throw new NoFileContentError(endpoint.id);
      }
      const saved = await saveDownload(response, {
        target: output,
        fallbackSeed: args.params?.id ?? endpoint.id,
        url: redactUrl(plan.url),
        signal: options.signal,
        onProgress: options.onProgress,
      });
      return { kind: "file", status: response.statusCode, ...saved } as const;
    }
    if (response.statusCode === 204 || endpoint.response === "empty") {
      await this.#drain(outgoing, response);
      return { kind: "empty", status: response.statusCode } as const;
    }
    const json = await this.#guard(outgoing, () => readJsonReply(response, endpoint));
    return { kind: "json", status: response.statusCode, body: json } as const;
  }

  /** Sends the planned request once with `token`; the multipart body is rebuilt each time. */
  async #send(plan: PlannedRequest, files: CheckedFile[], token: string, options: CallOptions) {
    const total = files.reduce((sum, file) => sum + file.bytes, 0);
    let sent = 0;
    const { onProgress } = options;
    const onChunk = onProgress
      ? (bytes: number) => {
          sent += bytes;
          onProgress(sent, total);
        }
      : undefined;
    const body = files.length > 0 ? await buildFormData(files, onChunk) : undefined;
    const outgoing: Outgoing = {
      method: plan.method,
      url: plan.url,
      headers: {
        ...Object.fromEntries(plan.headers),
        authorization: `${this.#connector.auth.headerPrefix} ${token}`,
      },
      ...(body ? { body } : {}),
      signal: options.signal,
      kind: "api",
    };
    return { outgoing, response: await send(this.#dispatcher, outgoing) };
  }

  #readError(outgoing: Outgoing, response: Dispatcher.ResponseData, endpoint: Endpoint) {
    return this.#guard(outgoing, () => readErrorReply(response, endpoint));
  }

  async #drain(outgoing: Outgoing, response: Dispatcher.ResponseData): Promise<void> {
    await this.#guard(outgoing, () => readText(response.body, 0));
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
