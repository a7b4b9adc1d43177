/**
 * Saves a file reply to disk without ever leaving a half-written file: the body streams into
 * a temporary `.<name>.<random>.part` file in the target folder (the name part cut to 200
 * bytes, so the temporary name fits wherever the final one does), and only a complete body
 * (byte count equal to `Content-Length`) is renamed to its final name (cases C11, C13).
 *
 * A body that stalls (no byte for the idle timeout) fails with `IK_HTTP_IDLE_TIMEOUT` (case
 * C13). A body sent with a `Content-Encoding` is decoded while streaming, and its wire length
 * is checked against `Content-Length`; a file that is itself compressed (`application/gzip`,
 * no `Content-Encoding`) is saved byte for byte (case C09).
 *
 * Limitations: the file is not fsync'ed before the rename, so a power cut right after a save
 * may lose it.
 */
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { link, rename, stat, unlink } from "node:fs/promises";
import { basename, resolve, sep } from "node:path";
import type { Transform } from "node:stream";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";
import type { Dispatcher } from "undici";
import { contentTypeOf } from "./api-reply.ts";
import { fileNameFromContentDisposition } from "./content-disposition.ts";
import { OutputPathError, TransportError, TruncatedDownloadError } from "./errors.ts";
import type { OutputTarget } from "./output-target.ts";
import { MAX_NAME_BYTES, numberedFileName, safeFileName, truncateUtf8 } from "./safe-file-name.ts";
import { chainStreams } from "./stream-chain.ts";
import { transportCode } from "./transport.ts";

/** A saved download. */
export interface SavedFile {
  /** Absolute path of the saved file. */
  readonly path: string;
  /** Its name within the folder. */
  readonly fileName: string;
  /** Bytes written. */
  readonly bytes: number;
  /** The reply's `Content-Type`, or "". */
  readonly contentType: string;
}

/** How many numbered alternatives (` (1)` ...) are tried before giving up. */
const MAX_NUMBERED_NAMES = 1000;

/** Options of `saveDownload`. */
export interface SaveOptions {
  readonly target: OutputTarget;
  /** Seed of the fallback name `file-<seed>` (the file id, else the endpoint id). */
  readonly fallbackSeed: string;
  /** Redacted URL, for error messages; called only when one is needed. */
  readonly url: () => string;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((done: number, total?: number) => void) | undefined;
  /** The idle timeout in force, ms, named in the stall error. */
  readonly idleTimeoutMs?: number | undefined;
}

