/**
 * Zoho File System endpoints: `POST /crm/v2/files` (upload, zoho-facts §5.1) and
 * `GET /crm/v2/files?id=` (download, §5.2), over an in-memory store.
 *
 * Limitations: files live in memory for the sandbox's lifetime (10 x 20 MiB per upload at
 * most); `type=inline` is accepted and recorded but changes nothing; the error for more than
 * ten files is not documented by Zoho, so the sandbox answers 400 `LIMIT_EXCEEDED`.
 */
import { randomBytes } from "node:crypto";
import busboy from "busboy";
import { create as contentDisposition } from "content-disposition";
import type { Exchange } from "./exchange.ts";
import { invalidData, requiredParamMissing, type ZohoErrorReply } from "./zoho-errors.ts";

/** Zoho's per-file upload limit, 20 MB (read as MiB). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Zoho's per-call upload limit. */
export const MAX_FILES_PER_UPLOAD = 10;

/** A file held by the sandbox. */
interface StoredFile {
  readonly name: string;
  readonly bytes: Buffer;
  /** Content type to answer with; Zoho's own is `application/x-download`. */
  readonly contentType: string;
}

const FILE_TOO_LARGE: ZohoErrorReply = {
  status: 400,
  code: "FILE_SIZE_MORE_THAN_ALLOWED_SIZE",
  message: "file size is more than the allowed size",
  details: { allowed_size: MAX_FILE_BYTES },
};

const TOO_MANY_FILES: ZohoErrorReply = {
  status: 400,
  code: "LIMIT_EXCEEDED",
  message: "the number of files exceeds the allowed limit",
  details: { limit: MAX_FILES_PER_UPLOAD },
};

/** The in-memory ZFS: encrypted-looking ids to files. */
export class FileStore {
  readonly #files = new Map<string, StoredFile>();

  /** Stores a file and returns its new id (64 random lowercase hex characters). */
  add(name: string, bytes: Uint8Array, contentType = "application/x-download"): string {
    const id = randomBytes(32).toString("hex");
    this.#files.set(id, { name, bytes: Buffer.from(bytes), contentType });
    return id;
  }

  get(id: string): StoredFile | undefined {
    return this.#files.get(id);
  }
}

/** Handles `GET /crm/v2/files?id=`. */
export async function downloadFile(exchange: Exchange, store: FileStore): Promise<void> {
  await exchange.drainBody();
  const id = exchange.url.searchParams.get("id");
  if (id === null || id === "") return exchange.sendError(requiredParamMissing("id"));

  // v7/v8 document 204 No Content for an id that names no file.
  const file = store.get(id);
  if (file === undefined) return exchange.sendEmpty(204);

  return exchange.sendBytes(
    200,
    { "content-type": file.contentType, "content-disposition": contentDisposition(file.name) },
    file.bytes,
  );
}

/** Handles `POST /crm/v2/files`: streams the multipart body, keeping each `file` part. */
export async function uploadFiles(exchange: Exchange, store: FileStore): Promise<void> {
  const type = exchange.url.searchParams.get("type");
  if (type !== null && type !== "inline") {
    await exchange.drainBody();
    return exchange.sendError(invalidData({ param: "type", expected: "inline" }));
  }

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: exchange.req.headers,
      defParamCharset: "utf8",
      // busboy reports a file that reaches `fileSize` bytes, so one more byte than Zoho's
      // limit is the first size to refuse.
      limits: { files: MAX_FILES_PER_UPLOAD, fileSize: MAX_FILE_BYTES + 1 },
    });
  } catch {
    // Not multipart (or no boundary): Zoho reports the body as invalid data.
    await exchange.drainBody();
    return exchange.sendError(invalidData());
  }

  const outcome = await readParts(exchange, parser);
  if (!Array.isArray(outcome)) return exchange.sendError(outcome);
  if (outcome.length === 0) return exchange.sendError(invalidData({ param: "file" }));

  const data = outcome.map((file) => {
    const id = store.add(file.name, file.bytes);
    return {
      code: "SUCCESS",
      details: { name: file.name, id },
      // Spelling and the leading file name are Zoho's (v2 "Upload Files to ZFS" sample).
      message: `${file.name} uploaded Succeessfully`,
      status: "success",
    };
  });
  return exchange.sendJson(200, { data });
}

interface ReceivedFile {
  readonly name: string;
  readonly bytes: Buffer;
}

/**
 * Feeds the body to busboy and collects the `file` parts. Parts under other names are read
 * and dropped. The whole body is always consumed, so the error reply reaches a client that is
 * still sending.
 */
async function readParts(
  exchange: Exchange,
  parser: busboy.Busboy,
): Promise<ReceivedFile[] | ZohoErrorReply> {
  const files: ReceivedFile[] = [];
  let problem: ZohoErrorReply | undefined;

  await new Promise<void>((resolve) => {
    parser.on("file", (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => {
        if (field === "file") chunks.push(chunk);
      });
      stream.on("limit", () => {
        problem ??= FILE_TOO_LARGE;
      });
      // A body cut off inside a part fails the part's stream ("Unexpected end of form") as
      // well as the parser; without this listener that error would end the process.
      stream.on("error", () => {
        problem ??= invalidData();
      });
      stream.on("end", () => {
        if (field !== "file") return;
        if (info.filename === undefined) problem ??= invalidData({ param: "file" });
        else files.push({ name: info.filename, bytes: Buffer.concat(chunks) });
      });
    });
    parser.on("filesLimit", () => {
      problem ??= TOO_MANY_FILES;
    });
    parser.on("close", resolve);
    exchange.body.once("error", () => {
      problem ??= invalidData();
      resolve();
    });
    parser.on("error", () => {
      problem ??= invalidData();
      exchange.drainBody().then(resolve, resolve);
    });
    exchange.body.pipe(parser);
  });

  return problem ?? files;
}
