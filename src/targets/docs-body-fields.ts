/**
 * What the docs say about a JSON body and about the flows an endpoint takes part in: a table
 * of body fields read from the body schema (one row per field, nested fields under dotted
 * names such as `data.Last_Name`, array items without a step of their own), and notes on
 * pagination (with Zoho's 2,000-record reach of `page`), batches and asynchronous jobs, and
 * on values with a form of their own (date forms, case C17; COQL quoting, case C16). The
 * Markdown docs and the HTML site render the same rows and notes.
 */

import type { Endpoint, JsonSchema } from "../spec/model.ts";
import { DELUGE_LIST_REACH } from "./deluge.ts";

/** One row of the body fields table. */
export interface BodyField {
  /** Dotted name, e.g. `data.Last_Name`. */
  readonly name: string;
  /** Readable type, e.g. `array of objects, at most 100 items`, `string (date-time)`. */
  readonly type: string;
  /** `yes` when its parent object requires it (the body itself for top-level fields). */
  readonly required: "yes" | "no";
  readonly description: string;
  /** Allowed values, as JSON text, when the schema lists them. */
  readonly allowed: readonly string[];
}

/** The rows of the body fields table of `schema`, parents before their fields. */
export function bodyFields(schema: JsonSchema): BodyField[] {
  const rows: BodyField[] = [];
  const visit = (object: JsonSchema, prefix: string) => {
    const required = new Set(object.required ?? []);
    for (const [key, property] of Object.entries(object.properties ?? {})) {
      const name = prefix === "" ? key : `${prefix}.${key}`;
      const itemSchema = property.items;
      const enumSource = property.enum ?? itemSchema?.enum;
      rows.push({
        name,
        type: typeText(property),
        required: required.has(key) ? "yes" : "no",
        description: property.description ?? itemSchema?.description ?? "",
        allowed: (enumSource ?? []).map((value) => JSON.stringify(value)),
      });
      if (property.properties) visit(property, name);
      else if (itemSchema?.properties) visit(itemSchema, name);
    }
  };
  visit(schema, "");
  return rows;
}

function typeText(schema: JsonSchema): string {
  const types = [schema.type ?? (schema.properties ? "object" : "any")].flat();
  const text = types
    .map((type) => {
      if (type === "array") {
        const items = schema.items ? typeText(schema.items).split(",")[0] : "any";
        return `array of ${plural(items ?? "any")}`;
      }
      const zone = schema["x-tz"] === undefined ? "" : `, ${schema["x-tz"]}`;
      return schema.format ? `${type} (${schema.format}${zone})` : type;
    })
    .join(" or ");
  const bounds: string[] = [];
  if (schema.minItems !== undefined && schema.minItems > 0) {
    bounds.push(`at least ${schema.minItems} ${schema.minItems === 1 ? "item" : "items"}`);
  }
  if (schema.maxItems !== undefined) bounds.push(`at most ${schema.maxItems} items`);
  return [text, ...bounds].join(", ");
}

function plural(type: string): string {
  const [word, ...rest] = type.split(" ");
  return [`${word}s`, ...rest].join(" ");
}

