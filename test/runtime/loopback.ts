/**
 * Test helpers: a loopback HTTP server that records every request (with its raw body) and
 * answers through a handler, plus the shipped zoho-crm connector and test credentials.
 */
import { mkdtemp } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { createRuntime, type Runtime, type RuntimeOptions } from "../../src/index.ts";
import { loadConnector } from "../../src/spec/index.ts";
import type { Connector } from "../../src/spec/model.ts";

/** A request the server received. */
export interface Received {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  readonly body: Buffer;
}

/** A running loopback server. */
export interface Loopback {
  readonly url: string;
  readonly requests: Received[];
  close(): Promise<void>;
}

export type Handler = (request: Received, res: ServerResponse) => void | Promise<void>;

/** Starts a server on 127.0.0.1 with a free port; `handler` sees each request's full body. */
export async function startLoopback(handler: Handler): Promise<Loopback> {
  const requests: Received[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const received = {
      method: req.method ?? "",
      path: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks),
    };
    requests.push(received);
    await handler(received, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Retry settings that never sleep, so retry paths run at loopback speed. */
export const FAST_RETRY = { sleep: async () => undefined, random: () => 0.5 } as const;

/** Credentials whose values tests search for in errors and diagnostics. */
export const TEST_CREDENTIALS = {
  clientId: "1000.TESTCLIENTID",
  clientSecret: "s3cr3t-client-secret-value",
  refreshToken: "1000.r3fr3sh-token-value",
} as const;

/** Answers a token request with `token`, valid for `expiresIn` seconds. */
export function sendToken(res: ServerResponse, token: string, expiresIn = 3600): void {
  sendJson(res, 200, {
    access_token: token,
    api_domain: "https://www.zohoapis.com",
    token_type: "Bearer",
    expires_in: expiresIn,
  });
}

/** Answers with a JSON document. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json;charset=UTF-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** Zoho's error envelope. */
export function zohoError(code: string, message: string, details: object = {}) {
  return { code, details, message, status: "error" };
}

/** Requests that went to the token endpoint. */
export function tokenRequests(server: Loopback): Received[] {
  return server.requests.filter((r) => r.path === "/oauth/v2/token");
}

/** Requests that went to the API. */
export function apiRequests(server: Loopback): Received[] {
  return server.requests.filter((r) => r.path.startsWith("/crm/"));
}

/** Answers the token endpoint with `token` and every other request with `reply`. */
export function tokenThen(token: string, reply: Handler): Handler {
  return (request, res) => {
    if (request.path === "/oauth/v2/token") return sendToken(res, token);
    return reply(request, res);
  };
}

/**
 * A runtime on a loopback server with `handler`: test credentials, no environment, retries
 * without sleeps, the shipped zoho-crm connector unless `connector` is given.
 */
export async function startLoopbackRuntime(
  handler: Handler,
  connector?: Connector,
  options: Partial<RuntimeOptions> = {},
): Promise<{ server: Loopback; runtime: Runtime }> {
  const server = await startLoopback(handler);
  const runtime = createRuntime(connector ?? (await zohoCrm()), {
    baseUrl: server.url,
    credentials: TEST_CREDENTIALS,
    env: {},
    retry: FAST_RETRY,
    ...options,
  });
  return { server, runtime };
}

/**
 * Loopback runtimes for one test file, all closed (with their servers) after each test. Call
 * once at module level; `server` is the loopback of the latest `start`.
 */
export function loopbackRuntimes() {
  const started: { server: Loopback; runtime: Runtime }[] = [];
  afterEach(async () => {
    for (const { server, runtime } of started.splice(0)) {
      await runtime.close();
      await server.close();
    }
  });
  return {
    async start(handler: Handler, connector?: Connector, options: Partial<RuntimeOptions> = {}) {
      const pair = await startLoopbackRuntime(handler, connector, options);
      started.push(pair);
      return pair.runtime;
    },
    get server(): Loopback {
      const latest = started.at(-1);
      if (latest === undefined) throw new Error("no loopback runtime started in this test");
      return latest.server;
    },
  };
}

let connector: Promise<Connector> | undefined;

/** The shipped zoho-crm connector, loaded once. */
export function zohoCrm(): Promise<Connector> {
  connector ??= loadConnector("connectors/zoho-crm");
  return connector;
}

/** A fresh temporary folder. */
export function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "invokekit-runtime-"));
}
