/** The sandbox's new switches: slow body, expired token, concurrency limit, control endpoint. */
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { accessToken, zohoAuth } from "./sandbox-helpers.ts";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const control = (
  s: Sandbox,
  method: "POST" | "PUT" | "DELETE" | "GET",
  what: string,
  body?: unknown,
) =>
  request(`${s.url}/__sandbox/${what}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe("sandbox control", () => {
  it("POST /__sandbox/faults queues faults; GET log lists requests without headers", async () => {
    sandbox = await startSandbox();
    const token = await accessToken(sandbox);
    const queued = await control(sandbox, "POST", "faults", [
      { kind: "status", status: 503, path: "/crm/v2/files" },
    ]);
    expect(queued.statusCode).toBe(204);
    const reply = await request(`${sandbox.url}/crm/v2/files?id=x`, { headers: zohoAuth(token) });
    expect(reply.statusCode).toBe(503);
    await reply.body.dump();

    const bad = await control(sandbox, "POST", "faults", { kind: "status", status: 200 });
    expect(bad.statusCode).toBe(400);
    expect(await bad.body.json()).toEqual({
      error: "Cannot inject the sandbox fault: status must be an integer from 400 to 599, got 200.",
    });
    const log = await control(sandbox, "GET", "log");
    expect(await log.body.json()).toEqual([
      expect.objectContaining({
        method: "POST",
        path: "/oauth/v2/token",
        status: 200,
        fault: null,
      }),
      expect.objectContaining({
        method: "GET",
        path: "/crm/v2/files",
        status: 503,
        fault: "status",
      }),
    ]);
  });

  it("expire-tokens makes issued tokens INVALID_TOKEN; the expired-token fault does once", async () => {
    sandbox = await startSandbox();
    const id = sandbox.storeFile("a.txt", Buffer.from("a"));
    const token = await accessToken(sandbox);
    sandbox.injectFault({ kind: "expired-token", path: "/crm/v2/files" });
    const first = await request(`${sandbox.url}/crm/v2/files?id=${id}`, {
      headers: zohoAuth(token),
    });
    expect([first.statusCode, ((await first.body.json()) as { code: string }).code]).toEqual([
      401,
      "INVALID_TOKEN",
    ]);
    const second = await request(`${sandbox.url}/crm/v2/files?id=${id}`, {
      headers: zohoAuth(token),
    });
    expect(second.statusCode).toBe(200);
    await second.body.dump();
    expect((await control(sandbox, "POST", "expire-tokens")).statusCode).toBe(204);
    const third = await request(`${sandbox.url}/crm/v2/files?id=${id}`, {
      headers: zohoAuth(token),
    });
    expect(third.statusCode).toBe(401);
    await third.body.dump();
  });

  it("a concurrency limit answers 429 TOO_MANY_REQUESTS beyond N in flight", async () => {
    sandbox = await startSandbox();
    const token = await accessToken(sandbox);
    expect((await control(sandbox, "PUT", "concurrency-limit", { limit: 2 })).statusCode).toBe(204);
    sandbox.injectFault({ kind: "slow", delayMs: 100, path: "/crm/v2/files", times: 2 });
    const id = sandbox.storeFile("a.txt", Buffer.from("a"));
    const replies = await Promise.all(
      [0, 1, 2].map(async (n) => {
        // The third request starts once the first two are held in flight by the slow fault.
        while (
          n === 2 &&
          (sandbox?.log.filter((e) => e.path === "/crm/v2/files").length ?? 0) < 2
        ) {
          await new Promise((done) => setImmediate(done));
        }
        const reply = await request(`${sandbox?.url}/crm/v2/files?id=${id}`, {
          headers: zohoAuth(token),
        });
        const body = await reply.body.text();
        return [
          reply.statusCode,
          reply.statusCode === 429 ? (JSON.parse(body) as { code: string }).code : "",
        ];
      }),
    );
    expect(replies).toEqual([
      [200, ""],
      [200, ""],
      [429, "TOO_MANY_REQUESTS"],
    ]);
    expect(sandbox.maxInFlight).toBe(3);
  });

  it("slow-body pauses after N bytes, then sends the rest intact", async () => {
    sandbox = await startSandbox();
    const token = await accessToken(sandbox);
    const bytes = Buffer.alloc(200_000, 5);
    const id = sandbox.storeFile("a.bin", bytes);
    sandbox.injectFault({
      kind: "slow-body",
      afterBytes: 1000,
      delayMs: 50,
      path: "/crm/v2/files",
    });
    const reply = await request(`${sandbox.url}/crm/v2/files?id=${id}`, {
      headers: zohoAuth(token),
    });
    expect(Buffer.from(await reply.body.arrayBuffer())).toEqual(bytes);
  });
});
