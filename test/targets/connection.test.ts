import { describe, expect, it } from "vitest";
import { loadConnector } from "../../src/spec/index.ts";
import { connectionTarget } from "../../src/targets/connection.ts";

const crm = await loadConnector("test/fixtures/spec/zoho-crm");

describe("connection target", () => {
  const files = connectionTarget.generate(crm);

  it("writes one config per data center", () => {
    expect(files.map((f) => f.path)).toEqual(
      crm.dataCenters.map((dc) => `connections/${dc.id}.json`),
    );
    expect(files).toHaveLength(8);
  });

  it("is canonical 2-space JSON with keys in a fixed order", () => {
    for (const file of files) {
      expect(`${JSON.stringify(JSON.parse(file.content), null, 2)}\n`).toBe(file.content);
    }
  });

  it("holds the minimal scopes and the data center's OAuth URLs", () => {
    const canada = JSON.parse(files.find((f) => f.path === "connections/ca.json")?.content ?? "");
    expect(Object.keys(canada)).toEqual([
      "connectionLinkName",
      "serviceName",
      "serviceTitle",
      "dataCenter",
      "dataCenterLabel",
      "authType",
      "headerPrefix",
      "scopes",
      "scopeDelimiter",
      "accountsDomain",
      "apiDomain",
      "authorizeUrl",
      "tokenUrl",
      "refreshTokenUrl",
      "revokeTokenUrl",
      "notes",
    ]);
    expect(canada).toMatchObject({
      connectionLinkName: "crm_oauth_connection",
      dataCenter: "ca",
      scopes: ["ZohoCRM.Files.CREATE", "ZohoCRM.Files.READ"],
      scopeDelimiter: ",",
      accountsDomain: "https://accounts.zohocloud.ca",
      apiDomain: "https://www.zohoapis.ca",
      authorizeUrl: "https://accounts.zohocloud.ca/oauth/v2/auth",
      tokenUrl: "https://accounts.zohocloud.ca/oauth/v2/token",
      refreshTokenUrl: "https://accounts.zohocloud.ca/oauth/v2/token",
      revokeTokenUrl: "https://accounts.zohocloud.ca/oauth/v2/token/revoke",
    });
  });

  it("escapes hostile text as JSON", () => {
    const hostile = { ...crm, title: 'Zoho "CRM"\n\\ </script>' };
    const [first] = connectionTarget.generate(hostile);
    expect(JSON.parse(first?.content ?? "").serviceTitle).toBe(hostile.title);
  });
});
