/**
 * `npm run bench`: every benchmark, side by side on loopback, written to bench/results.json
 * (for machines) and bench/RESULTS.md (for people). Figures are ratios of two things measured
 * in the same run, alternating which goes first; each is run several times and reported as
 * the median with every run listed. Absolute numbers are shown for context only.
 *
 * `npm run bench -- throughput` (or any of the group names in `GROUPS`) runs only those
 * groups and prints their figures without touching results.json and RESULTS.md.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { createRuntime } from "../src/runtime/index.ts";
import { startSandbox } from "../src/sandbox/index.ts";
import { loadConnector, loadConnectors } from "../src/spec/index.ts";
import { buildConnector, writeOutput } from "../src/targets/build.ts";
import { buildLargeFigures } from "./build-large.ts";
import { openApiFigures } from "./openapi.ts";
import { redisLimiterFigure } from "./redis-limiter.ts";
import { type Figure, median, renderMarkdown } from "./report.ts";

const run = promisify(execFile);
const MIB = 1024 * 1024;
const THROUGHPUT_RUNS = 5;
const DOWNLOAD_RUNS = 3;
const THROUGHPUT_MS = 2000;

interface ServerInfo {
  url: string;
  credentials: { clientId: string; clientSecret: string; refreshToken: string };
  files: Record<string, string>;
}

async function startServer(sizes: number[]): Promise<{ info: ServerInfo; stop: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/server.ts", sizes.join(",")], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { info: JSON.parse(line) as ServerInfo, stop: () => child.stdin.end() };
}

async function worker(script: string, input: object): Promise<Record<string, number>> {
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", `bench/workers/${script}.ts`, JSON.stringify(input)],
    { maxBuffer: 16 * MIB },
  );
  const last = stdout.trim().split("\n").at(-1) ?? "{}";
  return JSON.parse(last) as Record<string, number>;
}

/** Runs `a` and `b` `runs` times, alternating who goes first, and returns the ratios a/b. */
async function sideBySide(
  runs: number,
  a: () => Promise<number>,
  b: () => Promise<number>,
): Promise<{ ratios: number[]; a: number[]; b: number[] }> {
  const result = { ratios: [] as number[], a: [] as number[], b: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
    const x = await first();
    const y = await second();
    const [va, vb] = i % 2 === 0 ? [x, y] : [y, x];
    result.a.push(va);
    result.b.push(vb);
    result.ratios.push(va / vb);
  }
  return result;
}

