/**
 * Reading records: Get Records `GET /crm/{version}/{module}` (paged, zoho-facts §6.1) and Get
 * Record `GET /crm/{version}/{module}/{id}`. Unknown modules answer 400 INVALID_MODULE; an empty
 * page or an unknown id answers 204 with no body (case C06).
 *
 * The list follows its version (zoho-facts §9): v2 pages by number only, with no
 * `next_page_token` in `info` and `page_token` ignored, so it ends at the 2,000th record; from
 * v2.1 on a page followed by more records carries `next_page_token` and `page_token` continues
 * past the 2,000th; from v3 on `fields` is required (400 REQUIRED_PARAM_MISSING without it).
 *
 * Parameters honoured: `fields` (at most 50 names; `id` is always returned), `ids`, `sort_by`
 * (id, Created_Time, Modified_Time), `sort_order` (asc, desc), `page`, `per_page`,
 * `page_token`, and the `If-Modified-Since` header (case C07): the list keeps only records
 * whose `Modified_Time` is later, and answers 304 with no body when none is; Get Record answers
 * 304 when its record has not changed since. The header takes Zoho's ISO form with an offset
 * (zoho-facts §7) or an HTTP-date; any other value answers 400 INVALID_DATA naming the header.
 * Limitations: `cvid`, `approved`, `converted` and `territory_id` are accepted and ignored; that
 * Zoho rejects an unreadable `If-Modified-Since` with INVALID_DATA is an assumption, and so is
 * that v2 ignores `page_token` (Zoho does not say what v2 does with it).
 */

import {
  INVALID_MODULE,
  isErrorReply,
  limitExceeded,
  type PageTokens,
  readPaging,
  sendPage,
} from "./crm-replies.ts";
import type { CrmRecord, CrmStore } from "./crm-store.ts";
import type { Exchange } from "./exchange.ts";
import { invalidData, requiredParamMissing, type ZohoErrorReply } from "./zoho-errors.ts";

/** Most field names `fields` takes (Kaizen #60, case C18). */
export const MAX_FIELDS = 50;
/** Most ids one `ids` value takes. */
export const MAX_IDS = 100;

const SORTABLE = ["id", "Created_Time", "Modified_Time"];

/** Splits a comma-separated parameter; undefined when it is absent. */
export function listParam(url: URL, name: string): string[] | undefined {
  const value = url.searchParams.get(name);
  if (value === null) return undefined;
  return value
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** Reads `fields`: the names asked for, or an error when more than 50. */
export function readFields(url: URL): string[] | undefined | ZohoErrorReply {
  const fields = listParam(url, "fields");
  if (fields !== undefined && fields.length > MAX_FIELDS)
    return limitExceeded("fields", MAX_FIELDS);
  return fields;
}

/** A record cut down to `id` and `fields` (all fields when `fields` is undefined). */
export function project(record: CrmRecord, fields: readonly string[] | undefined): CrmRecord {
  if (fields === undefined) return { ...record };
  const out: CrmRecord = { id: record.id };
  for (const field of fields) if (field in record) out[field] = record[field];
  return out;
}

/**
 * The `If-Modified-Since` moment in ms since the epoch; undefined without the header, an error
 * reply when it is not a date-time.
 */
function modifiedSince(exchange: Exchange): number | undefined | ZohoErrorReply {
  const header = exchange.req.headers["if-modified-since"];
  if (header === undefined) return undefined;
  const since = Date.parse(header);
  return Number.isNaN(since) ? invalidData({ api_name: "If-Modified-Since" }) : since;
}

/** Whether `record` was modified after `since` (a record without `Modified_Time` never was). */
function changedAfter(record: CrmRecord, since: number | undefined): boolean {
  if (since === undefined) return true;
  return Date.parse(String(record.Modified_Time ?? record.Created_Time ?? "")) > since;
}

/** Orders records by `sort_by`/`sort_order`; ids compare as numbers (they are all 19 digits). */
function sortRecords(records: CrmRecord[], url: URL): CrmRecord[] | ZohoErrorReply {
  const by = url.searchParams.get("sort_by") ?? "id";
  const order = url.searchParams.get("sort_order") ?? "asc";
  if (!SORTABLE.includes(by)) return invalidData({ api_name: "sort_by" });
  if (order !== "asc" && order !== "desc") return invalidData({ api_name: "sort_order" });
  const sign = order === "asc" ? 1 : -1;
  const key = (record: CrmRecord) => String(record[by] ?? "").padStart(by === "id" ? 19 : 0);
  return [...records].sort((a, b) => sign * (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The number of an API version such as `v2.1`: 2.1. */
function versionNumber(version: string): number {
  return Number(version.replace(/^v/, ""));
}

/** Handles `GET /crm/{version}/{module}`; `version` is e.g. `v2` or `v3`. */
export async function listRecords(
  exchange: Exchange,
  store: CrmStore,
  tokens: PageTokens,
  module: string,
  version: string,
): Promise<void> {
  await exchange.drainBody();
  const url = exchange.url;
  const records = store.records(module);
  if (records === undefined) return exchange.sendError(INVALID_MODULE);
  const fields = readFields(url);
  if (fields !== undefined && !Array.isArray(fields)) return exchange.sendError(fields);
  if (fields === undefined && versionNumber(version) >= 3) {
    return exchange.sendError(requiredParamMissing("fields"));
  }
  const ids = listParam(url, "ids");
  if (ids !== undefined && ids.length > MAX_IDS)
    return exchange.sendError(limitExceeded("ids", MAX_IDS));
  const since = modifiedSince(exchange);
  if (typeof since === "object") return exchange.sendError(since);

  const wanted = records.filter(
    (r) => (ids === undefined || ids.includes(r.id)) && changedAfter(r, since),
  );
  if (since !== undefined && wanted.length === 0) return exchange.sendEmpty(304);
  const sorted = sortRecords(wanted, url);
  if (!Array.isArray(sorted)) return exchange.sendError(sorted);
  // Tokens are tied to the module and the sort, so one never continues another list.
  const list = `${module}?${url.searchParams.get("sort_by")}:${url.searchParams.get("sort_order")}`;
  // v2 knows no page tokens: it neither reads nor issues them.
  const versionTokens = versionNumber(version) > 2 ? tokens : undefined;
  const page = readPaging(url, list, versionTokens);
  if (isErrorReply(page)) return exchange.sendError(page);
  const projected = sorted.map((record) => project(record, fields));
  return sendPage(exchange, projected, page, {
    list,
    ...(versionTokens === undefined ? {} : { tokens: versionTokens }),
  });
}

/** Handles `GET /crm/v2/{module}/{id}`. */
export async function getRecord(
  exchange: Exchange,
  store: CrmStore,
  module: string,
  id: string,
): Promise<void> {
  await exchange.drainBody();
  if (store.records(module) === undefined) return exchange.sendError(INVALID_MODULE);
  const fields = readFields(exchange.url);
  if (fields !== undefined && !Array.isArray(fields)) return exchange.sendError(fields);
  const since = modifiedSince(exchange);
  if (typeof since === "object") return exchange.sendError(since);
  const record = store.find(module, id);
  if (record === undefined) return exchange.sendEmpty(204);
  if (!changedAfter(record, since)) return exchange.sendEmpty(304);
  return exchange.sendJson(200, { data: [project(record, fields)] });
}
