/**
 * Which hosts may receive a token or a client secret. Zoho tells a client where an account
 * lives (the `api_domain` of a token reply, the `accounts-server` of an authorization
 * redirect, `Location` headers of downloads); each of these is honoured only when it names a
 * host of the connector's own data centers, or the base URL the caller configured. Hosts come
 * from explicit tables, never from string rules (case C04: Zoho's own tables have surprises).
 */
import type { Connector } from "../spec/model.ts";
import { ForeignHostError, RuntimeConfigError } from "./errors.ts";

/**
 * Zoho's file download hosts by API domain host (case C12: downloads of attachments and bulk
 * results may redirect there). CA lives under zohocloud.ca, not zoho.ca.
 */
const DOWNLOAD_HOSTS: Readonly<Record<string, readonly string[]>> = {
  "www.zohoapis.com": ["download.zoho.com", "download-accl.zoho.com"],
  "www.zohoapis.eu": ["download.zoho.eu", "download-accl.zoho.eu"],
  "www.zohoapis.in": ["download.zoho.in", "download-accl.zoho.in"],
  "www.zohoapis.com.au": ["download.zoho.com.au", "download-accl.zoho.com.au"],
  "www.zohoapis.jp": ["download.zoho.jp", "download-accl.zoho.jp"],
  "www.zohoapis.com.cn": ["download.zoho.com.cn", "download-accl.zoho.com.cn"],
  "www.zohoapis.ca": ["download.zohocloud.ca", "download-accl.zohocloud.ca"],
  "www.zohoapis.sa": ["download.zoho.sa", "download-accl.zoho.sa"],
};

/**
 * Parses `value` to its origin (`scheme://host[:port]`), or throws `RuntimeConfigError`; a
 * value with a path (`http://127.0.0.1:8787/prefix`) is refused rather than cut to its origin.
 */
export function originOf(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch (error) {
    throw new RuntimeConfigError(`${what} "${value}" is not an absolute URL.`, { cause: error });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new RuntimeConfigError(`${what} "${value}" must use http or https.`);
  }
  // API and token paths are appended to the origin; a path here would be dropped silently.
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "" || url.username !== "") {
    throw new RuntimeConfigError(
      `${what} "${value}" must be an origin (scheme, host, port) without path, query or user.`,
    );
  }
  return url.origin;
}

/** Origins an `api_domain` may name: the connector's API domains, then the base URL. */
export function apiOrigins(connector: Connector, baseUrl: string | undefined): string[] {
  const origins = connector.dataCenters.map((dc) => new URL(dc.apiDomain).origin);
  if (baseUrl !== undefined) origins.push(originOf(baseUrl, "Base URL"));
  return [...new Set(origins)];
}

/** Origins a token request (carrying the client secret) may go to. */
export function accountsOrigins(connector: Connector, baseUrl: string | undefined): string[] {
  const origins = connector.dataCenters.map((dc) => new URL(dc.accountsDomain).origin);
  if (baseUrl !== undefined) origins.push(originOf(baseUrl, "Base URL"));
  return [...new Set(origins)];
}

/** Returns the origin of `apiDomain` when it is allowed, else throws `ForeignHostError`. */
export function checkApiDomain(
  connector: Connector,
  apiDomain: string,
  baseUrl: string | undefined,
): string {
  const allowed = apiOrigins(connector, baseUrl);
  const origin = URL.canParse(apiDomain) ? new URL(apiDomain).origin : apiDomain;
  if (!allowed.includes(origin)) {
    throw new ForeignHostError("the api_domain of the token reply", origin, allowed);
  }
  return origin;
}

/** Returns the origin of `server` when it is a known accounts server, else throws. */
export function checkAccountsServer(
  connector: Connector,
  server: string,
  baseUrl: string | undefined,
): string {
  const allowed = accountsOrigins(connector, baseUrl);
  const origin = URL.canParse(server) ? new URL(server).origin : server;
  if (!allowed.includes(origin)) throw new ForeignHostError("the accounts server", origin, allowed);
  return origin;
}

/** The data center whose API domain is `origin`, if any. */
export function dataCenterOfApiOrigin(connector: Connector, origin: string) {
  return connector.dataCenters.find((dc) => new URL(dc.apiDomain).origin === origin);
}

/**
 * Whether a request may carry the account's token to `target`: the API origin itself, or,
 * over https on the default port, one of the download hosts of that API domain (case C12).
 */
export function isAccountHost(apiOrigin: string, target: URL): boolean {
  if (target.origin === apiOrigin) return true;
  if (target.protocol !== "https:" || target.port !== "" || target.username !== "") return false;
  const downloads = DOWNLOAD_HOSTS[new URL(apiOrigin).hostname] ?? [];
  return downloads.includes(target.hostname);
}

/** The hosts `isAccountHost` accepts for `apiOrigin`, for error messages. */
export function accountHosts(apiOrigin: string): string[] {
  const downloads = DOWNLOAD_HOSTS[new URL(apiOrigin).hostname] ?? [];
  return [apiOrigin, ...downloads.map((host) => `https://${host}`)];
}
