/**
 * Broken request bodies must never take the sandbox down: every stream it reads has an error
 * path that ends in a reply (or a quiet close when the client is gone), and the next request
 * is served as usual.
 */
import { connect } from "node:net";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { accessToken, zohoAuth } from "./sandbox-helpers.ts";

let sandbox: Sandbox;
let auth: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox();
  auth = zohoAuth(await accessToken(sandbox));
});
afterAll(() => sandbox.close());

/** A multipart body whose only part never reaches its closing boundary. */
const UNTERMINATED =
  '--zz\r\nContent-Disposition: form-data; name="file"; filename="x.txt"\r\n\r\nabc';

async function stillServes(): Promise<void> {
  const response = await request(`${sandbox.url}/crm/v2/files`, { headers: auth });
  expect(response.statusCode).toBe(400);
  expect(((await response.body.json()) as { code: string }).code).toBe("REQUIRED_PARAM_MISSING");
}

/**
 * Sends `head` and part of a body over a raw socket and, once the sandbox has logged the
 * request (so its handler is reading the body), resets the connection.
 */
function abandonUpload(head: string, partial: string): Promise<void> {
  const { port } = new URL(sandbox.url);
  const before = sandbox.log.length;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1", () => {
      socket.write(head + partial, () => {
        const wait = setInterval(() => {
          if (sandbox.log.length === before) return;
          clearInterval(wait);
          socket.resetAndDestroy();
        }, 5);
      });
    });
    socket.on("close", () => resolve());
    socket.on("error", reject);
  });
}

describe("sandbox request streams", () => {
  it("answers 400 INVALID_DATA to a multipart upload without its closing boundary", async () => {
    const response = await request(`${sandbox.url}/crm/v2/files`, {
      method: "POST",
      headers: { ...auth, "content-type": "multipart/form-data; boundary=zz" },
      body: UNTERMINATED,
    });
    expect(response.statusCode).toBe(400);
    expect(await response.body.json()).toEqual({
      code: "INVALID_DATA",
      details: {},
      message: "invalid data",
      status: "error",
    });
    await stillServes();
  });

  it("answers invalid_request to a token request with an unterminated file part", async () => {
    const response = await request(`${sandbox.url}/oauth/v2/token`, {
      method: "POST",
      headers: { "content-type": "multipart/form-data; boundary=zz" },
      body: UNTERMINATED,
    });
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ error: "invalid_request" });
    await stillServes();
  });

  it("keeps serving when a client hangs up in the middle of an upload body", async () => {
    const head =
      "POST /crm/v2/files HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
      `Authorization: ${auth.authorization}\r\n` +
      "Content-Type: multipart/form-data; boundary=zz\r\nContent-Length: 100000\r\n\r\n";
    await abandonUpload(head, UNTERMINATED);
    await stillServes();
  });

  it("keeps serving when a client hangs up mid-body while a slow fault holds it", async () => {
    sandbox.injectFault({ kind: "slow", delayMs: 200 });
    const head =
      "POST /crm/v2/files HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
      `Authorization: ${auth.authorization}\r\n` +
      "Content-Type: text/plain\r\nContent-Length: 100000\r\n\r\n";
    await abandonUpload(head, "x".repeat(1000));
    await stillServes();
  });
});
