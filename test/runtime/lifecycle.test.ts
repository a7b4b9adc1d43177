/**
 * OAuth lifecycle against the sandbox: single-flight refresh on expired tokens, proactive
 * refresh, scope errors, the token store, data centers and foreign api_domain hosts.
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { MockAgent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import {
  AuthError,
  createRuntime,
  exchangeGrantCode,
  FileTokenStore,
  ForeignHostError,
  type Runtime,
  ScopeError,
} from "../../src/index.ts";
import { SANDBOX_SCOPES, type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import {
  FAST_RETRY,
  type Loopback,
  sendJson,
  startLoopback,
  TEST_CREDENTIALS,
  tempDir,
  zohoCrm,
} from "./loopback.ts";

let sandbox: Sandbox | undefined;
let runtime: Runtime | undefined;
const servers: Loopback[] = [];

afterEach(async () => {
  await runtime?.close();
  await sandbox?.close();
  for (const server of servers.splice(0)) await server.close();
  runtime = undefined;
  sandbox = undefined;
});

const tokenCalls = (s: Sandbox) => s.log.filter((entry) => entry.path === "/oauth/v2/token");

async function sandboxRuntime(
  options: Parameters<typeof startSandbox>[0] = {},
  now?: () => number,
) {
  sandbox = await startSandbox(options);
  runtime = createRuntime(await zohoCrm(), {
    baseUrl: sandbox.url,
    credentials: sandbox.credentials,
    env: {},
    retry: FAST_RETRY,
    concurrency: 100,
    ...(now ? { now } : {}),
  });
  return { sandbox, runtime };
}

describe("OAuth lifecycle", () => {
  it("case-C01: 100 concurrent calls on an expired token -> exactly 1 token request", async () => {
    const { sandbox: s, runtime: rt } = await sandboxRuntime();
    const id = s.storeFile("a.txt", Buffer.from("a"));
    const output = `${await tempDir()}/`;
    await rt.call("files.get", { params: { id } }, { output });
    s.expireTokens();

    const results = await Promise.all(
      Array.from({ length: 100 }, () => rt.call("files.get", { params: { id } }, { output })),
    );
    expect(results.every((result) => result.kind === "file")).toBe(true);
    expect(tokenCalls(s)).toHaveLength(2);
    const api = s.log.filter((entry) => entry.path === "/crm/v2/files");
    expect(api.filter((entry) => entry.status === 401)).toHaveLength(100);
    expect(api.filter((entry) => entry.status === 200)).toHaveLength(101);
  });

  it("case-C01: at +3570 s the token is refreshed before the call, no 401 seen", async () => {
    const clock = { now: 1_700_000_000_000 };
    const { sandbox: s, runtime: rt } = await sandboxRuntime(
      { now: () => clock.now },
      () => clock.now,
    );
    const id = s.storeFile("a.txt", Buffer.from("a"));
    const output = `${await tempDir()}/`;
    await rt.call("files.get", { params: { id } }, { output });
    clock.now += 3_570_000;
    await rt.call("files.get", { params: { id } }, { output });

    expect(tokenCalls(s)).toHaveLength(2);
    expect(s.log.map((entry) => entry.status)).toEqual([200, 200, 200, 200]);
  });

  it("case-C01: the sandbox's expired-token fault is replayed once with a new token", async () => {
    const { sandbox: s, runtime: rt } = await sandboxRuntime();
    const id = s.storeFile("a.txt", Buffer.from("a"));
    s.injectFault({ kind: "expired-token", path: "/crm/v2/files", times: 2 });
    const error = await rt
      .call("files.get", { params: { id } }, { output: `${await tempDir()}/` })
      .catch((e: unknown) => e);
    // Both the call and its one replay met the fault: an error, not a refresh loop.
    expect((error as { zohoCode?: string }).zohoCode).toBe("INVALID_TOKEN");
    expect(tokenCalls(s)).toHaveLength(2);
  });

  it("case-C25: OAUTH_SCOPE_MISMATCH -> ScopeError with required/granted/missing, no refresh", async () => {
    const { sandbox: s, runtime: rt } = await sandboxRuntime({
      scopes: ["ZohoCRM.modules.ALL", "ZohoCRM.settings.fields.READ"],
    });
    const path = join(await tempDir(), "a.txt");
    await import("node:fs/promises").then((fs) => fs.writeFile(path, "a"));
    const error = (await rt
      .call("files.upload", { files: { file: [path] } })
      .catch((e: unknown) => e)) as ScopeError;

    expect(error).toBeInstanceOf(ScopeError);
    expect(error.code).toBe("IK_AUTH_SCOPE");
    expect(error.zohoCode).toBe("OAUTH_SCOPE_MISMATCH");
    expect(error.required).toEqual(["ZohoCRM.Files.CREATE"]);
    expect(error.granted).toEqual(["ZohoCRM.modules.ALL", "ZohoCRM.settings.fields.READ"]);
    expect(error.missing).toEqual(["ZohoCRM.Files.CREATE"]);
    expect(tokenCalls(s)).toHaveLength(1);
    expect(s.log.filter((entry) => entry.path === "/crm/v2/files")).toHaveLength(1);
  });
});

describe("token store and grant codes", () => {
  it("grant: stores tokens with mode 0600; the next runtime reuses the access token", async () => {
    sandbox = await startSandbox({ grantCodes: ["1000.grantcode.abcdef"] });
    const file = join(await tempDir(), "nested", "tokens.json");
    const store = new FileTokenStore(file);
    const connector = await zohoCrm();
    const status = await exchangeGrantCode(connector, {
      code: "1000.grantcode.abcdef",
      clientId: sandbox.credentials.clientId,
      clientSecret: sandbox.credentials.clientSecret,
      tokenStore: store,
      baseUrl: sandbox.url,
      env: {},
    });
    expect(status.hasRefreshToken).toBe(true);
    expect(status.expired).toBe(false);
    expect(status.scopes).toEqual([...SANDBOX_SCOPES]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    runtime = createRuntime(connector, { baseUrl: sandbox.url, tokenStore: store, env: {} });
    const id = sandbox.storeFile("a.txt", Buffer.from("a"));
    await runtime.call("files.get", { params: { id } }, { output: `${await tempDir()}/` });
    expect(tokenCalls(sandbox)).toHaveLength(1);
  });

  it("case-C03: invalid_code on a grant -> AuthError, nothing stored, one token request", async () => {
    sandbox = await startSandbox();
    const file = join(await tempDir(), "tokens.json");
    const error = await exchangeGrantCode(await zohoCrm(), {
      code: "1000.used.code.value",
      clientId: sandbox.credentials.clientId,
      clientSecret: sandbox.credentials.clientSecret,
      tokenStore: new FileTokenStore(file),
      baseUrl: sandbox.url,
      env: {},
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).oauthError).toBe("invalid_code");
    expect((error as AuthError).message).not.toContain("1000.used.code.value");
    await expect(readFile(file)).rejects.toThrow(/ENOENT/);
    expect(tokenCalls(sandbox)).toHaveLength(1);
  });
});

describe("data centers", () => {
  it("case-C04: the token reply's api_domain (eu) wins over dc us, with a warning", async () => {
    for (const [dc, api] of [
      ["eu", "https://www.zohoapis.eu"],
      ["in", "https://www.zohoapis.in"],
      ["au", "https://www.zohoapis.com.au"],
      ["cn", "https://www.zohoapis.com.cn"],
      ["jp", "https://www.zohoapis.jp"],
      ["ca", "https://www.zohoapis.ca"],
    ] as const) {
      const agent = new MockAgent();
      agent.disableNetConnect();
      agent
        .get("https://accounts.zoho.com")
        .intercept({ path: "/oauth/v2/token", method: "POST" })
        .reply(200, { access_token: "1000.AT_1", api_domain: api, expires_in: 3600 });
      agent
        .get(api)
        .intercept({ path: "/crm/v2/files?id=1", method: "GET" })
        .reply(200, "ok", { headers: { "content-disposition": 'attachment; filename="a"' } });
      const warnings: unknown[] = [];
      const listener = (message: unknown) => warnings.push(message);
      subscribe("invokekit:warning", listener);
      const rt = createRuntime(await zohoCrm(), {
        dataCenter: "us",
        credentials: TEST_CREDENTIALS,
        dispatcher: agent,
        env: {},
      });
      const result = await rt.call(
        "files.get",
        { params: { id: "1" } },
        { output: `${await tempDir()}/` },
      );
      unsubscribe("invokekit:warning", listener);

      expect(result.kind).toBe("file");
      expect(rt.apiOrigin).toBe(api);
      expect(warnings).toEqual([
        {
          code: "IK_WARN_DATA_CENTER",
          message: `data center "us" was configured, but the token reply names ${api} (data center "${dc}"); calls go to ${api}`,
        },
      ]);
      agent.assertNoPendingInterceptors();
      await agent.close();
    }
  });

  it("an api_domain naming a foreign host is refused; the attacker sees 0 requests", async () => {
    const attacker = await startLoopback((_request, res) => sendJson(res, 200, {}));
    servers.push(attacker);
    const accounts = await startLoopback((_request, res) =>
      sendJson(res, 200, { access_token: "1000.AT_1", api_domain: attacker.url, expires_in: 3600 }),
    );
    servers.push(accounts);
    runtime = createRuntime(await zohoCrm(), {
      baseUrl: accounts.url,
      credentials: TEST_CREDENTIALS,
      env: {},
    });
    const error = await runtime
      .call("files.get", { params: { id: "1" } }, { output: `${await tempDir()}/` })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ForeignHostError);
    expect((error as ForeignHostError).origin).toBe(attacker.url);
    expect(attacker.requests).toHaveLength(0);
    expect(accounts.requests.map((r) => r.path)).toEqual(["/oauth/v2/token"]);
  });
});
