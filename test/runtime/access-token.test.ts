import { Agent } from "undici";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { AccessTokenSource } from "../../src/runtime/access-token.ts";
import { RetryPolicy } from "../../src/runtime/retry-policy.ts";
import { SecretSet } from "../../src/runtime/secrets.ts";
import { type Loopback, sendJson, startLoopback, TEST_CREDENTIALS } from "./loopback.ts";

let server: Loopback;
const agent = new Agent();

afterEach(async () => {
  await server?.close();
});
afterAll(() => agent.close());

/** A token source on a test clock; the server issues AT_1, AT_2, ... with `reply` fields. */
async function source(reply: Record<string, unknown>) {
  let issued = 0;
  server = await startLoopback((_request, res) => {
    sendJson(res, 200, { access_token: `1000.AT_${++issued}`, ...reply });
  });
  const clock = { now: 1_000_000 };
  const tokens = new AccessTokenSource({
    dispatcher: agent,
    tokenUrl: `${server.url}/oauth/v2/token`,
    credentials: TEST_CREDENTIALS,
    secrets: new SecretSet(),
    retry: new RetryPolicy({ maxRetries: 0 }),
    now: () => clock.now,
  });
  return { tokens, clock };
}

describe("AccessTokenSource expiry", () => {
  it("case-C01: refreshes 60 s before expires_in seconds run out, not after", async () => {
    const { tokens, clock } = await source({ expires_in: 3600 });
    expect(await tokens.get()).toBe("1000.AT_1");

    clock.now += 3539_000;
    expect(await tokens.get()).toBe("1000.AT_1");
    clock.now += 2_000; // +3541 s: inside the 60 s margin
    expect(await tokens.get()).toBe("1000.AT_2");
    expect(server.requests).toHaveLength(2);
  });

  it("case-C01 4b: uses expires_in_sec when expires_in is absent", async () => {
    const { tokens, clock } = await source({ expires_in_sec: 600 });
    await tokens.get();
    clock.now += 539_000;
    expect(await tokens.get()).toBe("1000.AT_1");
    clock.now += 2_000;
    expect(await tokens.get()).toBe("1000.AT_2");
  });

  it("assumes 3600 s when the reply states no lifetime", async () => {
    const { tokens, clock } = await source({});
    await tokens.get();
    clock.now += 3539_000;
    expect(await tokens.get()).toBe("1000.AT_1");
    clock.now += 2_000;
    expect(await tokens.get()).toBe("1000.AT_2");
  });

  it("replace() asks again only when the rejected token is still the cached one", async () => {
    const { tokens } = await source({ expires_in: 3600 });
    const first = await tokens.get();
    const [a, b] = await Promise.all([tokens.replace(first), tokens.replace(first)]);
    expect([a, b]).toEqual(["1000.AT_2", "1000.AT_2"]);
    expect(await tokens.replace(first)).toBe("1000.AT_2");
    expect(server.requests).toHaveLength(2);
  });
});
