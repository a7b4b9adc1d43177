/**
 * What `invokekit call` prints: results on stdout (a JSON reply in text mode as `call-text.ts`
 * lays it out), errors on stderr. In text mode an error is
 * an `error [CODE]: message` line (Zoho's code, message and resolution on indented lines, the
 * cause's message without its stack); with `--json` it is one object on stderr,
 * `{"error":{"code","zohoCode","status","message","resolution"}}`.
 */
import { InvokekitError } from "../errors.ts";
import { type CallResult, NoFileContentError, ZohoApiError } from "../runtime/index.ts";
import type { Endpoint } from "../spec/model.ts";
import { replyText } from "./call-text.ts";

/** Code of a command line that cannot run as written (exit 2). */
export const USAGE_ERROR_CODE = "IK_USAGE";

/** Code of a 2xx reply in which some `data[]` items failed (exit 1). */
export const ITEM_ERROR_CODE = "IK_API_ITEM_ERROR";

/** A command line that cannot run as written: wrong option value, unknown file part. */
export class UsageError extends InvokekitError {
  constructor(message: string) {
    super(USAGE_ERROR_CODE, message);
  }
}

/** One Zoho `data[]` item of a reply. */
interface ReplyItem {
  readonly status?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly details?: { readonly name?: unknown; readonly id?: unknown };
}

/** The error as `--json` prints it. */
interface ErrorDocument {
  readonly code: string;
  readonly zohoCode: string | null;
  readonly status: number | null;
  readonly message: string;
  readonly resolution: string | null;
  readonly cause?: string;
  readonly items?: readonly unknown[];
}

/** Prints a successful result on stdout. */
export function printResult(result: CallResult, json: boolean): void {
  const out = (text: string) => process.stdout.write(`${text}\n`);
  if (result.kind === "file") {
    const { path, fileName, bytes, contentType } = result;
    out(json ? JSON.stringify({ path, fileName, bytes, contentType }, null, 2) : path);
  } else if (result.kind === "not-modified") {
    out(
      json
        ? JSON.stringify({ status: 304, notModified: true }, null, 2)
        : "Not modified (HTTP 304).",
    );
  } else if (result.kind === "empty") {
    out(
      json
        ? JSON.stringify({ status: result.status }, null, 2)
        : `No content (HTTP ${result.status}).`,
    );
  } else {
    out(json ? JSON.stringify(result.body, null, 2) : replyText(result.body));
  }
}

/**
 * Zoho answers a multi-item request (an upload of several files) with 200 even when items
 * failed, each failed item carrying `status: "error"`. Returns that as an error to report,
 * or undefined when every item succeeded.
 */
export function failedItems(result: CallResult, endpoint: Endpoint): InvokekitError | undefined {
  if (result.kind !== "json") return undefined;
  const items = itemsOf(result.body);
  const failed = items.filter((item) => item.status === "error");
  const first = failed[0];
  if (first === undefined) return undefined;
  const zohoCode = String(first.code);
  const error = new InvokekitError(
    ITEM_ERROR_CODE,
    `${endpoint.id}: ${failed.length} of ${items.length} items failed; the first: ` +
      `${zohoCode}: ${String(first.message)}.`,
  );
  return Object.assign(error, {
    status: result.status,
    zohoCode,
    resolution: endpoint.errors.find((e) => e.code === zohoCode)?.resolution,
    items: failed,
  });
}

/** Prints `error` on stderr, as text or as one JSON object. */
export function printError(error: InvokekitError, json: boolean): void {
  const document = errorDocument(error);
  if (json) {
    process.stderr.write(`${JSON.stringify({ error: document })}\n`);
    return;
  }
  if (error instanceof UsageError) {
    process.stderr.write(`error: ${error.message}\n`);
    return;
  }
  const lines =
    error instanceof ZohoApiError
      ? [`error [${error.code}]: ${error.endpointId} failed with HTTP ${error.status}`]
      : [`error [${error.code}]: ${error.message}`];
  if (document.zohoCode !== null) lines.push(`  zoho code:  ${document.zohoCode}`);
  if (error instanceof ZohoApiError) lines.push(`  message:    ${error.zohoMessage}`);
  if (document.resolution !== null) lines.push(`  resolution: ${document.resolution}`);
  for (const item of document.items ?? []) lines.push(`  item:       ${JSON.stringify(item)}`);
  if (document.cause !== undefined) lines.push(`  cause: ${document.cause}`);
  process.stderr.write(`${lines.join("\n")}\n`);
}

function errorDocument(error: InvokekitError): ErrorDocument {
  const fields = error as InvokekitError & {
    zohoCode?: unknown;
    status?: unknown;
    resolution?: unknown;
    items?: unknown;
  };
  const cause = error.cause;
  return {
    code: error.code,
    zohoCode: typeof fields.zohoCode === "string" ? fields.zohoCode : null,
    // A file endpoint's 204 is thrown as an error without a status field; it is still a 204.
    status:
      typeof fields.status === "number"
        ? fields.status
        : error instanceof NoFileContentError
          ? 204
          : null,
    message: error.message,
    resolution: typeof fields.resolution === "string" ? fields.resolution : null,
    // The cause's own message (not its stack), e.g. the ENAMETOOLONG behind a save failure.
    ...(cause === undefined ? {} : { cause: cause instanceof Error ? cause.message : `${cause}` }),
    ...(Array.isArray(fields.items) ? { items: fields.items } : {}),
  };
}

function itemsOf(body: unknown): ReplyItem[] {
  const data = (body as { data?: unknown } | null)?.data;
  return Array.isArray(data) ? (data as ReplyItem[]) : [];
}
