/**
 * Servers -> data centers. A server on one of Zoho's API hosts (with or without `www.`)
 * becomes that Zoho data center, with its accounts server; a server that one of our exports
 * wrote carries its data center in `x-invokekit-data-center`; any other https server becomes a
 * data center of its own (`dca`, `dcb`, ...) whose accounts server is the OAuth token URL's.
 *
 * The Zoho table repeats the facts of `connectors/zoho-crm/connector.yaml`.
 */
import type { RawConnector } from "../spec/raw.ts";

type DataCenters = RawConnector["data_centers"];

const ZOHO: DataCenters = {
  us: {
    label: "United States",
    api: "https://www.zohoapis.com",
    accounts: "https://accounts.zoho.com",
  },
  eu: { label: "Europe", api: "https://www.zohoapis.eu", accounts: "https://accounts.zoho.eu" },
  in: { label: "India", api: "https://www.zohoapis.in", accounts: "https://accounts.zoho.in" },
  au: {
    label: "Australia",
    api: "https://www.zohoapis.com.au",
    accounts: "https://accounts.zoho.com.au",
  },
  jp: { label: "Japan", api: "https://www.zohoapis.jp", accounts: "https://accounts.zoho.jp" },
  cn: {
    label: "China",
    api: "https://www.zohoapis.com.cn",
    accounts: "https://accounts.zoho.com.cn",
  },
  ca: {
    label: "Canada",
    api: "https://www.zohoapis.ca",
    accounts: "https://accounts.zohocloud.ca",
  },
  sa: {
    label: "Saudi Arabia",
    api: "https://www.zohoapis.sa",
    accounts: "https://accounts.zoho.sa",
  },
};

/** One server of a document. */
export interface ServerInput {
  readonly url: string;
  readonly description?: string;
  /** `x-invokekit-data-center` of our exports. */
  readonly dataCenter?: { readonly id?: unknown; readonly accounts?: unknown };
}

/** The data centers for `servers`, with notes on servers that did not fit. */
export function dataCentersOf(
  servers: readonly ServerInput[],
  tokenOrigin: string | undefined,
): { dataCenters: DataCenters; notes: string[] } {
  const dataCenters: DataCenters = {};
  const notes: string[] = [];
  const origins = new Set<string>();
  let generated = 0;
  for (const server of servers) {
    let url: URL;
    try {
      url = new URL(server.url);
    } catch {
      notes.push(`server ${server.url} left out: not an absolute URL`);
      continue;
    }
    if (url.protocol !== "https:" || /[{}]/.test(decodeURI(server.url))) {
      notes.push(`server ${server.url} left out: only https URLs without variables fit`);
      continue;
    }
    if (origins.has(url.origin)) continue;
    origins.add(url.origin);
    const own = server.dataCenter;
    if (typeof own?.id === "string" && typeof own.accounts === "string") {
      dataCenters[own.id] = {
        label: server.description ?? own.id,
        api: url.origin,
        accounts: own.accounts,
      };
      continue;
    }
    const zoho = Object.entries(ZOHO).find(
      ([, dc]) => new URL(dc.api).host.replace(/^www\./, "") === url.host.replace(/^www\./, ""),
    );
    if (zoho) {
      const [id, dc] = zoho;
      if (dc.api !== url.origin) notes.push(`server ${url.origin} written as ${dc.api} (${id})`);
      dataCenters[id] = dc;
      continue;
    }
    const id = `dc${String.fromCharCode(97 + (generated++ % 26))}`;
    const accounts = tokenOrigin ?? url.origin;
    if (!tokenOrigin) notes.push(`data center ${id}: no OAuth token URL; accounts server = API`);
    dataCenters[id] = { label: server.description ?? url.host, api: url.origin, accounts };
  }
  return { dataCenters, notes };
}

/** Whether `origin` is one of Zoho's accounts servers. */
export function isZohoAccounts(origin: string): boolean {
  return Object.values(ZOHO).some((dc) => dc.accounts === origin);
}
