/**
 * Auto-pagination (case C18): walks a list endpoint page by page and yields its records one at
 * a time, as an async iterator.
 *
 * The walk follows the endpoint's `pagination` spec: the first request asks for `page=1`
 * (never 0), each reply's records are read at `items`, and the walk stops when the flag at
 * `morePath` is not `true` or a reply is 204 (no records, case C06) or 304 (nothing changed since
 * `If-Modified-Since`, case C07; `onPage` sees its status). Zoho serves only the first
 * `maxRecords` (2,000) records by page number; when the next page would reach past that, the
 * walk switches to `tokenParam` with the token at `nextTokenPath` of the last reply, and never
 * sends a `page` past the limit. A token seen before, or more than `maxPages` pages, raises
 * `PaginationLoopError` instead of looping. Only values read from replies that are strings or
 * numbers ever reach the URL; the `more_records` boolean never does.
 *
 * Records are requested one page at a time, when the consumer asks for them: breaking out of
 * a `for await` loop sends no further request.
 */
import type { RequestArguments } from "../plan/request.ts";
import { type Connector, type Endpoint, findEndpoint, type Pagination } from "../spec/model.ts";
import { valueAt } from "./dotted-path.ts";
import { UnknownEndpointError } from "./errors.ts";
import { FlowNotSupportedError, PaginationLoopError, PaginationReplyError } from "./flow-errors.ts";
import type { CallOptions, CallResult } from "./runtime.ts";

/** What the flows need from a runtime: its connector and single calls. */
export interface FlowHost {
  readonly connector: Connector;
  call(endpointId: string, args: RequestArguments, options?: CallOptions): Promise<CallResult>;
}

/** Options of `paginate`. */
export interface PaginateOptions {
  /** Aborts the request in flight; the iterator then throws. */
  readonly signal?: AbortSignal;
  /** Most pages to fetch before raising `PaginationLoopError`; default 1 000. */
  readonly maxPages?: number;
  /**
   * Called after each reply with its page number (from 1), its record count and its HTTP
   * status: 200, or 204 (no records) or 304 (nothing changed since `If-Modified-Since`, case
   * C07), which end the walk. A 304 on page 1 is how a caller tells "not modified" from "empty".
   */
  readonly onPage?: (page: number, records: number, status: number) => void;
}

/** Default page guard: 100,000 records (Zoho's token reach) at 200 a page is 500 pages. */
export const DEFAULT_MAX_PAGES = 1_000;

/** Looks up `endpointId` and checks that it declares `flow`. */
export function flowEndpoint(host: FlowHost, endpointId: string): Endpoint {
  const endpoint = findEndpoint(host.connector, endpointId);
  if (!endpoint) {
    const known = host.connector.endpoints.map((e) => e.id);
    throw new UnknownEndpointError(host.connector.name, endpointId, known);
  }
  return endpoint;
}

/**
 * Yields every record of the list endpoint `endpointId`, page after page. `args.params` may
 * set `per_page`, or a starting `page` or page token; the walk sets `page` and the token
 * parameter itself from then on.
 */
export async function* paginate(
  host: FlowHost,
  endpointId: string,
  args: RequestArguments,
  options: PaginateOptions = {},
): AsyncGenerator<unknown, void, undefined> {
  const endpoint = flowEndpoint(host, endpointId);
  const spec = endpoint.pagination;
  if (!spec) throw new FlowNotSupportedError(endpointId, "pagination");
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const base: Record<string, string> = { ...(args.params ?? {}) };
  const startToken = spec.tokenParam === undefined ? undefined : base[spec.tokenParam];
  let cursor: Cursor =
    startToken === undefined
      ? { kind: "page", page: Number(base.page ?? "1") }
      : { kind: "token", token: startToken };
  delete base.page;
  if (spec.tokenParam !== undefined) delete base[spec.tokenParam];
  const requested = Number(base.per_page);
  const seenTokens = new Set<string>(startToken === undefined ? [] : [startToken]);
  let fetched = 0;

  for (let pages = 1; ; pages++) {
    if (pages > maxPages) {
      throw new PaginationLoopError(endpointId, `more than ${maxPages} pages`, pages - 1);
    }
    const params = { ...base, ...cursorParams(spec, cursor) };
    const reply = await host.call(
      endpointId,
      { ...args, params },
      options.signal ? { signal: options.signal } : {},
    );
    if (reply.kind !== "json") {
      // 204: no (more) records; 304: nothing changed.
      options.onPage?.(pages, 0, reply.status);
      return;
    }
    const items = valueAt(reply.body, spec.items);
    if (items !== undefined && items !== null && !Array.isArray(items)) {
      throw new PaginationReplyError(endpointId, `"${spec.items}" in a reply is not a list`);
    }
    const records = items ?? [];
    options.onPage?.(pages, records.length, reply.status);
    for (const record of records) yield record;
    fetched += records.length;
    if (valueAt(reply.body, spec.morePath) !== true || records.length === 0) return;

    const perPage =
      Number.isInteger(requested) && requested > 0
        ? requested
        : (positiveInteger(valueAt(reply.body, "info.per_page")) ?? records.length);
    cursor = nextCursor(endpointId, spec, cursor, reply.body, fetched, perPage);
    if (cursor.kind === "token") {
      if (seenTokens.has(cursor.token)) {
        throw new PaginationLoopError(
          endpointId,
          `the server sent the page token "${cursor.token}" a second time`,
          pages,
        );
      }
      seenTokens.add(cursor.token);
    }
  }
}

type Cursor = { kind: "page"; page: number } | { kind: "token"; token: string };

function cursorParams(spec: Pagination, cursor: Cursor): Record<string, string> {
  if (cursor.kind === "page") return { page: String(cursor.page) };
  return { [spec.tokenParam ?? "page_token"]: cursor.token };
}

/** The cursor of the next page: the next page number while it stays within reach, else a token. */
function nextCursor(
  endpointId: string,
  spec: Pagination,
  cursor: Cursor,
  body: unknown,
  fetched: number,
  perPage: number,
): Cursor {
  if (cursor.kind === "page") {
    const next = cursor.page + 1;
    const withinReach = spec.maxRecords === undefined || next * perPage <= spec.maxRecords;
    if (withinReach || spec.tokenParam === undefined) {
      if (!withinReach) {
        throw new PaginationReplyError(
          endpointId,
          `page ${next} would pass the ${spec.maxRecords} records that page numbers reach ` +
            `(after ${fetched} records), and the spec names no token parameter`,
        );
      }
      return { kind: "page", page: next };
    }
  }
  const token = valueAt(body, spec.nextTokenPath);
  if (typeof token === "string" && token !== "") return { kind: "token", token };
  if (typeof token === "number") return { kind: "token", token: String(token) };
  throw new PaginationReplyError(
    endpointId,
    `the reply says more records follow but has no next page token at "${spec.nextTokenPath}" ` +
      `(after ${fetched} records)`,
  );
}

function positiveInteger(value: unknown): number | undefined {
  const number = typeof value === "string" ? Number(value) : value;
  return typeof number === "number" && Number.isInteger(number) && number > 0 ? number : undefined;
}
