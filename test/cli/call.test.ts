/** `invokekit call`: output formats, usage errors (exit 2) and input errors (exit 1). */
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";

let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox();
  dir = await mkdtemp(join(tmpdir(), "invokekit-call-"));
});
afterAll(() => sandbox.close());

function run(args: readonly string[], env: Record<string, string> = credentials()) {
  const argv = ["bin/invokekit.js", "call", ...args];
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, argv, { env: { PATH: process.env.PATH ?? "", ...env } }, (e, o, r) =>
      resolve({ code: e ? (typeof e.code === "number" ? e.code : -1) : 0, stdout: o, stderr: r }),
    );
  });
}

function credentials(): Record<string, string> {
  return {
    ZOHO_CLIENT_ID: sandbox.credentials.clientId,
    ZOHO_CLIENT_SECRET: sandbox.credentials.clientSecret,
    ZOHO_REFRESH_TOKEN: sandbox.credentials.refreshToken,
  };
}

describe("invokekit call", () => {
  it("prints one outcome line (status, code, id, message) per file; --file takes part=path", async () => {
    const a = join(dir, "a.txt");
    const b = join(dir, "b c.txt");
    await writeFile(a, "a");
    await writeFile(b, "b");
    const result = await run([
      "zoho-crm",
      "files.upload",
      "--file",
      a,
      "--file",
      `file=${b}`,
      "--base-url",
      sandbox.url,
    ]);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        /^success {2}SUCCESS {2}[0-9a-f]{64} {2}a\.txt uploaded Succeessfully\n/.source +
          /success {2}SUCCESS {2}[0-9a-f]{64} {2}b c\.txt uploaded Succeessfully\n$/.source,
      ),
    );
  });

  it("usage errors exit 2: --param without '=', --file on an endpoint without files", async () => {
    const badParam = await run(["zoho-crm", "files.get", "--param", "idx"]);
    expect(badParam.code).toBe(2);
    expect(badParam.stderr).toContain('expected name=value, got "idx".');

    const noParts = await run(["zoho-crm", "files.get", "--param", "id=1", "--file", "x"]);
    expect(noParts.code).toBe(2);
    expect(noParts.stderr).toBe("error: files.get takes no files\n");
  });

  it("missing credentials exit 1 with a message naming the environment variables", async () => {
    const result = await run(["zoho-crm", "files.get", "--param", "id=1"], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "error [IK_AUTH_CREDENTIALS]: Zoho OAuth credentials are missing: set ZOHO_CLIENT_ID, " +
        "ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN in the environment",
    );
  });

  it("file rule and argument errors exit 1 before any request", async () => {
    const before = sandbox.log.length;
    const missing = join(dir, "missing.pdf");
    const rule = await run([
      "zoho-crm",
      "files.upload",
      "--file",
      missing,
      "--base-url",
      sandbox.url,
    ]);
    expect(rule.code).toBe(1);
    expect(rule.stderr).toBe(
      `error [IK_FILE_RULE]: Cannot read ${missing}.\n` +
        `  cause: ENOENT: no such file or directory, stat '${missing}'\n`,
    );

    const args = await run(["zoho-crm", "files.get", "--base-url", sandbox.url]);
    expect(args.code).toBe(1);
    expect(args.stderr).toBe(
      "error [IK_PLAN_ARGUMENTS]: Invalid arguments for files.get:\n" +
        '  - missing required parameter "id"\n',
    );
    expect(sandbox.log.length).toBe(before);
  });
});
