/**
 * `invokekit call ... files.get` downloads as a child process against a loopback server:
 * interruption by a signal, a body cut off by the server, long exact output names.
 */
import { readdir, readFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Loopback, sendToken, startLoopback, tempDir } from "../runtime/loopback.ts";
import { credentialsEnv, runCli, startCli } from "./call-helpers.ts";

let server: Loopback | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A loopback Zoho whose files.get answers with `reply`. */
async function serve(reply: (res: ServerResponse) => void): Promise<Loopback> {
  server = await startLoopback((request, res) => {
    if (request.path === "/oauth/v2/token") return sendToken(res, "1000.AT_1");
    reply(res);
  });
  return server;
}

/** `invokekit call zoho-crm files.get` of file `x` from `baseUrl` into `output`. */
function getFileArgs(output: string, baseUrl: string): string[] {
  return [
    "call",
    "zoho-crm",
    "files.get",
    "--param",
    "id=x",
    "--output",
    output,
    "--base-url",
    baseUrl,
  ];
}

/** Resolves once `dir` holds a `.part` file, i.e. the download is streaming to disk. */
async function partFileIn(dir: string): Promise<string> {
  for (;;) {
    const part = (await readdir(dir)).find((name) => name.endsWith(".part"));
    if (part !== undefined) return part;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("invokekit call files.get (child process)", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)(
    "%s during a stalled download removes the .part file and exits %i",
    async (signal, exit) => {
      const loopback = await serve((res) => {
        res.writeHead(200, {
          "content-length": 1000,
          "content-disposition": 'attachment; filename="big.bin"',
        });
        // Half the body, then nothing: the download stays in progress until the signal.
        res.write(Buffer.alloc(500, 1));
      });
      const dir = await tempDir();
      const env = await credentialsEnv();
      const { child, done } = startCli(getFileArgs(`${dir}/`, loopback.url), env);

      expect(await partFileIn(dir)).toMatch(/^\.big\.bin\.[0-9a-f]{12}\.part$/);
      child.kill(signal);
      const run = await done;

      expect(run.code).toBe(exit);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(`interrupted (${signal}): nothing was saved\n`);
      expect(await readdir(dir)).toEqual([]);
    },
  );

  it("a body cut off at 500 of 1000 bytes reports the truncated download", async () => {
    const loopback = await serve((res) => {
      res.writeHead(200, {
        "content-length": 1000,
        "content-disposition": 'attachment; filename="cut.bin"',
      });
      res.write(Buffer.alloc(500, 1), () => res.socket?.destroy());
    });
    const dir = await tempDir();
    const url = `${loopback.url}/crm/v2/files?id=x`;

    for (const output of [`${dir}/`, join(dir, "exact.bin")]) {
      const run = await runCli(getFileArgs(output, loopback.url), await credentialsEnv());
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `error [IK_HTTP_TRUNCATED_DOWNLOAD]: Download from ${url} ended after 500 of 1000 ` +
          "bytes; nothing was saved. Retry the call.\n  cause: other side closed\n",
      );
      expect(await readdir(dir)).toEqual([]);
    }
  });

  it("saves to an exact path with a 249-byte name (the temporary name fits in 255)", async () => {
    const body = Buffer.from("long name body");
    const loopback = await serve((res) => {
      res.writeHead(200, { "content-length": body.length });
      res.end(body);
    });
    const dir = await tempDir();
    const exact = join(dir, `${"n".repeat(245)}.bin`);

    const run = await runCli(getFileArgs(exact, loopback.url), await credentialsEnv());

    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${exact}\n`);
    expect(await readFile(exact)).toEqual(body);
    expect(await readdir(dir)).toEqual([`${"n".repeat(245)}.bin`]);
  });

  it("prints the cause of an error: an exact name over 255 bytes shows ENAMETOOLONG", async () => {
    const loopback = await serve((res) => {
      res.writeHead(200, { "content-length": 1 });
      res.end("x");
    });
    const dir = await tempDir();
    const exact = join(dir, "n".repeat(300));

    const run = await runCli(getFileArgs(exact, loopback.url), await credentialsEnv());

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error \[IK_FILE_OUTPUT\]: .*\n {2}cause: ENAMETOOLONG: /);
    expect(run.stderr).not.toContain("    at ");
    expect(await readdir(dir)).toEqual([]);
  });
});
