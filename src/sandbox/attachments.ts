/**
 * Record attachments (zoho-facts §5.3): list `GET /crm/v2/{module}/{record_id}/Attachments`
 * (paged like records), upload `POST` to the same path with one multipart `file` part, or a
 * link with `?attachmentUrl=` and no body, and download
 * `GET /crm/v2/{module}/{record_id}/Attachments/{id}`. Files may be up to 100 MB and of any
 * type but `.exe` (case C14). A link attachment, or an id that names no attachment, downloads
 * as 204 with no body (case C06).
 * Limitations: `fields` is honoured on the list, `ids` is not; no delete; the attachment
 * owner is always the sandbox's admin user.
 */
import busboy from "busboy";
import { create as contentDisposition } from "content-disposition";
import { INVALID_MODULE, isErrorReply, readPaging, sendPage } from "./crm-replies.ts";
import type { CrmStore, StoredAttachment } from "./crm-store.ts";
import type { Exchange } from "./exchange.ts";
import { project, readFields } from "./records.ts";
import { invalidData, type ZohoErrorReply } from "./zoho-errors.ts";

/** Largest attachment, 100 MB (read as MiB). */
export const MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024;

const FILE_TOO_LARGE: ZohoErrorReply = {
  status: 400,
  code: "FILE_SIZE_MORE_THAN_ALLOWED_SIZE",
  message: "file size is more than the allowed size",
  details: { allowed_size: MAX_ATTACHMENT_BYTES },
};

const RELATED_ID_INVALID = invalidData({ api_name: "record_id", reason: "no such record" });

/** The parent record check every attachment call starts with. */
function parentProblem(store: CrmStore, module: string, recordId: string) {
  if (store.records(module) === undefined) return INVALID_MODULE;
  return store.find(module, recordId) === undefined ? RELATED_ID_INVALID : undefined;
}

function describe(store: CrmStore, module: string, recordId: string, file: StoredAttachment) {
  return {
    id: file.id,
    File_Name: file.fileName,
    // Zoho sends the size as a string of bytes.
    Size: String(file.bytes?.byteLength ?? 0),
    $link_url: file.url ?? null,
    $type: file.url === undefined ? "Attachment" : "Link URL",
    Parent_Id: { id: recordId, module },
    Owner: store.currentUser,
    Created_By: store.currentUser,
    Created_Time: file.createdTime,
    Modified_Time: file.createdTime,
  };
}

/** Handles the list. */
export async function listAttachments(
  exchange: Exchange,
  store: CrmStore,
  module: string,
  recordId: string,
): Promise<void> {
  await exchange.drainBody();
  const problem = parentProblem(store, module, recordId);
  if (problem) return exchange.sendError(problem);
  const fields = readFields(exchange.url);
  if (fields !== undefined && !Array.isArray(fields)) return exchange.sendError(fields);
  const list = `attachments:${recordId}`;
  const page = readPaging(exchange.url, list);
  if (isErrorReply(page)) return exchange.sendError(page);
  const items = store
    .attachments(recordId)
    .map((file) => project(describe(store, module, recordId, file), fields));
  return sendPage(exchange, items, page, { list });
}

/** Handles the download. */
export async function downloadAttachment(
  exchange: Exchange,
  store: CrmStore,
  module: string,
  recordId: string,
  id: string,
): Promise<void> {
  await exchange.drainBody();
  const problem = parentProblem(store, module, recordId);
  if (problem) return exchange.sendError(problem);
  const file = store.attachments(recordId).find((attachment) => attachment.id === id);
  if (file?.bytes === undefined) return exchange.sendEmpty(204);
  const headers = {
    "content-type": "application/x-download",
    "content-disposition": contentDisposition(file.fileName),
  };
  return exchange.sendBytes(200, headers, file.bytes);
}

/** Reads the one `file` part of the body, or the error to answer. */
function readFilePart(
  exchange: Exchange,
): Promise<{ name: string; bytes: Buffer } | ZohoErrorReply> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: exchange.req.headers,
      defParamCharset: "utf8",
      limits: { files: 1, fileSize: MAX_ATTACHMENT_BYTES + 1 },
    });
  } catch {
    return exchange.drainBody().then(() => invalidData({ api_name: "file" }));
  }
  return new Promise((resolve) => {
    let problem: ZohoErrorReply | undefined;
    let file: { name: string; bytes: Buffer } | undefined;
    parser.on("file", (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => field === "file" && chunks.push(chunk));
      stream.on("limit", () => {
        problem ??= FILE_TOO_LARGE;
      });
      stream.on("error", () => {
        problem ??= invalidData({ api_name: "file" });
      });
      stream.on("end", () => {
        if (field === "file") file ??= { name: info.filename ?? "", bytes: Buffer.concat(chunks) };
      });
    });
    const finish = () => resolve(problem ?? file ?? invalidData({ api_name: "file" }));
    parser.on("close", finish);
    parser.on("error", () => {
      problem ??= invalidData({ api_name: "file" });
      exchange.drainBody().then(finish, finish);
    });
    exchange.body.once("error", () => {
      problem ??= invalidData({ api_name: "file" });
      finish();
    });
    exchange.body.pipe(parser);
  });
}

/** Handles the upload of a file or a link. */
export async function uploadAttachment(
  exchange: Exchange,
  store: CrmStore,
  module: string,
  recordId: string,
): Promise<void> {
  const link = exchange.url.searchParams.get("attachmentUrl");
  const problem = parentProblem(store, module, recordId);
  if (problem || link !== null) await exchange.drainBody();
  if (problem) return exchange.sendError(problem);

  let attachment: StoredAttachment;
  if (link !== null) {
    if (!/^https?:\/\/\S+$/.test(link)) {
      return exchange.sendError(invalidData({ api_name: "attachmentUrl" }));
    }
    const title = exchange.url.searchParams.get("title") ?? link;
    attachment = store.attach(recordId, { fileName: title, url: link });
  } else {
    const file = await readFilePart(exchange);
    if (isErrorReply(file)) return exchange.sendError(file);
    if (file.name === "") return exchange.sendError(invalidData({ api_name: "file" }));
    if (
      file.name
        .replace(/[. ]+$/, "")
        .toLowerCase()
        .endsWith(".exe")
    ) {
      return exchange.sendError(
        invalidData({ api_name: "file", reason: ".exe files are refused" }),
      );
    }
    attachment = store.attach(recordId, { fileName: file.name, bytes: file.bytes });
  }
  const by = store.currentUser;
  const time = attachment.createdTime;
  const details = { Modified_Time: time, Modified_By: by, Created_Time: time, Created_By: by };
  const data = [
    {
      code: "SUCCESS",
      details: { ...details, id: attachment.id },
      message: "attachment uploaded",
      status: "success",
    },
  ];
  return exchange.sendJson(200, { data });
}
