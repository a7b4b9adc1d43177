/**
 * One OpenAPI operation -> one endpoint file (`RawEndpoint`), plus what did not fit, as notes.
 * Ids are assigned afterwards across all operations (`ids.ts`); this module reads what the
 * operation itself says: its path, title and `x-invokekit` data here, and through the
 * `operation-*.ts` modules its parameters, body, replies and errors, and scopes.
 */
import type { RawEndpoint, RawParameter } from "../spec/raw.ts";
import type { DocumentSet, SourceDocument } from "./documents.ts";
import { type LocatedProblem, OpenApiError } from "./errors.ts";
import { type Fields, fields, text } from "./fields.ts";
import { snakeCase } from "./ids.ts";
import { readBody } from "./operation-body.ts";
import { readParameter } from "./operation-parameters.ts";
import { readResponses } from "./operation-responses.ts";
import { readScopes } from "./operation-scopes.ts";
import { escapeSegment, follow, type Resolved } from "./references.ts";
import { newReport } from "./schema-subset.ts";
import type { OAuthScheme } from "./security.ts";

/** The parts of an endpoint an operation gives, before its id is known. */
export type EndpointDraft = Omit<RawEndpoint, "id">;

/** One converted operation. */
export interface ImportedOperation {
  readonly document: SourceDocument;
  /** Pointer of the operation object, e.g. `/paths/~1files/get`. */
  readonly pointer: string;
  readonly method: RawEndpoint["method"];
  /** The operation's path as written in the document. */
  readonly openApiPath: string;
  /** The id the document gives (`operationId` when it already is `resource.action`). */
  readonly givenId?: string;
  /** The first tag, when there is one. */
  readonly tag?: string;
  /** Human title: summary, else operationId, else method and path. */
  readonly title: string;
  readonly endpoint: EndpointDraft;
  /** What was not carried over, one line each. */
  readonly notes: string[];
  /** Unresolvable references met (reported, and fatal unless skipped). */
  readonly problems: LocatedProblem[];
  /** OAuth schemes its scopes came from. */
  readonly schemes: OAuthScheme[];
  /** Path of the operation's (or path item's) own server, when it has one. */
  readonly serverPath?: string;
}

