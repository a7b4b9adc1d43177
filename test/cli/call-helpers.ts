/** Shared steps for the `invokekit call` tests: running the CLI as a child process. */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TEST_CREDENTIALS } from "../runtime/loopback.ts";

/** How a CLI run ended. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment of a CLI run: PATH, a private HOME (so no token file of the user is read or
 * written) plus `extra`.
 */
export async function cliEnv(extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
  const home = await mkdtemp(join(tmpdir(), "invokekit-home-"));
  return { PATH: process.env.PATH ?? "", HOME: home, XDG_CONFIG_HOME: home, ...extra };
}

/** `cliEnv` with the loopback tests' Zoho credentials in the ZOHO_* variables. */
export function credentialsEnv(): Promise<NodeJS.ProcessEnv> {
  return cliEnv({
    ZOHO_CLIENT_ID: TEST_CREDENTIALS.clientId,
    ZOHO_CLIENT_SECRET: TEST_CREDENTIALS.clientSecret,
    ZOHO_REFRESH_TOKEN: TEST_CREDENTIALS.refreshToken,
  });
}

/** Runs `node bin/invokekit.js ...args` to its end. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["bin/invokekit.js", ...args],
      { env, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Starts `node bin/invokekit.js ...args` and returns the child, with its output collected. */
export function startCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; done: Promise<Run & { signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, ["bin/invokekit.js", ...args], { env });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const done = new Promise<Run & { signal: NodeJS.Signals | null }>((resolve) => {
    child.on("close", (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
  return { child, done };
}
