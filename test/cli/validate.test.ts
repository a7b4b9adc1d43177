import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const bin = path.resolve("bin/invokekit.js");
let root = "";

async function invokekit(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe("invokekit validate", () => {
  it("exits 0 on the shipped connectors", async () => {
    const result = await invokekit(["validate"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^connectors\/zoho-crm: \d+ endpoints$/m);
    expect(result.stdout.endsWith("\n0 error(s), 0 warning(s)\n")).toBe(true);
  });

  it("exits 1 on a misspelt key and names file, line, column and the right key", async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "ik-cli-validate-"));
    const dir = path.join(root, "zoho-crm");
    await cp("test/fixtures/spec/zoho-crm", dir, { recursive: true });
    const file = path.join(dir, "files/upload.yaml");
    await writeFile(file, (await readFile(file, "utf8")).replace("max_bytes:", "max_byte:"));

    const result = await invokekit(["validate", root]);
    expect(result.code).toBe(1);
    expect(result.stdout.split("\n")[0]).toBe(
      `${file}:26:7  unknown key "max_byte" in body.multipart.file; did you mean "max_bytes"?`,
    );
    expect(result.stdout).toContain("1 error(s), 0 warning(s)\n");
  });

  it("exits 2 on a usage error", async () => {
    const result = await invokekit(["validate", "--no-such-flag"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--no-such-flag'");
  });
});
