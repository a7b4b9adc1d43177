/**
 * COQL: `POST /crm/v2/coql` with the JSON body `{"select_query": "..."}` (zoho-facts §6.3).
 * Understands `select f1, f2 from Module [where ...] [limit N [offset M]]`, where conditions
 * are `Field = 'x'`, `!=`, `like '%x%'`, `in ('a', 'b')`, `is null` and `is not null`,
 * joined by `and` / `or` with parentheses. Text values are single-quoted and a quote inside
 * one is doubled (`'Acme''s Warehouse'`, case C16); a quoted name in the select list is a
 * column. At most 200 rows per call (v2), default 200; the reply is `{data, info: {count,
 * more_records}}`, or 204 when nothing matches (case C06).
 * Limitations: no joins (`Owner.name`), aggregates, `order by`, numeric comparison or date
 * literals; `and` and `or` in one group are read left to right without precedence.
 */

import { isErrorReply, limitExceeded, readJsonBody } from "./crm-replies.ts";
import type { CrmRecord, CrmStore } from "./crm-store.ts";
import type { Exchange } from "./exchange.ts";
import { requiredParamMissing, type ZohoErrorReply } from "./zoho-errors.ts";

/** Most rows one COQL call returns in v2. */
export const MAX_COQL_LIMIT = 200;

type Token = { kind: "word" | "text" | "symbol"; value: string };
type Matcher = (record: CrmRecord) => boolean;

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
  const pattern = /\s*(?:'((?:[^']|'')*)'|(!=|<>|[(),=*])|([A-Za-z0-9_.%-]+))/y;
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
    const get = (record: CrmRecord) => record[field.value] ?? null;
    if (this.accept("is")) {
      const negate = this.accept("not");
      if (!this.accept("null")) return "expected null after is";
      return negate ? (r) => get(r) !== null : (r) => get(r) === null;
    }
    if (this.accept("in")) {
      if (!this.accept("(")) return "expected ( after in";
      const values: string[] = [];
      do {
        const value = this.next();
        if (value?.kind !== "text") return "expected a quoted value in in (...)";
        values.push(value.value);
      } while (this.accept(","));
      if (!this.accept(")")) return "expected ) after the in values";
      return (r) => values.includes(String(get(r)));
    }
    const operator = this.next();
    const value = this.next();
    if (value === undefined || value.kind === "symbol")
      return `expected a value after ${field.value}`;
    switch (operator?.value.toLowerCase()) {
      case "=":
        return (r) => String(get(r)) === value.value;
      case "!=":
      case "<>":
        return (r) => String(get(r)) !== value.value;
      case "like": {
        const parts = value.value.split("%").map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
        const regex = new RegExp(`^${parts.join(".*")}$`, "i");
        return (r) => get(r) !== null && regex.test(String(get(r)));
      }
      default:
        return `unsupported operator ${operator?.value ?? "(none)"}`;
    }
  }

  expression(): Matcher | string {
    let matcher = this.condition();
    for (;;) {
      if (typeof matcher === "string") return matcher;
      const left: Matcher = matcher;
      const isAnd = this.accept("and");
      if (!isAnd && !this.accept("or")) return matcher;
      const right = this.condition();
      if (typeof right === "string") return right;
      matcher = isAnd ? (r) => left(r) && right(r) : (r) => left(r) || right(r);
    }
  }
}

interface Query {
  readonly fields: string[];
  readonly module: string;
  readonly where: Matcher;
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
  return { fields, module: module.value, where, limit, offset };
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
