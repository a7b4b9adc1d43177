/**
 * `build`: runs every target on a connector and keeps `out/<connector>/` exactly equal to the
 * result: missing and changed files are written, files no target produced any more are
 * removed. With `check`, nothing is written and the differences are returned instead, so CI
 * can fail on stale generated files.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { readdir, rm, rmdir } from "node:fs/promises";
import path from "node:path";
import { setImmediate } from "node:timers/promises";
import type { Connector } from "../spec/model.ts";
import type { GeneratedFile } from "./generated-file.ts";
import { targets } from "./registry.ts";
import { GenerationError } from "./sample-arguments.ts";

/** A generated file and the target that produced it. */
export interface BuiltFile extends GeneratedFile {
  readonly target: string;
}

/** How a file on disk differs from the build. */
export interface OutputDifference {
  /** Path relative to `out/<connector>/`. */
  readonly path: string;
  /** `missing`: not on disk; `different`: other content; `stale`: on disk, not generated. */
  readonly status: "missing" | "different" | "stale";
}

/** Options of `writeOutput`. */
export interface WriteOptions {
  /** Write nothing; only report differences. Default false. */
  readonly check?: boolean;
}

/** Runs every target on `connector`; files sorted by path. Throws on clashing paths. */
export function buildConnector(connector: Connector): BuiltFile[] {
  const files: BuiltFile[] = [];
  const earlier = new Map<string, readonly GeneratedFile[]>();
  const prepare = (from: number) => {
    for (const later of targets.slice(from)) later.prepare?.(connector, earlier);
  };
  try {
    prepare(0);
    targets.forEach((target, index) => {
      const output = target.generate(connector, earlier);
      earlier.set(target.name, output);
      for (const file of output) files.push({ ...file, target: target.name });
      prepare(index + 1);
    });
  } catch (error) {
    // A worker started for a later target would otherwise run on until the next build.
    for (const target of targets) target.abandon?.(connector);
    throw error;
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (let i = 1; i < files.length; i++) {
    if (files[i]?.path === files[i - 1]?.path) {
      throw new GenerationError(`Two targets write ${files[i]?.path}`);
    }
  }
  for (const file of files) checkRelativePath(file.path);
  return files;
}

/** The folder a connector's output goes to: `<outDir>/<connector name>`. */
export function connectorOutputDir(outDir: string, connector: Connector): string {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(connector.name) || connector.name.includes("..")) {
    throw new GenerationError(
      `Connector name ${JSON.stringify(connector.name)} is not a folder name`,
    );
  }
  return path.join(outDir, connector.name);
}

// Generated paths come from spec ids; they must stay inside the connector's folder.
function checkRelativePath(file: string): void {
  const parts = file.split("/");
  if (
    path.isAbsolute(file) ||
    file.includes("\\") ||
    parts.some((p) => p === ".." || p === "" || p === ".")
  ) {
    throw new GenerationError(`Generated path ${JSON.stringify(file)} leaves the output folder`);
  }
}

/**
 * Makes `<outDir>/<connector>/` hold exactly `files`, or with `check` only compares. Returns the
 * differences found (before writing), sorted by path: empty means the folder was up to date.
 */
export async function writeOutput(
  outDir: string,
  connector: Connector,
  files: readonly GeneratedFile[],
  options: WriteOptions = {},
): Promise<OutputDifference[]> {
  const root = connectorOutputDir(outDir, connector);
  const existing = new Set(await listFiles(root));
  const differences: OutputDifference[] = [];

  await inSlices(files, (file) => {
    checkRelativePath(file.path);
    const target = path.join(root, ...file.path.split("/"));
    if (!existing.has(file.path)) {
      differences.push({ path: file.path, status: "missing" });
    } else if (readFileSync(target, "utf8") !== file.content) {
      differences.push({ path: file.path, status: "different" });
    }
    existing.delete(file.path);
  });
  for (const stale of existing) differences.push({ path: stale, status: "stale" });
  differences.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (options.check) return differences;

  // Stale files go first, so that a file can take the place of a folder that is gone.
  for (const difference of differences) {
    if (difference.status !== "stale") continue;
    const target = path.join(root, ...difference.path.split("/"));
    await rm(target, { force: true });
    await removeEmptyParents(path.dirname(target), root);
  }
  const contents = new Map(files.map((file) => [file.path, file.content]));
  const folders = new Set<string>();
  await inSlices(
    differences.filter((d) => d.status !== "stale"),
    (difference) => {
      const target = path.join(root, ...difference.path.split("/"));
      const folder = path.dirname(target);
      if (!folders.has(folder)) {
        mkdirSync(folder, { recursive: true });
        folders.add(folder);
      }
      writeFileSync(target, contents.get(difference.path) ?? "");
    },
  );
  return differences;
}

// Files are compared and written with one synchronous call each, in slices of SLICE_MS that
// yield to the event loop in between: three thread-pool round trips per file (open, write,
// close) are what made 10,000 small files slow, and the yields keep a server in the same
// process answering while a large build is written.
const SLICE_MS = 20;

async function inSlices<T>(items: readonly T[], each: (item: T) => void): Promise<void> {
  let sliceStart = performance.now();
  for (const item of items) {
    each(item);
    if (performance.now() - sliceStart >= SLICE_MS) {
      await setImmediate();
      sliceStart = performance.now();
    }
  }
}

/** Every regular file under `root`, as `/`-separated relative paths; none when it is absent. */
async function listFiles(root: string): Promise<string[]> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(root, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) =>
      path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"),
    );
}

async function removeEmptyParents(dir: string, root: string): Promise<void> {
  let current = dir;
  while (current.startsWith(root + path.sep)) {
    if ((await readdir(current)).length > 0) return;
    await rmdir(current);
    current = path.dirname(current);
  }
}
