import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { AuthError, type Runtime, ZohoApiError } from "../../src/index.ts";
import {
  apiRequests,
  type Handler,
  loopbackRuntimes,
  sendJson,
  sendToken,
  TEST_CREDENTIALS,
  tempDir,
  tokenRequests,
  zohoError,
} from "./loopback.ts";

const loopback = loopbackRuntimes();

async function start(handler: Handler): Promise<Runtime> {
  return loopback.start(handler);
}

function sendFile(res: ServerResponse): void {
  res.writeHead(200, {
    "content-type": "application/x-download",
    "content-disposition": 'attachment; filename="a.txt"',
    "content-length": 2,
  });
  res.end("ok");
}

async function getFile(rt: Runtime) {
  return rt.call("files.get", { params: { id: "f1" } }, { output: `${await tempDir()}/` });
}

describe("access tokens", () => {
  it("sends the refresh_token grant as a form and Zoho-oauthtoken on the API call", async () => {
    const rt = await start((request, res) => {
      if (request.path === "/oauth/v2/token") return sendToken(res, "1000.AT_1");
      sendFile(res);
    });
    await getFile(rt);

    const [token] = tokenRequests(loopback.server);
    expect(token?.method).toBe("POST");
    expect(token?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(token?.body.toString()))).toEqual({
      grant_type: "refresh_token",
      client_id: TEST_CREDENTIALS.clientId,
      client_secret: TEST_CREDENTIALS.clientSecret,
      refresh_token: TEST_CREDENTIALS.refreshToken,
    });
    const [api] = apiRequests(loopback.server);
    expect(api?.path).toBe("/crm/v2/files?id=f1");
    expect(api?.headers.authorization).toBe("Zoho-oauthtoken 1000.AT_1");
  });

  it("single flight: 10 concurrent calls make exactly 1 token request", async () => {
    const rt = await start((request, res) => {
      if (request.path === "/oauth/v2/token") return sendToken(res, "1000.AT_1");
      sendFile(res);
    });
    const results = await Promise.all(Array.from({ length: 10 }, () => getFile(rt)));

    expect(results.map((r) => r.kind)).toEqual(Array(10).fill("file"));
    expect(tokenRequests(loopback.server)).toHaveLength(1);
    expect(apiRequests(loopback.server)).toHaveLength(10);
  });

  it("reuses the cached token on later calls", async () => {
    const rt = await start((request, res) => {
      if (request.path === "/oauth/v2/token") return sendToken(res, "1000.AT_1");
      sendFile(res);
    });
    await getFile(rt);
    await getFile(rt);
    expect(tokenRequests(loopback.server)).toHaveLength(1);
  });

  it("keeps a short-lived token for half its lifetime instead of a 60 s margin", async () => {
    let issued = 0;
    const rt = await start((request, res) => {
      if (request.path === "/oauth/v2/token") return sendToken(res, `1000.AT_${++issued}`, 30);
      sendFile(res);
    });
    await getFile(rt);
    await getFile(rt);
    // 30 s lifetime: the margin becomes 15 s, so the token is still reused right away.
    expect(tokenRequests(loopback.server)).toHaveLength(1);
  });

  it("case-C01: 401 INVALID_TOKEN -> one refresh, one replay with the new token", async () => {
    let issued = 0;
    const rt = await start((request, res) => {
      if (request.path === "/oauth/v2/token") return sendToken(res, `1000.AT_${++issued}`);
      if (request.headers.authorization === "Zoho-oauthtoken 1000.AT_1") {
        return sendJson(res, 401, zohoError("INVALID_TOKEN", "invalid oauth token"));
      }
      sendFile(res);
    });
    const results = await Promise.all(Array.from({ length: 5 }, () => getFile(rt)));

    expect(results.map((r) => r.kind)).toEqual(Array(5).fill("file"));
    expect(tokenRequests(loopback.server)).toHaveLength(2);
    const auths = apiRequests(loopback.server).map((r) => r.headers.authorization);
    expect(auths.filter((a) => a === "Zoho-oauthtoken 1000.AT_1")).toHaveLength(5);
    expect(auths.filter((a) => a === "Zoho-oauthtoken 1000.AT_2")).toHaveLength(5);
  });

  it("case-C01: a replay that gets INVALID_TOKEN again fails instead of looping", async () => {
    let issued = 0;
    const rt = await start((request, res) => {
      if (request.path === "/oauth/v2/token") return sendToken(res, `1000.AT_${++issued}`);
      sendJson(res, 401, zohoError("INVALID_TOKEN", "invalid oauth token"));
    });
    const error = await getFile(rt).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ZohoApiError);
    expect((error as ZohoApiError).zohoCode).toBe("INVALID_TOKEN");
    expect(tokenRequests(loopback.server)).toHaveLength(2);
    expect(apiRequests(loopback.server)).toHaveLength(2);
  });

  it("case-C25: OAUTH_SCOPE_MISMATCH is not refreshed or replayed", async () => {
    const rt = await start((request, res) => {
      if (request.path === "/oauth/v2/token") return sendToken(res, "1000.AT_1");
      sendJson(res, 401, zohoError("OAUTH_SCOPE_MISMATCH", "Unauthorized"));
    });
    const error = (await getFile(rt).catch((e: unknown) => e)) as ZohoApiError;

    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error.zohoCode).toBe("OAUTH_SCOPE_MISMATCH");
    expect(error.resolution).toBe(
      "The OAuth client was not granted the ZohoCRM.Files.READ scope. Generate a new grant " +
        "with that scope (see Scope above) and use its tokens.",
    );
    expect(tokenRequests(loopback.server)).toHaveLength(1);
    expect(apiRequests(loopback.server)).toHaveLength(1);
  });

  it("case-C03: HTTP 200 {error: invalid_client} -> AuthError, no API call", async () => {
    const rt = await start((request, res) => {
      if (request.path === "/oauth/v2/token")
        return sendJson(res, 200, { error: "invalid_client" });
      sendFile(res);
    });
    const error = (await getFile(rt).catch((e: unknown) => e)) as AuthError;

    expect(error).toBeInstanceOf(AuthError);
    expect(error.code).toBe("IK_AUTH_TOKEN");
    expect(error.oauthError).toBe("invalid_client");
    expect(error.status).toBe(200);
    expect(error.message).toBe(
      `The accounts server ${loopback.server.url}/oauth/v2/token refused to issue an access token ` +
        "(invalid_client). The client id or client secret is wrong, or the client belongs to " +
        "another data center's accounts server: check ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET and " +
        "--dc/ZOHO_DC.",
    );
    expect(apiRequests(loopback.server)).toHaveLength(0);
  });

  it("case-C03: invalid_code says the refresh token is wrong or revoked", async () => {
    const rt = await start((_request, res) => sendJson(res, 200, { error: "invalid_code" }));
    const error = (await getFile(rt).catch((e: unknown) => e)) as AuthError;

    expect(error.oauthError).toBe("invalid_code");
    expect(error.message).toContain("or the refresh token was revoked");
  });

  it("a reply without access_token, or an HTML page, is an AuthError without secrets", async () => {
    const replies = [
      (res: ServerResponse) => sendJson(res, 200, { access_token: "", expires_in: 3600 }),
      (res: ServerResponse) => {
        res.writeHead(200, { "content-type": "text/html" });
        res.end(`<html><body>Sign in ${TEST_CREDENTIALS.clientSecret}</body></html>`);
      },
    ];
    for (const reply of replies) {
      const rt = await start((_request, res) => reply(res));
      const error = (await getFile(rt).catch((e: unknown) => e)) as AuthError;

      expect(error).toBeInstanceOf(AuthError);
      expect(error.code).toBe("IK_AUTH_TOKEN");
      expect(error.oauthError).toBeUndefined();
      const shown = `${error.message} ${String(error.cause)}`;
      for (const secret of Object.values(TEST_CREDENTIALS).slice(1)) {
        expect(shown).not.toContain(secret);
      }
    }
  });

  it("accepts a reply that states its lifetime only in expires_in_sec", async () => {
    let issued = 0;
    const rt = await start((request, res) => {
      if (request.path !== "/oauth/v2/token") return sendFile(res);
      issued++;
      sendJson(res, 200, { access_token: `1000.AT_${issued}`, expires_in_sec: 3600 });
    });
    await getFile(rt);
    await getFile(rt);
    expect(tokenRequests(loopback.server)).toHaveLength(1);
  });
});
