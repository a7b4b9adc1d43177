/**
 * Which hosts are Zoho's, by family (shared/zoho-facts.md s.1.1), for the checks that judge a
 * host by its name: the spec linter (a web host used as an API domain, case C08), the Deluge
 * linter (a URL outside Zoho's API domains) and the Deluge target (Deluge downloads 15 MB from
 * Zoho hosts, 5 MB from others, case C13). The runtime's hosts guard does not judge by name: it
 * allows only the hosts its connector and tables list (src/runtime/hosts.ts).
 *
 * Hosts are compared in lower case.
 */

/** The top-level domains of Zoho CRM's data centers. */
const DATA_CENTER_TLD = String.raw`(com|eu|in|com\.au|jp|com\.cn|ca|sa)`;
/** Any top-level domain of the `com` or `com.au` shape. */
const ANY_TLD = String.raw`[a-z]{2,3}(\.[a-z]{2})?`;

const API_HOST = new RegExp(String.raw`(^|\.)zohoapis\.${DATA_CENTER_TLD}$`);
const WEB_HOST = new RegExp(String.raw`(^|\.)(zoho|zohocloud)\.${ANY_TLD}$`);
const ANY_ZOHO_HOST = new RegExp(String.raw`(^|\.)(zohoapis|zoho|zohocloud)\.${ANY_TLD}$`);

/**
 * An API domain of some data center (`www.zohoapis.eu`), or a host under one
 * (`content.zohoapis.com`).
 */
export function isZohoApiHost(host: string): boolean {
  return API_HOST.test(host);
}

/**
 * A web, accounts or download host: under `zoho.<tld>`, or `zohocloud.ca` (Canada's accounts
 * and download hosts). API calls sent there get web pages.
 */
export function isZohoWebHost(host: string): boolean {
  return WEB_HOST.test(host);
}

/** Any host of Zoho's: API, web, accounts or download. */
export function isZohoHost(host: string): boolean {
  return ANY_ZOHO_HOST.test(host);
}
