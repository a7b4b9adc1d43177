/**
 * Search Records: `GET /crm/v2/{module}/search` with one of `criteria`, `email`, `phone` or
 * `word` (zoho-facts §5-6; the search also needs the `ZohoSearch.securesearch.READ` scope).
 * Matches are paged like Get Records, without tokens: search reaches 2,000 records at most.
 *
 * Criteria grammar: `(Field:operator:value)`, groups joined by `and` / `or` inside
 * parentheses, e.g. `((Last_Name:equals:Boyle 1)and(Email:starts_with:person))`. In a value,
 * `\(`, `\)` and `\,` stand for the bare characters. Operators: equals, not_equal,
 * starts_with, in (comma-separated values). Comparisons ignore case, as Zoho's do.
 * Limitations: no numeric or date operators (greater_than, between), no `is null`; `and` and
 * `or` in one group are read left to right without precedence.
 */

import { INVALID_MODULE, isErrorReply, readPaging, sendPage } from "./crm-replies.ts";
import type { CrmRecord, CrmStore } from "./crm-store.ts";
import type { Exchange } from "./exchange.ts";
import { project, readFields } from "./records.ts";
import { requiredParamMissing, type ZohoErrorReply } from "./zoho-errors.ts";

type Matcher = (record: CrmRecord) => boolean;

const OPERATORS = ["equals", "not_equal", "starts_with", "in"];

function invalidQuery(reason: string): ZohoErrorReply {
  return {
    status: 400,
    code: "INVALID_QUERY",
    message: "invalid query formed",
    details: { reason },
  };
}

const text = (value: unknown) => (value === null || value === undefined ? "" : String(value));

function condition(field: string, operator: string, raw: string): Matcher {
  const plain = (value: string) => value.replace(/\\([(),\\])/g, "$1").toLowerCase();
  const values = operator === "in" ? raw.split(/(?<!\\),/).map(plain) : [plain(raw)];
  const target = (record: CrmRecord) => text(record[field]).toLowerCase();
  switch (operator) {
    case "not_equal":
      return (record) => target(record) !== values[0];
    case "starts_with":
      return (record) => target(record).startsWith(values[0] ?? "");
    case "in":
      return (record) => values.includes(target(record));
    default:
      return (record) => target(record) === values[0];
  }
}

/** Parses criteria into a matcher, or returns the reason it is malformed. */
export function parseCriteria(criteria: string): Matcher | string {
  let at = 0;
  const group = (): Matcher | string => {
    if (criteria[at] !== "(") return `expected "(" at ${at}`;
    at++;
    if (criteria[at] !== "(") {
      const end = criteria.slice(at).search(/(?<!\\)\)/);
      if (end < 0) return `missing ")" after ${at}`;
      const body = criteria.slice(at, at + end);
      at += end + 1;
      const [field, operator, ...rest] = body.split(":");
      if (!field || !operator || rest.length === 0) return `expected field:operator:value`;
      if (!OPERATORS.includes(operator)) return `unsupported operator ${operator}`;
      return condition(field.trim(), operator, rest.join(":"));
    }
    let matcher = group();
    while (typeof matcher !== "string" && criteria[at] !== ")") {
      const joiner = /^\s*(and|or)\s*/i.exec(criteria.slice(at));
      if (!joiner?.[1]) return `expected and/or at ${at}`;
      at += joiner[0].length;
      const left: Matcher = matcher;
      const right = group();
      if (typeof right === "string") return right;
      matcher =
        joiner[1].toLowerCase() === "and" ? (r) => left(r) && right(r) : (r) => left(r) || right(r);
    }
    if (typeof matcher !== "string") at++;
    return matcher;
  };
  const matcher = group();
  if (typeof matcher === "string") return matcher;
  return at === criteria.length ? matcher : `unexpected text at ${at}`;
}

function matcherFor(url: URL): Matcher | ZohoErrorReply {
  const params = url.searchParams;
  const criteria = params.get("criteria");
  if (criteria !== null) {
    const matcher = parseCriteria(criteria);
    return typeof matcher === "string" ? invalidQuery(matcher) : matcher;
  }
  const email = params.get("email");
  if (email !== null) return (record) => text(record.Email).toLowerCase() === email.toLowerCase();
  const phone = params.get("phone");
  if (phone !== null) return (record) => text(record.Phone) === phone;
  const word = params.get("word");
  if (word !== null) {
    const needle = word.toLowerCase();
    return (record) =>
      Object.values(record).some((v) => typeof v === "string" && v.toLowerCase().includes(needle));
  }
  return requiredParamMissing("criteria");
}

/** Handles `GET /crm/v2/{module}/search`. */
export async function searchRecords(exchange: Exchange, store: CrmStore, module: string) {
  await exchange.drainBody();
  const records = store.records(module);
  if (records === undefined) return exchange.sendError(INVALID_MODULE);
  const fields = readFields(exchange.url);
  if (fields !== undefined && !Array.isArray(fields)) return exchange.sendError(fields);
  const matcher = matcherFor(exchange.url);
  if (typeof matcher !== "function") return exchange.sendError(matcher);
  const page = readPaging(exchange.url, `search:${module}`);
  if (isErrorReply(page)) return exchange.sendError(page);
  const found = records.filter(matcher).map((record) => project(record, fields));
  return sendPage(exchange, found, page, { list: `search:${module}` });
}
