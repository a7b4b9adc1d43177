// Runs on the frozen Files connector (test/fixtures/spec) so exact counts do not follow the
// shipped connectors as they grow.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = async (args: string[]) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["bin/invokekit.js", ...args],
      { timeout: 30_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
};

describe("invokekit build", () => {
  let outDir = "";
  beforeAll(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), "invokekit-cli-"));
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it("builds, reports per target, and --check fails only when out/ is stale", async () => {
    const built = await run(["build", "test/fixtures/spec", "--out", outDir]);
    expect(built.code).toBe(0);
    const lines = built.stdout.split("\n");
    expect(lines[0]).toBe(`zoho-crm -> ${path.join(outDir, "zoho-crm")}${path.sep}`);
    expect(lines.slice(1, 7).map((line) => line.trim().split(/\s+/).slice(0, 3))).toEqual([
      ["connection", "8", "files"],
      ["curl", "2", "files"],
      ["deluge", "2", "files"],
      ["docs", "8", "files"],
      ["sdk", "4", "files"],
      ["site", "13", "files"],
    ]);
    expect(built.stdout).toContain("  created: deluge/files.get.dg\n");

    const clean = await run(["build", "test/fixtures/spec", "--out", outDir, "--check"]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain("  up to date\n");

    await writeFile(path.join(outDir, "zoho-crm", "deluge", "files.get.dg"), "edited\n");
    const stale = await run(["build", "test/fixtures/spec", "--out", outDir, "--check"]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain("  different: deluge/files.get.dg\n");
  });

  it("exits 1 with a message when there is no connector", async () => {
    const result = await run(["build", outDir, "--out", outDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("no connector found");
  });
});
