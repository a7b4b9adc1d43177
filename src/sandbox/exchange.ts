/**
 * One request/response pair as the sandbox handles it: the parsed URL, a byte-counted view of
 * the request body, the log entry being filled in, and the reply writers every handler uses
 * (so truncation faults and logging work the same for JSON and file replies).
 */
import type {
  IncomingHttpHeaders,
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from "node:http";
import { type Readable, Transform, type TransformCallback } from "node:stream";
import { finished } from "node:stream/promises";
import { setTimeout as delay } from "node:timers/promises";
import type { Fault } from "./faults.ts";
import { errorEnvelope, type ZohoErrorReply } from "./zoho-errors.ts";

/** What the sandbox recorded about one request. Nothing is redacted: tests read tokens here. */
export interface LoggedRequest {
  readonly method: string;
  /** URL path without the query, e.g. `/crm/v2/files`. */
  readonly path: string;
  /** Query parameters; a repeated name gives an array in arrival order. */
  readonly query: Readonly<Record<string, string | string[]>>;
  /** Request headers as Node parsed them (lower-case names). */
  readonly headers: Readonly<IncomingHttpHeaders>;
  /** Request body bytes the sandbox had read when it replied (0 for a body it never read). */
  readonly bodySize: number;
  /**
   * Those bytes themselves, only when the sandbox was started with `logBodies: true` (off by
   * default, so a 20 MiB upload is not held twice in memory).
   */
  readonly body?: Buffer;
  /** HTTP status sent, or 0 when no status line was sent (reset fault, client gone). */
  readonly status: number;
  /** Arrival time in ms from the sandbox clock (`SandboxOptions.now`). */
  readonly time: number;
  /** Kind of the injected fault applied to this request, or null. */
  readonly fault: Fault["kind"] | null;
}

/** The log entry while the request is in flight. */
export type LogEntry = { -readonly [K in keyof LoggedRequest]: LoggedRequest[K] };

/** Body chunks are written in slices of this size, so a large download streams. */
const WRITE_CHUNK_BYTES = 64 * 1024;

/** Counts the bytes that pass through it and, when asked, keeps them. */
class ByteCounter extends Transform {
  bytes = 0;
  readonly chunks: Buffer[] | undefined;

  constructor(keep: boolean) {
    super();
    this.chunks = keep ? [] : undefined;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.bytes += chunk.byteLength;
    this.chunks?.push(chunk);
    callback(null, chunk);
  }
}

/** A request being handled. Handlers read `body`, never `req` directly, so its size is logged. */
export class Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly entry: LogEntry;
  /** When set, replies send only this many body bytes and then destroy the connection. */
  truncateAfter: number | undefined;
  /** When set, replies pause for `ms` after `afterBytes` body bytes (slow or stalled body). */
  pause: { afterBytes: number; ms: number; signal: AbortSignal } | undefined;
  readonly #counter: ByteCounter;

  /** `keepBody`: record the request body bytes in the log entry (`body`). */
  constructor(
    req: IncomingMessage,
    res: ServerResponse,
    entry: LogEntry,
    url: URL,
    keepBody = false,
  ) {
    this.#counter = new ByteCounter(keepBody);
    this.req = req;
    this.res = res;
    this.entry = entry;
    this.url = url;
    // A client that aborts mid-body fails the counted body, so readers stop waiting for it.
    req.on("error", (error) => this.#counter.destroy(error));
    // Readers see that failure through their own listeners (pipe, finished); a handler that
    // has not read the body yet (a slow fault) must not turn it into an uncaught error.
    this.#counter.on("error", () => undefined);
    req.pipe(this.#counter);
  }

  /** The request body, counted as it is read. */
  get body(): Readable {
    return this.#counter;
  }

  /** Reads and discards the rest of the request body; resolves even if the client aborts. */
  async drainBody(): Promise<void> {
    this.#counter.resume();
    await finished(this.#counter).catch(() => undefined);
  }

  /** Sends a Zoho error envelope as `application/json`. */
  sendError(reply: ZohoErrorReply, headers: OutgoingHttpHeaders = {}): Promise<void> {
    return this.sendJson(reply.status, errorEnvelope(reply), headers);
  }

  /** Sends `value` as JSON with a UTF-8 charset, as Zoho does. */
  sendJson(status: number, value: unknown, headers: OutgoingHttpHeaders = {}): Promise<void> {
    const body = Buffer.from(JSON.stringify(value), "utf8");
    return this.sendBytes(
      status,
      { ...headers, "content-type": "application/json;charset=UTF-8" },
      body,
    );
  }

  /** Sends a status with no body (204), honouring nothing but the status line. */
  sendEmpty(status: number): void {
    this.#record(status);
    this.res.writeHead(status).end();
  }

  /**
   * Sends `body` with its full `Content-Length`, in chunks that respect backpressure. Under a
   * truncation fault, stops after `truncateAfter` bytes and destroys the socket once they are
   * handed to the OS, so the client sees a body shorter than announced.
   */
  async sendBytes(status: number, headers: OutgoingHttpHeaders, body: Uint8Array): Promise<void> {
    this.#record(status);
    this.res.writeHead(status, { ...headers, "content-length": body.byteLength });
    const limit = Math.min(this.truncateAfter ?? body.byteLength, body.byteLength);

    const pause = this.pause;
    let paused = pause === undefined;
    for (let offset = 0; offset < limit; ) {
      let end = Math.min(offset + WRITE_CHUNK_BYTES, limit);
      if (!paused && pause && end >= pause.afterBytes) {
        end = Math.min(pause.afterBytes, limit);
        if (end > offset && !this.res.write(body.subarray(offset, end)) && !(await this.#drained()))
          return;
        offset = end;
        paused = true;
        // Aborted by close(), so a stalled body never holds the sandbox open.
        const waited = await delay(pause.ms, true, { signal: pause.signal }).catch(() => false);
        if (!waited || this.res.destroyed) return;
        continue;
      }
      const chunk = body.subarray(offset, end);
      if (!this.res.write(chunk) && !(await this.#drained())) return;
      offset = end;
    }

    if (limit < body.byteLength) {
      await new Promise<void>((resolve) => this.res.write(Buffer.alloc(0), () => resolve()));
      this.res.socket?.destroy();
      return;
    }
    this.res.end();
  }

  /** Destroys the connection without a reply. */
  reset(): void {
    this.#record(0);
    this.req.socket.destroy();
  }

  /** Final bookkeeping when the response closes (sent, truncated or abandoned). */
  settle(): void {
    this.#recordBody();
  }

  #record(status: number): void {
    this.entry.status = status;
    this.#recordBody();
  }

  #recordBody(): void {
    this.entry.bodySize = this.#counter.bytes;
    const chunks = this.#counter.chunks;
    if (chunks !== undefined) this.entry.body = Buffer.concat(chunks);
  }

  /** Waits for `drain`; false when the connection closed first. */
  #drained(): Promise<boolean> {
    const res = this.res;
    if (res.destroyed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const settle = (drained: boolean) => {
        res.off("drain", onDrain);
        res.off("close", onClose);
        resolve(drained);
      };
      const onDrain = () => settle(true);
      const onClose = () => settle(false);
      res.on("drain", onDrain);
      res.on("close", onClose);
    });
  }
}
