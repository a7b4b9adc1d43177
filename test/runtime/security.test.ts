/** Secrets scrubbed from echoed bodies; CR/LF/NUL in header and query values (hand-built fixture). */
import { afterEach, describe, expect, it } from "vitest";
import {
  createRuntime,
  HeaderValueError,
  type Runtime,
  UnexpectedResponseError,
  ZohoApiError,
} from "../../src/index.ts";
import type { Connector } from "../../src/spec/model.ts";
import {
  FAST_RETRY,
  type Loopback,
  sendJson,
  sendToken,
  startLoopback,
  TEST_CREDENTIALS,
  tempDir,
  zohoCrm,
  zohoError,
} from "./loopback.ts";

let server: Loopback;
let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.close();
  await server?.close();
});

/** zoho-crm with a header parameter on files.get, as a Records If-Modified-Since would be. */
async function withHeader(): Promise<Connector> {
  const base = await zohoCrm();
  return {
    ...base,
    endpoints: base.endpoints.map((endpoint) =>
      endpoint.id !== "files.get"
        ? endpoint
        : {
            ...endpoint,
            parameters: [
              ...endpoint.parameters,
              {
                name: "If-Modified-Since",
                in: "header",
                type: "string",
                required: false,
                description: "",
              },
            ],
          },
    ),
  };
}

describe("security", () => {
  it("a body echoing the token and secret is scrubbed in the error", async () => {
    server = await startLoopback((request, res) => {
      if (request.path === "/oauth/v2/token") return sendToken(res, "1000.AT_echoed_token_value");
      res.writeHead(200, { "content-type": "text/html" });
      res.end(`<html>${request.headers.authorization} ${TEST_CREDENTIALS.clientSecret}</html>`);
    });
    const path = `${await tempDir()}/a.txt`;
    await import("node:fs/promises").then((fs) => fs.writeFile(path, "a"));
    runtime = createRuntime(await zohoCrm(), {
      baseUrl: server.url,
      credentials: TEST_CREDENTIALS,
      env: {},
    });
    const error = (await runtime
      .call("files.upload", { files: { file: [path] } })
      .catch((e: unknown) => e)) as UnexpectedResponseError;
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.bodySnippet).toBe("<html>Zoho-oauthtoken REDACTED REDACTED</html>");
    const everything = `${error.message} ${error.stack} ${String(error.cause)}`;
    expect(everything).not.toContain("1000.AT_echoed_token_value");
    expect(everything).not.toContain(TEST_CREDENTIALS.clientSecret);
  });

  it("a Zoho 401 whose message and details echo the access token is scrubbed", async () => {
    const token = "1000.AT_echoed_in_401_message";
    server = await startLoopback((request, res) => {
      if (request.path === "/oauth/v2/token") return sendToken(res, token);
      sendJson(
        res,
        401,
        zohoError("INVALID_TOKEN", `invalid oauth token ${request.headers.authorization}`, {
          token,
        }),
      );
    });
    runtime = createRuntime(await zohoCrm(), {
      baseUrl: server.url,
      credentials: TEST_CREDENTIALS,
      env: {},
      retry: FAST_RETRY,
    });
    const error = (await runtime
      .call("files.get", { params: { id: "1" } }, { output: `${await tempDir()}/` })
      .catch((e: unknown) => e)) as ZohoApiError;

    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error.zohoCode).toBe("INVALID_TOKEN");
    expect(error.zohoMessage).toBe("invalid oauth token Zoho-oauthtoken REDACTED");
    expect(error.details).toEqual({ token: "REDACTED" });
    expect(`${error.message} ${error.stack}`).not.toContain(token);
  });

  it("CR/LF/NUL in a header value is refused before any request; in a query value, encoded", async () => {
    server = await startLoopback((request, res) => {
      if (request.path === "/oauth/v2/token") return sendToken(res, "1000.AT_1");
      res.writeHead(204).end();
    });
    runtime = createRuntime(await withHeader(), {
      baseUrl: server.url,
      credentials: TEST_CREDENTIALS,
      env: {},
    });
    const output = `${await tempDir()}/`;
    for (const bad of ["a\r\nX-Evil: 1", "a\nb", "a\0b"]) {
      const error = await runtime
        .call("files.get", { params: { id: "1", "If-Modified-Since": bad } }, { output })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HeaderValueError);
    }
    expect(server.requests).toHaveLength(0);

    await runtime
      .call("files.get", { params: { id: "a\r\nb\0" } }, { output })
      .catch(() => undefined);
    expect(server.requests.map((r) => r.path)).toEqual([
      "/oauth/v2/token",
      "/crm/v2/files?id=a%0D%0Ab%00",
    ]);
  });
});
