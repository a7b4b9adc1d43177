/**
 * `buildCoqlQuery`: a COQL `select` written from structured input, so that no value is ever
 * pasted into query text by hand (case C16). The result goes into the JSON body of
 * `coql.query` (`{ select_query }`), which the runtime serializes once: a `"` in a value is
 * JSON-escaped by `JSON.stringify` and by nothing else.
 *
 * What it writes (rules and their sources in `src/plan/coql-text.ts`):
 * - columns whose name is a reserved word in single quotes (`'External'`);
 * - text values single-quoted with `'` doubled (`'Acme''s Warehouse'`); numbers and booleans
 *   bare; a `Date` as Zoho's date-time text (`'2024-03-10T09:30:00-04:00'`) in `timeZone`,
 *   else UTC (case C17);
 * - conditions grouped two at a time, `((A and B) and C)`, because Zoho refuses more than two
 *   criteria side by side (Kaizen #171, question 2); a list of conditions means all of them;
 * - `is null` / `is not null`, `in (...)`, `between a and b`, `like`;
 * - `limit` and `offset` (Zoho's default limit is 200; an offset alone gets `limit 200`).
 *
 * Limitations: no `order by`, `group by`, aggregates or joins beyond dotted lookup names; a
 * date-only field given a Date is written as a date-time, so pass `formatZohoDate(d, zone)`
 * text for one; limits per API version (200 rows in v2, 2,000 in v7+) are left to Zoho.
 */
import { InvokekitError } from "../errors.ts";
import { coqlName, coqlText } from "../plan/coql-text.ts";
import { formatZohoDateTime } from "../plan/zoho-date.ts";
import { isKnownTimeZone } from "../spec/time-zones.ts";

/** A value compared in a condition. */
export type CoqlValue = string | number | boolean | Date;

/** One condition, or a group of conditions joined by `and` / `or`. */
export type CoqlCondition =
  | {
      readonly field: string;
      readonly op: "=" | "!=" | "<" | "<=" | ">" | ">=" | "like" | "not like";
      readonly value: CoqlValue;
    }
  | { readonly field: string; readonly op: "in" | "not in"; readonly value: readonly CoqlValue[] }
  | {
      readonly field: string;
      readonly op: "between";
      readonly value: readonly [CoqlValue, CoqlValue];
    }
  | { readonly field: string; readonly op: "is null" | "is not null" }
  | { readonly and: readonly CoqlCondition[] }
  | { readonly or: readonly CoqlCondition[] };

/** The parts of a `select` query. */
export interface CoqlQuery {
  /** Column API names, e.g. `["Last_Name", "External"]`; dotted lookups such as `Owner.name`. */
  readonly select: readonly string[];
  /** Module API name, e.g. `Contacts`. */
  readonly from: string;
  /** Conditions; a list means all of them (`and`). Default: none, every record. */
  readonly where?: CoqlCondition | readonly CoqlCondition[];
  /** Most rows to return (Zoho's default 200). */
  readonly limit?: number;
  /** Rows to skip. */
  readonly offset?: number;
  /** IANA time zone Date values are written in. Default: UTC (`+00:00`). */
  readonly timeZone?: string;
}

