/**
 * One OpenAPI operation -> one endpoint file (`RawEndpoint`), plus what did not fit, as notes.
 * Ids are assigned afterwards across all operations (`ids.ts`); this module reads what the
 * operation itself says: parameters, body, replies, errors, scopes and `x-invokekit` data.
 */
import type { JsonSchema } from "../spec/model.ts";
import type { RawEndpoint, RawError, RawFilePart, RawParameter } from "../spec/raw.ts";
import type { DocumentSet, SourceDocument } from "./documents.ts";
import { type LocatedProblem, OpenApiError } from "./errors.ts";
import { snakeCase } from "./ids.ts";
import { escapeSegment, follow, type Resolved, refOf } from "./references.ts";
import { newReport, type SubsetReport, toSubset } from "./schema-subset.ts";
import { type OAuthScheme, readScheme } from "./security.ts";

type Fields = Record<string, unknown>;

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

function fields(value: unknown): Fields {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Fields) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

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
  const keys = ["idempotent", "credits", "pagination", "batch", "job", "notes", "examples"];
  const out: Fields = {};
  for (const key of keys) if (extension[key] !== undefined) out[key] = extension[key];
  return out as Partial<RawEndpoint>;
}

function listAt(owner: Resolved, key: string): Resolved[] {
  const list = fields(owner.value)[key];
  if (!Array.isArray(list)) return [];
  return list.map((value, index) => ({
    document: owner.document,
    pointer: `${owner.pointer}/${key}/${index}`,
    value,
  }));
}

function readParameter(
  documents: DocumentSet,
  resolved: Resolved,
  renames: ReadonlyMap<string, string>,
  notes: string[],
  report: SubsetReport,
): [string, RawParameter] | undefined {
  const parameter = fields(resolved.value);
  const given = String(parameter.name ?? "");
  const where = parameter.in;
  if (where !== "query" && where !== "path" && where !== "header") {
    notes.push(`parameter ${given} in ${String(where)} left out: only query, path, header fit`);
    return undefined;
  }
  const name = where === "path" ? (renames.get(given) ?? given) : given;
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
    notes.push(`parameter "${given}" left out: the spec format cannot name it`);
    return undefined;
  }
  let schema: Fields = {};
  if (parameter.schema !== undefined) {
    const at = `${resolved.pointer}/schema`;
    schema = fields(toSubset(documents, resolved.document, at, parameter.schema, report));
  } else if (parameter.content !== undefined) {
    notes.push(`parameter ${name}: content-typed value read as a string`);
  }
  const raw: RawParameter = {
    in: where,
    type: parameterType(schema, name, notes),
    ...(parameter.required === true && where !== "path" ? { required: true } : {}),
    description:
      text(parameter.description) ?? text(schema.description) ?? `The ${name} ${where} parameter.`,
  };
  const values = schema.type === "array" ? fields(schema.items).enum : schema.enum;
  if (Array.isArray(values) && values.length > 0) raw.enum = values.map((v) => String(v));
  if (schema.type === "array" && typeof schema.maxItems === "number" && schema.maxItems >= 1) {
    raw.max_items = schema.maxItems;
  }
  if (parameter.deprecated === true) notes.push(`parameter ${name}: deprecated mark left out`);
  return [name, raw];
}

function parameterType(schema: Fields, name: string, notes: string[]): RawParameter["type"] {
  const type = Array.isArray(schema.type)
    ? schema.type.find((t) => t !== "null")
    : (schema.type as string | undefined);
  if (type === "string" && schema.format === "date") return "date";
  if (type === "string" && schema.format === "date-time") return "datetime";
  if (type === "array") return "list";
  if (type === "integer" || type === "number" || type === "boolean" || type === "string") {
    return type;
  }
  if (type !== undefined) notes.push(`parameter ${name}: ${type} value read as a string`);
  return "string";
}

