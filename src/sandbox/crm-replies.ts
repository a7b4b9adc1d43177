/**
 * Pieces the CRM handlers share: the errors they have in common, reading a JSON request body,
 * and answering a page of items with Zoho's `info` block (`per_page`, `count`, `page`,
 * `more_records`, and `next_page_token` where a token may continue the list; zoho-facts §6.1).
 *
 * Page rules: `page` counts from 1, `per_page` is 1 to 200 (default 200). `page` reaches only
 * the first 2,000 items; a page ending past them is refused with
 * DISCRETE_PAGINATION_LIMIT_EXCEEDED (case C18), and `page_token` continues instead. Tokens
 * are opaque, kept in memory, and name the list, the offset and the page size.
 */
import { randomBytes } from "node:crypto";
import type { Exchange } from "./exchange.ts";
import { invalidData, type ZohoErrorReply } from "./zoho-errors.ts";

/** Most items one page holds. */
export const MAX_PER_PAGE = 200;
/** Items `page` can reach; past them only `page_token` works. */
export const DISCRETE_PAGINATION_LIMIT = 2000;
/** Largest JSON body the sandbox reads. */
const MAX_JSON_BYTES = 8 * 1024 * 1024;

export const INVALID_MODULE: ZohoErrorReply = {
  status: 400,
  code: "INVALID_MODULE",
  message: "the module name given seems to be invalid",
};

export const DISCRETE_PAGINATION_LIMIT_EXCEEDED: ZohoErrorReply = {
  status: 400,
  code: "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
  message: "records past the first 2000 can be fetched only with page_token",
  details: { limit: DISCRETE_PAGINATION_LIMIT },
};

/** More items in one request than the endpoint takes. */
export function limitExceeded(param: string, limit: number): ZohoErrorReply {
  return {
    status: 400,
    code: "LIMIT_EXCEEDED",
    message: "the number of items exceeds the allowed limit",
    details: { api_name: param, limit },
  };
}

/** Reads the body as JSON; an absent, oversized or malformed body gives INVALID_DATA. */
export async function readJsonBody(
  exchange: Exchange,
): Promise<{ json: unknown } | ZohoErrorReply> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of exchange.body) {
      size += (chunk as Buffer).byteLength;
      if (size <= MAX_JSON_BYTES) chunks.push(chunk as Buffer);
    }
  } catch {
    return invalidData({ reason: "the request body was cut off" });
  }
  if (size > MAX_JSON_BYTES) return invalidData({ reason: "the body is too large" });
  try {
    return { json: JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown };
  } catch {
    return invalidData({ reason: "the body is not JSON" });
  }
}

/** True when `value` is an error reply rather than a result. */
export function isErrorReply(value: object): value is ZohoErrorReply {
  return "code" in value && "status" in value;
}

interface TokenState {
  readonly list: string;
  readonly offset: number;
  readonly perPage: number;
}

/** Where a page starts and how long it is. */
export interface PageRequest {
  readonly offset: number;
  readonly perPage: number;
}

/** Issues and reads page tokens. */
export class PageTokens {
  readonly #tokens = new Map<string, TokenState>();

  issue(state: TokenState): string {
    const token = randomBytes(20).toString("hex");
    this.#tokens.set(token, state);
    return token;
  }

  get(token: string): TokenState | undefined {
    return this.#tokens.get(token);
  }
}

function positiveInteger(value: string | null, fallback: number): number | undefined {
  if (value === null) return fallback;
  if (!/^\d+$/.test(value)) return undefined;
  const number = Number(value);
  return number >= 1 ? number : undefined;
}

/**
 * Reads `page`, `per_page` and (when `tokens` is given) `page_token` for the list `list`.
 * Returns the page wanted or the error to send.
 */
export function readPaging(
  url: URL,
  list: string,
  tokens?: PageTokens,
): PageRequest | ZohoErrorReply {
  const params = url.searchParams;
  const perPage = positiveInteger(params.get("per_page"), MAX_PER_PAGE);
  if (perPage === undefined || perPage > MAX_PER_PAGE) {
    return invalidData({ api_name: "per_page", maximum: MAX_PER_PAGE });
  }
  const token = tokens === undefined ? null : params.get("page_token");
  if (token !== null && tokens !== undefined) {
    if (params.has("page")) return invalidData({ api_name: "page_token", reason: "with page" });
    const state = tokens.get(token);
    if (state === undefined || state.list !== list) return invalidData({ api_name: "page_token" });
    return { offset: state.offset, perPage: params.has("per_page") ? perPage : state.perPage };
  }
  const page = positiveInteger(params.get("page"), 1);
  if (page === undefined) return invalidData({ api_name: "page" });
  if (page * perPage > DISCRETE_PAGINATION_LIMIT) {
    return DISCRETE_PAGINATION_LIMIT_EXCEEDED;
  }
  return { offset: (page - 1) * perPage, perPage };
}

/**
 * Sends one page of `items` under `key`, or 204 with no body when the page is empty (case
 * C06). With `tokens`, a page followed by more items carries `next_page_token`.
 */
export function sendPage(
  exchange: Exchange,
  items: readonly unknown[],
  request: PageRequest,
  options: { key?: string; list: string; tokens?: PageTokens },
): Promise<void> | void {
  const slice = items.slice(request.offset, request.offset + request.perPage);
  if (slice.length === 0) return exchange.sendEmpty(204);
  const next = request.offset + slice.length;
  const more = next < items.length;
  const info: Record<string, unknown> = {
    per_page: request.perPage,
    count: slice.length,
    page: Math.floor(request.offset / request.perPage) + 1,
    more_records: more,
  };
  if (more && options.tokens !== undefined) {
    info.next_page_token = options.tokens.issue({
      list: options.list,
      offset: next,
      perPage: request.perPage,
    });
  }
  return exchange.sendJson(200, { [options.key ?? "data"]: slice, info });
}
