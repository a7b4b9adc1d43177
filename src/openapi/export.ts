/**
 * `exportOpenApi`: a connector -> one OpenAPI 3.1 document. Everything OpenAPI has a place for
 * goes there (paths, parameters, JSON and multipart bodies, replies, errors as `oneOf` of
 * named schemas per status, OAuth scopes, servers); what it has none for (data center ids and
 * accounts servers, pagination, batches, jobs, credits, an endpoint's `concurrency` cap and
 * `expected_max_bytes`, examples, file limits, the connector's shared errors) goes into
 * `x-invokekit` extensions, so that importing the document gives the same connector back.
 *
 * Limitations: OpenAPI's OAuth flow needs an authorization URL, which the spec format does not
 * hold; it is written as the token path with `token` replaced by `auth` (Zoho's form). Two
 * endpoints with the same method and path cannot both be written (`IK_OPENAPI_EXPORT`).
 */
import { InvokekitError } from "../errors.ts";
import type {
  Connector,
  Endpoint,
  ErrorDefinition,
  JsonSchema,
  Parameter,
  RequestBody,
} from "../spec/model.ts";

type Fields = Record<string, unknown>;

/** The security scheme name used in exported documents. */
export const SCHEME = "oauth2";

/** Builds the OpenAPI 3.1 document of `connector`. */
export function exportOpenApi(connector: Connector): Fields {
  const scopes: Record<string, string> = {};
  for (const endpoint of connector.endpoints) {
    for (const scope of endpoint.scopes) scopes[scope.name] ??= scope.description;
  }
  const paths: Record<string, Fields> = {};
  for (const endpoint of connector.endpoints) {
    const item = paths[endpoint.path] ?? {};
    paths[endpoint.path] = item;
    const method = endpoint.method.toLowerCase();
    if (item[method]) {
      throw new InvokekitError(
        "IK_OPENAPI_EXPORT",
        `${endpoint.id} and another endpoint share ${endpoint.method} ${endpoint.path}`,
      );
    }
    item[method] = operation(connector, endpoint, scopes);
  }
  const accounts = connector.dataCenters[0]?.accountsDomain ?? "";
  const authPath = connector.auth.tokenPath.replace(/token$/, "auth");
  return {
    openapi: "3.1.0",
    info: {
      title: connector.title,
      version: connector.basePath.split("/").at(-1) ?? "1",
      ...(connector.description ? { description: connector.description } : {}),
    },
    servers: connector.dataCenters.map((dc) => ({
      url: `${dc.apiDomain}${connector.basePath}`,
      description: dc.label,
      "x-invokekit-data-center": { id: dc.id, accounts: dc.accountsDomain },
    })),
    paths,
    components: {
      securitySchemes: {
        [SCHEME]: {
          type: "oauth2",
          flows: {
            authorizationCode: {
              authorizationUrl: `${accounts}${authPath}`,
              tokenUrl: `${accounts}${connector.auth.tokenPath}`,
              scopes,
            },
          },
        },
      },
    },
    "x-invokekit": {
      name: connector.name,
      header_prefix: connector.auth.headerPrefix,
      deluge_connection: connector.deluge.connection,
      scope_format: scopeFormat(connector),
      ...(connector.errors.length > 0 ? { errors: connector.errors.map(rawError) } : {}),
    },
  };
}

function scopeFormat(connector: Connector) {
  const names = connector.endpoints.flatMap((e) => e.scopes);
  return {
    services: [...new Set(names.map((s) => s.name.split(".")[0] ?? ""))].sort(),
    operations: [...new Set(names.map((s) => s.operation))].sort(),
  };
}

function rawError(error: ErrorDefinition) {
  return {
    code: error.code,
    status: error.status,
    message: error.message,
    resolution: error.resolution,
  };
}

function operation(
  connector: Connector,
  endpoint: Endpoint,
  scopes: Readonly<Record<string, string>>,
): Fields {
  const extension: Fields = {};
  const ownScopes = Object.fromEntries(
    endpoint.scopes
      .filter((s) => scopes[s.name] !== s.description)
      .map((s) => [s.name, s.description]),
  );
  if (Object.keys(ownScopes).length > 0) extension.scopes = ownScopes;
  if (endpoint.idempotent !== ["GET", "PUT", "DELETE"].includes(endpoint.method)) {
    extension.idempotent = endpoint.idempotent;
  }
  if (endpoint.credits !== 1) extension.credits = endpoint.credits;
  if (endpoint.concurrency !== undefined) extension.concurrency = endpoint.concurrency;
  if (endpoint.expectedMaxBytes !== undefined) {
    extension.expected_max_bytes = endpoint.expectedMaxBytes;
  }
  if (endpoint.pagination) {
    const p = endpoint.pagination;
    extension.pagination = {
      items: p.items,
      more_path: p.morePath,
      ...(p.maxRecords !== undefined ? { max_records: p.maxRecords } : {}),
      ...(p.tokenParam !== undefined ? { token_param: p.tokenParam } : {}),
      next_token_path: p.nextTokenPath,
    };
  }
  if (endpoint.batch) {
    extension.batch = { field: endpoint.batch.field, max_items: endpoint.batch.maxItems };
  }
  if (endpoint.job) {
    const j = endpoint.job;
    extension.job = {
      id_path: j.idPath,
      status: j.status,
      state_path: j.statePath,
      done: j.done,
      failed: j.failed,
      result: j.result,
    };
  }
  if (endpoint.notes.length > 0) extension.notes = endpoint.notes;
  if (endpoint.examples.length > 0) {
    extension.examples = endpoint.examples.map((e) => ({
      name: e.name,
      ...(Object.keys(e.params).length > 0 ? { params: e.params } : {}),
      ...(Object.keys(e.files).length > 0 ? { files: e.files } : {}),
      ...(e.body !== undefined ? { body: e.body } : {}),
    }));
  }
  const files = fileLimits(endpoint.body);
  if (files) extension.files = files;
  return {
    operationId: endpoint.id,
    tags: [endpoint.resource],
    summary: endpoint.title,
    description: endpoint.purpose,
    ...(endpoint.basePath !== undefined
      ? {
          servers: connector.dataCenters.map((dc) => ({
            url: `${dc.apiDomain}${endpoint.basePath}`,
            description: dc.label,
          })),
        }
      : {}),
    ...(endpoint.parameters.length > 0 ? { parameters: endpoint.parameters.map(parameter) } : {}),
    ...requestBody(endpoint.body),
    responses: responses(endpoint),
    security: [{ [SCHEME]: endpoint.scopes.map((s) => s.name) }],
    ...(Object.keys(extension).length > 0 ? { "x-invokekit": extension } : {}),
  };
}

