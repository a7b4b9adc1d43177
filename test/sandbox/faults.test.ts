import { request } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Sandbox, SandboxError, startSandbox } from "../../src/sandbox/index.ts";
import { accessToken, zohoAuth } from "./sandbox-helpers.ts";

let sandbox: Sandbox;
let auth: Record<string, string>;
let fileId: string;
const fileBytes = Buffer.alloc(200_000, 0x61);

beforeEach(async () => {
  sandbox = await startSandbox();
  auth = zohoAuth(await accessToken(sandbox));
  fileId = sandbox.storeFile("data.bin", fileBytes);
});
afterEach(() => sandbox.close());

function download() {
  return request(`${sandbox.url}/crm/v2/files?id=${fileId}`, { headers: auth });
}

describe("sandbox faults", () => {
  it("status: answers a Zoho JSON error, with Retry-After when asked", async () => {
    sandbox.injectFault({ kind: "status", status: 429, retryAfter: "2" });
    const response = await download();
    expect(response.statusCode).toBe(429);
    expect(response.headers["retry-after"]).toBe("2");
    expect(await response.body.json()).toEqual({
      code: "TOO_MANY_REQUESTS",
      details: {},
      message: "Too Many Requests",
      status: "error",
    });

    const after = await download();
    expect(after.statusCode).toBe(200);
    await after.body.dump();
  });

  it("status: applies to the given path only, as many times as asked, in order", async () => {
    sandbox.injectFault({ kind: "status", status: 503, path: "/crm/v2/files", times: 2 });
    sandbox.injectFault({ kind: "status", status: 500, code: "CUSTOM_CODE" });

    const token = await request(`${sandbox.url}/oauth/v2/token`, { method: "POST" });
    expect(token.statusCode).toBe(500);
    expect(await token.body.json()).toMatchObject({ code: "CUSTOM_CODE" });

    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await download();
      statuses.push(response.statusCode);
      await response.body.dump();
    }
    expect(statuses).toEqual([503, 503, 200]);
    expect(sandbox.log.map((entry) => entry.fault)).toEqual([
      null,
      "status",
      "status",
      "status",
      null,
    ]);
  });

  it("html: answers an HTML error page like a gateway", async () => {
    sandbox.injectFault({ kind: "html", status: 502 });
    const response = await download();
    expect(response.statusCode).toBe(502);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(await response.body.text()).toBe(
      "<html><head><title>502 Bad Gateway</title></head>" +
        "<body><h1>502 Bad Gateway</h1></body></html>\n",
    );
  });

  it("reset: destroys the connection without a reply", async () => {
    sandbox.injectFault({ kind: "reset" });
    await expect(download()).rejects.toMatchObject({ code: "UND_ERR_SOCKET" });
    expect(sandbox.log.at(-1)).toMatchObject({ status: 0, fault: "reset" });
  });

  it("truncate: announces the full length, sends part of the body, then cuts", async () => {
    sandbox.injectFault({ kind: "truncate", afterBytes: 70_000 });
    const response = await download();
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-length"]).toBe("200000");
    let received = 0;
    const reading = (async () => {
      for await (const chunk of response.body) received += (chunk as Buffer).byteLength;
    })();
    await expect(reading).rejects.toMatchObject({ code: "UND_ERR_SOCKET" });
    expect(received).toBe(70_000);
    expect(sandbox.log.at(-1)).toMatchObject({ status: 200, fault: "truncate" });
  });

  it("slow: delays the reply, which then arrives intact", async () => {
    sandbox.injectFault({ kind: "slow", delayMs: 20 });
    const response = await download();
    expect(response.statusCode).toBe(200);
    expect(Buffer.from(await response.body.arrayBuffer()).equals(fileBytes)).toBe(true);
    expect(sandbox.log.at(-1)?.fault).toBe("slow");
  });

  it("slow: close() does not wait for a pending delayed reply", async () => {
    sandbox.injectFault({ kind: "slow", delayMs: 30_000 });
    const pending = download();
    const outcome = pending.then(
      () => "answered",
      () => "failed",
    );
    while (sandbox.log.at(-1)?.fault !== "slow") await new Promise((r) => setTimeout(r, 5));
    await sandbox.close();
    expect(await outcome).toBe("failed");
  });

  it("refuses faults outside their bounds", () => {
    const attempts = [
      () => sandbox.injectFault({ kind: "slow", delayMs: 30_001 }),
      () => sandbox.injectFault({ kind: "status", status: 200 }),
      () => sandbox.injectFault({ kind: "truncate", afterBytes: -1 }),
      () => sandbox.injectFault({ kind: "reset", times: 0 }),
    ];
    for (const attempt of attempts) {
      expect(attempt).toThrow(SandboxError);
      expect(attempt).toThrow(expect.objectContaining({ code: "IK_SANDBOX_FAULT" }));
    }
  });
});
