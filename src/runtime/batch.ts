/**
 * Batch splitting: a write whose body array (the spec's `batch.field`, e.g. `data`) holds more
 * records than one request takes (`batch.maxItems`, Zoho: 100) is sent as consecutive requests
 * of at most that many records, in order, one at a time (Zoho counts writes of more than ten
 * records against a sub-concurrency limit of ten, so parallel chunks would only queue there).
 *
 * The result lists one outcome per input record, in input order, each with its own status:
 * Zoho's reply holds one `data` item per record, success or error, and a 200/207 may mix both.
 * A request that Zoho refuses as a whole (a `ZohoApiError`, e.g. `INVALID_MODULE`) marks each of
 * its records with that error and the batch goes on; any other failure (a connection lost after
 * retries, missing credentials) stops the batch with `BatchAbortedError`, which carries the
 * outcomes so far.
 *
 * Limitations: the other body fields (e.g. `trigger`) are repeated in every request; a reply
 * with fewer items than records sent marks the missing ones `IK_NO_RESULT`; a non-2xx reply
 * that is not Zoho's error envelope (e.g. a 400 holding only per-record errors) is read as an
 * `UnexpectedResponseError` by the single call and so stops the batch.
 */
import type { RequestArguments } from "../plan/request.ts";
import { ZohoApiError } from "./errors.ts";
import { BatchAbortedError, FlowNotSupportedError } from "./flow-errors.ts";
import { type FlowHost, flowEndpoint } from "./pagination.ts";
import { recordOutcomes } from "./record-outcomes.ts";
import type { CallOptions, CallResult } from "./runtime.ts";

/** The outcome of one input record. */
export interface BatchRecordResult {
  /** Position of the record in the input array. */
  readonly index: number;
  /** `success` or `error` (Zoho's per-record status, or `error` when the request failed). */
  readonly status: string;
  /** Zoho's code (`SUCCESS`, `INVALID_DATA`, ...) or the error's code. */
  readonly code: string;
  readonly message: string;
  /** Zoho's per-record details; for a success, `details.id` is the record id (a string). */
  readonly details: Readonly<Record<string, unknown>>;
  /** Which request (from 0) carried the record. */
  readonly request: number;
}

/** What `callBatch` returns. */
export interface BatchResult {
  /** One per input record, in input order. */
  readonly results: readonly BatchRecordResult[];
  /** HTTP requests sent (a refused request counts). */
  readonly requests: number;
}

/** Splits `args.body[batch.field]` into requests of at most `batch.maxItems` records. */
export async function callBatch(
  host: FlowHost,
  endpointId: string,
  args: RequestArguments,
  options: Pick<CallOptions, "signal"> = {},
): Promise<BatchResult> {
  const endpoint = flowEndpoint(host, endpointId);
  const batch = endpoint.batch;
  if (!batch) throw new FlowNotSupportedError(endpointId, "batch");
  const body = (args.body ?? {}) as Record<string, unknown>;
  const records = body[batch.field];
  // Not an array: one request, which planRequest then rejects with the schema's message.
  const items: readonly unknown[] = Array.isArray(records) ? records : [records];
  const chunks: (readonly unknown[])[] = [];
  for (let start = 0; start < items.length; start += batch.maxItems) {
    chunks.push(items.slice(start, start + batch.maxItems));
  }
  // An empty array still makes one request, so the schema's "at least one" reaches the caller.
  if (chunks.length === 0) chunks.push([]);
  const results: BatchRecordResult[] = [];
  for (const [request, chunk] of chunks.entries()) {
    const start = request * batch.maxItems;
    const chunkBody = Array.isArray(records) ? { ...body, [batch.field]: chunk } : body;
    let reply: CallResult;
    try {
      reply = await host.call(endpointId, { ...args, body: chunkBody }, options);
    } catch (error) {
      if (!(error instanceof ZohoApiError)) {
        throw new BatchAbortedError(endpointId, results, items.length, error);
      }
      for (let offset = 0; offset < chunk.length; offset++) {
        results.push({
          index: start + offset,
          status: "error",
          code: error.zohoCode,
          message: error.zohoMessage,
          details: error.details,
          request,
        });
      }
      continue;
    }
    const outcomes = new Map(
      (reply.kind === "json" ? recordOutcomes(reply.body) : []).map((o) => [o.index, o]),
    );
    for (let offset = 0; offset < chunk.length; offset++) {
      const outcome = outcomes.get(offset);
      results.push(
        outcome
          ? { ...outcome, index: start + offset, request }
          : {
              index: start + offset,
              status: "error",
              code: "IK_NO_RESULT",
              message: "the reply holds no result for this record",
              details: {},
              request,
            },
      );
    }
  }
  return { results, requests: chunks.length };
}
