/**
 * COQL: `POST /crm/v2/coql` with the JSON body `{"select_query": "..."}` (zoho-facts §6.3).
 * Understands `select f1, f2 from Module [where ...] [order by f [asc|desc], ...]
 * [limit N [offset M]]`, where conditions are `Field = 'x'`, `!=`, `<`, `<=`, `>`, `>=`,
 * `like '%x%'`, `not like`, `in ('a', 'b')`, `not in`, `is null` and `is not null`. Two
 * conditions join with `and` / `or`; a third must be grouped, `((A and B) and C)`, or the query
 * is a SYNTAX_ERROR, as Zoho answers (Kaizen #171, case C16). Text values are single-quoted and
 * a quote inside one is doubled (`'Acme''s Warehouse'`); a quoted name in the select list is a
 * column (how reserved words such as `External` are named). Numbers compare as numbers, other
 * values as text. Limits (zoho-facts §6.3): 50 columns, 25 criteria, 50 `in` values, at most 200
 * rows per call (v2), default 200. The reply is `{data, info: {count, more_records}}`, or 204
 * when nothing matches (case C06).
 * Limitations: no joins (`Owner.name`), aggregates, `group by` or date literals; the `details`
 * of a SYNTAX_ERROR are the sandbox's own.
 */

import { isErrorReply, limitExceeded, readJsonBody } from "./crm-replies.ts";
import type { CrmRecord, CrmStore } from "./crm-store.ts";
import type { Exchange } from "./exchange.ts";
import { requiredParamMissing, type ZohoErrorReply } from "./zoho-errors.ts";

/** Most rows one COQL call returns in v2. */
export const MAX_COQL_LIMIT = 200;
/** Most columns, conditions and `in` values one query may have (zoho-facts §6.3). */
export const MAX_COQL_COLUMNS = 50;
export const MAX_COQL_CRITERIA = 25;
export const MAX_COQL_IN_VALUES = 50;

type Token = { kind: "word" | "text" | "symbol"; value: string };
type Matcher = (record: CrmRecord) => boolean;
type Value = string | number | boolean | null;

const WHOLE_NUMBER = /^-?\d+$/;

/**
 * Orders two field values: whole numbers exactly (19-digit ids exceed a double), other numbers
 * as numbers, anything else as text; null sorts first.
 */
function compareValues(a: Value | undefined, b: Value | undefined): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (WHOLE_NUMBER.test(String(a)) && WHOLE_NUMBER.test(String(b))) {
    const difference = BigInt(String(a)) - BigInt(String(b));
    return difference === 0n ? 0 : difference < 0n ? -1 : 1;
  }
  const numeric = (v: Value) => typeof v !== "boolean" && v !== "" && !Number.isNaN(Number(v));
  if (numeric(a) && numeric(b)) return Number(a) - Number(b);
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function syntaxError(near: string): ZohoErrorReply {
  const details = { near };
  return {
    status: 400,
    code: "SYNTAX_ERROR",
    message: "error occurred while parsing the query",
    details,
  };
}

function invalidQuery(reason: string, extra: Record<string, unknown> = {}): ZohoErrorReply {
  return {
    status: 400,
    code: "INVALID_QUERY",
    message: "invalid query formed",
    details: { reason, ...extra },
  };
}

/** Splits a query into words, quoted texts and symbols; undefined on an unclosed quote. */
export function tokenize(query: string): Token[] | undefined {
  const tokens: Token[] = [];
  const pattern = /\s*(?:'((?:[^']|'')*)'|(!=|<>|<=|>=|[(),=*<>])|([A-Za-z0-9_.%-]+))/y;
  let at = 0;
  while (at < query.trimEnd().length) {
    pattern.lastIndex = at;
    const match = pattern.exec(query);
    if (!match) return undefined;
    at = pattern.lastIndex;
    if (match[1] !== undefined)
      tokens.push({ kind: "text", value: match[1].replaceAll("''", "'") });
    else if (match[2] !== undefined) tokens.push({ kind: "symbol", value: match[2] });
    else tokens.push({ kind: "word", value: match[3] ?? "" });
  }
  return tokens;
}