function readBody(
  documents: DocumentSet,
  document: SourceDocument,
  pointer: string,
  operation: Fields,
  method: string,
  notes: string[],
  report: SubsetReport,
): RawEndpoint["body"] | undefined {
  if (operation.requestBody === undefined) return undefined;
  const body = follow(documents, document, `${pointer}/requestBody`, operation.requestBody);
  const content = fields(fields(body.value).content);
  const types = Object.keys(content);
  if (method === "get" || method === "delete") {
    notes.push(`request body of a ${method.toUpperCase()} left out: the spec format has none`);
    return undefined;
  }
  const contentPointer = `${body.pointer}/content`;
  const json = types.find((t) => /^application\/([a-z.+-]*\+)?json\b/.test(t));
  const multipart = types.find((t) => t.startsWith("multipart/form-data"));
  const chosen = json ?? multipart;
  for (const other of types.filter((t) => t !== chosen)) {
    notes.push(`request body as ${other} left out: the spec format takes JSON or multipart`);
  }
  if (!chosen) return undefined;
  const mediaPointer = `${contentPointer}/${escapeSegment(chosen)}`;
  const schemaValue = fields(content[chosen]).schema;
  if (json) {
    const schema = toSubset(
      documents,
      body.document,
      `${mediaPointer}/schema`,
      schemaValue,
      report,
    );
    return { json: { schema } };
  }
  const schema = fields(
    toSubset(documents, body.document, `${mediaPointer}/schema`, schemaValue ?? {}, report),
  );
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const files = fields(fields(fields(operation["x-invokekit"]).files));
  const parts: Record<string, RawFilePart> = {};
  for (const [name, value] of Object.entries(fields(schema.properties))) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
      notes.push(`multipart field "${name}" left out: the spec format cannot name it`);
      continue;
    }
    const part = fields(value);
    const limits = fields(files[name]);
    let count = 1;
    if (part.type === "array") {
      if (typeof part.maxItems === "number" && part.maxItems >= 1) count = part.maxItems;
      else notes.push(`multipart field ${name}: a list without maxItems, written max_count 1`);
    } else if (part.type !== "string" && part.type !== "object" && part.type !== undefined) {
      notes.push(`multipart field ${name}: a ${String(part.type)} value sent as a file part`);
    }
    parts[name] = {
      ...(required.includes(name) ? { required: true } : {}),
      description: text(part.description) ?? `The ${name} file.`,
      ...(count !== 1 ? { max_count: count } : {}),
      ...(typeof limits.max_bytes === "number" ? { max_bytes: limits.max_bytes } : {}),
      ...(Array.isArray(limits.forbidden_extensions)
        ? { forbidden_extensions: limits.forbidden_extensions as string[] }
        : {}),
    };
  }
  if (Object.keys(parts).length === 0) {
    notes.push("multipart body without fields left out");
    return undefined;
  }
  return { multipart: parts };
}

interface Replies {
  response: RawEndpoint["response"];
  schema?: JsonSchema;
  errors: RawError[];
}

function readResponses(
  documents: DocumentSet,
  document: SourceDocument,
  pointer: string,
  operation: Fields,
  notes: string[],
  problems: LocatedProblem[],
  report: SubsetReport,
): Replies {
  const responses = fields(operation.responses);
  const statuses = Object.keys(responses).sort();
  const replies: Replies = { response: "empty", errors: [] };
  let success: string | undefined;
  for (const status of statuses) {
    const at = `${pointer}/responses/${escapeSegment(status)}`;
    try {
      const reply = follow(documents, document, at, responses[status]);
      const content = fields(fields(reply.value).content);
      const code = Number(status);
      if (!/^[1-5]\d\d$/.test(status)) {
        notes.push(`response ${status} left out: only numeric statuses fit`);
      } else if (code >= 200 && code < 300) {
        if (success !== undefined) {
          notes.push(`success response ${status} left out: ${success} is the endpoint's reply`);
          continue;
        }
        success = status;
        readSuccess(documents, reply, content, replies, notes, report);
      } else if (code >= 400) {
        readErrors(documents, reply, code, content, replies, notes);
      } else {
        notes.push(`response ${status} left out: only 2xx, 4xx and 5xx fit`);
      }
    } catch (error) {
      if (!(error instanceof OpenApiError)) throw error;
      problems.push(...error.problems);
      notes.push(`response ${status} left out: ${error.problems[0]?.message ?? error.message}`);
    }
  }
  return replies;
}

function readSuccess(
  documents: DocumentSet,
  reply: Resolved,
  content: Fields,
  replies: Replies,
  notes: string[],
  report: SubsetReport,
): void {
  const types = Object.keys(content);
  const json = types.find((t) => /^application\/([a-z.+-]*\+)?json\b/.test(t));
  const chosen = json ?? types[0];
  for (const other of types.filter((t) => t !== chosen)) {
    notes.push(`reply as ${other} left out: one reply kind per endpoint`);
  }
  if (chosen === undefined) return;
  if (!json) {
    replies.response = "file";
    return;
  }
  replies.response = "json";
  const schema = fields(content[json]).schema;
  if (schema === undefined) return;
  const at = `${reply.pointer}/content/${escapeSegment(json)}/schema`;
  const converted = toSubset(documents, reply.document, at, schema, report);
  if (Object.keys(converted).length > 0) replies.schema = converted;
}

