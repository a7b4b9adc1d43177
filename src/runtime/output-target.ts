/**
 * Where a download goes (`CallOptions.output`): a folder, saved into under the name the
 * server gives, or an exact file path. `resolveOutput` looks at the file system once per call;
 * `OutputResolver` remembers what it found per runtime, so a worker that saves to the same
 * paths over and over does not pay a `stat` (a thread-pool round trip) per download.
 *
 * Limitations: a remembered answer is not checked again until a save with it fails. When a
 * folder is removed, or a remembered file path becomes a folder, between two calls, the next
 * call fails with `IK_FILE_OUTPUT` after its request was sent (the answer is then forgotten, so
 * the call after it looks again), where an unremembered one would fail before sending or save
 * into the new folder.
 */
import { mkdir, stat } from "node:fs/promises";
import { basename, dirname, isAbsolute, resolve, sep } from "node:path";
import { OutputPathError } from "./errors.ts";

/** Where a download goes: a folder (name from the reply) or an exact file path. */
export type OutputTarget =
  | { readonly kind: "directory"; readonly directory: string }
  | { readonly kind: "file"; readonly directory: string; readonly fileName: string };

/**
 * Interprets `output`: undefined means the current folder; an existing folder or a path that
 * ends with a separator is a folder (created when missing); anything else is an exact path,
 * whose folder must exist.
 */
export function resolveOutput(output: string | undefined): Promise<OutputTarget> {
  return new OutputResolver(0).resolve(output);
}

/** Most answers an `OutputResolver` keeps; past it, it starts over. */
const DEFAULT_CAPACITY = 1024;

/** `resolveOutput` with a memory of the answers it gave (see the module's Limitations). */
export class OutputResolver {
  readonly #capacity: number;
  /** Answers by output text (prefixed with the working folder when relative). */
  readonly #targets = new Map<string, OutputTarget>();
  /** Folders seen to exist, to check an exact path's folder without asking again. */
  readonly #folders = new Set<string>();

  constructor(capacity: number = DEFAULT_CAPACITY) {
    this.#capacity = capacity;
  }

  /** Interprets `output` as `resolveOutput` does, from memory when it can. */
  async resolve(output: string | undefined): Promise<OutputTarget> {
    if (output === undefined) return { kind: "directory", directory: process.cwd() };
    // Keyed by the text given (and the folder a relative one starts from), so a remembered
    // output costs a lookup, not a path resolution.
    const key = isAbsolute(output) ? output : `${process.cwd()}\0${output}`;
    const known = this.#targets.get(key);
    if (known) return known;
    const absolute = resolve(output);
    const wantsFolder = output.endsWith("/") || output.endsWith(sep);
    const target = wantsFolder ? await this.#folder(absolute) : await this.#path(absolute);
    this.#remember(key, target);
    return target;
  }

  /** Forgets everything: a save failed, so the file system is not what was remembered. */
  forget(): void {
    this.#targets.clear();
    this.#folders.clear();
  }

  async #folder(absolute: string): Promise<OutputTarget> {
    await mkdir(absolute, { recursive: true }).catch((error: unknown) => {
      throw new OutputPathError(`Cannot create the output folder ${absolute}.`, { cause: error });
    });
    this.#folders.add(absolute);
    return { kind: "directory", directory: absolute };
  }

  async #path(absolute: string): Promise<OutputTarget> {
    const found = await stat(absolute).catch(() => undefined);
    if (found?.isDirectory()) {
      this.#folders.add(absolute);
      return { kind: "directory", directory: absolute };
    }
    const folder = dirname(absolute);
    const file = { kind: "file", directory: folder, fileName: basename(absolute) } as const;
    // Something exists at the path, so its folder does too.
    if (found || this.#folders.has(folder)) return file;
    const parent = await stat(folder).catch(() => undefined);
    if (!parent?.isDirectory()) {
      throw new OutputPathError(`Cannot save to ${absolute}: the folder ${folder} does not exist.`);
    }
    this.#folders.add(folder);
    return file;
  }

  #remember(key: string, target: OutputTarget): void {
    if (this.#targets.size >= this.#capacity || this.#folders.size >= this.#capacity) {
      this.forget();
    }
    if (this.#capacity > 0) this.#targets.set(key, target);
  }
}