function figure(
  name: string,
  unit: string,
  target: string,
  runs: number[],
  holds: (v: number) => boolean,
  context: string,
): Figure {
  const value = median(runs);
  return {
    name,
    value: round(value),
    unit,
    target,
    holds: holds(value),
    runs: runs.map(round),
    context,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

async function throughputFigures(info: ServerInfo, dir: string): Promise<Figure[]> {
  const base = { url: info.url, credentials: info.credentials, fileId: info.files["1024"], dir };
  const rate = (mode: string, concurrency: number) => async () =>
    (await worker("throughput", { ...base, mode, concurrency, durationMs: THROUGHPUT_MS }))
      .requestsPerSecond ?? 0;
  const figures: Figure[] = [];
  let c1Ratio = 1;
  for (const concurrency of [1, 64]) {
    const r = await sideBySide(
      THROUGHPUT_RUNS,
      rate("client", concurrency),
      rate("undici", concurrency),
    );
    if (concurrency === 1) c1Ratio = median(r.ratios);
    figures.push(
      figure(
        `client-vs-undici-c${concurrency}`,
        "ratio",
        ">= 0.90",
        r.ratios,
        (v) => v >= 0.9,
        `requests/s: invokekit ${median(r.a).toFixed(0)}, bare undici ${median(r.b).toFixed(0)} ` +
          `(1 KiB file download, concurrency ${concurrency})`,
      ),
    );
  }
  const zoho = await sideBySide(THROUGHPUT_RUNS, rate("client", 1), rate("zoho-sdk", 1));
  figures.push(
    figure(
      "client-vs-zoho-sdk-c1",
      "ratio",
      ">= 3",
      zoho.ratios,
      (v) => v >= 3,
      `requests/s: invokekit ${median(zoho.a).toFixed(0)}, @zohocrm/typescript-sdk-2.0 ` +
        `${median(zoho.b).toFixed(0)} (1 KiB file download, concurrency 1); a client as fast ` +
        "as the bare undici loop would score about " +
        `${(median(zoho.ratios) / c1Ratio).toFixed(2)} (this figure / client-vs-undici-c1)`,
    ),
  );
  return figures;
}

async function downloadFigures(info: ServerInfo, dir: string): Promise<Figure[]> {
  const base = { url: info.url, credentials: info.credentials, dir, concurrency: 1, durationMs: 0 };
  const download = (mode: string, size: number) => () =>
    worker("download", { ...base, mode, fileId: info.files[String(size)] });
  const speed: number[][] = [[], []];
  const rss: number[][] = [[], []];
  const growth: number[] = [];
  for (let i = 0; i < DOWNLOAD_RUNS; i++) {
    const order = i % 2 === 0 ? ["client", "undici"] : ["undici", "client"];
    for (const mode of order) {
      const r = await download(mode, 1024 * MIB)();
      const slot = mode === "client" ? 0 : 1;
      speed[slot]?.push(r.megabytesPerSecond ?? 0);
      rss[slot]?.push(r.peakRssMb ?? 0);
    }
    const small = await download("client", 64 * MIB)();
    growth.push((rss[0]?.at(-1) ?? 0) - (small.peakRssMb ?? 0));
  }
  const [clientSpeed = [], undiciSpeed = []] = speed;
  const [clientRss = [], undiciRss = []] = rss;
  return [
    figure(
      "download-1g-vs-undici",
      "ratio",
      ">= 0.90",
      clientSpeed.map((v, i) => v / (undiciSpeed[i] ?? 1)),
      (v) => v >= 0.9,
      `MB/s: invokekit ${median(clientSpeed).toFixed(0)}, bare undici pipeline ` +
        `${median(undiciSpeed).toFixed(0)} (1 GiB to disk)`,
    ),
    figure(
      "download-1g-rss-vs-undici",
      "ratio",
      "<= 1.10",
      clientRss.map((v, i) => v / (undiciRss[i] ?? 1)),
      (v) => v <= 1.1,
      `peak RSS MB: invokekit ${median(clientRss).toFixed(0)}, bare undici ` +
        `${median(undiciRss).toFixed(0)} (each in a fresh process)`,
    ),
    figure(
      "download-rss-growth-mb",
      "MB",
      "<= 16",
      growth,
      (v) => v <= 16,
      "invokekit's peak RSS downloading 1 GiB minus downloading 64 MiB",
    ),
  ];
}

async function refreshFigure(): Promise<Figure> {
  const runs: number[] = [];
  const connector = await loadConnector("connectors/zoho-crm");
  for (let i = 0; i < 3; i++) {
    let now = Date.now();
    const sandbox = await startSandbox({ now: () => now });
    const id = sandbox.storeFile("tiny.bin", new Uint8Array(16));
    const dir = await mkdtemp(path.join(os.tmpdir(), "ik-bench-refresh-"));
    const runtime = createRuntime(connector, {
      baseUrl: sandbox.url,
      credentials: sandbox.credentials,
    });
    await runtime.call("files.get", { params: { id } }, { output: path.join(dir, "warm.bin") });
    // The sandbox's clock jumps past the token's hour: every call now meets an expired token.
    now += 3601 * 1000;
    const before = sandbox.log.filter((r) => r.path === "/oauth/v2/token").length;
    await Promise.all(
      Array.from({ length: 100 }, (_, n) =>
        runtime.call("files.get", { params: { id } }, { output: path.join(dir, `${n}.bin`) }),
      ),
    );
    runs.push(sandbox.log.filter((r) => r.path === "/oauth/v2/token").length - before);
    await runtime.close();
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
  return figure(
    "refreshes-100-concurrent",
    "count",
    "== 1",
    runs,
    (v) => v === 1,
    "token requests caused by 100 concurrent calls that meet an expired token",
  );
}

async function ensureZohoSdk(): Promise<void> {
  if (existsSync("bench/zoho-sdk/node_modules/@zohocrm/typescript-sdk-2.0")) return;
  await run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], {
    cwd: "bench/zoho-sdk",
  });
}

/** Figure groups, in run order; `npm run bench -- <group>...` runs only the named ones. */
const GROUPS = ["throughput", "download", "redis", "refresh", "openapi", "build-large"] as const;

async function main(): Promise<void> {
  const started = Date.now();
  const chosen = process.argv.slice(2);
  for (const name of chosen) {
    if (!(GROUPS as readonly string[]).includes(name)) {
      throw new Error(`unknown bench group "${name}"; known: ${GROUPS.join(", ")}`);
    }
  }
  // A partial run prints its figures but leaves results.json and RESULTS.md alone.
  const wanted = (group: (typeof GROUPS)[number]) => chosen.length === 0 || chosen.includes(group);
  for (const connector of await loadConnectors("connectors")) {
    await writeOutput("out", connector, buildConnector(connector), { check: false });
  }
  if (wanted("throughput")) await ensureZohoSdk();
  const dir = await mkdtemp(path.join(os.tmpdir(), "ik-bench-"));
  const figures: Figure[] = [];
  if (wanted("throughput") || wanted("download") || wanted("redis")) {
    const sizes = wanted("download") ? [1024, 64 * MIB, 1024 * MIB] : [1024];
    const server = await startServer(sizes);
    try {
      if (wanted("throughput")) figures.push(...(await throughputFigures(server.info, dir)));
      if (wanted("download")) figures.push(...(await downloadFigures(server.info, dir)));
      if (wanted("redis")) figures.push(await redisLimiterFigure(server.info));
    } finally {
      server.stop();
    }
  }
  await rm(dir, { recursive: true, force: true });
  if (wanted("refresh")) figures.push(await refreshFigure());
  if (wanted("openapi")) figures.push(...(await openApiFigures()));
  if (wanted("build-large")) figures.push(...(await buildLargeFigures()));

  if (chosen.length === 0) {
    const results = {
      node: process.version,
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? "unknown",
      memoryGb: Math.round(os.totalmem() / 1024 ** 3),
      date: new Date().toISOString().slice(0, 10),
      seconds: Math.round((Date.now() - started) / 1000),
      figures,
    };
    await writeFile("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
    await writeFile("bench/RESULTS.md", renderMarkdown(results));
  }
  for (const f of figures) {
    process.stdout.write(
      `${f.holds ? "ok  " : "MISS"} ${f.name} = ${f.value} ${f.unit} (target ${f.target}) ` +
        `runs ${f.runs.join(", ")}; ${f.context}\n`,
    );
  }
}

await main();
