import { describe, expect, it } from "vitest";
import { isZohoApiHost, isZohoHost, isZohoWebHost } from "../src/zoho-hosts.ts";

describe("Zoho host families", () => {
  it.each([
    // host, API, web, any
    ["www.zohoapis.com", true, false, true],
    ["content.zohoapis.com.au", true, false, true],
    ["www.zohoapis.sa", true, false, true],
    ["www.zohoapis.de", false, false, true],
    ["crm.zoho.com", false, true, true],
    ["accounts.zoho.eu", false, true, true],
    ["download.zohocloud.ca", false, true, true],
    ["zohoapis.com.evil.example", false, false, false],
    ["notzoho.com", false, false, false],
    ["127.0.0.1", false, false, false],
  ])("%s: api %s, web %s, zoho %s", (host, api, web, any) => {
    expect([isZohoApiHost(host), isZohoWebHost(host), isZohoHost(host)]).toEqual([api, web, any]);
  });
});
