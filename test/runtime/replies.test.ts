import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { writeFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  CredentialsError,
  createRuntime,
  type Runtime,
  RuntimeConfigError,
  TransportError,
  UnexpectedResponseError,
  UnknownEndpointError,
  ZohoApiError,
} from "../../src/index.ts";
import {
  FAST_RETRY,
  loopbackRuntimes,
  sendJson,
  startLoopback,
  TEST_CREDENTIALS,
  tempDir,
  tokenThen,
  zohoCrm,
  zohoError,
} from "./loopback.ts";

const loopback = loopbackRuntimes();

/** A runtime whose API answers every call with `reply`. */
async function start(reply: (res: ServerResponse) => void): Promise<Runtime> {
  const handler = tokenThen("1000.AT_secret_token", (_request, res) => reply(res));
  return loopback.start(handler);
}

async function upload(rt: Runtime) {
  const path = join(await tempDir(), "a.txt");
  await writeFile(path, "a");
  return rt.call("files.upload", { files: { file: [path] } });
}

describe("replies", () => {
  it("maps Zoho's error envelope to ZohoApiError with the spec's resolution", async () => {
    const rt = await start((res) =>
      sendJson(res, 403, zohoError("NO_PERMISSION", "permission denied", { permissions: ["x"] })),
    );
    const error = (await upload(rt).catch((e: unknown) => e)) as ZohoApiError;

    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error.code).toBe("IK_API_ERROR");
    expect(error.status).toBe(403);
    expect(error.zohoCode).toBe("NO_PERMISSION");
    expect(error.details).toEqual({ permissions: ["x"] });
    expect(error.endpointId).toBe("files.upload");
    expect(error.resolution).toBe(
      "The user's profile may not upload files. Ask your CRM administrator for the permission.",
    );
    expect(error.message).toBe(
      "files.upload failed: HTTP 403 NO_PERMISSION: permission denied. The user's profile may " +
        "not upload files. Ask your CRM administrator for the permission.",
    );
  });

  it("uses the connector's shared errors and leaves unknown codes without resolution", async () => {
    let code = "TOO_MANY_REQUESTS";
    const rt = await start((res) => sendJson(res, 429, zohoError(code, "too many requests")));
    const shared = (await upload(rt).catch((e: unknown) => e)) as ZohoApiError;
    expect(shared.resolution).toMatch(/^The organization reached its concurrency/);

    code = "SOMETHING_NEW";
    const unknown = (await upload(rt).catch((e: unknown) => e)) as ZohoApiError;
    expect(unknown.zohoCode).toBe("SOMETHING_NEW");
    expect(unknown.resolution).toBeUndefined();
  });

  it("case-C08: an HTML 502 page -> UnexpectedResponseError, status + 200 chars", async () => {
    const title = "<html><head><title>502 Bad Gateway</title></head>";
    const page = `${title}<body>${"x".repeat(300)}</body></html>`;
    const rt = await start((res) => {
      res.writeHead(502, { "content-type": "text/html; charset=UTF-8" });
      res.end(page);
    });
    const error = (await upload(rt).catch((e: unknown) => e)) as UnexpectedResponseError;

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.code).toBe("IK_HTTP_UNEXPECTED_RESPONSE");
    expect(error.status).toBe(502);
    expect(error.contentType).toBe("text/html; charset=UTF-8");
    expect(error.bodySnippet).toBe(page.slice(0, 200));
    expect(error.message).toContain("HTTP 502");
  });

  it("a truncated JSON error body is an UnexpectedResponseError, not a SyntaxError", async () => {
    const rt = await start((res) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end('{"code":"INVALID_DATA","mess');
    });
    const error = (await upload(rt).catch((e: unknown) => e)) as UnexpectedResponseError;

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.bodySnippet).toBe('{"code":"INVALID_DATA","mess');
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it("case-C08b: a 200 HTML login page on a JSON endpoint -> UnexpectedResponseError", async () => {
    const rt = await start((res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<!DOCTYPE html><html><body>Sign in</body></html>");
    });
    const error = (await upload(rt).catch((e: unknown) => e)) as UnexpectedResponseError;

    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.status).toBe(200);
    expect(error.message).toContain("the API domain of your data center");
  });

  it("204 on a JSON endpoint is an empty result", async () => {
    const rt = await start((res) => {
      res.writeHead(204);
      res.end();
    });
    expect(await upload(rt)).toEqual({ kind: "empty", status: 204 });
  });

  it("a refused connection -> TransportError naming method and URL, with cause", async () => {
    const closed = await startLoopback(() => {});
    const url = closed.url;
    await closed.close();
    const runtime = createRuntime(await zohoCrm(), {
      baseUrl: url,
      credentials: TEST_CREDENTIALS,
      env: {},
      retry: FAST_RETRY,
    });
    const error = (await runtime
      .call("files.get", { params: { id: "x" } }, { output: await tempDir() })
      .catch((e: unknown) => e)) as TransportError;
    await runtime.close();

    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe("IK_HTTP_CONNECTION_REFUSED");
    expect(error.method).toBe("POST");
    expect(error.url).toBe(`${url}/oauth/v2/token`);
    expect(error.message.startsWith(`POST ${url}/oauth/v2/token failed: `)).toBe(true);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it("publishes request/response diagnostics without tokens or secrets", async () => {
    const events: { name: string; message: unknown }[] = [];
    const listen = (name: string) => (message: unknown) => events.push({ name, message });
    const onRequest = listen("invokekit:request");
    const onResponse = listen("invokekit:response");
    subscribe("invokekit:request", onRequest);
    subscribe("invokekit:response", onResponse);
    try {
      const rt = await start((res) => sendJson(res, 200, { data: [] }));
      await upload(rt);
    } finally {
      unsubscribe("invokekit:request", onRequest);
      unsubscribe("invokekit:response", onResponse);
    }

    expect(events.map((e) => [e.name, (e.message as { kind: string }).kind])).toEqual([
      ["invokekit:request", "token"],
      ["invokekit:response", "token"],
      ["invokekit:request", "api"],
      ["invokekit:response", "api"],
    ]);
    expect(events[3]?.message).toMatchObject({
      method: "POST",
      url: `${loopback.server.url}/crm/v2/files`,
      status: 200,
      kind: "api",
    });
    const response = events[3]?.message as { durationMs: unknown } | undefined;
    expect(typeof response?.durationMs).toBe("number");
    const published = JSON.stringify(events);
    for (const secret of [TEST_CREDENTIALS.clientSecret, TEST_CREDENTIALS.refreshToken]) {
      expect(published).not.toContain(secret);
    }
    expect(published).not.toContain("AT_secret_token");
  });
});

