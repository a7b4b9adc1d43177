/** Sandbox options for tests that compare requests: body bytes in the log, a chosen api_domain. */
import { request } from "undici";
import { afterEach, describe, expect, it } from "vitest";
import { type Sandbox, type SandboxOptions, startSandbox } from "../../src/sandbox/index.ts";
import { accessToken, filesForm, zohoAuth } from "./sandbox-helpers.ts";

let sandbox: Sandbox | undefined;

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(options: SandboxOptions = {}): Promise<Sandbox> {
  sandbox = await startSandbox(options);
  return sandbox;
}

async function tokenReply(running: Sandbox): Promise<Record<string, unknown>> {
  const { clientId, clientSecret, refreshToken } = running.credentials;
  const form = new URLSearchParams({
    grant_type: "refresh_token",
    client_id: clientId,
    client_secret: clientSecret,
    refresh_token: refreshToken,
  });
  const reply = await request(`${running.url}/oauth/v2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
  return (await reply.body.json()) as Record<string, unknown>;
}

describe("sandbox options", () => {
  it("logBodies keeps each request body's bytes in the log", async () => {
    const running = await start({ logBodies: true });
    const auth = zohoAuth(await accessToken(running));
    const form = filesForm([{ name: "a.txt", bytes: Buffer.from("alpha") }]);
    const reply = await request(`${running.url}/crm/v2/files`, {
      method: "POST",
      headers: auth,
      body: form,
    });
    expect(reply.statusCode).toBe(200);
    await reply.body.dump();

    const [token, upload] = running.log;
    expect(token?.body).toEqual(Buffer.alloc(0));
    const boundary = /boundary=(.+)$/.exec(String(upload?.headers["content-type"]))?.[1];
    expect(upload?.body?.toString("utf8")).toBe(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n` +
        `Content-Type: application/octet-stream\r\n\r\nalpha\r\n--${boundary}--\r\n`,
    );
    expect(upload?.bodySize).toBe(upload?.body?.length);
  });

  it("keeps no body bytes by default", async () => {
    const running = await start();
    const auth = zohoAuth(await accessToken(running));
    const form = filesForm([{ name: "a.txt", bytes: Buffer.from("alpha") }]);
    await request(`${running.url}/crm/v2/files`, {
      method: "POST",
      headers: auth,
      body: form,
    }).then((r) => r.body.dump());
    expect(running.log.map((entry) => entry.body)).toEqual([undefined, undefined]);
    expect(running.log[1]?.bodySize).toBeGreaterThan(5);
  });

  it("names its own URL as api_domain, or the apiDomain it is given", async () => {
    const own = await start();
    expect((await tokenReply(own)).api_domain).toBe(own.url);
    await own.close();

    const given = await start({ apiDomain: "https://www.zohoapis.eu" });
    expect((await tokenReply(given)).api_domain).toBe("https://www.zohoapis.eu");
  });
});