/** Context shared by every operation of one import. */
export interface OperationContext {
  readonly documents: DocumentSet;
  /** Prefix cut from every path (the connector's base path, minus the server's own path). */
  readonly stripPrefix: string;
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
/** HTTP methods the spec format has no room for. */
export const OTHER_METHODS = ["head", "options", "trace"] as const;
export { METHODS };

/** Converts the operation at `pointer`; never throws for reference problems (see `problems`). */
export function importOperation(
  context: OperationContext,
  document: SourceDocument,
  openApiPath: string,
  method: (typeof METHODS)[number],
): ImportedOperation {
  const { documents } = context;
  const itemPointer = `/paths/${escapeSegment(openApiPath)}`;
  const pointer = `${itemPointer}/${method}`;
  const root = fields(document.data);
  const pathItem = follow(documents, document, itemPointer, fields(root.paths)[openApiPath]);
  const operation = fields(fields(pathItem.value)[method]);
  const notes: string[] = [];
  const problems: LocatedProblem[] = [];
  const report = newReport();
  const guard = <T>(what: string, run: () => T): T | undefined => {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof OpenApiError)) throw error;
      problems.push(...error.problems);
      notes.push(`${what} left out: ${error.problems[0]?.message ?? error.message}`);
      return undefined;
    }
  };

  const extension = fields(operation["x-invokekit"]);
  const operationId = text(operation.operationId);
  const title = text(operation.summary) ?? operationId ?? `${method.toUpperCase()} ${openApiPath}`;
  const purpose = text(operation.description) ?? text(operation.summary) ?? title;

  // Path: cut the base path, rename templates the spec format cannot name. An operation with
  // servers of its own has its own base path (Zoho's bulk APIs), and its path is below that.
  const servers = operation.servers ?? fields(pathItem.value).servers;
  const serverPath = ownServerPath(servers);
  if (Array.isArray(servers) && serverPath === undefined) {
    notes.push("own servers left out: the spec format has one API host per data center");
  }
  const strip = serverPath === undefined ? context.stripPrefix : "";
  const renames = new Map<string, string>();
  let endpointPath = openApiPath.startsWith(strip) ? openApiPath.slice(strip.length) : openApiPath;
  endpointPath = endpointPath.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const renamed = /^[a-z_][a-z0-9_]*$/.test(name) ? name : snakeCase(name) || "param";
    if (renamed !== name) {
      renames.set(name, renamed);
      notes.push(`path parameter {${name}} renamed {${renamed}} (the value is sent unchanged)`);
    }
    return `{${renamed}}`;
  });

  const parameters: Record<string, RawParameter> = {};
  const listed = [
    ...listAt(pathItem, "parameters"),
    ...listAt({ ...pathItem, pointer, value: operation }, "parameters"),
  ];
  for (const entry of listed) {
    guard("a parameter", () => {
      const resolved = follow(documents, entry.document, entry.pointer, entry.value);
      const parameter = readParameter(documents, resolved, renames, notes, report);
      if (!parameter) return;
      const [name, raw] = parameter;
      const previous = parameters[name];
      if (previous && previous.in !== raw.in) {
        notes.push(`parameter ${name} in ${raw.in} left out: ${name} is also in ${previous.in}`);
        return;
      }
      parameters[name] = raw;
    });
  }

  const body = guard("the request body", () =>
    readBody(documents, document, pointer, operation, method, notes, report),
  );
  const replies = readResponses(documents, document, pointer, operation, notes, problems, report);

  const schemes: OAuthScheme[] = [];
  const scopes =
    guard("the security requirements", () =>
      readScopes(documents, document, pointer, operation, extension, notes, schemes),
    ) ?? [];

  for (const [what, count] of [...report.dropped].sort()) {
    notes.push(`schema keyword ${what} not carried over (${count}x)`);
  }
  notes.push(...report.notes);

  const endpoint: EndpointDraft = {
    title,
    purpose,
    method: method.toUpperCase() as RawEndpoint["method"],
    path: endpointPath,
    scopes,
    ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
    ...(body ? { body } : {}),
    response: replies.response,
    ...(replies.schema ? { response_schema: replies.schema } : {}),
    ...carried(extension),
    ...(replies.errors.length > 0 ? { errors: replies.errors } : {}),
  };
  if (replies.noContentToo) {
    endpoint.notes = [...(endpoint.notes ?? []), NO_CONTENT_NOTE];
  }
  const tag = Array.isArray(operation.tags) ? text(operation.tags[0]) : undefined;
  const givenId =
    operationId && /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/.test(operationId) ? operationId : undefined;
  return {
    document,
    pointer,
    method: endpoint.method,
    openApiPath,
    ...(givenId ? { givenId } : {}),
    ...(tag ? { tag } : {}),
    title,
    endpoint,
    notes,
    problems,
    schemes,
    ...(serverPath !== undefined ? { serverPath } : {}),
  };
}

/** The admins' note of an operation that may also answer 204 (the runtime returns nothing). */
const NO_CONTENT_NOTE = "It may also answer 204 with no body, when there is nothing to return.";

function ownServerPath(servers: unknown): string | undefined {
  const url = Array.isArray(servers) ? fields(servers[0]).url : undefined;
  if (typeof url !== "string") return undefined;
  try {
    const pathname = decodeURI(new URL(url).pathname).replace(/\/+$/, "");
    return pathname === "" ? undefined : pathname;
  } catch {
    return undefined;
  }
}

/** `x-invokekit` fields that the export writes and the import takes back as they are. */
function carried(extension: Fields): Partial<RawEndpoint> {
  const keys = [
    "idempotent",
    "credits",
    "concurrency",
    "expected_max_bytes",
    "pagination",
    "batch",
    "job",
    "notes",
    "examples",
  ];
  const out: Fields = {};
  for (const key of keys) if (extension[key] !== undefined) out[key] = extension[key];
  return out as Partial<RawEndpoint>;
}

/** The entries of the list `key` of `owner`, each with its own pointer. */
function listAt(owner: Resolved, key: string): Resolved[] {
  const list = fields(owner.value)[key];
  if (!Array.isArray(list)) return [];
  return list.map((value, index) => ({
    document: owner.document,
    pointer: `${owner.pointer}/${key}/${index}`,
    value,
  }));
}
