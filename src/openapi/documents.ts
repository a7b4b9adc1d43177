/**
 * The input documents of an import: one file, or every `.json`/`.yaml`/`.yml` file of one
 * folder. Sibling files are read on demand, only from inside the input folder (symbolic links
 * that lead out of it are refused), and no document larger than `maxBytes` is read at all.
 *
 * Each OpenAPI document is checked against the OpenAPI 3.0/3.1 JSON Schemas with
 * `@seriousme/openapi-schema-validator`; references are left to our own resolver
 * (`references.ts`), which maps remote URLs to sibling files and refuses the rest.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { decodeSpecText, type LineColumn, parseYamlSource } from "../spec/yaml-source.ts";
import { type DocumentLocation, type LocatedProblem, OpenApiError } from "./errors.ts";

/** Largest document read, in bytes (16 MiB): larger ones are refused before reading. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

const DOCUMENT_NAME = /\.(json|ya?ml)$/i;

/** One parsed input file. */
export interface SourceDocument {
  /** Path as shown in messages: the input folder joined with the file name. */
  readonly file: string;
  /** Path relative to the input folder, `/`-separated, e.g. `common.json`. */
  readonly name: string;
  readonly data: unknown;
  /** Positions of values by JSON pointer; YAML documents only. */
  readonly positions?: ReadonlyMap<string, LineColumn>;
}

/** Options of `openDocuments`. */
export interface DocumentOptions {
  readonly maxBytes?: number;
}

/** The documents of one import, and the folder that references may reach into. */
export class DocumentSet {
  /** The input folder (its real path); no file outside it is ever read. */
  readonly folder: string;
  /** The documents whose operations are imported, in name order. */
  roots: readonly SourceDocument[] = [];
  private readonly shownFolder: string;
  private readonly cache = new Map<string, SourceDocument>();
  private readonly maxBytes: number;

  private constructor(shownFolder: string, maxBytes: number) {
    this.shownFolder = shownFolder;
    this.folder = realpathSync(shownFolder);
    this.maxBytes = maxBytes;
  }

  /** Opens a file or folder; throws `OpenApiError` for unreadable, too large or invalid input. */
  static open(input: string, options: DocumentOptions = {}): DocumentSet {
    const maxBytes = options.maxBytes ?? MAX_DOCUMENT_BYTES;
    const stats = statSync(input, { throwIfNoEntry: false });
    if (!stats) throw problem({ file: input, pointer: "" }, "IK_OPENAPI_INPUT", "no such file");
    if (stats.isDirectory()) {
      const names = readdirSync(input)
        .filter((name) => DOCUMENT_NAME.test(name))
        .sort();
      const set = new DocumentSet(input, maxBytes);
      set.roots = names.map((name) => set.load(name, undefined)).filter(isOpenApi);
      if (set.roots.length === 0) {
        throw problem({ file: input, pointer: "" }, "IK_OPENAPI_INPUT", noDocumentIn(input));
      }
      return set;
    }
    const set = new DocumentSet(path.dirname(input), maxBytes);
    const root = set.load(path.basename(input), undefined);
    if (!isOpenApi(root)) {
      throw problem({ file: input, pointer: "" }, "IK_OPENAPI_INPUT", "not an OpenAPI document");
    }
    set.roots = [root];
    return set;
  }

  /** Checks every root against the OpenAPI JSON Schema of its version. */
  async checkStructure(): Promise<void> {
    const validator = schemaValidator();
    const problems: LocatedProblem[] = [];
    for (const root of this.roots) {
      const version = String((root.data as { openapi?: unknown }).openapi ?? "");
      if (!/^3\.[01]\.\d+$/.test(version)) {
        problems.push({
          ...this.locate(root, "/openapi"),
          code: "IK_OPENAPI_VERSION",
          message: `OpenAPI ${version || "(none)"} is not supported; give a 3.0 or 3.1 document`,
        });
        continue;
      }
      const check = validator.getAjvValidator(version.slice(0, 3));
      if (check(root.data)) continue;
      for (const error of (check.errors ?? []).slice(0, 5)) {
        problems.push({
          ...this.locate(root, error.instancePath ?? ""),
          code: "IK_OPENAPI_INVALID",
          message: `${error.message ?? "is invalid"} (OpenAPI ${version} schema)`,
        });
      }
    }
    if (problems.length > 0) throw new OpenApiError(problems);
  }