describe("configuration", () => {
  it("names the environment variables when credentials are missing", async () => {
    const store = join(await tempDir(), "tokens.json");
    const env = { ZOHO_CLIENT_ID: "x", INVOKEKIT_TOKEN_STORE: store };
    const rt = createRuntime(await zohoCrm(), { env });
    const error = (await rt
      .call("files.get", { params: { id: "1" } })
      .catch((e: unknown) => e)) as CredentialsError;
    await rt.close();

    expect(error).toBeInstanceOf(CredentialsError);
    expect(error.code).toBe("IK_AUTH_CREDENTIALS");
    expect(error.missing).toEqual(["ZOHO_CLIENT_SECRET", "ZOHO_REFRESH_TOKEN"]);
    expect(error.message).toContain(`or no profile in the token store ${store} ("default")`);
  });

  it("reads credentials and the data center from env, default the first data center", async () => {
    const env = {
      ZOHO_CLIENT_ID: "id",
      ZOHO_CLIENT_SECRET: "secret",
      ZOHO_REFRESH_TOKEN: "refresh",
    };
    const connector = await zohoCrm();
    const us = createRuntime(connector, { env });
    const eu = createRuntime(connector, { env: { ...env, ZOHO_DC: "eu" } });
    const ca = createRuntime(connector, { env: { ...env, ZOHO_DC: "eu" }, dataCenter: "ca" });
    expect([us.apiOrigin, eu.apiOrigin, ca.apiOrigin]).toEqual([
      "https://www.zohoapis.com",
      "https://www.zohoapis.eu",
      "https://www.zohoapis.ca",
    ]);
    await Promise.all([us.close(), eu.close(), ca.close()]);
  });

  it("rejects an unknown data center, listing the valid ids", async () => {
    const connector = await zohoCrm();
    expect(() =>
      createRuntime(connector, { credentials: TEST_CREDENTIALS, dataCenter: "uk" }),
    ).toThrow(
      new RuntimeConfigError(
        'Unknown data center "uk" for zoho-crm; valid ids: us, eu, in, au, jp, cn, ca, sa.',
      ),
    );
  });

  it("rejects an unknown endpoint id, listing the known ones", async () => {
    const connector = await zohoCrm();
    const rt = createRuntime(connector, { credentials: TEST_CREDENTIALS, env: {} });
    const error = await rt.call("files.delete", {}).catch((e: unknown) => e);
    await rt.close();

    // The connector grows; the message lists whatever endpoints it has, in spec order.
    const known = connector.endpoints.map((endpoint) => endpoint.id);
    expect(known).toContain("files.get");
    expect(error).toBeInstanceOf(UnknownEndpointError);
    expect((error as Error).message).toBe(
      `zoho-crm has no endpoint "files.delete"; known endpoints: ${known.join(", ")}.`,
    );
  });
});
