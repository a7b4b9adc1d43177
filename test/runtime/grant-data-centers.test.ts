/**
 * Case C04 end to end over loopback servers: a grant code exchanged at the accounts server the
 * authorization redirect named (`accountsServer`, another data center than the configured
 * `us`), then a refresh that goes to the stored accounts server and API calls that go to the
 * stored `api_domain`. Four loopback servers stand in for the accounts and API hosts of two
 * data centers, through a copy of the zoho-crm connector whose data center table names them
 * (the same table the runtime's host checks read); no other host is contacted.
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  createRuntime,
  exchangeGrantCode,
  FileTokenStore,
  type Runtime,
  type WarningEvent,
} from "../../src/index.ts";
import type { Connector } from "../../src/spec/model.ts";
import {
  FAST_RETRY,
  type Loopback,
  type Received,
  sendJson,
  startLoopback,
  TEST_CREDENTIALS,
  tempDir,
  zohoCrm,
  zohoError,
} from "./loopback.ts";

const servers: Loopback[] = [];
let runtime: Runtime | undefined;

afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
  for (const server of servers.splice(0)) await server.close();
});

const GRANT_CODE = "1000.grant.code.c04";
const REFRESH_TOKEN = "1000.refresh.token.c04";

async function serve(handler: Parameters<typeof startLoopback>[0]): Promise<Loopback> {
  const server = await startLoopback(handler);
  servers.push(server);
  return server;
}

const form = (request: Received) => new URLSearchParams(request.body.toString("utf8"));

/**
 * The two data centers: `us` refuses everything as the real one does for an account that
 * lives elsewhere (`invalid_client` on its accounts server, `INVALID_TOKEN` on its API); the
 * account's own data center issues tokens and answers `org.get` for them.
 */
async function twoDataCenters(otherId: string) {
  const usAccounts = await serve((_, res) => sendJson(res, 200, { error: "invalid_client" }));
  const usApi = await serve((_, res) =>
    sendJson(res, 401, zohoError("INVALID_TOKEN", "invalid oauth token")),
  );
  const api = await serve((request, res) => {
    const token = request.headers.authorization;
    if (token !== "Zoho-oauthtoken 1000.AT_grant" && token !== "Zoho-oauthtoken 1000.AT_refresh") {
      return sendJson(res, 401, zohoError("INVALID_TOKEN", "invalid oauth token"));
    }
    sendJson(res, 200, { org: [{ id: "4876876000000000011", company_name: "Elsewhere" }] });
  });
  const accounts = await serve((request, res) => {
    const grant = form(request);
    const reply = { api_domain: api.url, token_type: "Bearer", expires_in: 3600 };
    if (grant.get("grant_type") === "authorization_code" && grant.get("code") === GRANT_CODE) {
      return sendJson(res, 200, {
        ...reply,
        access_token: "1000.AT_grant",
        refresh_token: REFRESH_TOKEN,
      });
    }
    if (grant.get("grant_type") === "refresh_token") {
      if (grant.get("refresh_token") !== REFRESH_TOKEN) {
        return sendJson(res, 200, { error: "invalid_code" });
      }
      return sendJson(res, 200, { ...reply, access_token: "1000.AT_refresh" });
    }
    sendJson(res, 200, { error: "invalid_code" });
  });
  const base = await zohoCrm();
  const connector: Connector = {
    ...base,
    dataCenters: [
      { id: "us", label: "US stand-in", apiDomain: usApi.url, accountsDomain: usAccounts.url },
      {
        id: otherId,
        label: `${otherId} stand-in`,
        apiDomain: api.url,
        accountsDomain: accounts.url,
      },
    ],
  };
  return { connector, usAccounts, usApi, accounts, api };
}

describe("case-C04: grant at another data center's accounts server, then refresh and call", () => {
  it.each(["eu", "in", "au", "cn", "jp", "ca"])(
    "dc us configured, account in %s: token requests and API calls stay there",
    async (otherId) => {
      const { connector, usAccounts, usApi, accounts, api } = await twoDataCenters(otherId);
      const store = new FileTokenStore(join(await tempDir(), "tokens.json"));

      const status = await exchangeGrantCode(connector, {
        code: GRANT_CODE,
        clientId: TEST_CREDENTIALS.clientId,
        clientSecret: TEST_CREDENTIALS.clientSecret,
        tokenStore: store,
        dataCenter: "us",
        accountsServer: accounts.url,
        env: {},
        retry: FAST_RETRY,
      });
      expect(status).toMatchObject({
        dataCenter: otherId,
        apiDomain: api.url,
        accountsServer: accounts.url,
        hasRefreshToken: true,
      });
      expect(accounts.requests.map((r) => form(r).get("grant_type"))).toEqual([
        "authorization_code",
      ]);

      // Two hours later the stored access token has expired: the runtime must refresh, and
      // it must ask the stored accounts server, not the configured data center's.
      const later = Date.now() + 2 * 3600 * 1000;
      const warnings: WarningEvent[] = [];
      const listener = (message: unknown) => warnings.push(message as WarningEvent);
      subscribe("invokekit:warning", listener);
      try {
        runtime = createRuntime(connector, {
          tokenStore: store,
          dataCenter: "us",
          env: {},
          retry: FAST_RETRY,
          now: () => later,
        });
        const result = await runtime.call("org.get", {});
        expect(result).toMatchObject({ kind: "json", status: 200 });
      } finally {
        unsubscribe("invokekit:warning", listener);
      }

      expect(accounts.requests.map((r) => form(r).get("grant_type"))).toEqual([
        "authorization_code",
        "refresh_token",
      ]);
      expect(form(accounts.requests[1] as Received).get("refresh_token")).toBe(REFRESH_TOKEN);
      expect(api.requests.map((r) => [r.path, r.headers.authorization])).toEqual([
        ["/crm/v2/org", "Zoho-oauthtoken 1000.AT_refresh"],
      ]);
      expect(usAccounts.requests).toEqual([]);
      expect(usApi.requests).toEqual([]);
      expect(warnings.map((w) => w.code)).toContain("IK_WARN_DATA_CENTER");
      expect((await store.load("default"))?.accessToken).toBe("1000.AT_refresh");
    },
  );
});
