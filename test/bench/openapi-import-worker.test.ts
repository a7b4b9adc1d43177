/**
 * The OpenAPI bench worker (`bench/workers/openapi-import.ts`) times each tool from spawn to
 * exit, so a run must load only the tool it measures: a generator's run that also loaded
 * invokekit's modules would be charged for them.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const dir = await mkdtemp(path.join(os.tmpdir(), "ik-bench-worker-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Runs the worker in `mode`; returns its stderr and every file URL it loaded. */
async function modulesLoaded(mode: string): Promise<{ stderr: string; urls: string[] }> {
  const log = path.join(dir, `${mode}.log`);
  const hooks = path.join(dir, "hooks.mjs");
  // Loader hooks run on their own thread: each resolved URL is appended to the log file.
  await writeFile(
    hooks,
    [
      'import { appendFileSync } from "node:fs";',
      "export async function resolve(specifier, context, next) {",
      "  const result = await next(specifier, context);",
      `  appendFileSync(${JSON.stringify(log)}, result.url + "\\n");`,
      "  return result;",
      "}",
    ].join("\n"),
  );
  const register = path.join(dir, "register.mjs");
  await writeFile(
    register,
    `import { register } from "node:module";\n` +
      `register(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
  );
  await writeFile(log, "");
  const args = JSON.stringify({ mode, input: dir, out: path.join(dir, "out") });
  const stderr = await run(
    process.execPath,
    ["--import", "tsx", "--import", register, "bench/workers/openapi-import.ts", args],
    { timeout: 20_000 },
  ).then(
    () => "",
    (error: { stderr: string }) => error.stderr,
  );
  const urls = (await readFile(log, "utf8")).split("\n").filter((url) => url !== "");
  return { stderr, urls };
}

describe("OpenAPI bench worker", () => {
  it("loads no invokekit module before it knows which tool it runs", async () => {
    const { stderr, urls } = await modulesLoaded("no-such-tool");
    expect(stderr).toContain("unknown mode no-such-tool");
    const worker = pathToFileURL(path.resolve("bench/workers/openapi-import.ts")).href;
    expect(urls).toContain(worker);
    const source = pathToFileURL(path.resolve("src")).href;
    expect(urls.filter((url) => url.startsWith(`${source}/`))).toEqual([]);
  });
});
