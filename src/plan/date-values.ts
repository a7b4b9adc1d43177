/**
 * `Date` arguments (case C17). A `date` or `datetime` parameter, and any place in a JSON body,
 * may hold a JavaScript `Date`; before a request is planned it is written in Zoho's text form:
 * a date-time as `yyyy-MM-ddTHH:mm:ss±HH:mm` (`JSON.stringify` would send `toISOString()`,
 * with milliseconds and `Z`, which Zoho refuses), a date as `yyyy-MM-dd`.
 *
 * The zone comes from the field (a parameter's `tz`, a body schema's `x-tz`), else from the
 * caller (the runtime's `timeZone` option), else UTC for a date-time (written `+00:00`). A date
 * has no UTC fallback: a Date is an instant, and which calendar day an instant falls on depends
 * on the zone (local midnight in Kolkata is the previous day in UTC), so a date-only field given
 * a Date with no zone anywhere is refused rather than silently shifted.
 *
 * In a body, a Date where the schema does not say `format: date` is written as a date-time.
 * Text already in a date-time field must be in Zoho's form too; it is never rewritten.
 */
import type { Endpoint, JsonSchema, Parameter } from "../spec/model.ts";
import { isKnownTimeZone } from "../spec/time-zones.ts";
import { formatZohoDate, formatZohoDateTime, ZOHO_DATE_TIME } from "./zoho-date.ts";

/** A parameter value: text in its wire form, or a `Date` for date and datetime parameters. */
export type ParameterValue = string | Date;

/** Zone-less date-times are written in UTC. */
const FALLBACK_ZONE = "UTC";

/** Text values of every Date in `params` and `body`, and the problems found on the way. */
export interface ResolvedDates {
  readonly params: Readonly<Record<string, string>> | undefined;
  readonly body: unknown;
  readonly problems: readonly string[];
  /** How the problems name their fields (`parameter "x"`, `body.data.0.x`). */
  readonly failed: readonly string[];
}

/**
 * Writes every `Date` in `params` and `body` in Zoho's form, using the field's zone, else
 * `timeZone`, else UTC for date-times. `endpoint` may be undefined (an unknown endpoint): its
 * Dates are then written as UTC date-times and the caller reports the endpoint.
 */
export function resolveDates(
  endpoint: Endpoint | undefined,
  params: Readonly<Record<string, ParameterValue>> | undefined,
  body: unknown,
  timeZone: string | undefined,
): ResolvedDates {
  const problems: string[] = [];
  const failed: string[] = [];
  const write = new DateWriter(timeZone, problems, failed);

  let texts: Record<string, string> | undefined;
  if (params !== undefined) {
    texts = {};
    for (const [name, value] of Object.entries(params)) {
      if (!(value instanceof Date)) {
        texts[name] = value;
        continue;
      }
      const parameter = endpoint?.parameters.find((p) => p.name === name);
      texts[name] = write.parameter(name, parameter, value);
    }
  }

  const schema = endpoint?.body.kind === "json" ? endpoint.body.schema : undefined;
  const resolvedBody = body === undefined ? undefined : write.body(body, schema, "body");
  return { params: texts, body: resolvedBody, problems, failed };
}

/** Writes Dates as text, collecting one problem per value that cannot be written. */
class DateWriter {
  readonly #timeZone: string | undefined;
  readonly #problems: string[];
  readonly #failed: string[];
  // The caller's zone once checked; null until then.
  #checkedZone: string | undefined | null = null;

  constructor(timeZone: string | undefined, problems: string[], failed: string[]) {
    this.#timeZone = timeZone;
    this.#problems = problems;
    this.#failed = failed;
  }

  #fail(label: string, problem: string): string {
    this.#problems.push(problem);
    this.#failed.push(label);
    return "";
  }

  parameter(name: string, parameter: Parameter | undefined, value: Date): string {
    const label = `parameter "${name}"`;
    if (parameter !== undefined && parameter.type !== "date" && parameter.type !== "datetime") {
      return this.#fail(
        label,
        `${label} is a ${parameter.type} parameter; a Date fits only date and datetime ` +
          "parameters: pass text",
      );
    }
    if (parameter?.type === "date") return this.#date(label, value, parameter.timeZone, "tz");
    return this.#dateTime(label, value, parameter?.timeZone);
  }

  body(value: unknown, schema: JsonSchema | undefined, place: string): unknown {
    if (value instanceof Date) {
      return schema?.format === "date"
        ? this.#date(place, value, schema["x-tz"], "x-tz")
        : this.#dateTime(place, value, schema?.["x-tz"]);
    }
    // Containers are copied only when something inside them changed, so other values (with
    // their own toJSON, say) reach JSON.stringify untouched.
    if (Array.isArray(value)) {
      const items = value.map((item, index) => this.body(item, schema?.items, `${place}.${index}`));
      return items.some((item, index) => item !== value[index]) ? items : value;
    }
    if (typeof value === "object" && value !== null) {
      const extra = schema?.additionalProperties;
      const result: Record<string, unknown> = {};
      let changed = false;
      for (const [key, item] of Object.entries(value)) {
        const child = schema?.properties?.[key] ?? (typeof extra === "object" ? extra : undefined);
        result[key] = this.body(item, child, `${place}.${key}`);
        changed ||= result[key] !== item;
      }
      return changed ? result : value;
    }
    if (typeof value === "string" && schema?.format === "date-time") {
      if (!ZOHO_DATE_TIME.test(value)) {
        this.#problems.push(
          `${place} must be a date-time written yyyy-MM-ddTHH:mm:ss+HH:mm (or a Date), ` +
            `got "${value}"`,
        );
      }
    }
    return value;
  }

  #dateTime(label: string, value: Date, fieldZone: string | undefined): string {
    if (!this.#valid(label, value)) return "";
    const zone = fieldZone ?? this.#callerZone() ?? FALLBACK_ZONE;
    return formatZohoDateTime(value, zone);
  }

  #date(label: string, value: Date, fieldZone: string | undefined, key: string): string {
    if (!this.#valid(label, value)) return "";
    const zone = fieldZone ?? this.#callerZone();
    if (zone === undefined) {
      return this.#fail(
        label,
        `${label} is a date-only field given a Date, and no time zone says which day that ` +
          `instant falls on; set ${key} on the field in the spec, pass the runtime option ` +
          'timeZone (e.g. "Asia/Kolkata"), or pass the date as text yyyy-MM-dd',
      );
    }
    return formatZohoDate(value, zone);
  }

  #valid(label: string, value: Date): boolean {
    if (!Number.isNaN(value.getTime())) return true;
    this.#fail(label, `${label} is an Invalid Date`);
    return false;
  }

  /** The caller's zone; an unknown one is reported once and UTC stands in. */
  #callerZone(): string | undefined {
    if (this.#checkedZone !== null) return this.#checkedZone;
    const zone = this.#timeZone;
    this.#checkedZone = zone;
    if (zone !== undefined && !isKnownTimeZone(zone)) {
      this.#problems.push(
        `the timeZone option "${zone}" is not a time zone known to the Intl API; write an ` +
          "IANA name such as America/New_York, Asia/Kolkata or UTC",
      );
      this.#checkedZone = FALLBACK_ZONE;
    }
    return this.#checkedZone;
  }
}
