/** The base URL is an origin: a path, query or user in it is refused, not silently dropped. */
import { describe, expect, it } from "vitest";
import { createRuntime, RuntimeConfigError } from "../../src/index.ts";
import { TEST_CREDENTIALS, zohoCrm } from "./loopback.ts";

describe("base URL", () => {
  it.each([
    "http://127.0.0.1:8787/prefix",
    "http://127.0.0.1:8787/prefix/",
    "http://127.0.0.1:8787/?x=1",
    "http://user@127.0.0.1:8787",
  ])("refuses %s with IK_RUNTIME_CONFIG", async (baseUrl) => {
    const create = async () =>
      createRuntime(await zohoCrm(), { baseUrl, credentials: TEST_CREDENTIALS, env: {} });
    const error = await create().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeConfigError);
    expect((error as RuntimeConfigError).message).toBe(
      `Base URL "${baseUrl}" must be an origin (scheme, host, port) without path, query or user.`,
    );
  });

  it.each([
    ["http://127.0.0.1:8787", "http://127.0.0.1:8787"],
    ["http://127.0.0.1:8787/", "http://127.0.0.1:8787"],
  ])("accepts the origin %s", async (baseUrl, origin) => {
    const runtime = createRuntime(await zohoCrm(), {
      baseUrl,
      credentials: TEST_CREDENTIALS,
      env: {},
    });
    expect(runtime.apiOrigin).toBe(origin);
    await runtime.close();
  });
});
