/**
 * The multi-request flows of `invokekit call`, chosen from the endpoint's spec: a `job`
 * endpoint runs create -> poll -> download; a `batch` endpoint splits its records over as
 * many requests as Zoho allows; a paginated endpoint with `--all` walks every page. Each
 * prints one JSON document with `--json`, or text: a batch one `index  status  code  id
 * message` line per record, `--all` one line per record as `call-text.ts` lays them out. A
 * list whose first page is 304 (nothing changed since `If-Modified-Since`) prints
 * `"notModified": true`.
 */
import { readFile } from "node:fs/promises";
import type { RequestArguments } from "../plan/request.ts";
import type { Runtime } from "../runtime/index.ts";
import type { Endpoint } from "../spec/model.ts";
import { UsageError } from "./call-report.ts";
import { outcomeColumns, recordRows, table } from "./call-text.ts";

/** What a flow leaves for the caller: whether any record or item failed. */
export interface FlowOutcome {
  readonly failed: boolean;
}

/** Parses `--body`: inline JSON, or `@path` to read it from a file. */
export async function parseBody(value: string | undefined): Promise<unknown> {
  if (value === undefined) return undefined;
  const text = value.startsWith("@") ? await readFile(value.slice(1), "utf8") : value;
  try {
    return JSON.parse(text);
  } catch (error) {
    const where = value.startsWith("@") ? value.slice(1) : "--body";
    throw new UsageError(`${where} is not JSON: ${(error as Error).message}`);
  }
}

/** Whether `endpoint` with these options runs a flow rather than one call. */
export function isFlow(endpoint: Endpoint, all: boolean): boolean {
  return endpoint.job !== undefined || endpoint.batch !== undefined || all;
}

/** Runs the endpoint's flow and prints its outcome. */
export async function runFlow(
  runtime: Runtime,
  endpoint: Endpoint,
  args: RequestArguments,
  options: { json: boolean; output?: string; signal: AbortSignal },
): Promise<FlowOutcome> {
  const print = (document: unknown, text: string) =>
    process.stdout.write(`${options.json ? JSON.stringify(document, null, 2) : text}\n`);

  if (endpoint.job) {
    const job = await runtime.runJob(endpoint.id, args, {
      signal: options.signal,
      ...(options.output === undefined ? {} : { output: options.output }),
    });
    const saved = job.result.kind === "file" ? job.result.path : `HTTP ${job.result.status}`;
    print(
      { jobId: job.jobId, state: job.state, polls: job.polls, result: job.result },
      `job ${job.jobId} ${job.state} after ${job.polls} poll(s): ${saved}`,
    );
    return { failed: false };
  }

  if (endpoint.batch) {
    const batch = await runtime.callBatch(endpoint.id, args, { signal: options.signal });
    const failed = batch.results.filter((r) => r.status !== "success");
    const rows = batch.results.map((r) => [String(r.index), ...outcomeColumns(r)]);
    print(
      batch,
      `${table(rows)}\n${batch.results.length} record(s) in ${batch.requests} ` +
        `request(s), ${failed.length} failed`,
    );
    return { failed: failed.length > 0 };
  }

  if (!endpoint.pagination) {
    throw new UsageError(`--all: ${endpoint.id} is not paginated`);
  }
  const records: unknown[] = [];
  // A 304 to the first page means nothing changed since If-Modified-Since (case C07), which
  // the output must not confuse with a module that has no records.
  let notModified = false;
  const onPage = (page: number, _records: number, status: number) => {
    if (page === 1 && status === 304) notModified = true;
  };
  for await (const record of runtime.paginate(endpoint.id, args, {
    signal: options.signal,
    onPage,
  })) {
    records.push(record);
  }
  if (notModified) {
    print({ count: 0, records: [], notModified: true }, "Not modified (HTTP 304).");
    return { failed: false };
  }
  const rows = recordRows(records as Record<string, unknown>[]);
  const lines = rows.length === 0 ? [] : [table(rows)];
  print({ count: records.length, records }, [...lines, `${records.length} record(s)`].join("\n"));
  return { failed: false };
}