/** The structured input cannot become a query; `problems` says why, one line each. */
export class CoqlQueryError extends InvokekitError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      "IK_PLAN_COQL",
      `Cannot build the COQL query:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.problems = problems;
  }
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;
const MODULE = /^[A-Za-z][A-Za-z0-9_]*$/;
const DEFAULT_LIMIT = 200;

/**
 * Writes `query` as COQL text, e.g. `select Last_Name, 'External' from Contacts where
 * ((Last_Name = 'Acme''s Warehouse' and Email is not null) and Lead_Source = 'Web') limit 200`.
 * Throws `CoqlQueryError` listing every problem (a bad name, an empty `in`, a bad limit, ...).
 */
export function buildCoqlQuery(query: CoqlQuery): string {
  const problems: string[] = [];
  const zone = query.timeZone ?? "UTC";
  if (!isKnownTimeZone(zone)) {
    problems.push(`timeZone "${zone}" is not a time zone known to the Intl API`);
  }
  const writer = new ConditionWriter(isKnownTimeZone(zone) ? zone : "UTC", problems);

  if (query.select.length === 0) problems.push("select names no column");
  const columns = query.select.map((name) => writer.name(name, "select"));
  if (!MODULE.test(query.from)) {
    problems.push(`from "${query.from}" is not a module API name (letters, digits, _)`);
  }
  const where = query.where === undefined ? [] : [query.where].flat();
  const criteria = where.length === 0 ? "" : ` where ${writer.group(where, "and")}`;

  let paging = "";
  const { limit, offset } = query;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    problems.push(`limit must be a whole number from 1, got ${limit}`);
  }
  if (offset !== undefined && !(Number.isInteger(offset) && offset >= 0)) {
    problems.push(`offset must be a whole number from 0, got ${offset}`);
  }
  if (limit !== undefined || offset !== undefined) paging = ` limit ${limit ?? DEFAULT_LIMIT}`;
  if (offset !== undefined) paging += ` offset ${offset}`;

  if (problems.length > 0) throw new CoqlQueryError(problems);
  return `select ${columns.join(", ")} from ${query.from}${criteria}${paging}`;
}

/** Writes conditions and values, collecting problems instead of stopping at the first. */
class ConditionWriter {
  constructor(
    readonly timeZone: string,
    readonly problems: string[],
  ) {}

  name(name: string, where: string): string {
    if (!NAME.test(name)) {
      this.problems.push(`${where}: "${name}" is not a field API name (letters, digits, _, .)`);
    }
    return coqlName(name);
  }

  /** `((A op B) op C)`: two at a time, each pair in parentheses; one condition stays bare. */
  group(conditions: readonly CoqlCondition[], joiner: "and" | "or"): string {
    if (conditions.length === 0) {
      this.problems.push(`an "${joiner}" group holds no condition`);
      return "";
    }
    const [first, ...rest] = conditions.map((condition) => this.condition(condition));
    return rest.reduce((left, right) => `(${left} ${joiner} ${right})`, first ?? "");
  }

  condition(condition: CoqlCondition): string {
    if ("and" in condition) return this.group(condition.and, "and");
    if ("or" in condition) return this.group(condition.or, "or");
    const field = this.name(condition.field, "where");
    switch (condition.op) {
      case "is null":
      case "is not null":
        return `${field} ${condition.op}`;
      case "in":
      case "not in": {
        if (condition.value.length === 0) {
          this.problems.push(`${condition.field} ${condition.op} () needs at least one value`);
        }
        const values = condition.value.map((v) => this.value(condition.field, v));
        return `${field} ${condition.op} (${values.join(", ")})`;
      }
      case "between": {
        const [low, high] = condition.value.map((v) => this.value(condition.field, v));
        return `${field} between ${low} and ${high}`;
      }
      default:
        return `${field} ${condition.op} ${this.value(condition.field, condition.value)}`;
    }
  }

  value(field: string, value: CoqlValue): string {
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) {
        this.problems.push(`${field} is compared with an Invalid Date`);
        return "''";
      }
      return coqlText(formatZohoDateTime(value, this.timeZone));
    }
    if (typeof value === "number") {
      if (!Number.isFinite(value)) this.problems.push(`${field} is compared with ${value}`);
      return String(value);
    }
    if (typeof value === "boolean") return String(value);
    if (typeof value !== "string") {
      // Plain JavaScript callers can pass anything; null has its own operators.
      this.problems.push(
        `${field} is compared with ${value === null ? "null (use is null)" : typeof value}`,
      );
      return "''";
    }
    return coqlText(value);
  }
}