class Parser {
  at = 0;
  /** Conditions read so far, for the 25-criteria limit. */
  criteria = 0;
  constructor(readonly tokens: Token[]) {}

  peek(): Token | undefined {
    return this.tokens[this.at];
  }

  /** Takes the next token when it is the keyword or symbol `value` (any case). */
  accept(value: string): boolean {
    const token = this.peek();
    if (token === undefined || token.kind === "text" || token.value.toLowerCase() !== value)
      return false;
    this.at++;
    return true;
  }

  next(): Token | undefined {
    return this.tokens[this.at++];
  }

  condition(): Matcher | string {
    if (this.accept("(")) {
      const inner = this.expression();
      return typeof inner === "string" || this.accept(")") ? inner : "expected )";
    }
    const field = this.next();
    if (field?.kind !== "word") return `expected a field near ${field?.value ?? "the end"}`;
    this.criteria++;
    const get = (record: CrmRecord) => (record[field.value] ?? null) as Value;
    if (this.accept("is")) {
      const negate = this.accept("not");
      if (!this.accept("null")) return "expected null after is";
      return negate ? (r) => get(r) !== null : (r) => get(r) === null;
    }
    const not = this.accept("not");
    if (this.accept("in")) return this.inList(get, not);
    const operator = not ? "not like" : this.next()?.value.toLowerCase();
    if (not && !this.accept("like")) return "expected in or like after not";
    const value = this.next();
    if (value === undefined || value.kind === "symbol")
      return `expected a value after ${field.value}`;
    const compare = (r: CrmRecord) => compareValues(get(r), value.value);
    switch (operator) {
      case "=":
        return (r) => String(get(r)) === value.value;
      case "!=":
      case "<>":
        return (r) => String(get(r)) !== value.value;
      case "<":
        return (r) => get(r) !== null && compare(r) < 0;
      case "<=":
        return (r) => get(r) !== null && compare(r) <= 0;
      case ">":
        return (r) => get(r) !== null && compare(r) > 0;
      case ">=":
        return (r) => get(r) !== null && compare(r) >= 0;
      case "like":
      case "not like": {
        const parts = value.value.split("%").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
        const regex = new RegExp(`^${parts.join(".*")}$`, "i");
        const like = (r: CrmRecord) => get(r) !== null && regex.test(String(get(r)));
        return operator === "like" ? like : (r) => get(r) !== null && !like(r);
      }
      default:
        return `unsupported operator ${operator ?? "(none)"}`;
    }
  }

  inList(get: (record: CrmRecord) => Value, not: boolean): Matcher | string {
    if (!this.accept("(")) return "expected ( after in";
    const values: string[] = [];
    do {
      const value = this.next();
      if (value === undefined || value.kind === "symbol") return "expected a value in in (...)";
      values.push(value.value);
    } while (this.accept(","));
    if (!this.accept(")")) return "expected ) after the in values";
    if (values.length > MAX_COQL_IN_VALUES) return `more than ${MAX_COQL_IN_VALUES} in values`;
    return (r) => values.includes(String(get(r))) !== not;
  }

  /** One condition, or two joined by `and`/`or`: a third needs its own parentheses. */
  expression(): Matcher | string {
    const left = this.condition();
    if (typeof left === "string") return left;
    const isAnd = this.accept("and");
    if (!isAnd && !this.accept("or")) return left;
    const right = this.condition();
    if (typeof right === "string") return right;
    const next = this.peek()?.value.toLowerCase();
    if (next === "and" || next === "or")
      return "group more than two conditions pairwise, e.g. ((A and B) and C)";
    return isAnd ? (r) => left(r) && right(r) : (r) => left(r) || right(r);
  }
}

interface Query {
  readonly fields: string[];
  readonly module: string;
  readonly where: Matcher;
  /** `order by` fields, each with its direction (1 ascending, -1 descending). */
  readonly order: { field: string; sign: number }[];
  readonly limit: number;
  readonly offset: number;
}