/** Notes on how the endpoint pages, splits batches or runs as a job. */
export function flowNotes(endpoint: Endpoint, endpointTitle: (id: string) => string): string[] {
  const notes: string[] = [];
  const pages = endpoint.pagination;
  if (pages) {
    const reach = pages.maxRecords;
    notes.push(
      `Lists page by page: \`page\` counts from 1, and \`${pages.morePath}\` is true while ` +
        `more records follow. The records are under \`${pages.items}\`.` +
        (reach !== undefined && pages.tokenParam !== undefined
          ? ` Page numbers reach only the first ${reach.toLocaleString("en-US")} records; ` +
            `past them, Zoho refuses \`page\` (DISCRETE_PAGINATION_LIMIT_EXCEEDED) and the ` +
            `next page is asked with \`${pages.tokenParam}\` set to \`${pages.nextTokenPath}\` ` +
            "of the last reply."
          : ""),
      "The Node client's method walks every page for you (an async iterable of records, " +
        "switching to the page token when needed). " +
        (pages.tokenParam !== undefined
          ? "The Deluge snippet also switches to the page token, and stops when no more " +
            "records follow or after the requests its loop allows (" +
            `${DELUGE_LIST_REACH.toLocaleString("en-US")} records at 200 a page), saying ` +
            "so with an `info` line when records remain."
          : "The Deluge snippet loops over the pages that page numbers reach and stops when " +
            "no more records follow; when records remain past them, an `info` line says so."),
    );
  }
  const batch = endpoint.batch;
  if (batch) {
    notes.push(
      `One request takes at most ${batch.maxItems} records in \`${batch.field}\`. The Node ` +
        `client splits a larger batch into requests of ${batch.maxItems} and returns one ` +
        "result per record, in input order, each with its own status; the Deluge snippet and " +
        "the curl sample send one request.",
    );
  }
  const job = endpoint.job;
  if (job) {
    const failedNote = job.failed.length > 0 ? ` (${job.failed.join(" or ")} means it failed)` : "";
    notes.push(
      `Asynchronous: this call only creates a job (its id is \`${job.idPath}\` of the reply). ` +
        `Poll ${endpointTitle(job.status)} (\`${job.status}\`) until \`${job.statePath}\` is ` +
        `${job.done.join(" or ")}${failedNote}, ` +
        `then download the result with ${endpointTitle(job.result)} (\`${job.result}\`). ` +
        "The Node client's method does all three, waiting longer between polls as it goes.",
    );
  }
  notes.push(...valueNotes(endpoint));
  return notes;
}

/** Body schemas below `schema`, itself included. */
function schemasIn(schema: JsonSchema): JsonSchema[] {
  const extra =
    typeof schema.additionalProperties === "object" ? [schema.additionalProperties] : [];
  const children = [
    ...Object.values(schema.properties ?? {}),
    ...(schema.items ? [schema.items] : []),
    ...extra,
  ];
  return [schema, ...children.flatMap(schemasIn)];
}

/** Notes on values with a form of their own: dates and date-times (C17), COQL (C16). */
function valueNotes(endpoint: Endpoint): string[] {
  const schemas = endpoint.body.kind === "json" ? schemasIn(endpoint.body.schema) : [];
  const formats = new Set(schemas.map((schema) => schema.format));
  const notes: string[] = [];
  const dated =
    endpoint.parameters.some((p) => p.type === "date" || p.type === "datetime") ||
    formats.has("date") ||
    formats.has("date-time");
  if (dated) {
    notes.push(
      "Dates are written `yyyy-MM-dd` and date-times `yyyy-MM-ddTHH:mm:ss±HH:mm`: an explicit " +
        "offset, no milliseconds, no `Z` (in a URL the offset's `+` is sent as `%2B`). The " +
        "Node client also takes a `Date`, written in the field's time zone when the spec " +
        "names one, else in the client's `timeZone` option, else in UTC for a date-time (a " +
        "date-only field then needs a zone). The Deluge snippet writes a DATE-TIME with " +
        "`toString(\"yyyy-MM-dd'T'HH:mm:ss\")` plus a `±HH:mm` offset that you set for your " +
        'org\'s time zone, and a date with `toString("yyyy-MM-dd")`.',
    );
  }
  if (formats.has("coql")) {
    notes.push(
      "COQL quoting: a text value goes in single quotes with any `'` inside doubled " +
        "(`'Acme''s Warehouse'`); a column named like an SQL reserved word, such as " +
        "`External`, goes in single quotes; more than two conditions are grouped in pairs, " +
        "`((A and B) and C)`. The Node client's `buildCoqlQuery` writes a query from columns, " +
        "module and conditions that way; the Deluge snippet doubles each value's quotes with " +
        "`replaceAll`. The query travels in the JSON body, never in the URL.",
    );
  }
  return notes;
}
