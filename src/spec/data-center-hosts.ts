/**
 * API hosts of data centers (case C08): Zoho CRM's REST API (v2 and later) answers on the API
 * domains `https://www.zohoapis.<dc>` (and `sandbox.`/`developer.` beside `www.`). The web
 * hosts (`crm.zoho.com`, `www.zoho.eu`, the accounts servers ...) answer API paths with a web
 * page, a sign-in form or a redirect, so a spec whose data center names one fails on every
 * call with an HTML body. Zoho's version 1 API lived on such web hosts, which is how they
 * still end up in configurations.
 *
 * A Zoho web host is one under `zoho.<tld>` or `zohocloud.ca` (Canada's accounts server);
 * other hosts (a test server, another vendor's API, Zoho's `zohoplatform.com` solutions) are
 * not judged. Domains per data center: shared/zoho-facts.md s.1.1 (Zoho's SDK tables).
 */

import { isZohoWebHost } from "../zoho-hosts.ts";
import type { Diagnostic } from "./diagnostics.ts";
import { pointerSegment, type YamlSource } from "./yaml-source.ts";

/** API domain and web domain of each Zoho CRM data center, by the ids the spec uses. */
const ZOHO_DATA_CENTERS: readonly { id: string; api: string; web: string }[] = [
  { id: "us", api: "https://www.zohoapis.com", web: "zoho.com" },
  { id: "eu", api: "https://www.zohoapis.eu", web: "zoho.eu" },
  { id: "in", api: "https://www.zohoapis.in", web: "zoho.in" },
  { id: "au", api: "https://www.zohoapis.com.au", web: "zoho.com.au" },
  { id: "jp", api: "https://www.zohoapis.jp", web: "zoho.jp" },
  { id: "cn", api: "https://www.zohoapis.com.cn", web: "zoho.com.cn" },
  { id: "ca", api: "https://www.zohoapis.ca", web: "zohocloud.ca" },
  { id: "sa", api: "https://www.zohoapis.sa", web: "zoho.sa" },
];

/** The API domain of a data center: by its id, else by the web host's domain. */
function apiDomainFor(id: string, host: string): string | undefined {
  const byId = ZOHO_DATA_CENTERS.find((dc) => dc.id === id);
  if (byId) return byId.api;
  return ZOHO_DATA_CENTERS.find((dc) => host === dc.web || host.endsWith(`.${dc.web}`))?.api;
}

/** What a Zoho web host is, for the message. */
function hostKind(host: string): string {
  if (host.startsWith("accounts.")) return "Zoho's accounts (OAuth) server (it goes in accounts)";
  if (host.startsWith("crm.")) return "Zoho CRM's web host (version 1 of the API lived there)";
  return "a Zoho web host";
}

/** Checks that no data center's `api` is a Zoho web host. */
export function checkDataCenterHosts(source: YamlSource, connector: unknown): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const record = (value: unknown): Readonly<Record<string, unknown>> =>
    value && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  const centers = record(record(connector).data_centers);
  for (const [id, center] of Object.entries(centers)) {
    const api = record(center).api;
    if (typeof api !== "string") continue;
    let host: string;
    try {
      host = new URL(api).hostname.toLowerCase();
    } catch {
      continue; // Not a URL: the schema's pattern reports it.
    }
    if (!isZohoWebHost(host)) continue;

    const domain = apiDomainFor(id, host);
    const fix = domain
      ? `write the data center's API domain, ${domain}`
      : "write the data center's API domain, https://www.zohoapis.<domain>";
    const pointer = `/data_centers/${pointerSegment(id)}/api`;
    const position = source.valuePositions.get(pointer) ?? { line: 1, column: 1 };
    diagnostics.push({
      severity: "error",
      code: "IK_SPEC_API_HOST",
      message:
        `data_centers.${id}.api ${api} is ${hostKind(host)}, not an API host: API calls ` +
        `there get web pages; ${fix}`,
      file: source.file,
      ...position,
    });
  }
  return diagnostics;
}
