/**
 * A worker process for the Redis tests: `calls` makes calls to the sandbox through a runtime
 * that shares tokens and slots through Redis; `hold` takes slots and keeps them until killed.
 * Input is one JSON argument; the last stdout line is the JSON result.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createRuntime,
  RedisConcurrencyLimiter,
  RedisConnection,
} from "../../src/runtime/index.ts";
import { loadConnector } from "../../src/spec/index.ts";

interface Input {
  readonly mode: "calls" | "hold";
  readonly redisUrl: string;
  readonly sandboxUrl?: string;
  readonly credentials?: { clientId: string; clientSecret: string; refreshToken: string };
  readonly fileId?: string;
  readonly calls?: number;
  readonly parallel?: number;
  readonly limit: number;
  readonly leaseMs?: number;
  readonly org?: string;
}

const input = JSON.parse(process.argv[2] ?? "{}") as Input;

if (input.mode === "hold") {
  const connection = new RedisConnection({ url: input.redisUrl });
  const limiter = new RedisConcurrencyLimiter({
    connection,
    limit: input.limit,
    ...(input.leaseMs === undefined ? {} : { leaseMs: input.leaseMs }),
    ...(input.org === undefined ? {} : { org: input.org }),
  });
  for (let i = 0; i < input.limit; i++) await limiter.acquire();
  process.stdout.write("held\n");
  // Keeps the process (and its lease renewals) alive until the test kills it.
  setInterval(() => {}, 1000);
} else {
  const connector = await loadConnector("connectors/zoho-crm");
  const dir = await mkdtemp(join(tmpdir(), "ik-redis-worker-"));
  const runtime = createRuntime(connector, {
    baseUrl: input.sandboxUrl ?? "",
    ...(input.credentials ? { credentials: input.credentials } : {}),
    concurrency: input.limit,
    redis: {
      url: input.redisUrl,
      ...(input.leaseMs === undefined ? {} : { leaseMs: input.leaseMs }),
      ...(input.org === undefined ? {} : { org: input.org }),
    },
    // No retries: a 429 from the sandbox must show up as a failure, not be hidden.
    retry: { maxRetries: 0 },
  });
  const errors: string[] = [];
  let ok = 0;
  let next = 0;
  const total = input.calls ?? 1;
  const lane = async () => {
    while (next < total) {
      const n = next++;
      try {
        await runtime.call(
          "files.get",
          { params: { id: input.fileId ?? "" } },
          { output: join(dir, `${n}.bin`) },
        );
        ok++;
      } catch (error) {
        errors.push((error as { code?: string }).code ?? String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: input.parallel ?? 1 }, lane));
  await runtime.close();
  await rm(dir, { recursive: true, force: true });
  process.stdout.write(
    `${JSON.stringify({ ok, errors: errors.slice(0, 5), failed: errors.length })}\n`,
  );
}
