/**
 * What a method of the generated client runs and returns: its flow (one call, a page walk, a
 * split batch or a whole job), its options type, its result type and the reply kinds a single
 * call accepts.
 *
 * Conditional endpoints (case C07): an endpoint with an `If-Modified-Since` header parameter
 * may answer 304 when nothing changed. Its method also returns `NotModifiedReply`
 * (`{kind: "not-modified", status: 304}`: no body, no error, no retry); a paginated one yields
 * no records and calls `options.onPage(1, 0, 304)`, which tells "not modified" from "empty".
 */
import type { Endpoint } from "../spec/model.ts";
import { pascalCase } from "./names.ts";
import { wrapWords } from "./wrap-words.ts";

// The reply kinds and result types of a single call, by the spec's `response`.
const replyKinds: Readonly<Record<Endpoint["response"], readonly string[]>> = {
  file: ["file"],
  json: ["json", "empty"],
  empty: ["empty"],
};
const resultTypes: Readonly<Record<Endpoint["response"], string>> = {
  file: "DownloadedFile",
  json: "JsonReply | EmptyReply",
  empty: "EmptyReply",
};

/** The request header that makes a call conditional; Zoho then answers 304 when unchanged. */
const conditionalHeader = "if-modified-since";

/** Whether `endpoint` can answer 304 Not Modified: it takes an `If-Modified-Since` header. */
export function answersNotModified(endpoint: Endpoint): boolean {
  return endpoint.parameters.some(
    (parameter) => parameter.in === "header" && parameter.name.toLowerCase() === conditionalHeader,
  );
}

/** How a method runs its endpoint: one call, a page walk, a split batch or a whole job. */
export type Flow = "call" | "paginate" | "batch" | "job";

/** The flow the spec gives `endpoint`: pagination, batch and job each run several requests. */
export function flowOf(endpoint: Endpoint): Flow {
  if (endpoint.pagination) return "paginate";
  if (endpoint.batch) return "batch";
  if (endpoint.job) return "job";
  return "call";
}

/** The options type a method of each flow takes (a download's is chosen by the caller). */
export const flowOptions: Readonly<Record<Flow, string>> = {
  call: "CallOptions",
  paginate: "PaginateOptions",
  batch: "CallOptions",
  job: "JobOptions",
};

/** The type a method returns. */
export function resultTypeOf(endpoint: Endpoint, flow: Flow): string {
  const base = pascalCase(endpoint.id);
  if (flow === "paginate") return `AsyncIterable<${base}Record>`;
  if (flow === "batch") return "Promise<BatchResult>";
  if (flow === "job") return "Promise<JobResult>";
  const replies =
    endpoint.response === "json" && endpoint.responseSchema
      ? `JsonReply<${base}Response> | EmptyReply`
      : resultTypes[endpoint.response];
  return `Promise<${replies}${answersNotModified(endpoint) ? " | NotModifiedReply" : ""}>`;
}

/** The reply kinds a single call accepts; any other kind is a runtime bug. */
export function replyKindsOf(endpoint: Endpoint): readonly string[] {
  const kinds = replyKinds[endpoint.response];
  return answersNotModified(endpoint) ? [...kinds, "not-modified"] : kinds;
}

/** How a conditional method reports "nothing changed" (case C07), for its doc comment. */
export function notModifiedDoc(endpoint: Endpoint, flow: Flow, width: number): string[] {
  if (!answersNotModified(endpoint)) return [];
  const how =
    flow === "paginate"
      ? "yields no records and calls `options.onPage(1, 0, 304)`"
      : 'returns `{kind: "not-modified", status: 304}`';
  return wrapWords(`Nothing changed since \`If-Modified-Since\` (HTTP 304): ${how}.`, width);
}
