/**
 * Writing records (zoho-facts §6.2): Insert `POST /crm/v2/{module}`, Update
 * `PUT /crm/v2/{module}`, Upsert `POST /crm/v2/{module}/upsert` with a JSON body
 * `{"data": [...], "trigger": [...]}`, and Delete `DELETE /crm/v2/{module}?ids=`. At most 100
 * records per request; more answer 400 LIMIT_EXCEEDED before anything is written.
 *
 * Each record gets its own outcome in the reply's `data` array, in request order. The whole
 * reply is 201 (insert) or 200 when every record succeeded, and 207 when any failed (Zoho v8's
 * multi-status; whether v2 answers 207 or 400 there is not documented).
 * Mandatory fields: `Last_Name` for Leads and Contacts, `Account_Name` for Accounts,
 * `Deal_Name` for Deals. An `Email` without `@` is INVALID_DATA. Upsert matches on
 * `duplicate_check_fields` (default `Email`). Limitations: `trigger` values are checked but
 * run nothing; `wf_trigger` is ignored; field types other than Email are not checked.
 */

import { INVALID_MODULE, isErrorReply, limitExceeded, readJsonBody } from "./crm-replies.ts";
import type { CrmRecord, CrmStore } from "./crm-store.ts";
import type { Exchange } from "./exchange.ts";
import { listParam } from "./records.ts";
import { invalidData, requiredParamMissing } from "./zoho-errors.ts";

/** Most records one write request takes. */
export const MAX_RECORDS_PER_WRITE = 100;

const MANDATORY: Readonly<Record<string, string>> = {
  Leads: "Last_Name",
  Contacts: "Last_Name",
  Accounts: "Account_Name",
  Deals: "Deal_Name",
};
const TRIGGERS = ["approval", "workflow", "blueprint"];

type Outcome = Record<string, unknown> & { status: "success" | "error" };

/** Which write a request asks for. */
export type WriteKind = "insert" | "update" | "upsert";

function failure(code: string, message: string, details: Record<string, unknown>): Outcome {
  return { code, details, message, status: "error" };
}

function problemOf(module: string, record: Record<string, unknown>, needsMandatory: boolean) {
  const mandatory = MANDATORY[module];
  if (needsMandatory && mandatory !== undefined) {
    const value = record[mandatory];
    if (typeof value !== "string" || value.trim() === "") {
      return failure("MANDATORY_NOT_FOUND", "required field not found", { api_name: mandatory });
    }
  }
  const email = record.Email;
  if (
    email !== undefined &&
    email !== null &&
    (typeof email !== "string" || !email.includes("@"))
  ) {
    return failure("INVALID_DATA", "invalid data", {
      expected_data_type: "email",
      api_name: "Email",
    });
  }
  return undefined;
}

function stamp(store: CrmStore, record: CrmRecord, message: string): Outcome {
  const by = store.currentUser;
  const time = store.now();
  record.Modified_Time = time;
  record.Modified_By = by;
  const details = { Modified_Time: time, Modified_By: by, Created_Time: record.Created_Time };
  return {
    code: "SUCCESS",
    details: { ...details, Created_By: record.Created_By ?? by, id: record.id },
    message,
    status: "success",
  };
}

function insertOne(store: CrmStore, module: string, input: Record<string, unknown>): Outcome {
  const records = store.records(module) ?? [];
  const record: CrmRecord = { ...input, id: store.newId(), Created_Time: store.now() };
  record.Created_By = store.currentUser;
  records.push(record);
  return stamp(store, record, "record added");
}

function updateOne(store: CrmStore, module: string, input: Record<string, unknown>): Outcome {
  const id = input.id;
  if (typeof id !== "string") {
    return failure("MANDATORY_NOT_FOUND", "required field not found", { api_name: "id" });
  }
  const record = store.find(module, id);
  if (record === undefined)
    return failure("INVALID_DATA", "the related id given seems to be invalid", { api_name: "id" });
  Object.assign(record, input, { id });
  return stamp(store, record, "record updated");
}

function writeOne(
  kind: WriteKind,
  store: CrmStore,
  module: string,
  input: Record<string, unknown>,
  checkFields: readonly string[],
): Outcome {
  const problem = problemOf(module, input, kind !== "update");
  if (problem) return problem;
  if (kind === "insert") return insertOne(store, module, input);
  if (kind === "update") return updateOne(store, module, input);
  const match = (store.records(module) ?? []).find((record) =>
    checkFields.some((f) => input[f] !== undefined && input[f] !== null && record[f] === input[f]),
  );
  if (match === undefined) return { ...insertOne(store, module, input), action: "insert" };
  return { ...updateOne(store, module, { ...input, id: match.id }), action: "update" };
}

/** Handles insert, update and upsert of several records. */
export async function writeRecords(
  exchange: Exchange,
  store: CrmStore,
  module: string,
  kind: WriteKind,
): Promise<void> {
  const read = await readJsonBody(exchange);
  if (isErrorReply(read)) return exchange.sendError(read);
  if (store.records(module) === undefined) return exchange.sendError(INVALID_MODULE);
  const body = read.json as Record<string, unknown> | null;
  const data = body?.data;
  if (!Array.isArray(data) || data.length === 0) {
    return exchange.sendError(invalidData({ api_name: "data", expected_data_type: "jsonarray" }));
  }
  if (data.length > MAX_RECORDS_PER_WRITE) {
    return exchange.sendError(limitExceeded("data", MAX_RECORDS_PER_WRITE));
  }
  const trigger = body?.trigger;
  if (
    trigger !== undefined &&
    (!Array.isArray(trigger) || trigger.some((t) => !TRIGGERS.includes(t)))
  ) {
    return exchange.sendError(invalidData({ api_name: "trigger" }));
  }
  const checks = body?.duplicate_check_fields;
  const checkFields = Array.isArray(checks) ? checks.map(String) : ["Email"];

  const outcomes = data.map((item: unknown) =>
    typeof item === "object" && item !== null && !Array.isArray(item)
      ? writeOne(kind, store, module, item as Record<string, unknown>, checkFields)
      : failure("INVALID_DATA", "invalid data", { expected_data_type: "jsonobject" }),
  );
  const allWell = outcomes.every((outcome) => outcome.status === "success");
  return exchange.sendJson(allWell ? (kind === "insert" ? 201 : 200) : 207, { data: outcomes });
}

/** Handles `DELETE /crm/v2/{module}?ids=` and `DELETE /crm/v2/{module}/{id}`. */
export async function deleteRecords(
  exchange: Exchange,
  store: CrmStore,
  module: string,
  pathId?: string,
): Promise<void> {
  await exchange.drainBody();
  if (store.records(module) === undefined) return exchange.sendError(INVALID_MODULE);
  const ids = pathId === undefined ? listParam(exchange.url, "ids") : [pathId];
  if (ids === undefined || ids.length === 0) return exchange.sendError(requiredParamMissing("ids"));
  if (ids.length > MAX_RECORDS_PER_WRITE) {
    return exchange.sendError(limitExceeded("ids", MAX_RECORDS_PER_WRITE));
  }
  const outcomes: Outcome[] = ids.map((id) =>
    store.remove(module, id)
      ? { code: "SUCCESS", details: { id }, message: "record deleted", status: "success" }
      : failure("INVALID_DATA", "the related id given seems to be invalid", { id }),
  );
  const allWell = outcomes.every((outcome) => outcome.status === "success");
  return exchange.sendJson(allWell ? 200 : 207, { data: outcomes });
}
