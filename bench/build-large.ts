/**
 * How the spec format scales: wall seconds and peak RSS of `invokekit build` (load and
 * validate, every target, write out/) for a generated connector of 2,000 endpoints, each run
 * in a fresh child process (`workers/build-large.ts`) so no earlier benchmark's heap counts.
 * Absolute figures: they vary from one machine to the next, and are compared across commits
 * of the same machine.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { type Figure, median } from "./report.ts";

const run = promisify(execFile);
// One run takes minutes at 2,000 endpoints; the median of more would double the bench's time.
const RUNS = 1;

/** Runs the worker and returns its report. */
async function buildOnce(): Promise<Record<string, number>> {
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", "bench/workers/build-large.ts", JSON.stringify({ copies: 100 })],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, number>;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/** The `build-2000-endpoints` figures: seconds, and peak RSS in MB. */
export async function buildLargeFigures(): Promise<Figure[]> {
  const reports: Record<string, number>[] = [];
  for (let i = 0; i < RUNS; i++) reports.push(await buildOnce());
  const seconds = reports.map((r) => r.seconds ?? 0);
  const rss = reports.map((r) => r.peakRssMb ?? 0);
  const first = reports[0] ?? {};
  const phases =
    `load ${first.loadSeconds?.toFixed(1)} s, targets ${first.buildSeconds?.toFixed(1)} s, ` +
    `write ${first.writeSeconds?.toFixed(1)} s; ${first.endpoints} endpoints, ` +
    `${first.outputFiles} files written`;
  return [
    {
      name: "build-2000-endpoints",
      value: round(median(seconds)),
      unit: "s",
      target: "<= 60",
      holds: median(seconds) <= 60,
      runs: seconds.map(round),
      context: `wall time of a build of every target, in a child process (${phases})`,
    },
    {
      name: "build-2000-endpoints-rss-mb",
      value: round(median(rss)),
      unit: "MB",
      target: "<= 1024",
      holds: median(rss) <= 1024,
      runs: rss.map(round),
      context: "peak RSS of the same child process",
    },
  ];
}
