/**
 * compileConnector: validated raw YAML data -> the immutable connector model. Runs only on
 * files that passed schema and cross-file checks, so it trusts their shapes.
 */
import type {
  Connector,
  Endpoint,
  ErrorDefinition,
  FilePart,
  Job,
  Pagination,
  Parameter,
  Scope,
  SourcePosition,
} from "./model.ts";
import type { RawConnector, RawEndpoint, RawError } from "./raw.ts";

function compileErrors(errors: readonly RawError[] | undefined): ErrorDefinition[] {
  return (errors ?? []).map(({ code, status, message, resolution }) => ({
    code,
    status,
    message: message.trim(),
    resolution: resolution.trim(),
  }));
}

function compileScope(name: string, description: string): Scope {
  const cut = name.lastIndexOf(".");
  return { name, group: name.slice(0, cut), operation: name.slice(cut + 1), description };
}

function compileEndpoint(
  raw: RawEndpoint,
  shared: readonly ErrorDefinition[],
  source: SourcePosition,
): Endpoint {
  const [resource = "", action = ""] = raw.id.split(".");
  const parameters: Parameter[] = Object.entries(raw.parameters ?? {}).map(([name, p]) => ({
    name,
    in: p.in,
    type: p.type,
    required: p.in === "path" || p.required === true,
    description: p.description.trim(),
    ...(p.enum ? { enum: p.enum } : {}),
    ...(p.max_items !== undefined ? { maxItems: p.max_items } : {}),
    ...(p.tz !== undefined ? { timeZone: p.tz } : {}),
  }));
  const files: FilePart[] = Object.entries(raw.body?.multipart ?? {}).map(([name, part]) => ({
    name,
    required: part.required === true,
    description: part.description.trim(),
    maxCount: part.max_count ?? 1,
    ...(part.max_bytes !== undefined ? { maxBytes: part.max_bytes } : {}),
    forbiddenExtensions: part.forbidden_extensions ?? [],
  }));

  const own = compileErrors(raw.errors);
  const inherited = shared.filter((error) => !own.some((o) => o.code === error.code));
  return {
    id: raw.id,
    resource,
    action,
    title: raw.title.trim(),
    purpose: raw.purpose.trim(),
    method: raw.method,
    path: raw.path,
    ...(raw.base_path !== undefined ? { basePath: raw.base_path } : {}),
    scopes: raw.scopes
      .map((s) => compileScope(s.name, s.description.trim()))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    parameters,
    body: raw.body?.json
      ? { kind: "json", schema: raw.body.json.schema }
      : files.length > 0
        ? { kind: "multipart", files }
        : { kind: "none" },
    response: raw.response,
    ...(raw.response_schema ? { responseSchema: raw.response_schema } : {}),
    idempotent: raw.idempotent ?? ["GET", "PUT", "DELETE"].includes(raw.method),
    credits: raw.credits ?? 1,
    ...(raw.concurrency !== undefined ? { concurrency: raw.concurrency } : {}),
    ...(raw.expected_max_bytes !== undefined ? { expectedMaxBytes: raw.expected_max_bytes } : {}),
    ...(raw.pagination ? { pagination: compilePagination(raw.pagination) } : {}),
    ...(raw.batch ? { batch: { field: raw.batch.field, maxItems: raw.batch.max_items } } : {}),
    ...(raw.job ? { job: compileJob(raw.job) } : {}),
    errors: [...own, ...inherited.sort((a, b) => a.status - b.status)],
    examples: (raw.examples ?? []).map((e) => ({
      name: e.name,
      params: { ...(e.params ?? {}) },
      files: { ...(e.files ?? {}) },
      ...(e.body !== undefined ? { body: e.body } : {}),
    })),
    notes: (raw.notes ?? []).map((note) => note.trim()),
    source,
  };
}

function compilePagination(raw: NonNullable<RawEndpoint["pagination"]>): Pagination {
  return {
    items: raw.items,
    morePath: raw.more_path ?? "info.more_records",
    ...(raw.max_records !== undefined ? { maxRecords: raw.max_records } : {}),
    ...(raw.token_param !== undefined ? { tokenParam: raw.token_param } : {}),
    nextTokenPath: raw.next_token_path ?? "info.next_page_token",
  };
}

function compileJob(raw: NonNullable<RawEndpoint["job"]>): Job {
  return {
    idPath: raw.id_path,
    status: raw.status,
    statePath: raw.state_path,
    done: raw.done,
    failed: raw.failed ?? [],
    result: raw.result,
  };
}

/** Deep-freezes a value so the model cannot be changed by a target or the runtime. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Builds the model from a connector file and its endpoints (each with its position). */
export function compileConnector(
  raw: RawConnector,
  endpoints: readonly { raw: RawEndpoint; source: SourcePosition }[],
): Connector {
  const shared = compileErrors(raw.errors);
  const compiled = endpoints
    .map((e) => compileEndpoint(e.raw, shared, e.source))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return deepFreeze({
    name: raw.name,
    title: raw.title,
    description: (raw.description ?? "").trim(),
    basePath: raw.base_path,
    auth: {
      type: raw.auth.type,
      headerPrefix: raw.auth.header_prefix,
      tokenPath: raw.auth.token_path,
    },
    dataCenters: Object.entries(raw.data_centers).map(([id, dc]) => ({
      id,
      label: dc.label,
      apiDomain: dc.api,
      accountsDomain: dc.accounts,
    })),
    deluge: { connection: raw.deluge.connection },
    errors: shared,
    endpoints: compiled,
  });
}