/** Parses a select query, or returns the error reply Zoho would send. */
export function parseQuery(text: string): Query | ZohoErrorReply {
  const tokens = tokenize(text);
  if (tokens === undefined) return syntaxError("an unclosed quote or an unknown symbol");
  const parser = new Parser(tokens);
  if (!parser.accept("select")) return syntaxError(tokens[0]?.value ?? "");
  const fields: string[] = [];
  do {
    const field = parser.next();
    if (field === undefined || field.kind === "symbol")
      return syntaxError(field?.value ?? "select");
    fields.push(field.value);
  } while (parser.accept(","));
  if (!parser.accept("from")) return syntaxError(parser.peek()?.value ?? "the end");
  const module = parser.next();
  if (module?.kind !== "word") return syntaxError("from");
  let where: Matcher = () => true;
  if (parser.accept("where")) {
    const matcher = parser.expression();
    if (typeof matcher === "string") return syntaxError(matcher);
    where = matcher;
    if (parser.criteria > MAX_COQL_CRITERIA) return limitExceeded("criteria", MAX_COQL_CRITERIA);
  }
  const order: Query["order"] = [];
  if (parser.accept("order")) {
    if (!parser.accept("by")) return syntaxError("order");
    do {
      const field = parser.next();
      if (field?.kind !== "word") return syntaxError("order by");
      const descending = parser.accept("desc");
      if (!descending) parser.accept("asc");
      order.push({ field: field.value, sign: descending ? -1 : 1 });
    } while (parser.accept(","));
  }
  let limit = MAX_COQL_LIMIT;
  let offset = 0;
  const number = () => {
    const token = parser.next();
    return token?.kind === "word" && /^\d+$/.test(token.value) ? Number(token.value) : undefined;
  };
  if (parser.accept("limit")) {
    const value = number();
    if (value === undefined) return syntaxError("limit");
    limit = value;
    if (parser.accept("offset")) {
      const skip = number();
      if (skip === undefined) return syntaxError("offset");
      offset = skip;
    }
  }
  if (parser.peek() !== undefined) return syntaxError(parser.peek()?.value ?? "");
  if (limit > MAX_COQL_LIMIT) return limitExceeded("limit", MAX_COQL_LIMIT);
  if (fields.length > MAX_COQL_COLUMNS) return limitExceeded("select columns", MAX_COQL_COLUMNS);
  return { fields, module: module.value, where, order, limit, offset };
}

/** Handles `POST /crm/v2/coql`. */
export async function runCoql(exchange: Exchange, store: CrmStore): Promise<void> {
  const read = await readJsonBody(exchange);
  if (isErrorReply(read)) return exchange.sendError(read);
  const selectQuery = (read.json as Record<string, unknown> | null)?.select_query;
  if (typeof selectQuery !== "string")
    return exchange.sendError(requiredParamMissing("select_query"));
  const query = parseQuery(selectQuery);
  if (isErrorReply(query)) return exchange.sendError(query);
  const records = store.records(query.module);
  if (records === undefined)
    return exchange.sendError(invalidQuery("invalid module", { module: query.module }));

  const matches = records.filter(query.where);
  if (query.order.length > 0) {
    matches.sort((a, b) => {
      for (const { field, sign } of query.order) {
        const by = compareValues(a[field] as Value, b[field] as Value);
        if (by !== 0) return sign * by;
      }
      return 0;
    });
  }
  const rows = matches.slice(query.offset, query.offset + query.limit).map((record) => {
    const row: Record<string, unknown> = {};
    for (const field of query.fields) row[field] = record[field] ?? null;
    row.id = record.id;
    return row;
  });
  if (rows.length === 0) return exchange.sendEmpty(204);
  const more = query.offset + rows.length < matches.length;
  return exchange.sendJson(200, { data: rows, info: { count: rows.length, more_records: more } });
}
