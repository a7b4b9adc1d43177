/**
 * The cost of org-wide coordination: 8 worker processes call the same sandbox, once with the
 * Redis limiter and shared token (org limit = all their lanes together, so the limit never
 * binds and only the coordination costs), once each limited in-process on its own. The figure
 * is the Redis run's requests per second over the in-process run's, measured side by side.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { type Figure, median } from "./report.ts";

const run = promisify(execFile);
const WORKERS = 8;
const LANES = 4;
const RUNS = 3;
const DURATION_MS = 2000;

interface ServerInfo {
  url: string;
  credentials: { clientId: string; clientSecret: string; refreshToken: string };
  files: Record<string, string>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

/** A throwaway redis-server on 127.0.0.1 without persistence. */
async function startRedis(): Promise<{ url: string; stop: () => void }> {
  const port = await freePort();
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly"];
  const child = spawn("redis-server", [...args, "no"], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (line.includes("Ready to accept connections")) resolve();
    });
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill("SIGTERM") };
}

/** Requests per second of 8 workers together, with or without Redis. */
async function orgRate(info: ServerInfo, dir: string, redisUrl: string | undefined) {
  const startAt = Date.now() + 4000;
  const input = {
    url: info.url,
    credentials: info.credentials,
    fileId: info.files["1024"],
    dir,
    mode: redisUrl ? "redis" : "local",
    concurrency: LANES,
    orgLimit: WORKERS * LANES,
    durationMs: DURATION_MS,
    startAt,
    ...(redisUrl ? { redisUrl } : {}),
  };
  const outputs = await Promise.all(
    Array.from({ length: WORKERS }, () =>
      run(process.execPath, [
        "--import",
        "tsx",
        "bench/workers/org-calls.ts",
        JSON.stringify(input),
      ]),
    ),
  );
  const requests = outputs.reduce((sum, { stdout }) => {
    const last = stdout.trim().split("\n").at(-1) ?? "{}";
    return sum + ((JSON.parse(last) as { requests?: number }).requests ?? 0);
  }, 0);
  return requests / (DURATION_MS / 1000);
}

/** `redis-limiter-vs-local-8w`: throughput with the Redis limiter over in-process limits. */
export async function redisLimiterFigure(info: ServerInfo): Promise<Figure> {
  const redis = await startRedis();
  const dir = await mkdtemp(path.join(os.tmpdir(), "ik-bench-org-"));
  const shared: number[] = [];
  const local: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      // Alternate who goes first, as the other figures do.
      if (i % 2 === 0) {
        shared.push(await orgRate(info, dir, redis.url));
        local.push(await orgRate(info, dir, undefined));
      } else {
        local.push(await orgRate(info, dir, undefined));
        shared.push(await orgRate(info, dir, redis.url));
      }
    }
  } finally {
    redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const ratios = shared.map((value, i) => value / (local[i] ?? 1));
  const value = median(ratios);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    name: "redis-limiter-vs-local-8w",
    value: round(value),
    unit: "ratio",
    target: ">= 0.50",
    holds: value >= 0.5,
    runs: ratios.map(round),
    context:
      `requests/s of ${WORKERS} worker processes x ${LANES} lanes: Redis limiter ` +
      `${median(shared).toFixed(0)}, in-process limits ${median(local).toFixed(0)} ` +
      `(1 KiB file download, org limit ${WORKERS * LANES} so only coordination costs; ` +
      `${os.cpus().length} CPUs shared with the sandbox and Redis)`,
  };
}
