/**
 * Test helper: a real `redis-server` (Debian's package) on 127.0.0.1 and a free port, with no
 * persistence except an explicit `SHUTDOWN SAVE` into its own temp folder. Without the binary
 * the Redis tests are skipped locally and fail in CI (`CI=true`), where `.ci/run` installs it.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

/** Whether `redis-server` is on PATH. */
export const redisAvailable = (() => {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** Skip the suite only outside CI; in CI a missing server fails loudly in `startRedis`. */
export const skipRedis = !redisAvailable && process.env.CI !== "true";

/** A running server. */
export interface RedisServer {
  readonly url: string;
  readonly port: number;
  /** Stops the server, saving its data to its folder first. */
  shutdownSaving(): Promise<void>;
  /** Starts it again on the same port and folder (data restored from the save), if stopped. */
  restart(): Promise<void>;
  /** Stops it and removes its folder. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Starts `redis-server` on 127.0.0.1 and a free port. */
export async function startRedis(): Promise<RedisServer> {
  if (!redisAvailable) {
    throw new Error(
      "redis-server is not on PATH: the Redis tests need Debian's redis-server " +
        "(apt-get install -y redis-server; .ci/run installs it).",
    );
  }
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), "ik-redis-"));
  let child: ChildProcess | undefined;
  const launch = async () => {
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly"];
    args.push("no", "--dir", dir, "--dbfilename", "dump.rdb", "--protected-mode", "yes");
    const started = spawn("redis-server", args, { stdio: ["ignore", "pipe", "inherit"] });
    child = started;
    await new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: started.stdout as NodeJS.ReadableStream });
      lines.on("line", (line) => {
        if (line.includes("Ready to accept connections")) resolve();
      });
      started.once("exit", (code) => reject(new Error(`redis-server exited with ${code}`)));
    });
  };
  const exited = (target: ChildProcess) =>
    target.exitCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => target.once("exit", () => resolve()));
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async shutdownSaving() {
      const current = child;
      if (!current) return;
      // SHUTDOWN SAVE writes dump.rdb even with --save "", so a restart finds the data.
      execFileSync("redis-cli", ["-p", String(port), "SHUTDOWN", "SAVE"], { stdio: "ignore" });
      await exited(current);
      child = undefined;
    },
    async restart() {
      if (!child) await launch();
    },
    async stop() {
      const current = child;
      if (current) {
        current.kill("SIGKILL");
        await exited(current);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
