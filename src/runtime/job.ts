/**
 * Asynchronous jobs as one call (Zoho's bulk read): create the job, poll its status endpoint
 * with growing waits until its state is one of the spec's `done` states, then download the
 * result through the result endpoint. A `failed` state raises `JobError` (IK_JOB_FAILED), and
 * so does a job still running when the time budget is spent (IK_JOB_TIMEOUT).
 *
 * The job id is read at the spec's `idPath` of the create reply and goes into the last path
 * parameter of the status and result endpoints (`/read/{job_id}`); the create call's other
 * parameters are passed on to them where they declare the same names. Ids stay strings.
 *
 * Waits: `firstPollMs` before the first poll (a job is never done the moment it is created),
 * then each wait 1.5 times the last, capped at `maxPollMs`. Zoho limits result downloads to ten
 * a minute, and a poll costs an API credit, so the waits grow rather than stay short.
 */
import { setTimeout as sleepFor } from "node:timers/promises";
import type { RequestArguments } from "../plan/request.ts";
import type { Endpoint } from "../spec/model.ts";
import { valueAt } from "./dotted-path.ts";
import { FlowNotSupportedError, JobError } from "./flow-errors.ts";
import { type FlowHost, flowEndpoint } from "./pagination.ts";
import type { CallResult } from "./runtime.ts";

/** What `runJob` reports as it goes. */
export type JobProgress =
  | { readonly stage: "created"; readonly jobId: string }
  | {
      readonly stage: "polled";
      readonly jobId: string;
      readonly polls: number;
      readonly state: string;
    }
  | {
      readonly stage: "downloading";
      readonly jobId: string;
      readonly bytes: number;
      readonly total?: number | undefined;
    };

/** Options of `runJob`. */
export interface JobOptions {
  /** Where the result file goes (as `CallOptions.output`): a folder or an exact path. */
  readonly output?: string;
  /** Aborts the flow: a request in flight, or a wait between polls. */
  readonly signal?: AbortSignal;
  /** Called on creation, after every poll, and as result bytes arrive. */
  readonly onProgress?: (progress: JobProgress) => void;
  /** Wait before the first poll, ms; default 2 000. */
  readonly firstPollMs?: number;
  /** Longest wait between polls, ms; default 30 000. */
  readonly maxPollMs?: number;
  /** Give up (IK_JOB_TIMEOUT) once the waits add up to this many ms; default 30 minutes. */
  readonly timeoutMs?: number;
  /** Waits `ms`; default a real timer. Tests inject one that does not sleep. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** What `runJob` returns. */
export interface JobResult {
  readonly jobId: string;
  /** The final (done) state, e.g. `COMPLETED`. */
  readonly state: string;
  /** Status requests sent. */
  readonly polls: number;
  /** The parsed body of the last status reply. */
  readonly status: unknown;
  /** The result endpoint's reply: for Zoho's bulk read, the saved ZIP file. */
  readonly result: CallResult;
}

/** Runs the job that `endpointId` creates, from creation to downloaded result. */
export async function runJob(
  host: FlowHost,
  endpointId: string,
  args: RequestArguments,
  options: JobOptions = {},
): Promise<JobResult> {
  const endpoint = flowEndpoint(host, endpointId);
  const job = endpoint.job;
  if (!job) throw new FlowNotSupportedError(endpointId, "job");
  const statusEndpoint = flowEndpoint(host, job.status);
  const resultEndpoint = flowEndpoint(host, job.result);
  const signal = options.signal;
  const callOptions = signal ? { signal } : {};
  const sleep = options.sleep ?? ((ms, s) => sleepFor(ms, undefined, { signal: s }));

  const created = await host.call(endpointId, args, callOptions);
  const rawId = created.kind === "json" ? valueAt(created.body, job.idPath) : undefined;
  if (typeof rawId !== "string" && typeof rawId !== "number") {
    throw new JobError(
      "IK_JOB_REPLY",
      `${endpointId}: the reply has no job id at "${job.idPath}"`,
      {},
    );
  }
  const jobId = String(rawId);
  options.onProgress?.({ stage: "created", jobId });

  let wait = options.firstPollMs ?? 2_000;
  const maxWait = options.maxPollMs ?? 30_000;
  const budget = options.timeoutMs ?? 30 * 60_000;
  let waited = 0;
  for (let polls = 1; ; polls++) {
    if (waited + wait > budget) {
      throw new JobError(
        "IK_JOB_TIMEOUT",
        `${endpointId}: job ${jobId} was not done after ${polls - 1} polls over ${waited} ms`,
        { jobId },
      );
    }
    await sleep(wait, signal);
    waited += wait;
    wait = Math.min(maxWait, Math.ceil(wait * 1.5));
    const reply = await host.call(job.status, argsFor(statusEndpoint, args, jobId), callOptions);
    const status = reply.kind === "json" ? reply.body : undefined;
    const state = valueAt(status, job.statePath);
    if (typeof state !== "string") {
      throw new JobError(
        "IK_JOB_REPLY",
        `${job.status}: the reply has no job state at "${job.statePath}"`,
        { jobId },
      );
    }
    options.onProgress?.({ stage: "polled", jobId, polls, state });
    if (job.failed.includes(state)) {
      throw new JobError("IK_JOB_FAILED", `${endpointId}: job ${jobId} ended in state ${state}`, {
        jobId,
        state,
      });
    }
    if (!job.done.includes(state)) continue;

    const { onProgress } = options;
    const result = await host.call(job.result, argsFor(resultEndpoint, args, jobId), {
      ...callOptions,
      ...(options.output === undefined ? {} : { output: options.output }),
      ...(onProgress
        ? {
            onProgress: (bytes: number, total?: number) =>
              onProgress({ stage: "downloading", jobId, bytes, total }),
          }
        : {}),
    });
    return { jobId, state, polls, status, result };
  }
}

/** The create call's parameters that `endpoint` declares, plus the job id in its last path slot. */
function argsFor(endpoint: Endpoint, args: RequestArguments, jobId: string): RequestArguments {
  const declared = new Set(endpoint.parameters.map((p) => p.name));
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(args.params ?? {})) {
    if (declared.has(name)) params[name] = value;
  }
  const slot = endpoint.parameters.filter((p) => p.in === "path").at(-1);
  if (slot) params[slot.name] = jobId;
  return { params };
}
