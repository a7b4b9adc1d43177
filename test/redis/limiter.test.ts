/**
 * The org-wide limiter on its own: two limiters on one Redis stand for two workers of one org.
 */
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RedisConcurrencyLimiter, RedisConnection } from "../../src/runtime/index.ts";
import { type RedisServer, skipRedis, startRedis } from "./redis-server.ts";

const QUEUE = "invokekit:org:{fair}:queue";
const HOLDERS = "invokekit:org:{fair}:holders";

describe.skipIf(skipRedis)("RedisConcurrencyLimiter", () => {
  let redis: RedisServer;
  let admin: Redis;
  const connections: RedisConnection[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    admin = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    for (const connection of connections) await connection.close();
    admin?.disconnect();
    await redis?.stop();
  });

  beforeEach(async () => {
    await admin.flushall();
  });

  const worker = (limit: number) => {
    const connection = new RedisConnection({ url: redis.url });
    connections.push(connection);
    return new RedisConcurrencyLimiter({ connection, limit, org: "fair", leaseMs: 2000 });
  };
  // Waits for a state of Redis, not for a duration.
  const until = async (check: () => Promise<boolean>) => {
    while (!(await check())) await new Promise((resolve) => setImmediate(resolve));
  };

  it("serves waiters across workers in arrival order: a busy worker queues behind", async () => {
    const busy = worker(1);
    const quiet = worker(1);
    const order: string[] = [];
    const release = await busy.acquire();
    const noted = (who: string) => (releaser: () => void) => {
      order.push(who);
      return releaser;
    };
    const busyNext = busy.acquire().then(noted("busy"));
    const quietNext = quiet.acquire().then(noted("quiet"));
    await until(async () => (await admin.zcard(QUEUE)) === 1);

    release();
    const releaseQuiet = await quietNext;
    expect(order).toEqual(["quiet"]);
    releaseQuiet();
    (await busyNext)();

    expect(order).toEqual(["quiet", "busy"]);
    await until(async () => (await admin.zcard(HOLDERS)) === 0);
    expect(await admin.zcard(QUEUE)).toBe(0);
  });

  it("an aborted wait leaves no ticket behind and takes no slot", async () => {
    const a = worker(1);
    const b = worker(1);
    const release = await a.acquire();
    const abort = new AbortController();
    const waiting = b.acquire(abort.signal);
    await until(async () => (await admin.zcard(QUEUE)) === 1);

    abort.abort(new Error("caller gave up"));
    await expect(waiting).rejects.toThrow("caller gave up");
    await until(async () => (await admin.zcard(QUEUE)) === 0);
    release();
    await until(async () => (await admin.zcard(HOLDERS)) === 0);
    const again = await b.acquire();
    expect(await admin.zcard(HOLDERS)).toBe(1);
    again();
  });

  it("refuses a lease shorter than 100 ms", () => {
    const connection = new RedisConnection({ url: redis.url });
    connections.push(connection);
    expect(
      () => new RedisConcurrencyLimiter({ connection, limit: 1, org: "fair", leaseMs: 50 }),
    ).toThrow("The lease must be an integer of at least 100 ms, got 50.");
  });
});
