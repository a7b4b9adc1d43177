/**
 * `invokekit auth` and the secret rule end to end: grant, status, refresh against the sandbox
 * through the CLI, then failing runs whose every printed byte is searched for the secrets.
 */
import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX_SCOPES, type Sandbox, startSandbox } from "../../src/sandbox/index.ts";

interface Run {
  readonly code: number;
  readonly output: string;
  readonly stdout: string;
}

function invokekit(args: readonly string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["bin/invokekit.js", ...args],
      { env: { PATH: process.env.PATH ?? "", ...env }, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, output: stdout + stderr, stdout });
      },
    );
  });
}

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

const GRANT_CODE = "1000.grant0code0value0123456789";

describe("invokekit auth", () => {
  it("grant, status and refresh against the sandbox, never printing a token", async () => {
    sandbox = await startSandbox({ grantCodes: [GRANT_CODE] });
    const store = join(await mkdtemp(join(tmpdir(), "invokekit-auth-")), "tokens.json");
    const env = {
      ZOHO_CLIENT_ID: sandbox.credentials.clientId,
      ZOHO_CLIENT_SECRET: sandbox.credentials.clientSecret,
      INVOKEKIT_TOKEN_STORE: store,
    };
    const grant = await invokekit(
      ["auth", "grant", "--code", GRANT_CODE, "--base-url", sandbox.url, "--json"],
      env,
    );
    expect(grant.code).toBe(0);
    const status = JSON.parse(grant.stdout) as Record<string, unknown>;
    expect(status).toMatchObject({
      profile: "default",
      hasRefreshToken: true,
      expired: false,
      apiDomain: sandbox.url,
    });

    const refresh = await invokekit(["auth", "refresh", "--base-url", sandbox.url], env);
    expect(refresh.code).toBe(0);
    expect(refresh.stdout).toContain("refresh token:   stored");
    const shown = await invokekit(["auth", "status"], env);
    expect(shown.stdout).toContain(`API domain:      ${sandbox.url}`);
    expect(shown.stdout).toContain(`scopes:          ${SANDBOX_SCOPES.join(", ")}`);

    // The stored profile works for `call` without ZOHO_* credentials.
    const id = sandbox.storeFile("a.txt", Buffer.from("a"));
    const out = `${await mkdtemp(join(tmpdir(), "invokekit-out-"))}/`;
    const call = await invokekit(
      [
        "call",
        "zoho-crm",
        "files.get",
        "--param",
        `id=${id}`,
        "--output",
        out,
        "--base-url",
        sandbox.url,
      ],
      { INVOKEKIT_TOKEN_STORE: store },
    );
    expect(call.code).toBe(0);

    const tokens = sandbox.log.filter((e) => e.path === "/oauth/v2/token");
    expect(tokens).toHaveLength(2);
    const everything = grant.output + refresh.output + shown.output + call.output;
    for (const secret of [sandbox.credentials.clientSecret, GRANT_CODE])
      expect(everything).not.toContain(secret);
    for (const entry of sandbox.log) {
      const auth = entry.headers.authorization;
      if (auth) expect(everything).not.toContain(auth.slice("Zoho-oauthtoken ".length));
    }
  });

  it("failing runs print no secret: a reused grant code, an API error with NODE_DEBUG on", async () => {
    sandbox = await startSandbox();
    const dir = await mkdtemp(join(tmpdir(), "invokekit-auth-"));
    const secrets = { ...sandbox.credentials };
    const grant = await invokekit(
      ["auth", "grant", "--code", GRANT_CODE, "--base-url", sandbox.url, "--json"],
      {
        ZOHO_CLIENT_ID: secrets.clientId,
        ZOHO_CLIENT_SECRET: secrets.clientSecret,
        INVOKEKIT_TOKEN_STORE: join(dir, "t.json"),
      },
    );
    expect(grant.code).toBe(1);
    expect(grant.output).toContain("invalid_code");

    sandbox.injectFault({
      kind: "status",
      status: 400,
      path: "/crm/v2/files",
      code: "INVALID_DATA",
    });
    const call = await invokekit(
      [
        "call",
        "zoho-crm",
        "files.get",
        "--param",
        "id=x",
        "--json",
        "--base-url",
        sandbox.url,
        "--output",
        `${dir}/`,
      ],
      {
        ZOHO_CLIENT_ID: secrets.clientId,
        ZOHO_CLIENT_SECRET: secrets.clientSecret,
        ZOHO_REFRESH_TOKEN: secrets.refreshToken,
        NODE_DEBUG: "invokekit",
      },
    );
    expect(call.code).toBe(1);
    expect(call.output).toContain("INVALID_DATA");
    const accessTokens = sandbox.log
      .map((e) => e.headers.authorization?.slice(16))
      .filter((t) => t !== undefined);
    expect(accessTokens.length).toBe(1);
    const printed = grant.output + call.output;
    for (const secret of [
      secrets.clientSecret,
      secrets.refreshToken,
      GRANT_CODE,
      ...accessTokens,
    ]) {
      expect(printed).not.toContain(secret);
    }
  });
});
