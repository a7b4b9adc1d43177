/**
 * End to end: the `invokekit call` CLI, run as a child process, against the sandbox. Upload a
 * file with a non-ASCII name, download it by the returned id, compare bytes and name; then a
 * scope mismatch, which must exit 1 and print Zoho's code with the spec's resolution.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/invokekit.js call ...args` with the sandbox's credentials in env. */
function runCall(sandbox: Sandbox, args: readonly string[]): Promise<Run> {
  const env = {
    PATH: process.env.PATH ?? "",
    ZOHO_CLIENT_ID: sandbox.credentials.clientId,
    ZOHO_CLIENT_SECRET: sandbox.credentials.clientSecret,
    ZOHO_REFRESH_TOKEN: sandbox.credentials.refreshToken,
  };
  const argv = ["bin/invokekit.js", "call", ...args, "--base-url", sandbox.url];
  return new Promise((resolve) => {
    execFile(process.execPath, argv, { env, timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

let sandbox: Sandbox | undefined;

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

describe("invokekit call (end to end, sandbox)", () => {
  it("uploads Résumé 2026.pdf, downloads it by id with the same bytes and name", async () => {
    sandbox = await startSandbox();
    const dir = await mkdtemp(join(tmpdir(), "invokekit-call-e2e-"));
    const source = join(dir, "Résumé 2026.pdf");
    const content = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(4096, 0xe9)]);
    await writeFile(source, content);

    const upload = await runCall(sandbox, ["zoho-crm", "files.upload", "--file", source, "--json"]);
    expect(upload.stderr).toBe("");
    expect(upload.code).toBe(0);
    const reply = JSON.parse(upload.stdout) as {
      data: { details: { id: string; name: string } }[];
    };
    expect(reply.data).toHaveLength(1);
    expect(reply.data[0]?.details.name).toBe("Résumé 2026.pdf");
    const id = reply.data[0]?.details.id ?? "";

    const outDir = join(dir, "downloads");
    const download = await runCall(sandbox, [
      "zoho-crm",
      "files.get",
      "--param",
      `id=${id}`,
      "--output",
      `${outDir}/`,
    ]);
    expect(download.stderr).toBe("");
    expect(download.code).toBe(0);
    expect(download.stdout).toBe(`${join(outDir, "Résumé 2026.pdf")}\n`);
    expect(await readdir(outDir)).toEqual(["Résumé 2026.pdf"]);
    expect(sha256(await readFile(join(outDir, "Résumé 2026.pdf")))).toBe(sha256(content));
  });

  it("case-C25: a scope mismatch exits 1 and prints the Zoho code and the resolution", async () => {
    sandbox = await startSandbox({ scopes: ["ZohoCRM.Files.CREATE"] });
    const id = sandbox.storeFile("a.txt", Buffer.from("a"));
    const dir = await mkdtemp(join(tmpdir(), "invokekit-call-e2e-"));

    const run = await runCall(sandbox, [
      "zoho-crm",
      "files.get",
      "--param",
      `id=${id}`,
      "--output",
      `${dir}/`,
    ]);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("error [IK_AUTH_SCOPE]: files.get failed with HTTP 401\n");
    expect(run.stderr).toContain("  zoho code:  OAUTH_SCOPE_MISMATCH\n");
    expect(run.stderr).toContain(
      "  resolution: The OAuth client was not granted the ZohoCRM.Files.READ scope. Generate a " +
        "new grant with that scope (see Scope above) and use its tokens.\n",
    );
    expect(await readdir(dir)).toEqual([]);
    // No refresh loop: one token request, one API request.
    expect(sandbox.log.map((r) => r.path)).toEqual(["/oauth/v2/token", "/crm/v2/files"]);
  });
});
