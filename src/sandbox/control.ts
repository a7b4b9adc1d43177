/**
 * The sandbox's control endpoint, for switching faults from another process (the sandbox
 * listens on 127.0.0.1 only, so only local processes reach it):
 *
 * - `POST /__sandbox/faults` with a fault object or an array of them (JSON) -> 204
 * - `DELETE /__sandbox/faults` -> 204, drops queued faults
 * - `POST /__sandbox/expire-tokens` -> 204, every issued access token is expired
 * - `POST /__sandbox/release` -> 200 `{"released": n}`, requests held by `hold` faults go on
 * - `PUT /__sandbox/concurrency-limit` with `{"limit": 5}` or `{"limit": null}` -> 204
 * - `GET /__sandbox/log` -> 200, the request log without headers (no tokens)
 *
 * Invalid input gets 400 `{"error": "..."}`; control requests are not logged.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { LoggedRequest } from "./exchange.ts";
import type { Fault } from "./faults.ts";

/** Path prefix of control requests. */
export const CONTROL_PREFIX = "/__sandbox/";

/** Largest control body read, in bytes. */
const MAX_CONTROL_BODY = 64 * 1024;

/** What the control endpoint acts on. */
export interface SandboxControl {
  injectFault(fault: Fault): void;
  clearFaults(): void;
  expireTokens(): void;
  setConcurrencyLimit(limit: number | undefined): void;
  /** Lets requests held by `hold` faults go on; returns how many. */
  releaseHeld(): number;
  log(): readonly LoggedRequest[];
}

/** Answers one control request. */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  control: SandboxControl,
): Promise<void> {
  const action = `${req.method ?? ""} ${url.pathname.slice(CONTROL_PREFIX.length)}`;
  try {
    const body = await readBody(req);
    switch (action) {
      case "POST faults": {
        const parsed = JSON.parse(body) as unknown;
        for (const fault of Array.isArray(parsed) ? parsed : [parsed]) {
          if (typeof fault !== "object" || fault === null) throw new Error("a fault is an object");
          control.injectFault(fault as Fault);
        }
        return reply(res, 204);
      }
      case "DELETE faults":
        control.clearFaults();
        return reply(res, 204);
      case "POST release":
        return reply(res, 200, { released: control.releaseHeld() });
      case "POST expire-tokens":
        control.expireTokens();
        return reply(res, 204);
      case "PUT concurrency-limit": {
        const limit = (JSON.parse(body) as { limit?: unknown } | null)?.limit;
        control.setConcurrencyLimit(limit === null ? undefined : (limit as number));
        return reply(res, 204);
      }
      case "GET log": {
        const entries = control.log().map(({ method, path, status, time, fault }) => ({
          method,
          path,
          status,
          time,
          fault,
        }));
        return reply(res, 200, entries);
      }
      default:
        return reply(res, 404, { error: `unknown control request ${action}` });
    }
  } catch (error) {
    return reply(res, 400, { error: error instanceof Error ? error.message : String(error) });
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_CONTROL_BODY) throw new Error(`body over ${MAX_CONTROL_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function reply(res: ServerResponse, status: number, value?: unknown): void {
  if (value === undefined) {
    res.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": text.length });
  res.end(text);
}
