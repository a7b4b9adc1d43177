/**
 * The text form of a JSON reply for `invokekit call` without `--json`. Three shapes:
 *
 * - write outcomes (every `data[]` item has `status` success/error and a `code`: uploads,
 *   deletes, inserts, updates, upserts): one `status  code  id  message` line per item, `-`
 *   for an item without id; a failed item's offending field is added as `(field X)`;
 * - records (the reply's list - `data`, `users` or `org` - holds objects with an `id`): one
 *   line per record, the id then its identifying fields (name, e-mail, job state) with `-`
 *   where a record lacks one; a reply with none of those (a COQL query selecting other fields)
 *   shows its first three other plain fields instead. When the reply has `info`, a last line
 *   says `N record(s)` and whether more records follow;
 * - anything else is printed as indented JSON.
 *
 * Columns are separated by at least two spaces and padded to line up, so `awk '{print $1}'`
 * reads the ids. Control characters in values become spaces, so a record cannot move the
 * cursor or rewrite the terminal.
 */

/** The JSON reply `body` as text. */
export function replyText(body: unknown): string {
  const outcomes = outcomeRows(body);
  if (outcomes !== undefined) return table(outcomes);
  const list = recordList(body);
  if (list === undefined) return JSON.stringify(body, null, 2);
  const lines = [table(recordRows(list))];
  const info = (body as { info?: unknown }).info;
  if (typeof info === "object" && info !== null) lines.push(countLine(list.length, info));
  return lines.join("\n");
}

/** The columns of one write outcome: status, code, id (or `-`) and message. */
export function outcomeColumns(item: {
  readonly status: unknown;
  readonly code: unknown;
  readonly message?: unknown;
  readonly details?: unknown;
}): string[] {
  const details = isObject(item.details) ? item.details : {};
  const field = typeof details.api_name === "string" ? ` (field ${details.api_name})` : "";
  return [
    cell(item.status),
    cell(item.code),
    cell(details.id),
    item.message === undefined ? `-${field}` : `${cell(item.message)}${field}`,
  ];
}

/** Rows joined into lines, each column but the last padded to its widest cell. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((text, i) => {
      widths[i] = Math.max(widths[i] ?? 0, text.length);
    });
  }
  return rows
    .map((row) =>
      row.map((text, i) => (i === row.length - 1 ? text : text.padEnd(widths[i] ?? 0))).join("  "),
    )
    .join("\n");
}

/** One line per record of a list: the id and its identifying fields. */
export function recordRows(records: readonly Record<string, unknown>[]): string[][] {
  const columns = IDENTIFYING.filter((pick) => records.some((r) => pick(r) !== undefined));
  if (columns.length === 0) columns.push(...otherFields(records[0] ?? {}));
  return records.map((record) => [cell(record.id), ...columns.map((pick) => cell(pick(record)))]);
}

type Pick = (record: Record<string, unknown>) => unknown;

/** The first of `keys` the record holds as a non-empty value. */
function firstOf(...keys: string[]): Pick {
  return (record) => {
    for (const key of keys) {
      const value = record[key];
      if (value !== undefined && value !== null && value !== "") return value;
    }
    return undefined;
  };
}

/** A person's or file's name, an e-mail address, a job's state: the columns that say which. */
const IDENTIFYING: readonly Pick[] = [
  (record) => {
    const full = firstOf("Full_Name", "full_name")(record);
    if (full !== undefined) return full;
    const parts = [record.First_Name, record.Last_Name].filter(
      (part) => typeof part === "string" && part !== "",
    );
    if (parts.length > 0) return parts.join(" ");
    return firstOf(
      "Account_Name",
      "Deal_Name",
      "Subject",
      "File_Name",
      "company_name",
      "Name",
      "name",
    )(record);
  },
  firstOf("Email", "email", "primary_email"),
  firstOf("state"),
];

/** Up to three plain (not object) fields other than `id`, in the reply's order. */
function otherFields(record: Record<string, unknown>): Pick[] {
  return Object.keys(record)
    .filter((key) => key !== "id" && !isObject(record[key]) && !Array.isArray(record[key]))
    .slice(0, 3)
    .map((key) => (r: Record<string, unknown>) => r[key]);
}

function outcomeRows(body: unknown): string[][] | undefined {
  const data = isObject(body) ? body.data : undefined;
  if (!Array.isArray(data) || data.length === 0) return undefined;
  const outcomes = data.every(
    (item) =>
      isObject(item) &&
      (item.status === "success" || item.status === "error") &&
      typeof item.code === "string",
  );
  return outcomes ? data.map((item) => outcomeColumns(item)) : undefined;
}

/** The reply's list of records: the first array of objects that all have an `id`. */
function recordList(body: unknown): Record<string, unknown>[] | undefined {
  if (!isObject(body)) return undefined;
  for (const key of ["data", "users", "org"]) {
    const list = body[key];
    if (
      Array.isArray(list) &&
      list.length > 0 &&
      list.every((item) => isObject(item) && item.id !== undefined && item.id !== null)
    ) {
      return list as Record<string, unknown>[];
    }
  }
  return undefined;
}

function countLine(count: number, info: Record<string, unknown> | object): string {
  const fields = info as { more_records?: unknown; next_page_token?: unknown };
  if (fields.more_records !== true) return `${count} record(s)`;
  const token =
    typeof fields.next_page_token === "string"
      ? ` (next page_token: ${cell(fields.next_page_token)})`
      : "";
  return `${count} record(s); more records follow${token}`;
}

/** A value as one cell: `-` when missing, control characters replaced by spaces. */
function cell(value: unknown): string {
  if (value === undefined || value === null || value === "") return "-";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.replace(/\p{Cc}/gu, " ");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
