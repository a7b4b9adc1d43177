import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { startSandbox } from "../../src/sandbox/index.ts";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function runCli(args: string[]) {
  const child = spawn(process.execPath, ["bin/invokekit.js", ...args], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (text: string) => {
    stdout += text;
  });
  child.stderr?.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Resolves with stdout once it contains `marker`, or rejects when the process exits first. */
async function outputUntil(run: ReturnType<typeof runCli>, marker: string): Promise<string> {
  const exitedEarly = run.exited.then((code) => {
    throw new Error(`exited with ${code} before "${marker}": ${run.stdout()}${run.stderr()}`);
  });
  const seen = new Promise<string>((resolve) => {
    const check = () => {
      if (!run.stdout().includes(marker)) return;
      run.child.stdout?.off("data", check);
      resolve(run.stdout());
    };
    run.child.stdout?.on("data", check);
    check();
  });
  return Promise.race([seen, exitedEarly]);
}

describe("invokekit sandbox", () => {
  it("prints its URL and credentials, serves them, and stops on SIGTERM", async () => {
    const run = runCli(["sandbox", "--port", "0"]);
    const output = await outputUntil(run, "Press Ctrl+C to stop.");

    const url = /^Zoho sandbox listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(output)?.[1];
    const env = Object.fromEntries(
      [...output.matchAll(/^(ZOHO_[A-Z_]+)=(\S+)$/gm)].map((match) => [match[1], match[2]]),
    );
    expect(url).toBeDefined();
    expect(Object.keys(env)).toEqual([
      "ZOHO_CLIENT_ID",
      "ZOHO_CLIENT_SECRET",
      "ZOHO_REFRESH_TOKEN",
    ]);
    expect(output).toContain(`--base-url ${url}`);

    const query = new URLSearchParams({
      grant_type: "refresh_token",
      client_id: env.ZOHO_CLIENT_ID ?? "",
      client_secret: env.ZOHO_CLIENT_SECRET ?? "",
      refresh_token: env.ZOHO_REFRESH_TOKEN ?? "",
    });
    const response = await request(`${url}/oauth/v2/token?${query}`, { method: "POST" });
    expect(await response.body.json()).toMatchObject({ api_domain: url, token_type: "Bearer" });

    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.stdout().endsWith("Sandbox stopped (SIGTERM).\n")).toBe(true);
  });

  it("uses the credentials it is given", async () => {
    const run = runCli(["sandbox", "--client-id", "1000.MINE", "--client-secret", "it's"]);
    const output = await outputUntil(run, "Press Ctrl+C to stop.");
    expect(output).toContain("ZOHO_CLIENT_ID=1000.MINE\n");
    expect(output).toContain("ZOHO_CLIENT_SECRET='it'\\''s'\n");
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
  });

  it("exits 1 with a clear message when the port is in use", async () => {
    const taken = await startSandbox();
    try {
      const port = new URL(taken.url).port;
      const run = runCli(["sandbox", "--port", port]);
      expect(await run.exited).toBe(1);
      expect(run.stderr()).toBe(
        `error: Cannot start the sandbox on 127.0.0.1:${port}: the port is already in use. ` +
          "Choose another port, or 0 for a free one.\n",
      );
    } finally {
      await taken.close();
    }
  });

  it("exits 2 on a port that is not a number", async () => {
    const run = runCli(["sandbox", "--port", "http"]);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain("expected a port number from 0 to 65535");
  });
});
