/**
 * Per-record results of Zoho's write and upload replies: `{"data": [{code, details, message,
 * status}, ...]}`, one item per record or file, each with its own status. A 200 or 207 reply
 * may mix successes and failures, so the runtime returns the body as is and this helper lists
 * each item's outcome instead of collapsing them into one.
 */

/** The outcome of one record (or file) of a multi-record reply. */
export interface RecordOutcome {
  /** Position in the request's (and reply's) `data` array. */
  readonly index: number;
  /** `success` or `error`, as Zoho sent it. */
  readonly status: string;
  /** Zoho's code for this item, e.g. `SUCCESS` or `INVALID_DATA`. */
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** Lists the items of a reply's `data` array that carry a status; empty for other bodies. */
export function recordOutcomes(body: unknown): RecordOutcome[] {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return [];
  const outcomes: RecordOutcome[] = [];
  data.forEach((item: unknown, index) => {
    if (typeof item !== "object" || item === null) return;
    const record = item as Record<string, unknown>;
    if (typeof record.status !== "string") return;
    const details = record.details;
    outcomes.push({
      index,
      status: record.status,
      code: typeof record.code === "string" ? record.code : "",
      message: typeof record.message === "string" ? record.message : "",
      details:
        typeof details === "object" && details !== null && !Array.isArray(details)
          ? (details as Record<string, unknown>)
          : {},
    });
  });
  return outcomes;
}