/** Streams a 2xx file reply into the target and returns what was saved. */
export async function saveDownload(
  response: Dispatcher.ResponseData,
  options: SaveOptions,
): Promise<SavedFile> {
  const { target } = options;
  const fileName =
    target.kind === "file"
      ? target.fileName
      : safeFileName(
          fileNameFromContentDisposition(header(response, "content-disposition")),
          options.fallbackSeed,
        );
  const expected = parseLength(header(response, "content-length"));
  const temporary = inFolder(target.directory, temporaryName(fileName));

  // Wire bytes are counted by a second 'data' listener on the body (pipe() is the first; both
  // see every chunk) rather than by a stream stage, which costs a small download more than the
  // copy itself.
  let received = 0;
  const { onProgress } = options;
  response.body.on(
    "data",
    onProgress
      ? (chunk: Buffer) => {
          received += chunk.length;
          onProgress(received, expected);
        }
      : (chunk: Buffer) => {
          received += chunk.length;
        },
  );
  const file = createWriteStream(temporary, { flags: "wx" });
  const decoder = decoderFor(header(response, "content-encoding"));
  // chainStreams() destroys every stream with the first failure, so each one reports it; the
  // stream that reports first is where it happened (disk or network).
  let failedFirst: "file" | "reply" | undefined;
  file.on("error", () => {
    failedFirst ??= "file";
  });
  const onReplyError = () => {
    failedFirst ??= "reply";
  };
  response.body.on("error", onReplyError);
  decoder?.on("error", onReplyError);
  try {
    await chainStreams(response.body, decoder ? [decoder] : [], file, options.signal);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    if (failedFirst === "file" && !options.signal?.aborted) {
      throw new OutputPathError(`Cannot write ${temporary}.`, { cause: error });
    }
    throw readFailure(error, options, expected, received);
  }

  if (expected !== undefined && received !== expected) {
    await unlink(temporary).catch(() => undefined);
    throw new TruncatedDownloadError(options.url(), expected, received);
  }
  try {
    const path =
      target.kind === "file"
        ? await moveOver(temporary, inFolder(target.directory, target.fileName))
        : await moveToFreeName(temporary, target.directory, fileName);
    return {
      path,
      fileName: basename(path),
      // What reached the disk: after gzip decoding, when the reply was encoded.
      bytes: file.bytesWritten,
      contentType: contentTypeOf(response),
    };
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

// Random bytes for temporary names, fetched 256 names at a time: asking the system once per
// download costs more than the rest of naming it.
const RANDOM_BYTES_PER_NAME = 6;
let randomPool = Buffer.alloc(0);
let randomOffset = 0;

function randomHex(): string {
  if (randomOffset + RANDOM_BYTES_PER_NAME > randomPool.length) {
    randomPool = randomBytes(RANDOM_BYTES_PER_NAME * 256);
    randomOffset = 0;
  }
  const start = randomOffset;
  randomOffset += RANDOM_BYTES_PER_NAME;
  return randomPool.toString("hex", start, randomOffset);
}

/**
 * `name` inside `directory`: both are already clean (an absolute folder from `path.resolve`,
 * one safe name segment), so plain concatenation does what `path.join` would, for less.
 */
function inFolder(directory: string, name: string): string {
  return directory.endsWith(sep) ? directory + name : directory + sep + name;
}

/**
 * `.<name>.<random>.part`, with the name cut so the whole stays within the 255 bytes file
 * systems allow for one name, however long the final name is.
 */
export function temporaryName(fileName: string): string {
  return `.${truncateUtf8(fileName, MAX_NAME_BYTES)}.${randomHex()}.part`;
}

/** A body that broke off short of its `Content-Length` is a truncated download. */
function readFailure(
  error: unknown,
  options: SaveOptions,
  expected: number | undefined,
  received: number,
): Error {
  const url = options.url();
  const wrapped = transportCode(error);
  if (wrapped === "IK_HTTP_BODY_TIMEOUT") {
    const of = expected === undefined ? "" : ` of ${expected}`;
    const stall = new Error(
      `the download stalled: no data for ${options.idleTimeoutMs ?? "the idle timeout"} ms ` +
        `after ${received}${of} bytes; nothing was saved`,
      { cause: error },
    );
    return new TransportError("IK_HTTP_IDLE_TIMEOUT", "GET", url, stall);
  }
  if (wrapped !== "IK_HTTP_ABORTED" && expected !== undefined && received < expected) {
    return new TruncatedDownloadError(url, expected, received, { cause: error });
  }
  return new TransportError(wrapped, "GET", url, error);
}

async function moveOver(temporary: string, destination: string): Promise<string> {
  await rename(temporary, destination).catch((error: unknown) => {
    throw new OutputPathError(`Cannot save ${destination}.`, { cause: error });
  });
  return destination;
}

/**
 * Gives the temporary file its name without overwriting anything: `link` fails when the name
 * exists, atomically, so two saves of the same name never clobber each other.
 */
async function moveToFreeName(temporary: string, directory: string, name: string) {
  const root = resolve(directory);
  for (let n = 0; n <= MAX_NUMBERED_NAMES; n++) {
    const candidate = resolve(root, n === 0 ? name : numberedFileName(name, n));
    // safeFileName keeps one path segment; this guards the invariant, not a likely case.
    if (!candidate.startsWith(root + sep)) {
      throw new OutputPathError(`Refusing to save outside ${root}: ${JSON.stringify(name)}.`);
    }
    try {
      await claimName(temporary, candidate);
      return candidate;
    } catch (error) {
      if ((error as { code?: unknown }).code === "EEXIST") continue;
      throw new OutputPathError(`Cannot save ${candidate}.`, { cause: error });
    }
  }
  throw new OutputPathError(
    `Cannot save ${name} in ${root}: ${MAX_NUMBERED_NAMES} numbered names are taken.`,
  );
}

// File systems without hard links (some network and FAT volumes) fall back to check + rename.
async function claimName(temporary: string, candidate: string): Promise<void> {
  try {
    await link(temporary, candidate);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP") throw error;
    if (await stat(candidate).catch(() => undefined)) {
      throw Object.assign(new Error(`${candidate} exists`), { code: "EEXIST" });
    }
    await rename(temporary, candidate);
    return;
  }
  await unlink(temporary);
}

function header(response: Dispatcher.ResponseData, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseLength(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/** A streaming decoder for a transfer `Content-Encoding`, or undefined for none/identity. */
function decoderFor(encoding: string | undefined): Transform | undefined {
  switch ((encoding ?? "").trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return createGunzip();
    case "deflate":
      return createInflate();
    case "br":
      return createBrotliDecompress();
    default:
      return undefined;
  }
}
