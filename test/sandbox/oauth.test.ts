import { FormData, request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { SANDBOX_SCOPES, type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { accessToken, zohoAuth } from "./sandbox-helpers.ts";

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function tokenCall(url: string, body: URLSearchParams | FormData) {
  const response =
    body instanceof URLSearchParams
      ? await request(`${url}/oauth/v2/token`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: body.toString(),
        })
      : await request(`${url}/oauth/v2/token`, { method: "POST", body });
  return {
    status: response.statusCode,
    json: (await response.body.json()) as Record<string, unknown>,
  };
}

function refreshParams(target: Sandbox, overrides: Record<string, string> = {}) {
  return new URLSearchParams({
    grant_type: "refresh_token",
    client_id: target.credentials.clientId,
    client_secret: target.credentials.clientSecret,
    refresh_token: target.credentials.refreshToken,
    ...overrides,
  });
}

describe("sandbox token endpoint", () => {
  it("refreshes an access token from query parameters", async () => {
    sandbox = await startSandbox();
    const response = await request(`${sandbox.url}/oauth/v2/token?${refreshParams(sandbox)}`, {
      method: "POST",
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/json;charset=UTF-8");
    const body = (await response.body.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([
      "access_token",
      "api_domain",
      "token_type",
      "expires_in",
      "scope",
    ]);
    expect(body.access_token).toMatch(/^1000\.[0-9a-f]{64}$/);
    expect(body).toMatchObject({
      api_domain: sandbox.url,
      token_type: "Bearer",
      expires_in: 3600,
      scope: SANDBOX_SCOPES.join(" "),
    });
  });

  it("accepts urlencoded and multipart bodies", async () => {
    sandbox = await startSandbox({ clientId: "1000.C", clientSecret: "s", refreshToken: "r" });
    const urlencoded = await tokenCall(sandbox.url, refreshParams(sandbox));
    expect(urlencoded.json.token_type).toBe("Bearer");

    const form = new FormData();
    for (const [name, value] of refreshParams(sandbox)) form.append(name, value);
    const multipart = await tokenCall(sandbox.url, form);
    expect(multipart.json.token_type).toBe("Bearer");
    expect(multipart.json.access_token).not.toBe(urlencoded.json.access_token);
  });

  it("answers invalid_client with HTTP 200 for a wrong secret or client id", async () => {
    sandbox = await startSandbox();
    const badSecret = await tokenCall(sandbox.url, refreshParams(sandbox, { client_secret: "x" }));
    expect(badSecret).toEqual({ status: 200, json: { error: "invalid_client" } });
    const badClient = await tokenCall(sandbox.url, refreshParams(sandbox, { client_id: "1000.X" }));
    expect(badClient).toEqual({ status: 200, json: { error: "invalid_client" } });
  });

  it("answers invalid_code for an unknown refresh token", async () => {
    sandbox = await startSandbox();
    const reply = await tokenCall(sandbox.url, refreshParams(sandbox, { refresh_token: "1000.z" }));
    expect(reply).toEqual({ status: 200, json: { error: "invalid_code" } });
  });

  it("accepts a grant code once and returns a working refresh token", async () => {
    sandbox = await startSandbox({ grantCodes: ["1000.grant.one"] });
    const params = new URLSearchParams({
      grant_type: "authorization_code",
      client_id: sandbox.credentials.clientId,
      client_secret: sandbox.credentials.clientSecret,
      code: "1000.grant.one",
    });
    const first = await tokenCall(sandbox.url, params);
    expect(first.status).toBe(200);
    expect(Object.keys(first.json)).toEqual([
      "access_token",
      "refresh_token",
      "api_domain",
      "token_type",
      "expires_in",
      "scope",
    ]);
    expect(first.json.refresh_token).toMatch(/^1000\.[0-9a-f]{64}$/);

    const replay = await tokenCall(sandbox.url, params);
    expect(replay).toEqual({ status: 200, json: { error: "invalid_code" } });

    const refreshed = await tokenCall(
      sandbox.url,
      refreshParams(sandbox, { refresh_token: String(first.json.refresh_token) }),
    );
    expect(refreshed.json.token_type).toBe("Bearer");
  });

  it("answers unsupported_grant_type for any other grant", async () => {
    sandbox = await startSandbox();
    const reply = await tokenCall(sandbox.url, refreshParams(sandbox, { grant_type: "password" }));
    expect(reply).toEqual({ status: 200, json: { error: "unsupported_grant_type" } });
  });
});

describe("sandbox API authentication", () => {
  async function getFile(target: Sandbox, headers: Record<string, string>) {
    const response = await request(`${target.url}/crm/v2/files?id=nothing`, { headers });
    const text = await response.body.text();
    return { status: response.statusCode, json: text === "" ? null : JSON.parse(text) };
  }

  it("expires access tokens after 3600 s of the injected clock", async () => {
    let clock = 1_700_000_000_000;
    sandbox = await startSandbox({ now: () => clock });
    const token = await accessToken(sandbox);

    clock += 3_599_999;
    expect(await getFile(sandbox, zohoAuth(token))).toEqual({ status: 204, json: null });

    clock += 1;
    expect(await getFile(sandbox, zohoAuth(token))).toEqual({
      status: 401,
      json: { code: "INVALID_TOKEN", details: {}, message: "invalid oauth token", status: "error" },
    });
  });

  it("refuses a Bearer header and a missing header with AUTHENTICATION_FAILURE", async () => {
    sandbox = await startSandbox();
    const token = await accessToken(sandbox);
    const failure = {
      status: 401,
      json: {
        code: "AUTHENTICATION_FAILURE",
        details: {},
        message: "Authentication failed",
        status: "error",
      },
    };
    expect(await getFile(sandbox, { authorization: `Bearer ${token}` })).toEqual(failure);
    expect(await getFile(sandbox, {})).toEqual(failure);
  });

  it("refuses an unknown token with INVALID_TOKEN", async () => {
    sandbox = await startSandbox();
    const reply = await getFile(sandbox, zohoAuth(`1000.${"0".repeat(64)}`));
    expect(reply.status).toBe(401);
    expect(reply.json.code).toBe("INVALID_TOKEN");
  });

  it("refuses a token without the endpoint's scope with OAUTH_SCOPE_MISMATCH", async () => {
    sandbox = await startSandbox({ scopes: ["ZohoCRM.Files.CREATE"] });
    const reply = await getFile(sandbox, zohoAuth(await accessToken(sandbox)));
    expect(reply).toEqual({
      status: 401,
      json: {
        code: "OAUTH_SCOPE_MISMATCH",
        details: {},
        message: "invalid oauth scope to access this URL",
        status: "error",
      },
    });
  });

  it("lets a group's ALL scope cover its operations", async () => {
    sandbox = await startSandbox({ scopes: ["ZohoCRM.Files.ALL"] });
    const reply = await getFile(sandbox, zohoAuth(await accessToken(sandbox)));
    expect(reply).toEqual({ status: 204, json: null });
  });
});
