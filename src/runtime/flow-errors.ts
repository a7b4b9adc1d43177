/**
 * Errors of the multi-request flows built on single calls: pagination, batches and jobs.
 * Each has a stable `code`; the failure underneath, when there is one, is the `cause`.
 */
import { InvokekitError } from "../errors.ts";
import type { BatchRecordResult } from "./batch.ts";

/** The endpoint lacks what a flow needs (no `pagination`, `batch` or `job` in its spec). */
export class FlowNotSupportedError extends InvokekitError {
  constructor(endpointId: string, flow: "pagination" | "batch" | "job") {
    super(
      "IK_FLOW_UNSUPPORTED",
      `${endpointId} declares no ${flow} in its spec, so it cannot be run as one; ` +
        "use call() instead.",
    );
  }
}

/**
 * Pagination would not end: the server sent a next-page token it had sent before, or the
 * listing ran past the most pages allowed (case C18).
 */
export class PaginationLoopError extends InvokekitError {
  /** Pages fetched before stopping. */
  readonly pages: number;

  constructor(endpointId: string, reason: string, pages: number) {
    super(
      "IK_PAGINATION_LOOP",
      `${endpointId}: pagination stopped after ${pages} pages: ${reason}`,
    );
    this.pages = pages;
  }
}

/** A reply did not have the shape the spec's `pagination` describes. */
export class PaginationReplyError extends InvokekitError {
  constructor(endpointId: string, reason: string) {
    super("IK_PAGINATION_REPLY", `${endpointId}: ${reason}`);
  }
}

/**
 * A batch stopped part way for a reason other than Zoho refusing records (a lost connection
 * after retries, credentials): `results` holds the outcomes of the requests that completed.
 */
export class BatchAbortedError extends InvokekitError {
  readonly results: readonly BatchRecordResult[];
  /** Records in the batch, sent or not. */
  readonly total: number;

  constructor(
    endpointId: string,
    results: readonly BatchRecordResult[],
    total: number,
    cause: unknown,
  ) {
    super(
      "IK_BATCH_ABORTED",
      `${endpointId}: the batch stopped after ${results.length} of ${total} records; the ` +
        "records without a result were not sent (or their reply was lost).",
      { cause },
    );
    this.results = results;
    this.total = total;
  }
}

/** An asynchronous job failed, ran out of time, or its replies lacked the job id or state. */
export class JobError extends InvokekitError {
  /** The job id, once known. */
  readonly jobId: string | undefined;
  /** The last state seen, once known. */
  readonly state: string | undefined;

  constructor(
    code: "IK_JOB_FAILED" | "IK_JOB_TIMEOUT" | "IK_JOB_REPLY",
    message: string,
    details: { jobId?: string | undefined; state?: string | undefined },
  ) {
    super(code, message);
    this.jobId = details.jobId;
    this.state = details.state;
  }
}