function readErrors(
  documents: DocumentSet,
  reply: Resolved,
  status: number,
  content: Fields,
  replies: Replies,
  notes: string[],
): void {
  const json = Object.keys(content).find((t) => /json/.test(t));
  const schemaValue = json ? fields(content[json]).schema : undefined;
  if (schemaValue === undefined) {
    notes.push(`response ${status} left out: it names no error schema`);
    return;
  }
  const at = `${reply.pointer}/content/${escapeSegment(json ?? "")}/schema`;
  const top = follow(documents, reply.document, at, schemaValue);
  const branches = fields(top.value).oneOf ?? fields(top.value).anyOf;
  const candidates: Resolved[] = Array.isArray(branches)
    ? branches.map((value, index) => ({
        document: top.document,
        pointer: `${top.pointer}/${fields(top.value).oneOf ? "oneOf" : "anyOf"}/${index}`,
        value,
      }))
    : [top];
  for (const candidate of candidates) {
    const schema = follow(documents, candidate.document, candidate.pointer, candidate.value);
    const name = refOf(candidate.value)?.split("/").at(-1) ?? schema.pointer.split("/").at(-1);
    const error = readError(schema.value, status, name ?? "error");
    if (!error) {
      notes.push(`error schema ${name} (${status}) left out: it names no code`);
      continue;
    }
    const previous = replies.errors.find((e) => e.code === error.code);
    if (previous) {
      if (previous.status !== status) {
        notes.push(`error ${error.code} under ${status} left out: kept under ${previous.status}`);
      }
      continue;
    }
    replies.errors.push(error);
  }
}

function readError(value: unknown, status: number, name: string): RawError | undefined {
  const schema = fields(value);
  const properties = fields(schema.properties);
  const codeSchema = fields(properties.code);
  const code = Array.isArray(codeSchema.enum) ? codeSchema.enum[0] : codeSchema.const;
  if (typeof code !== "string" || !/^[A-Za-z][A-Za-z0-9_]*$/.test(code)) return undefined;
  const messageSchema = fields(properties.message);
  const message =
    firstText(messageSchema.examples) ??
    firstText(messageSchema.enum) ??
    text(messageSchema.const) ??
    text(schema.title) ??
    name.replaceAll("_", " ");
  const resolution =
    text(schema.description) ?? `The OpenAPI document gives no resolution for ${code}.`;
  return { code, status, message, resolution };
}

function firstText(value: unknown): string | undefined {
  return Array.isArray(value) ? text(value[0]) : undefined;
}

function readScopes(
  documents: DocumentSet,
  document: SourceDocument,
  pointer: string,
  operation: Fields,
  extension: Fields,
  notes: string[],
  schemes: OAuthScheme[],
): RawEndpoint["scopes"] {
  const root = fields(document.data);
  const own = operation.security !== undefined;
  const requirements = own ? operation.security : root.security;
  const at = own ? `${pointer}/security` : "/security";
  const list = Array.isArray(requirements) ? requirements : [];
  if (list.length > 1) notes.push("security alternatives merged into one scope list");
  const described = fields(extension.scopes);
  const scopes: RawEndpoint["scopes"] = [];
  list.forEach((requirement, index) => {
    for (const [schemeName, names] of Object.entries(fields(requirement))) {
      const scheme = readScheme(documents, document, schemeName, `${at}/${index}`);
      if (!scheme) {
        notes.push(`security scheme ${schemeName} left out: only OAuth 2.0 fits`);
        continue;
      }
      if (!schemes.some((s) => s.key === scheme.key)) schemes.push(scheme);
      for (const given of Array.isArray(names) ? names : []) {
        const name = normalizeScope(String(given), notes);
        if (!name || scopes.some((s) => s.name === name)) continue;
        const description =
          text(described[name]) ??
          text(scheme.scopes[String(given)]) ??
          text(scheme.scopes[name]) ??
          `OAuth scope ${name}.`;
        scopes.push({ name, description });
      }
    }
  });
  return scopes;
}

/** Zoho writes some operation types in lower case (`read`); the spec format wants `READ`. */
function normalizeScope(given: string, notes: string[]): string | undefined {
  const parts = given.split(".");
  if (parts.length < 3 || parts.some((part) => !/^[A-Za-z_]+$/.test(part))) {
    notes.push(`scope ${given} left out: not of the form service.group.OPERATION`);
    return undefined;
  }
  const operation = parts.at(-1) ?? "";
  if (operation !== operation.toUpperCase()) {
    notes.push(
      `scope ${given} written ${[...parts.slice(0, -1), operation.toUpperCase()].join(".")}`,
    );
  }
  return [...parts.slice(0, -1), operation.toUpperCase()].join(".");
}
