/**
 * Values that Deluge must not write as plain text literals, for the Deluge target:
 *
 * - Dates and date-times (case C17). Zoho wants `yyyy-MM-ddTHH:mm:ss±HH:mm` and `yyyy-MM-dd`;
 *   Deluge's own text form of a DATE-TIME (`10-Mar-2024 09:30:00`) is neither, and Zoho
 *   refuses it (INVALID_DATA). A snippet therefore starts from a DATE-TIME value (a literal in
 *   Deluge's default form, which the admin replaces with a field or `zoho.currenttime`) and
 *   writes it with `toString("yyyy-MM-dd'T'HH:mm:ss") + offset`, where `offset` is a `±HH:mm`
 *   text variable the admin sets, with a comment naming the zone. A date is written with
 *   `toString("yyyy-MM-dd")`.
 * - COQL queries (case C16, body strings with `format: coql`): each quoted text value becomes
 *   a variable, and the query is joined from its text with `.replaceAll("'", "''")` on each
 *   value, so an apostrophe in a value cannot end the literal early.
 *
 * Each helper returns the statements to emit before the value is used (comments included)
 * and the expression that stands for it; the expression evaluates to exactly the sample text,
 * so the snippet sends the bytes the runtime sends.
 *
 * Limitations: Deluge's `toString(pattern, zone)` could compute an offset, but not in the
 * `±HH:mm` form Zoho wants, so the offset is fixed text and does not follow daylight saving
 * time; the comment says so.
 */
import { type CoqlPiece, splitCoqlQuery } from "../plan/coql-text.ts";
import { delugeComment, delugeString } from "./deluge-escape.ts";
import { wrapWords } from "./wrap-words.ts";

/** Statements to emit first, and the Deluge expression of the value. */
export interface DelugeValueBuild {
  readonly lines: readonly string[];
  readonly expression: string;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2})([+-]\d{2}:\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `'10-Mar-2024'`: a Deluge date literal in the default form, or undefined. */
function dateLiteral(year: string, month: string, day: string, time?: string): string {
  const name = MONTHS[Number(month) - 1] ?? "";
  return `'${day}-${name}-${year}${time === undefined ? "" : ` ${time}`}'`;
}

function comment(text: string): string[] {
  return wrapWords(text, 96).map((line) => `// ${delugeComment(line)}`);
}

/**
 * The statements for a date (`kind: date`) or date-time value `value` of field `field`,
 * or undefined when the value is not in Zoho's form (it is then written as text).
 * `variableName` hands out unique Deluge names; `timeZone` is the field's, when the spec has one.
 */
export function delugeDateValue(
  field: string,
  kind: "date" | "datetime",
  value: string,
  variableName: (name: string) => string,
  timeZone: string | undefined,
): DelugeValueBuild | undefined {
  if (kind === "date") {
    const match = DATE.exec(value);
    if (!match) return undefined;
    const [, year = "", month = "", day = ""] = match;
    const zone = timeZone === undefined ? "" : ` (the calendar day in ${timeZone})`;
    return {
      lines: comment(`${field}: a date, sent as yyyy-MM-dd${zone}.`),
      expression: `${dateLiteral(year, month, day)}.toString("yyyy-MM-dd")`,
    };
  }
  const match = DATE_TIME.exec(value);
  if (!match) return undefined;
  const [, year = "", month = "", day = "", time = "", offset = ""] = match;
  const offsetVariable = variableName(`${field}_offset`);
  const zone = timeZone ?? "your CRM org's time zone";
  return {
    lines: [
      ...comment(
        `${field}: a date-time, sent as yyyy-MM-ddTHH:mm:ss±HH:mm (Zoho refuses Deluge's own ` +
          "text form). Put your DATE-TIME (a record's field, zoho.currenttime) in place of the " +
          `literal. ${offsetVariable} is the UTC offset of ${zone} on that date: set it again ` +
          "when daylight saving time starts or ends.",
      ),
      `${offsetVariable} = ${delugeString(offset)};`,
    ],
    expression:
      `${dateLiteral(year, month, day, time)}.toString("yyyy-MM-dd'T'HH:mm:ss") + ` +
      offsetVariable,
  };
}

/**
 * The statements for a COQL query `query` (a body value with `format: coql`): one variable
 * per quoted value after `where`, and the query joined with each value's quotes doubled.
 * Undefined when the query has no such value or an unclosed quote (it is then plain text).
 */
export function delugeCoqlValue(
  query: string,
  variableName: (name: string) => string,
): DelugeValueBuild | undefined {
  const pieces = splitCoqlQuery(query);
  if (!pieces?.some((piece) => piece.kind === "value")) return undefined;
  const lines = comment(
    "COQL: each text value sits in single quotes; replaceAll doubles a quote inside it, so " +
      "a value such as Acme's cannot end the quotes early.",
  );
  const parts: string[] = [];
  for (const piece of pieces as readonly CoqlPiece[]) {
    if (piece.kind === "text") {
      parts.push(delugeString(piece.text));
      continue;
    }
    const name = variableName(piece.field ?? "value");
    lines.push(`${name} = ${delugeString(piece.value)};`);
    parts.push(`"'"`, `${name}.replaceAll("'", "''")`, `"'"`);
  }
  // Adjacent literals merge: `"... = '"` reads better than `"... = " + "'"`.
  const merged: string[] = [];
  for (const part of parts) {
    const last = merged.at(-1);
    if (last?.startsWith('"') && part.startsWith('"') && last.endsWith('"')) {
      merged[merged.length - 1] = `${last.slice(0, -1)}${part.slice(1)}`;
    } else {
      merged.push(part);
    }
  }
  return { lines, expression: merged.join(" + ") };
}
