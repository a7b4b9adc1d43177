/**
 * Many workers, one org (issue 8): worker processes share tokens, the org's concurrency limit
 * and its credit count through a real redis-server on 127.0.0.1 and a free port.
 */
import { execFile, spawn } from "node:child_process";
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import {
  type CreditsEvent,
  CreditsExhaustedError,
  createRuntime,
  LocalCreditsMeter,
  RedisConnection,
  RedisCreditsMeter,
  RedisTokenStore,
} from "../../src/runtime/index.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { loadConnector } from "../../src/spec/index.ts";
import type { Connector } from "../../src/spec/model.ts";
import { type RedisServer, skipRedis, startRedis } from "./redis-server.ts";

const run = promisify(execFile);
const TOKEN_PATH = "/oauth/v2/token";

interface WorkerResult {
  ok: number;
  failed: number;
  errors: string[];
}

describe.skipIf(skipRedis)("shared state in Redis", () => {
  let redis: RedisServer;
  let admin: Redis;
  let sandbox: Sandbox;
  let connector: Connector;
  let fileId: string;
  let dir: string;

  beforeAll(async () => {
    redis = await startRedis();
    admin = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    admin.on("error", () => {});
    connector = await loadConnector("connectors/zoho-crm");
    dir = await mkdtemp(join(tmpdir(), "ik-redis-test-"));
  });

  afterAll(async () => {
    admin?.disconnect();
    await redis?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await admin.flushall();
    await sandbox?.close();
    sandbox = await startSandbox({ concurrencyLimit: 5 });
    fileId = sandbox.storeFile("tiny.bin", new Uint8Array(64));
  });

  const tokenRequests = () => sandbox.log.filter((r) => r.path === TOKEN_PATH).length;
  const apiRequests = () => sandbox.log.filter((r) => r.path !== TOKEN_PATH);

  const worker = async (input: object): Promise<WorkerResult> => {
    const { stdout } = await run(process.execPath, [
      "--import",
      "tsx",
      "test/redis/worker.ts",
      JSON.stringify({ redisUrl: redis.url, limit: 5, ...input }),
    ]);
    return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as WorkerResult;
  };
  const callers = (count: number, calls: number, extra: object = {}) =>
    Promise.all(
      Array.from({ length: count }, () =>
        worker({
          mode: "calls",
          sandboxUrl: sandbox.url,
          credentials: sandbox.credentials,
          fileId,
          calls,
          parallel: 8,
          ...extra,
        }),
      ),
    );

  it("8 workers x 400 calls, org limit 5: at most 5 in flight, no 429, 1 refresh", async () => {
    // Each request takes 5 ms at the sandbox, so slots overlap and the cap is really tested.
    sandbox.injectFault({ kind: "slow", delayMs: 5, path: "/crm/v2/files", times: 3200 });
    const results = await callers(8, 400);

    expect(results.map((r) => r.failed)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(results.reduce((sum, r) => sum + r.ok, 0)).toBe(3200);
    expect(apiRequests().length).toBe(3200);
    expect(apiRequests().filter((r) => r.status === 429)).toEqual([]);
    expect(sandbox.maxInFlight).toBeLessThanOrEqual(5);
    expect(sandbox.maxInFlight).toBeGreaterThan(1);
    // Eight processes started without a token; one asked the accounts server for all.
    expect(tokenRequests()).toBe(1);
    expect(await admin.zcard("invokekit:org:{default}:holders")).toBe(0);
    expect(await admin.zcard("invokekit:org:{default}:queue")).toBe(0);
  }, 90_000);

  it("an expired token costs exactly 1 refresh across 8 worker processes", async () => {
    const warm = createRuntime(connector, {
      baseUrl: sandbox.url,
      credentials: sandbox.credentials,
      redis: { url: redis.url },
    });
    await warm.call("files.get", { params: { id: fileId } }, { output: join(dir, "warm.bin") });
    await warm.close();
    const stored = await admin.get("invokekit:token:default");
    expect(tokenRequests()).toBe(1);
    // Redis still holds the token as valid for an hour; the sandbox refuses it (401).
    sandbox.expireTokens();

    const results = await callers(8, 10);

    expect(results.map((r) => r.failed)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(tokenRequests()).toBe(2);
    const after = JSON.parse((await admin.get("invokekit:token:default")) ?? "{}");
    expect(after.accessToken).not.toBe(JSON.parse(stored ?? "{}").accessToken);
    expect(after.refreshToken).toBe(sandbox.credentials.refreshToken);
    expect(after.apiDomain).toBe(sandbox.url);
  }, 60_000);

  it("a worker SIGKILLed holding slots loses them within the lease; others finish", async () => {
    const holder = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "test/redis/worker.ts",
        JSON.stringify({ mode: "hold", redisUrl: redis.url, limit: 5, leaseMs: 2000 }),
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve) => {
      createInterface({ input: holder.stdout }).on("line", (line) => {
        if (line === "held") resolve();
      });
    });
    expect(await admin.zcard("invokekit:org:{default}:holders")).toBe(5);
    const others = callers(2, 20, { leaseMs: 2000 });

    const [seconds, micros] = await admin.time();
    const killedAt = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    holder.kill("SIGKILL");
    const leases = await admin.zrange("invokekit:org:{default}:holders", 0, -1, "WITHSCORES");
    const expiries = leases.filter((_, i) => i % 2 === 1).map(Number);

    expect(expiries.length).toBe(5);
    for (const expiry of expiries) expect(expiry).toBeLessThanOrEqual(killedAt + 2000);
    const results = await others;
    expect(results.map((r) => [r.ok, r.failed])).toEqual([
      [20, 0],
      [20, 0],
    ]);
    expect(apiRequests().filter((r) => r.status === 429)).toEqual([]);
  }, 60_000);

  it("Redis stopped mid-run: a clear error, or in-process fallback; no token is lost", async () => {
    const options = { baseUrl: sandbox.url, credentials: sandbox.credentials } as const;
    const strict = createRuntime(connector, { ...options, redis: { url: redis.url } });
    const output = { output: join(dir, "stop.bin") };
    await strict.call("files.get", { params: { id: fileId } }, output);
    const store = new RedisTokenStore(new RedisConnection({ url: redis.url }));
    const before = await store.load("default");

    await redis.shutdownSaving();
    // Later tests need the server back even when an assertion here fails.
    onTestFinished(() => redis.restart().catch(() => {}));
    const failure = await strict
      .call("files.get", { params: { id: fileId } }, output)
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: "IK_REDIS_UNAVAILABLE" });
    expect(String((failure as Error).message)).toMatch(
      /^Redis at redis:\/\/127\.0\.0\.1:\d+ did not answer while taking an org-wide slot/,
    );
    // A fresh process reads its token from Redis first: the outage keeps its own code there too.
    const fresh = createRuntime(connector, { ...options, redis: { url: redis.url } });
    const freshFailure = await fresh
      .call("files.get", { params: { id: fileId } }, output)
      .catch((error: unknown) => error);
    expect(freshFailure).toMatchObject({ code: "IK_REDIS_UNAVAILABLE" });
    await fresh.close();
    const fallback = createRuntime(connector, {
      ...options,
      redis: { url: redis.url, fallback: "local" },
    });
    const warnings: { code: string; message: string }[] = [];
    const onWarning = (event: unknown) => warnings.push(event as (typeof warnings)[number]);
    subscribe("invokekit:warning", onWarning);
    try {
      const result = await fallback.call("files.get", { params: { id: fileId } }, output);
      expect(result.kind).toBe("file");
    } finally {
      unsubscribe("invokekit:warning", onWarning);
    }
    // Token store, refresh gate and limiter all fell back: one warning says so, without advice
    // to turn on the fallback that is already on; a second says the new token stayed in memory.
    const outage = String.raw`Redis at redis://127\.0\.0\.1:\d+ did not answer while`;
    expect(warnings.map((w) => w.code)).toEqual(["IK_WARN_REDIS_FALLBACK", "IK_WARN_TOKEN_STORE"]);
    expect(warnings[0]?.message).toMatch(
      new RegExp(
        `^${outage} reading the token store \\(.+\\)\\. Falling back as configured: ` +
          "working without the stored profile\\.$",
      ),
    );
    expect(warnings[1]?.message).toMatch(
      new RegExp(`^token not saved: ${outage} saving a token \\(.+\\)\\.$`),
    );

    await redis.restart();
    const after = await store.load("default");
    expect(after).toEqual(before);
    expect(before?.refreshToken).toBe(sandbox.credentials.refreshToken);
    const again = await strict.call("files.get", { params: { id: fileId } }, output);
    expect(again.kind).toBe("file");
    // One refresh for the strict runtime, one in-process refresh for the fallback runtime.
    expect(tokenRequests()).toBe(2);
    await strict.close();
    await fallback.close();
  }, 60_000);

  it("saves merge: a save without api_domain or with an older token loses nothing", async () => {
    const store = new RedisTokenStore(new RedisConnection({ url: redis.url }));
    const base = { clientId: "c", clientSecret: "s", refreshToken: "r" };
    await store.save("p", { ...base, accessToken: "new", expiresAt: 2000, apiDomain: "https://x" });
    await store.save("p", { ...base, accessToken: "old", expiresAt: 1000, scopes: ["A.READ"] });
    expect(await store.load("p")).toEqual({
      ...base,
      accessToken: "new",
      expiresAt: 2000,
      apiDomain: "https://x",
      scopes: ["A.READ"],
    });
    await store.save("p", { clientId: "c", clientSecret: "s", refreshToken: "other" });
    expect(await store.load("p")).toEqual({
      clientId: "c",
      clientSecret: "s",
      refreshToken: "other",
    });
  });

  it("credits: shared across runtimes, a warning per crossing, a stop before sending", async () => {
    const events: CreditsEvent[] = [];
    const onCredits = (event: unknown) => events.push(event as CreditsEvent);
    subscribe("invokekit:credits", onCredits);
    const options = {
      baseUrl: sandbox.url,
      credentials: sandbox.credentials,
      redis: { url: redis.url },
      credits: { dailyAllowance: 4, warnAt: [0.5], stopAt: 0.75 },
    } as const;
    const a = createRuntime(connector, options);
    const b = createRuntime(connector, options);
    try {
      const call = (runtime: typeof a, n: number) =>
        runtime.call("files.get", { params: { id: fileId } }, { output: join(dir, `c${n}.bin`) });
      await call(a, 1);
      await call(b, 2);
      await call(a, 3);
      const refused = await call(b, 4).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(CreditsExhaustedError);
      expect((refused as CreditsExhaustedError).used).toBe(3);
      expect(apiRequests().length).toBe(3);
      expect(events).toEqual([{ org: "default", used: 2, allowance: 4, threshold: 0.5 }]);
    } finally {
      unsubscribe("invokekit:credits", onCredits);
      await a.close();
      await b.close();
    }
  });

  it("credits roll off after 24 hours, in Redis and in memory", async () => {
    let now = Date.UTC(2026, 0, 1);
    const connection = new RedisConnection({ url: redis.url });
    const meters = [
      new RedisCreditsMeter(connection, { org: "roll", now: () => now }),
      new LocalCreditsMeter({ org: "roll", now: () => now }),
    ];
    try {
      for (const meter of meters) {
        now = Date.UTC(2026, 0, 1);
        await meter.charge(5);
        now += 60 * 60_000;
        await meter.charge(2);
        now += 23 * 60 * 60_000;
        expect(await meter.used()).toBe(2);
        now += 60 * 60_000;
        expect(await meter.used()).toBe(0);
      }
    } finally {
      await connection.close();
    }
  });
});
