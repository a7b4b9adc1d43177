/**
 * Per-endpoint concurrency (case C05): the shipped coql.query declares `concurrency: 10`
 * (Zoho's sub-concurrency for heavy APIs). Held requests stay in flight until the test
 * releases them, so the counts below do not depend on timing.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createRuntime, type Runtime } from "../../src/index.ts";
import { EndpointLimits } from "../../src/runtime/endpoint-limits.ts";
import { ConcurrencyLimiter } from "../../src/runtime/limiter.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { findEndpoint } from "../../src/spec/model.ts";
import { tempDir, zohoCrm } from "./loopback.ts";

let sandbox: Sandbox | undefined;
let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.close();
  await sandbox?.close();
  runtime = undefined;
  sandbox = undefined;
});

async function start(concurrency: number) {
  sandbox = await startSandbox();
  runtime = createRuntime(await zohoCrm(), {
    baseUrl: sandbox.url,
    credentials: sandbox.credentials,
    env: {},
    concurrency,
  });
  return { s: sandbox, rt: runtime };
}

/** Resolves once `condition` holds, checking after each turn of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((done) => setImmediate(done));
}

const query = { body: { select_query: "select Last_Name from Leads where id is not null" } };
const coqlPath = "/crm/v2/coql";
const coqlCalls = (s: Sandbox) => s.log.filter((entry) => entry.path === coqlPath);

describe("per-endpoint concurrency", () => {
  it("case-C05: the shipped coql.query declares concurrency 10; other endpoints none", async () => {
    const crm = await zohoCrm();
    expect(findEndpoint(crm, "coql.query")?.concurrency).toBe(10);
    const limits = new EndpointLimits(crm);
    expect(limits.of("coql.query")?.limit).toBe(10);
    expect(crm.endpoints.filter((e) => limits.of(e.id) !== undefined).map((e) => e.id)).toEqual([
      "coql.query",
    ]);
  });

  it("case-C05: 15 held COQL calls never exceed 10 in flight; files.get is not slowed", async () => {
    const { s, rt } = await start(20);
    s.injectFault({ kind: "hold", path: coqlPath, times: 15 });
    const calls = Promise.all(Array.from({ length: 15 }, () => rt.call("coql.query", query)));
    await until(() => s.held === 10);

    // Ten COQL calls hold the endpoint's slots; a call of another endpoint goes through.
    const id = s.storeFile("a.txt", Buffer.from("abc"));
    const saved = await rt.call("files.get", { params: { id } }, { output: `${await tempDir()}/` });
    expect(saved).toMatchObject({ kind: "file", status: 200, bytes: 3 });
    expect(s.held).toBe(10);
    expect(coqlCalls(s)).toHaveLength(10);

    expect(s.releaseHeld()).toBe(10);
    await until(() => s.held === 5);
    expect(s.releaseHeld()).toBe(5);
    const replies = await calls;
    expect(replies.map((reply) => reply.status)).toEqual(Array(15).fill(200));
    expect(coqlCalls(s).map((entry) => entry.status)).toEqual(Array(15).fill(200));
    // 10 COQL calls and the download at once: never more.
    expect(s.maxInFlight).toBe(11);
  });

  it("case-C05: the org-wide limit still applies below the endpoint's own", async () => {
    const { s, rt } = await start(4);
    s.injectFault({ kind: "hold", path: coqlPath, times: 6 });
    const calls = Promise.all(Array.from({ length: 6 }, () => rt.call("coql.query", query)));
    await until(() => s.held === 4);
    expect(s.maxInFlight).toBe(4);
    expect(s.releaseHeld()).toBe(4);
    await until(() => s.held === 2);
    expect(s.releaseHeld()).toBe(2);
    await calls;
    expect(s.maxInFlight).toBe(4);
  });

  it("gives the endpoint's slot back when the org's cannot be had (abort)", async () => {
    const limits = new EndpointLimits(await zohoCrm());
    const org = new ConcurrencyLimiter(1);
    const held = await org.acquire();
    const abort = new AbortController();
    const waiting = limits.acquire("coql.query", org, abort.signal);
    await until(() => org.pending === 1);
    expect(limits.of("coql.query")?.active).toBe(1);
    abort.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    expect(limits.of("coql.query")?.active).toBe(0);
    held();
    const release = await limits.acquire("files.get", org);
    expect([org.active, limits.of("files.get")]).toEqual([1, undefined]);
    release();
    expect(org.active).toBe(0);
  });
});
