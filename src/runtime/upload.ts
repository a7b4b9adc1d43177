/**
 * Multipart uploads: checks local files against the endpoint's part rules before any request,
 * then builds an undici `FormData` whose file parts stream from disk (`fs.openAsBlob`), so a
 * file is never read whole into memory. undici writes each part's `filename` as UTF-8 and
 * escapes `"`, CR and LF as `%22`, `%0D`, `%0A` (WHATWG multipart rules, case C14).
 */
import { File } from "node:buffer";
import { openAsBlob } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import { FormData } from "undici";
import type { PlannedFile, RequestArguments } from "../plan/request.ts";
import type { Endpoint, FilePart } from "../spec/model.ts";
import { FileRuleError } from "./errors.ts";

/** A checked file: its part, path and size in bytes. */
export interface CheckedFile extends PlannedFile {
  readonly bytes: number;
}

/**
 * Checks the files given for each declared part against its `maxCount`,
 * `forbiddenExtensions` and `maxBytes`; throws `FileRuleError` naming the rule, the file and
 * the limit. Returns the files in part order, then argument order (planRequest's order).
 * Files for undeclared parts are left to planRequest, which reports them.
 */
export async function checkFiles(
  endpoint: Endpoint,
  files: RequestArguments["files"],
): Promise<CheckedFile[]> {
  const parts = endpoint.body.kind === "multipart" ? endpoint.body.files : [];
  const checked: CheckedFile[] = [];
  for (const part of parts) {
    const paths = files?.[part.name] ?? [];
    if (paths.length > part.maxCount) {
      throw new FileRuleError(
        "maxCount",
        paths[part.maxCount] ?? "",
        `Part "${part.name}" of ${endpoint.id} takes at most ${part.maxCount} files; ` +
          `got ${paths.length}.`,
      );
    }
    for (const path of paths)
      checked.push(await checkFile(endpoint, part, { part: part.name, path }));
  }
  return checked;
}

async function checkFile(endpoint: Endpoint, part: FilePart, file: PlannedFile) {
  // Windows, and Zoho's own download names, drop trailing dots and spaces: `setup.exe.` and
  // `setup.exe ` are `.exe` files too (case C14).
  const extension = extname(basename(file.path).replace(/[. ]+$/, "")).toLowerCase();
  if (extension !== "" && part.forbiddenExtensions.includes(extension)) {
    throw new FileRuleError(
      "forbiddenExtensions",
      file.path,
      `${file.path}: ${endpoint.id} refuses ${extension} files in part "${part.name}" ` +
        `(forbidden: ${part.forbiddenExtensions.join(", ")}).`,
    );
  }
  const info = await stat(file.path).catch((error: unknown) => {
    throw new FileRuleError("readable", file.path, `Cannot read ${file.path}.`, { cause: error });
  });
  if (!info.isFile()) {
    throw new FileRuleError("readable", file.path, `${file.path} is not a regular file.`);
  }
  if (part.maxBytes !== undefined && info.size > part.maxBytes) {
    throw new FileRuleError(
      "maxBytes",
      file.path,
      `${file.path} is ${info.size} bytes; part "${part.name}" of ${endpoint.id} takes at ` +
        `most ${part.maxBytes} bytes.`,
    );
  }
  return { ...file, bytes: info.size };
}

/**
 * Builds the multipart body. Each part's file name is the file's base name; `onChunk` hears
 * the size of every file chunk as undici reads it, for progress reporting.
 */
export async function buildFormData(
  files: readonly CheckedFile[],
  onChunk?: (bytes: number) => void,
): Promise<FormData> {
  const form = new FormData();
  for (const file of files) {
    const blob = await openAsBlob(file.path);
    form.append(file.part, new ProgressFile(blob, basename(file.path), onChunk));
  }
  return form;
}

/**
 * A disk-backed `File` whose stream reports each chunk. Passing a `File` (and no file name)
 * to `FormData.append` keeps this object as the entry, so undici streams through it.
 */
class ProgressFile extends File {
  readonly #onChunk: ((bytes: number) => void) | undefined;

  constructor(blob: Blob, name: string, onChunk: ((bytes: number) => void) | undefined) {
    super([blob], name);
    this.#onChunk = onChunk;
  }

  override stream(): ReturnType<Blob["stream"]> {
    const source = super.stream();
    const onChunk = this.#onChunk;
    if (!onChunk) return source;
    return source.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          onChunk(chunk.byteLength);
          controller.enqueue(chunk);
        },
      }),
    ) as ReturnType<Blob["stream"]>;
  }
}
