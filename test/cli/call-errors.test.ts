/**
 * `invokekit call` errors: usage errors exit 2 with a message naming the option, API errors
 * exit 1 with their code line, `--json` prints one error object on stderr, a 200 upload
 * reply with a failed item exits 1, server text is redacted, `--version`.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type Loopback,
  sendJson,
  sendToken,
  startLoopback,
  tempDir,
  zohoError,
} from "../runtime/loopback.ts";
import { cliEnv, credentialsEnv, runCli } from "./call-helpers.ts";

let server: Loopback | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ACCESS_TOKEN = "1000.AT_cli_error_token_value";

/** A loopback Zoho whose API answers every request with `status` and `body`. */
async function serve(status: number, body: unknown): Promise<Loopback> {
  server = await startLoopback((request, res) => {
    if (request.path === "/oauth/v2/token") return sendToken(res, ACCESS_TOKEN);
    sendJson(res, status, typeof body === "function" ? body(request) : body);
  });
  return server;
}

async function call(args: readonly string[]) {
  return runCli(["call", "zoho-crm", ...args], await credentialsEnv());
}

describe("invokekit call: usage errors exit 2", () => {
  it.each([
    [
      ["--dc", "xx"],
      "error: --dc xx is not a data center of zoho-crm; use one of: us, eu, in, au, jp, cn, ca, sa.\n",
    ],
    [
      ["--base-url", "notaurl"],
      'error: --base-url "notaurl" is not an absolute URL (e.g. http://127.0.0.1:8787).\n',
    ],
    [
      ["--base-url", "ftp://x"],
      'error: --base-url "ftp://x" must use http or https (e.g. http://127.0.0.1:8787).\n',
    ],
    [
      ["--base-url", "http://127.0.0.1:8787/prefix"],
      'error: --base-url "http://127.0.0.1:8787/prefix" must be an origin without path, query ' +
        "or user (e.g. http://127.0.0.1:8787); API and token paths are appended to it.\n",
    ],
    [["--param", "id=b"], "error: --param id is given more than once; give each parameter once.\n"],
  ])("files.get --param id=a %j", async (extra, message) => {
    const run = await call(["files.get", "--param", "id=a", ...extra]);
    expect(run.stderr).toBe(message);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
  });

  it("--file x=/path names an unknown part", async () => {
    const run = await call(["files.upload", "--file", "x=/tmp/a.txt"]);
    expect(run.stderr).toBe(
      'error: unknown file part x (declared: file); write ./x=/tmp/a.txt for a file whose name contains "="\n',
    );
    expect(run.code).toBe(2);
  });

  it("--json prints a usage error as one JSON object on stderr", async () => {
    const run = await call(["files.get", "--param", "id=a", "--dc", "xx", "--json"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(JSON.parse(run.stderr)).toEqual({
      error: {
        code: "IK_USAGE",
        zohoCode: null,
        status: null,
        message:
          "--dc xx is not a data center of zoho-crm; use one of: us, eu, in, au, jp, cn, ca, sa.",
        resolution: null,
      },
    });
  });

  it("--version prints the package version", async () => {
    const { version } = JSON.parse(await readFile("package.json", "utf8")) as { version: string };
    const run = await runCli(["--version"], await cliEnv());
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });
});

describe("invokekit call: API errors exit 1", () => {
  it("prints the [IK_API_ERROR] line with Zoho's code; the echoed token is redacted", async () => {
    const loopback = await serve(403, (request: { headers: { authorization?: string } }) =>
      zohoError("NO_PERMISSION", `no permission for ${request.headers.authorization}`, {
        token: ACCESS_TOKEN,
      }),
    );
    const run = await call([
      "files.get",
      "--param",
      "id=a",
      "--base-url",
      loopback.url,
      "--output",
      `${await tempDir()}/`,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "error [IK_API_ERROR]: files.get failed with HTTP 403\n" +
        "  zoho code:  NO_PERMISSION\n" +
        "  message:    no permission for Zoho-oauthtoken REDACTED\n" +
        "  resolution: The user's profile may not read files. Ask your CRM administrator for " +
        "the permission.\n",
    );
    expect(run.stderr).not.toContain(ACCESS_TOKEN);
  });

  it("a 401 whose message holds the token prints it redacted, also with --json", async () => {
    const loopback = await serve(401, (request: { headers: { authorization?: string } }) =>
      zohoError("INVALID_TOKEN", `invalid oauth token ${request.headers.authorization}`),
    );
    const output = `${await tempDir()}/`;
    const args = ["files.get", "--param", "id=a", "--base-url", loopback.url, "--output", output];

    const text = await call(args);
    expect(text.code).toBe(1);
    expect(text.stderr).toContain("  message:    invalid oauth token Zoho-oauthtoken REDACTED\n");
    expect(text.stderr).not.toContain(ACCESS_TOKEN);

    const json = await call([...args, "--json"]);
    expect(json.code).toBe(1);
    expect(json.stderr).not.toContain(ACCESS_TOKEN);
    const { error } = JSON.parse(json.stderr) as { error: Record<string, unknown> };
    expect(error).toMatchObject({ code: "IK_API_ERROR", zohoCode: "INVALID_TOKEN", status: 401 });
    expect(error.message).toContain("invalid oauth token Zoho-oauthtoken REDACTED");
  });

  it("a 200 upload reply with a failed data[] item exits 1 and prints that item", async () => {
    const failed = {
      code: "FILE_SIZE_MORE_THAN_ALLOWED_SIZE",
      details: { allowed_size: 20971520 },
      message: "file size is more than the allowed size",
      status: "error",
    };
    const ok = {
      code: "SUCCESS",
      details: { name: "a.txt", id: "ab".repeat(32) },
      message: "a.txt uploaded Succeessfully",
      status: "success",
    };
    const loopback = await serve(200, { data: [ok, failed] });
    const dir = await tempDir();
    await writeFile(join(dir, "a.txt"), "a");
    await writeFile(join(dir, "b.txt"), "b");
    const args = [
      "files.upload",
      "--file",
      join(dir, "a.txt"),
      "--file",
      join(dir, "b.txt"),
      "--base-url",
      loopback.url,
    ];

    const text = await call(args);
    expect(text.code).toBe(1);
    expect(text.stdout).toBe(
      `success  SUCCESS                           ${"ab".repeat(32)}  a.txt uploaded Succeessfully\n` +
        `error    FILE_SIZE_MORE_THAN_ALLOWED_SIZE  ${"-".padEnd(64)}  file size is more than ` +
        "the allowed size\n",
    );
    expect(text.stderr).toBe(
      "error [IK_API_ITEM_ERROR]: files.upload: 1 of 2 items failed; the first: " +
        "FILE_SIZE_MORE_THAN_ALLOWED_SIZE: file size is more than the allowed size.\n" +
        "  zoho code:  FILE_SIZE_MORE_THAN_ALLOWED_SIZE\n" +
        "  resolution: A file is larger than 20 MB. Split or compress it before uploading.\n" +
        `  item:       ${JSON.stringify(failed)}\n`,
    );

    const json = await call([...args, "--json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ data: [ok, failed] });
    expect(JSON.parse(json.stderr)).toEqual({
      error: {
        code: "IK_API_ITEM_ERROR",
        zohoCode: "FILE_SIZE_MORE_THAN_ALLOWED_SIZE",
        status: 200,
        message:
          "files.upload: 1 of 2 items failed; the first: FILE_SIZE_MORE_THAN_ALLOWED_SIZE: " +
          "file size is more than the allowed size.",
        resolution: "A file is larger than 20 MB. Split or compress it before uploading.",
        items: [failed],
      },
    });
  });
});