function parameter(p: Parameter): Fields {
  const enumValues = p.enum ? { enum: [...p.enum] } : {};
  const schemas: Record<Parameter["type"], Fields> = {
    string: { type: "string", ...enumValues },
    integer: { type: "integer", ...enumValues },
    number: { type: "number", ...enumValues },
    boolean: { type: "boolean", ...enumValues },
    date: { type: "string", format: "date", ...enumValues },
    datetime: { type: "string", format: "date-time", ...enumValues },
    list: {
      type: "array",
      items: { type: "string", ...enumValues },
      ...(p.maxItems !== undefined ? { maxItems: p.maxItems } : {}),
    },
  };
  return {
    name: p.name,
    in: p.in,
    description: p.description,
    required: p.required,
    // The zone a Date is written in (case C17) rides in the schema, where body fields keep it.
    schema: p.timeZone === undefined ? schemas[p.type] : { ...schemas[p.type], "x-tz": p.timeZone },
    ...(p.type === "list" ? { style: p.in === "query" ? "form" : "simple", explode: false } : {}),
  };
}

function requestBody(body: RequestBody): Fields {
  if (body.kind === "json") {
    return {
      requestBody: { required: true, content: { "application/json": { schema: body.schema } } },
    };
  }
  if (body.kind === "multipart") {
    const binary = { type: "string", contentMediaType: "application/octet-stream" };
    const properties = Object.fromEntries(
      body.files.map((f) => [
        f.name,
        f.maxCount === 1
          ? { ...binary, description: f.description }
          : { type: "array", items: binary, maxItems: f.maxCount, description: f.description },
      ]),
    );
    const required = body.files.filter((f) => f.required).map((f) => f.name);
    const schema: Fields = {
      type: "object",
      properties,
      ...(required.length > 0 ? { required } : {}),
    };
    return {
      requestBody: {
        required: required.length > 0,
        content: { "multipart/form-data": { schema } },
      },
    };
  }
  return {};
}

function fileLimits(body: RequestBody): Fields | undefined {
  if (body.kind !== "multipart") return undefined;
  const limits: Fields = {};
  for (const f of body.files) {
    const own = {
      ...(f.maxBytes !== undefined ? { max_bytes: f.maxBytes } : {}),
      ...(f.forbiddenExtensions.length > 0 ? { forbidden_extensions: f.forbiddenExtensions } : {}),
    };
    if (Object.keys(own).length > 0) limits[f.name] = own;
  }
  return Object.keys(limits).length > 0 ? limits : undefined;
}

function responses(endpoint: Endpoint): Fields {
  const out: Fields = {};
  if (endpoint.response === "file") {
    out["200"] = {
      description: "The file.",
      content: {
        "application/octet-stream": { schema: { contentMediaType: "application/octet-stream" } },
      },
    };
  } else if (endpoint.response === "json") {
    const schema: JsonSchema = endpoint.responseSchema ?? {};
    out["200"] = { description: "Success.", content: { "application/json": { schema } } };
  } else {
    out["204"] = { description: "Success, no content." };
  }
  const byStatus = new Map<number, ErrorDefinition[]>();
  for (const error of endpoint.errors) {
    byStatus.set(error.status, [...(byStatus.get(error.status) ?? []), error]);
  }
  for (const [status, errors] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    const sorted = [...errors].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    out[String(status)] = {
      description: sorted.map((e) => e.code).join(", "),
      content: { "application/json": { schema: { oneOf: sorted.map(errorSchema) } } },
    };
  }
  return out;
}

function errorSchema(error: ErrorDefinition): Fields {
  return {
    title: error.code,
    description: error.resolution,
    type: "object",
    required: ["code"],
    properties: {
      code: { type: "string", enum: [error.code] },
      message: { type: "string", examples: [error.message] },
      status: { type: "string", enum: ["error"] },
      details: { type: "object" },
    },
  };
}
