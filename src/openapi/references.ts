/**
 * `$ref` resolution without any network or out-of-folder file access. A reference may point
 * into the same document (`#/components/...`), into a sibling file (`common.json#/...`,
 * `./common.json#/...`, or a path below the input folder), or be an absolute http(s) URL
 * whose last path segment names a sibling file (Zoho's documents point at
 * `https://raw.githubusercontent.com/.../v8.0/common.json#/...`): that URL is read from the
 * sibling and never fetched. Everything else (`file:` URLs, URLs naming no sibling, paths
 * leaving the folder, `$id`-relative anchors) is refused with a located error.
 */
import path from "node:path";
import type { DocumentSet, SourceDocument } from "./documents.ts";
import { OpenApiError } from "./errors.ts";

/** A resolved reference: the document and pointer it led to, and the value there. */
export interface Resolved {
  readonly document: SourceDocument;
  readonly pointer: string;
  readonly value: unknown;
}

/** Longest chain of references to references followed before giving up. */
const MAX_CHAIN = 32;

/** Escapes one JSON pointer segment (RFC 6901). */
export function escapeSegment(key: string | number): string {
  return String(key).replaceAll("~", "~0").replaceAll("/", "~1");
}

/** The `$ref` string of a value, when it is a reference object. */
export function refOf(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const ref = (value as { $ref?: unknown }).$ref;
  return typeof ref === "string" ? ref : undefined;
}

/**
 * Follows `value` while it is a reference; `pointer` is where `value` sits in `document`.
 * Throws `OpenApiError` located at the offending `$ref`.
 */
export function follow(
  documents: DocumentSet,
  document: SourceDocument,
  pointer: string,
  value: unknown,
): Resolved {
  let current: Resolved = { document, pointer, value };
  const seen = new Set<string>();
  for (let step = 0; step <= MAX_CHAIN; step++) {
    const ref = refOf(current.value);
    if (ref === undefined) return current;
    const key = `${current.document.name}#${current.pointer}`;
    if (seen.has(key)) {
      throw refError(documents, current, "IK_OPENAPI_REF_CYCLE", `reference ${ref} loops back`);
    }
    seen.add(key);
    current = resolveOnce(documents, current, ref);
  }
  throw refError(documents, current, "IK_OPENAPI_REF_CYCLE", `more than ${MAX_CHAIN} hops`);
}

function resolveOnce(documents: DocumentSet, from: Resolved, ref: string): Resolved {
  const hash = ref.indexOf("#");
  const address = hash < 0 ? ref : ref.slice(0, hash);
  const fragment = hash < 0 ? "" : ref.slice(hash + 1);
  const target = address === "" ? from.document : sibling(documents, from, ref, address);
  let pointer: string;
  try {
    pointer = decodeURIComponent(fragment);
  } catch {
    throw refError(documents, from, "IK_OPENAPI_REF_UNRESOLVED", `bad fragment in ${ref}`);
  }
  if (pointer !== "" && !pointer.startsWith("/")) {
    const message = `reference ${ref} uses an anchor; only JSON pointers (#/...) are supported`;
    throw refError(documents, from, "IK_OPENAPI_REF_REFUSED", message);
  }
  let value: unknown = target.data;
  for (const raw of pointer.split("/").slice(1)) {
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    const container = value as Record<string, unknown> | undefined;
    if (typeof container !== "object" || container === null || !Object.hasOwn(container, segment)) {
      const message = `reference ${ref} names nothing: ${target.name} has no ${pointer}`;
      throw refError(documents, from, "IK_OPENAPI_REF_UNRESOLVED", message);
    }
    value = container[segment];
  }
  return { document: target, pointer, value };
}

function sibling(
  documents: DocumentSet,
  from: Resolved,
  ref: string,
  address: string,
): SourceDocument {
  const at = locateRef(documents, from);
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(address)?.[1]?.toLowerCase();
  let name: string;
  if (scheme === "http" || scheme === "https") {
    let last = "";
    try {
      last = decodeURIComponent(new URL(address).pathname.split("/").at(-1) ?? "");
    } catch {
      last = "";
    }
    if (!/^[^/\\]+\.(json|ya?ml)$/i.test(last) || !exists(documents, last)) {
      const message =
        `remote reference ${ref} is not fetched, and ${documents.folder} has no sibling ` +
        `file named ${last || "(no file name)"} to read instead`;
      throw new OpenApiError([{ ...at, code: "IK_OPENAPI_REF_REFUSED", message }]);
    }
    name = last;
  } else if (scheme !== undefined || path.isAbsolute(address) || address.includes("\\")) {
    const message = `reference ${ref} is refused: only files inside the input folder are read`;
    throw new OpenApiError([{ ...at, code: "IK_OPENAPI_REF_REFUSED", message }]);
  } else {
    const base = path.posix.dirname(from.document.name);
    name = path.posix.normalize(path.posix.join(base, decodeURIComponent(address)));
    if (name.startsWith("../") || name === "..") {
      const message = `reference ${ref} leads outside the input folder`;
      throw new OpenApiError([{ ...at, code: "IK_OPENAPI_REF_REFUSED", message }]);
    }
  }
  return documents.load(name, at);
}

function exists(documents: DocumentSet, name: string): boolean {
  try {
    documents.load(name, undefined);
    return true;
  } catch (error) {
    if (error instanceof OpenApiError && error.code === "IK_OPENAPI_REF_UNRESOLVED") return false;
    throw error;
  }
}

function locateRef(documents: DocumentSet, at: Resolved) {
  return documents.locate(at.document, `${at.pointer}/$ref`);
}

function refError(documents: DocumentSet, at: Resolved, code: string, message: string) {
  return new OpenApiError([{ ...locateRef(documents, at), code, message }]);
}