  /**
   * The document `name` (relative to the folder), read on first use. `from` locates the
   * reference that asked for it, for error messages.
   */
  load(name: string, from: DocumentLocation | undefined): SourceDocument {
    const known = this.cache.get(name);
    if (known) return known;
    const at = from ?? { file: path.join(this.shownFolder, name), pointer: "" };
    const file = path.join(this.folder, name);
    let real: string;
    try {
      real = realpathSync(file);
    } catch {
      throw problem(at, "IK_OPENAPI_REF_UNRESOLVED", `no file ${name} in ${this.shownFolder}`);
    }
    if (!real.startsWith(this.folder + path.sep)) {
      throw problem(at, "IK_OPENAPI_REF_REFUSED", `${name} leads outside ${this.shownFolder}`);
    }
    const size = statSync(real).size;
    if (size > this.maxBytes) {
      throw problem(
        at,
        "IK_OPENAPI_TOO_LARGE",
        `${name} has ${size} bytes; documents of more than ${this.maxBytes} bytes are refused`,
      );
    }
    const shown = path.join(this.shownFolder, name);
    const document = parseDocument(shown, name, readFileSync(real));
    this.cache.set(name, document);
    return document;
  }

  /** The location of `pointer` in `document`, with line and column for YAML. */
  locate(document: SourceDocument, pointer: string): DocumentLocation {
    const position = document.positions?.get(pointer);
    return {
      file: document.file,
      pointer,
      ...(position ? { line: position.line, column: position.column } : {}),
    };
  }
}

/** The compiled JSON Schema check of one OpenAPI version, with the errors of its last call. */
type SchemaCheck = ((data: unknown) => boolean) & {
  errors?: readonly { instancePath?: string; message?: string }[] | null;
};

/**
 * The validator's compiled JSON Schema checks only. Its `validate` goes on, after the schema
 * passes, to a reference pass of its own (a deep copy of the document, every `$ref` walked)
 * that cannot follow sibling files and whose verdict the import ignores: `references.ts`
 * resolves and locates references itself. Ajv's optimising pass is off: it halves the
 * compile of the OpenAPI schema, while the checks and their messages stay the same.
 */
function schemaValidator(): { getAjvValidator(version: string): SchemaCheck } {
  const validator = new Validator({ code: { optimize: false } });
  // `getAjvValidator` is the method `validate` itself calls; the package's types omit it.
  return validator as unknown as { getAjvValidator(version: string): SchemaCheck };
}

/**
 * Why a folder gave no document, and where the documents are when they sit one folder down
 * (`zoho-oas/` holds `v8.0/`): a folder is read alone, never searched, since its files are
 * each other's reference targets.
 */
function noDocumentIn(folder: string): string {
  const message = "no OpenAPI document (.json, .yaml or .yml with an `openapi` key) in this folder";
  const below = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .find((name) => {
      try {
        return readdirSync(path.join(folder, name)).some((file) => DOCUMENT_NAME.test(file));
      } catch {
        return false; // an unreadable folder gives no hint
      }
    });
  return below === undefined
    ? message
    : `${message}; its subfolder ${below}/ has such files: import ${path.join(folder, below)}`;
}

function isOpenApi(document: SourceDocument): boolean {
  const data = document.data;
  return typeof data === "object" && data !== null && "openapi" in data;
}

function problem(at: DocumentLocation, code: string, message: string): OpenApiError {
  return new OpenApiError([{ ...at, code, message }]);
}

function parseDocument(file: string, name: string, bytes: Uint8Array): SourceDocument {
  const decoded = decodeSpecText(file, bytes);
  const first = decoded.diagnostics[0];
  if (first) {
    throw problem(
      { file, pointer: "", line: first.line, column: first.column },
      "IK_OPENAPI_PARSE",
      first.message,
    );
  }
  if (/\.json$/i.test(name)) {
    try {
      return { file, name, data: JSON.parse(decoded.text) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new OpenApiError([{ file, pointer: "", code: "IK_OPENAPI_PARSE", message }], {
        cause: error,
      });
    }
  }
  const source = parseYamlSource(file, decoded.text);
  const failure = source.diagnostics.find((d) => d.severity === "error");
  if (failure || source.data === undefined) {
    throw problem(
      { file, pointer: "", line: failure?.line ?? 1, column: failure?.column ?? 1 },
      "IK_OPENAPI_PARSE",
      failure?.message ?? "the document is empty",
    );
  }
  return { file, name, data: source.data, positions: source.valuePositions };
}
