/**
 * Bulk read jobs (zoho-facts §6.4): create `POST /crm/bulk/v2/read`, status
 * `GET /crm/bulk/v2/read/{job_id}`, result `GET /crm/bulk/v2/read/{job_id}/result`.
 *
 * A job moves on as it is polled, not with time, so tests need no clock: the first status
 * request reports ADDED, the second IN PROGRESS, the third and later COMPLETED with a
 * `result` block. The result is a ZIP holding `<job id>.csv`: a header of `Id` and the asked
 * fields, then one row per record (values quoted when they hold a comma, quote or newline).
 * Limitations: `criteria` takes one `{api_name, comparator: equal | not_equal, value}`
 * condition; `callback`, `cvid`, `page` and `file_type: ics` are not supported (ics is
 * refused); the 10-downloads-a-minute limit is not enforced.
 */

import { isErrorReply, readJsonBody } from "./crm-replies.ts";
import type { BulkReadJob, CrmRecord, CrmStore } from "./crm-store.ts";
import type { Exchange } from "./exchange.ts";
import { zipStore } from "./zip-store.ts";
import { invalidData, type ZohoErrorReply } from "./zoho-errors.ts";

const RESOURCE_NOT_FOUND: ZohoErrorReply = {
  status: 404,
  code: "RESOURCE_NOT_FOUND",
  message: "the requested resource doesn't exist",
};

const NOT_COMPLETED: ZohoErrorReply = {
  status: 400,
  code: "INVALID_REQUEST",
  message: "the job has not completed yet",
};

type Criterion = { api_name: string; comparator: "equal" | "not_equal"; value: unknown };

function readCriterion(value: unknown): Criterion | undefined | ZohoErrorReply {
  if (value === undefined) return undefined;
  const c = value as Partial<Criterion> | null;
  if (
    typeof c?.api_name !== "string" ||
    (c.comparator !== "equal" && c.comparator !== "not_equal")
  ) {
    return invalidData({ api_name: "criteria" });
  }
  return { api_name: c.api_name, comparator: c.comparator, value: c.value };
}

/** Handles job creation. */
export async function createBulkRead(exchange: Exchange, store: CrmStore): Promise<void> {
  const read = await readJsonBody(exchange);
  if (isErrorReply(read)) return exchange.sendError(read);
  const body = read.json as { query?: Record<string, unknown>; file_type?: unknown } | null;
  const query = body?.query;
  const module = query?.module;
  if (typeof module !== "string" || store.records(module) === undefined) {
    return exchange.sendError(invalidData({ api_name: "module" }));
  }
  if (body?.file_type !== undefined && body.file_type !== "csv") {
    return exchange.sendError(invalidData({ api_name: "file_type" }));
  }
  const fields = query?.fields;
  if (
    fields !== undefined &&
    (!Array.isArray(fields) || fields.some((f) => typeof f !== "string"))
  ) {
    return exchange.sendError(invalidData({ api_name: "fields" }));
  }
  const criterion = readCriterion(query?.criteria);
  if (criterion !== undefined && isErrorReply(criterion)) return exchange.sendError(criterion);

  const job: BulkReadJob = {
    id: store.newId(),
    module,
    fields: (fields as string[] | undefined) ?? [],
    createdTime: store.now(),
    ...(criterion === undefined ? {} : { criterion }),
    polls: 0,
  };
  store.addJob(job);
  const details = {
    id: job.id,
    operation: "read",
    state: "ADDED",
    created_by: store.currentUser,
    created_time: job.createdTime,
  };
  const item = {
    status: "success",
    code: "ADDED_SUCCESSFULLY",
    message: "Added successfully.",
    details,
  };
  return exchange.sendJson(201, { data: [item], info: {} });
}

function jobRecords(store: CrmStore, job: BulkReadJob): CrmRecord[] {
  const criterion = job.criterion;
  const records = store.records(job.module) ?? [];
  if (!criterion) return records;
  const equal = (r: CrmRecord) => r[criterion.api_name] === criterion.value;
  return records.filter((r) => (criterion.comparator === "equal" ? equal(r) : !equal(r)));
}

function stateOf(job: BulkReadJob): string {
  if (job.polls <= 1) return "ADDED";
  return job.polls === 2 ? "IN PROGRESS" : "COMPLETED";
}

/** Handles a status request; each one moves the job a step on. */
export async function bulkReadStatus(exchange: Exchange, store: CrmStore, id: string) {
  await exchange.drainBody();
  const job = store.job(id);
  if (job === undefined) return exchange.sendError(RESOURCE_NOT_FOUND);
  job.polls++;
  const state = stateOf(job);
  const item: Record<string, unknown> = {
    id: job.id,
    operation: "read",
    state,
    query: { module: job.module, fields: job.fields },
    created_by: store.currentUser,
    created_time: job.createdTime,
    file_type: "csv",
  };
  if (state === "COMPLETED") {
    item.result = {
      page: 1,
      count: jobRecords(store, job).length,
      download_url: `/crm/bulk/v2/read/${job.id}/result`,
      per_page: 200000,
      more_records: false,
    };
  }
  return exchange.sendJson(200, { data: [item] });
}

function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ""
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Handles the result download: a ZIP with one CSV file. */
export async function bulkReadResult(exchange: Exchange, store: CrmStore, id: string) {
  await exchange.drainBody();
  const job = store.job(id);
  if (job === undefined) return exchange.sendError(RESOURCE_NOT_FOUND);
  if (stateOf(job) !== "COMPLETED") return exchange.sendError(NOT_COMPLETED);
  const records = jobRecords(store, job);
  const fields =
    job.fields.length > 0
      ? job.fields
      : [...new Set(records.flatMap((r) => Object.keys(r)))].filter((f) => f !== "id");
  const lines = [["Id", ...fields].map(csvCell).join(",")];
  for (const record of records)
    lines.push([record.id, ...fields.map((f) => record[f])].map(csvCell).join(","));
  const zip = zipStore([
    { name: `${job.id}.csv`, bytes: Buffer.from(`${lines.join("\r\n")}\r\n`, "utf8") },
  ]);
  const headers = {
    "content-type": "application/zip",
    "content-disposition": `attachment; filename="${job.id}.zip"`,
  };
  return exchange.sendBytes(200, headers, zip);
}
