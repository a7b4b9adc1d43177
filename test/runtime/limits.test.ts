/** Limits, retries and reply handling against the sandbox's faults (fast injected sleeps). */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { MockAgent } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import {
  createRuntime,
  ForeignHostError,
  formatZohoDate,
  formatZohoDateTime,
  parseRetryAfter,
  RateLimitError,
  RedirectError,
  type Runtime,
  type RuntimeOptions,
  recordOutcomes,
  TransportError,
  UnexpectedResponseError,
  ZohoApiError,
} from "../../src/index.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { TEST_CREDENTIALS, tempDir, zohoCrm } from "./loopback.ts";

let sandbox: Sandbox | undefined;
let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.close();
  await sandbox?.close();
  runtime = undefined;
});

/** A sandbox runtime whose sleeps are recorded, not waited for. */
async function start(options: Partial<RuntimeOptions> = {}, limit?: number) {
  sandbox = await startSandbox(limit === undefined ? {} : { concurrencyLimit: limit });
  const sleeps: number[] = [];
  runtime = createRuntime(await zohoCrm(), {
    baseUrl: sandbox.url,
    credentials: sandbox.credentials,
    env: {},
    retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5 },
    ...options,
  });
  return { s: sandbox, rt: runtime, sleeps };
}

/** Resolves once `condition` holds, checking after each turn of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((done) => setImmediate(done));
}

const api = (s: Sandbox) => s.log.filter((entry) => entry.path === "/crm/v2/files");

async function upload(rt: Runtime) {
  const path = join(await tempDir(), "a.txt");
  await writeFile(path, "a");
  return rt.call("files.upload", { files: { file: [path] } });
}

describe("limits and retries", () => {
  it("case-C05: 12 parallel calls with limit 5 never exceed 5 in flight, no 429", async () => {
    const { s, rt } = await start({ concurrency: 5 }, 5);
    const id = s.storeFile("a.txt", Buffer.alloc(1000, 1));
    // Held requests stay in flight until released, so overlap does not depend on timing.
    s.injectFault({ kind: "hold", path: "/crm/v2/files", times: 12 });
    const output = `${await tempDir()}/`;
    const calls = Promise.all(
      Array.from({ length: 12 }, () => rt.call("files.get", { params: { id } }, { output })),
    );
    for (const batch of [5, 5, 2]) {
      await until(() => s.held === batch);
      expect(s.maxInFlight).toBe(5);
      expect(s.releaseHeld()).toBe(batch);
    }
    await calls;
    expect(s.maxInFlight).toBe(5);
    expect(api(s).map((entry) => entry.status)).toEqual(Array(12).fill(200));
  });

  it("case-C05: a sandbox over its limit answers 429; the runtime backs off and succeeds", async () => {
    const sleeps: number[] = [];
    // The first two requests are held; the other two get 429. A backoff waits until all four
    // arrived, releases the held pair and lasts until both were answered: no clock involved.
    const sleep = async (ms: number) => {
      sleeps.push(ms);
      const s = sandbox as Sandbox;
      await until(() => api(s).length >= 4);
      s.releaseHeld();
      await until(() => api(s).filter((e) => e.status === 200).length >= 2);
    };
    const { s, rt } = await start({ concurrency: 4, retry: { sleep, random: () => 0.5 } }, 2);
    const id = s.storeFile("a.txt", Buffer.alloc(10, 1));
    s.injectFault({ kind: "hold", path: "/crm/v2/files", times: 2 });
    const output = `${await tempDir()}/`;
    const results = await Promise.all(
      Array.from({ length: 4 }, () => rt.call("files.get", { params: { id } }, { output })),
    );
    expect(results.map((r) => r.kind)).toEqual(["file", "file", "file", "file"]);
    expect(api(s).filter((e) => e.status === 429)).toHaveLength(2);
    expect(sleeps).toEqual([500, 500]);
  });

  it("case-C05: Retry-After seconds and HTTP-date are honoured; POST is retried on 429", async () => {
    const sleeps: number[] = [];
    const now = Date.parse("2026-01-01T00:00:00Z");
    const retry = { sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5 };
    const { s, rt } = await start({ retry: { ...retry, now: () => now } });
    s.injectFault({ kind: "status", status: 429, retryAfter: "2", path: "/crm/v2/files" });
    const date = "Thu, 01 Jan 2026 00:00:20 GMT";
    s.injectFault({ kind: "status", status: 429, retryAfter: date, path: "/crm/v2/files" });
    const result = await upload(rt);
    expect(result.kind).toBe("json");
    expect(sleeps).toEqual([2000, 20_000]);
    expect(
      parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("2015-10-21T07:27:00Z")),
    ).toBe(60_000);
    expect(parseRetryAfter("soon", 0)).toBeUndefined();
  });

  it("case-C05: a Retry-After beyond maxDelayMs ends the retries; the error carries it", async () => {
    const { s, rt, sleeps } = await start();
    s.injectFault({ kind: "status", status: 429, retryAfter: "3600", path: "/crm/v2/files" });
    const error = (await upload(rt).catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect([error.attempts, error.retryAfterMs]).toEqual([1, 3_600_000]);
    expect(error.message).toMatch(
      / Gave up after 1 attempt; Zoho asked to wait 3600 s \(Retry-After\): call again after that\.$/,
    );
    expect(sleeps).toEqual([]);
    expect(api(s).map((e) => e.status)).toEqual([429]);
  });

  it("case-C05: without Retry-After, full jitter doubles; 4 retries then RateLimitError", async () => {
    const { s, rt, sleeps } = await start();
    const id = s.storeFile("a.txt", Buffer.alloc(1, 1));
    s.injectFault({ kind: "status", status: 429, times: 10, path: "/crm/v2/files" });
    const events: unknown[] = [];
    const listener = (event: unknown) => events.push(event);
    subscribe("invokekit:retry", listener);
    const error = await rt
      .call("files.get", { params: { id } }, { output: `${await tempDir()}/` })
      .catch((e: unknown) => e);
    unsubscribe("invokekit:retry", listener);

    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).code).toBe("IK_API_RATE_LIMIT");
    expect((error as RateLimitError).zohoCode).toBe("TOO_MANY_REQUESTS");
    expect((error as RateLimitError).attempts).toBe(5);
    expect(sleeps).toEqual([500, 1000, 2000, 4000]);
    expect(events).toHaveLength(4);
    expect(events[0]).toEqual({
      method: "GET",
      url: `${s.url}/crm/v2/files?id=${id}`,
      kind: "api",
      retry: 1,
      delayMs: 500,
      reason: 429,
    });
  });

  it("503, an HTML 502 (case-C08) and a reset are retried for GET; POST on 503 is not", async () => {
    const { s, rt } = await start();
    const id = s.storeFile("a.txt", Buffer.from("abc"));
    s.injectFault({ kind: "status", status: 503, path: "/crm/v2/files" });
    s.injectFault({ kind: "html", status: 502, path: "/crm/v2/files" });
    s.injectFault({ kind: "reset", path: "/crm/v2/files" });
    const result = await rt.call(
      "files.get",
      { params: { id } },
      { output: `${await tempDir()}/` },
    );
    expect(result.kind).toBe("file");
    expect(api(s).map((e) => e.status)).toEqual([503, 502, 0, 200]);

    s.injectFault({ kind: "status", status: 503, path: "/crm/v2/files" });
    const error = await upload(rt).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZohoApiError);
    expect((error as ZohoApiError).status).toBe(503);
    expect(api(s)).toHaveLength(5);

    s.injectFault({ kind: "html", status: 502, path: "/crm/v2/files" });
    const html = (await upload(rt).catch((e: unknown) => e)) as UnexpectedResponseError;
    expect(html).toBeInstanceOf(UnexpectedResponseError);
    expect(html.retryable).toBe(true);
    expect(html.contentType).toBe("text/html; charset=utf-8");
  });

  it("a refused connection is retried even for POST (the request never left)", async () => {
    const { rt, s } = await start();
    const url = s.url;
    await s.close();
    const error = await upload(rt).catch((e: unknown) => e);
    expect((error as TransportError).code).toBe("IK_HTTP_CONNECTION_REFUSED");
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });
});

describe("replies and transfers", () => {
  it("case-C13 variant A: a stalled download fails after the idle timeout, no partial file", async () => {
    const { s, rt } = await start({ idleTimeoutMs: 150 });
    const id = s.storeFile("big.bin", Buffer.alloc(1_000_000, 3));
    s.injectFault({
      kind: "slow-body",
      afterBytes: 100_000,
      delayMs: 10_000,
      path: "/crm/v2/files",
    });
    const target = await tempDir();
    const error = (await rt
      .call("files.get", { params: { id } }, { output: target })
      .catch((e: unknown) => e)) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.code).toBe("IK_HTTP_IDLE_TIMEOUT");
    expect(error.message).toContain("the download stalled: no data for 150 ms");
    expect(await readdir(target)).toEqual([]);
  });

  it("case-C13: 60 MiB streams to disk with heap growth under 32 MiB", async () => {
    const { s, rt } = await start();
    const size = 62_914_560;
    const id = s.storeFile("big.bin", Buffer.alloc(size, 7));
    const target = await tempDir();
    const base = process.memoryUsage().heapUsed;
    let peak = 0;
    const result = await rt.call(
      "files.get",
      { params: { id } },
      {
        output: target,
        onProgress: () => {
          peak = Math.max(peak, process.memoryUsage().heapUsed - base);
        },
      },
    );
    expect(result.kind === "file" && result.bytes).toBe(size);
    expect(peak).toBeLessThan(32 * 1024 * 1024);
  });

  it("case-C09: gzip JSON decoded, false gzip label tolerated, .gz download kept", async () => {
    const json = '{"data":[{"id":"4876876000000123457"}],"info":{"more_records":false}}';
    const agent = new MockAgent();
    agent.disableNetConnect();
    const origin = agent.get("https://www.zohoapis.com");
    agent
      .get("https://accounts.zoho.com")
      .intercept({ path: "/oauth/v2/token", method: "POST" })
      .reply(200, { access_token: "1000.AT", expires_in: 3600 });
    const headers = { "content-type": "application/json", "content-encoding": "gzip" };
    const path = "/crm/v2/files";
    origin.intercept({ path, method: "POST" }).reply(200, gzipSync(json), { headers });
    origin.intercept({ path, method: "POST" }).reply(200, json, { headers });
    const csv = gzipSync("a,b\n1,2\n");
    origin.intercept({ path: `${path}?id=1`, method: "GET" }).reply(200, csv, {
      headers: {
        "content-type": "application/gzip",
        "content-disposition": 'attachment; filename="export.csv.gz"',
      },
    });
    runtime = createRuntime(await zohoCrm(), {
      credentials: TEST_CREDENTIALS,
      dispatcher: agent,
      env: {},
    });
    const a = await upload(runtime);
    const b = await upload(runtime);
    expect(a).toEqual({ kind: "json", status: 200, body: JSON.parse(json) });
    expect(b).toEqual(a);
    const target = await tempDir();
    const file = await runtime.call("files.get", { params: { id: "1" } }, { output: target });
    expect(file.kind === "file" && file.fileName).toBe("export.csv.gz");
    expect(await readFile(join(target, "export.csv.gz"))).toEqual(csv);
    await agent.close();
  });

  it("case-C12: redirects go only to the account's own https hosts, at most 5 hops", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get("https://accounts.zoho.eu")
      .intercept({ path: "/oauth/v2/token", method: "POST" })
      .reply(200, {
        access_token: "1000.AT_EU",
        api_domain: "https://www.zohoapis.eu",
        expires_in: 3600,
      });
    const eu = agent.get("https://www.zohoapis.eu");
    const redirect = (location: string) => ({
      statusCode: 302,
      data: "",
      responseOptions: { headers: { location } },
    });
    eu.intercept({ path: "/crm/v2/files?id=a", method: "GET" }).reply(() =>
      redirect("https://download-accl.zoho.eu/v2/crm/x/file"),
    );
    let auth: unknown;
    agent
      .get("https://download-accl.zoho.eu")
      .intercept({ path: "/v2/crm/x/file", method: "GET" })
      .reply((options) => {
        auth = (options.headers as Record<string, string>).authorization;
        return {
          statusCode: 200,
          data: "file",
          responseOptions: { headers: { "content-disposition": 'attachment; filename="f.txt"' } },
        };
      });
    eu.intercept({ path: "/crm/v2/files?id=b", method: "GET" }).reply(() =>
      redirect("https://files.example.net/x"),
    );
    eu.intercept({ path: "/crm/v2/files?id=c", method: "GET" }).reply(() =>
      redirect("http://download.zoho.eu/x"),
    );
    for (let hop = 0; hop < 6; hop++) {
      eu.intercept({
        path: `/crm/v2/files?id=${hop === 0 ? "e" : `e${hop}`}`,
        method: "GET",
      }).reply(() => redirect(`/crm/v2/files?id=e${hop + 1}`));
    }
    runtime = createRuntime(await zohoCrm(), {
      dataCenter: "eu",
      credentials: TEST_CREDENTIALS,
      dispatcher: agent,
      env: {},
      retry: { maxRetries: 0 },
    });
    const output = `${await tempDir()}/`;
    const a = await runtime.call("files.get", { params: { id: "a" } }, { output });
    expect(a.kind === "file" && a.fileName).toBe("f.txt");
    expect(auth).toBe("Zoho-oauthtoken 1000.AT_EU");
    for (const id of ["b", "c", "e"]) {
      const error = await runtime
        .call("files.get", { params: { id } }, { output })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedirectError);
    }
    const direct = await runtime
      .download("https://files.example.net/backup.zip", { output })
      .catch((e: unknown) => e);
    expect(direct).toBeInstanceOf(ForeignHostError);
    expect((direct as Error).message).toContain("https://download-accl.zoho.eu");
    await agent.close();
  });

  it("case-C07: 304 is not modified; case-C06: 204 is empty; multi-status keeps each record", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get("https://accounts.zoho.com")
      .intercept({ path: "/oauth/v2/token", method: "POST" })
      .reply(200, { access_token: "1000.AT", expires_in: 3600 });
    const origin = agent.get("https://www.zohoapis.com");
    origin.intercept({ path: "/crm/v2/files?id=1", method: "GET" }).reply(304, "");
    origin.intercept({ path: "/crm/v2/files", method: "POST" }).reply(204, "");
    const mixed = {
      data: [
        { code: "SUCCESS", details: { id: "1" }, message: "ok", status: "success" },
        {
          code: "INVALID_DATA",
          details: { api_name: "Phone" },
          message: "invalid data",
          status: "error",
        },
      ],
    };
    origin.intercept({ path: "/crm/v2/files", method: "POST" }).reply(207, mixed);
    runtime = createRuntime(await zohoCrm(), {
      credentials: TEST_CREDENTIALS,
      dispatcher: agent,
      env: {},
    });
    const target = await tempDir();
    expect(await runtime.call("files.get", { params: { id: "1" } }, { output: target })).toEqual({
      kind: "not-modified",
      status: 304,
    });
    expect(await readdir(target)).toEqual([]);
    expect(await upload(runtime)).toEqual({ kind: "empty", status: 204 });
    const multi = await upload(runtime);
    expect(multi.kind === "json" && multi.status).toBe(207);
    expect(
      recordOutcomes(multi.kind === "json" ? multi.body : null).map((o) => [
        o.index,
        o.status,
        o.code,
      ]),
    ).toEqual([
      [0, "success", "SUCCESS"],
      [1, "error", "INVALID_DATA"],
    ]);
    await agent.close();
  });

  it("case-C17: date-times carry the zone's offset, dates do not shift a day", () => {
    expect(formatZohoDateTime(new Date("2024-03-10T13:30:00Z"), "America/New_York")).toBe(
      "2024-03-10T09:30:00-04:00",
    );
    expect(formatZohoDate(new Date("2024-03-09T18:30:00.000Z"), "Asia/Kolkata")).toBe("2024-03-10");
    expect(formatZohoDateTime(new Date("2024-03-01T00:00:00Z"), "UTC")).toBe(
      "2024-03-01T00:00:00+00:00",
    );
  });
});
