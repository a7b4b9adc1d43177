/**
 * The compiled connector model: one normalized, immutable description of a connector that
 * every target and the runtime read. It is produced by `compileConnector` from validated YAML
 * and never from anything else, so all artefacts agree by construction.
 *
 * Conventions: ids and other identifiers stay strings end to end (Zoho record ids exceed 2^53);
 * lists are sorted where order carries no meaning (endpoints by id, scopes by name), so output
 * built from the model is deterministic.
 */

/** A position in a source file, 1-based line and column. */
export interface SourcePosition {
  /** Path of the YAML file, relative to the working directory when it was loaded. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One Zoho data center: where its API and accounts (OAuth) servers live. */
export interface DataCenter {
  /** Short id used by `--dc` and `ZOHO_DC`, e.g. `us`, `eu`, `com.au` is written `au`. */
  readonly id: string;
  /** Human name, e.g. `United States`. */
  readonly label: string;
  /** API domain (origin without a trailing slash), e.g. `https://www.zohoapis.com`. */
  readonly apiDomain: string;
  /** Accounts server origin, e.g. `https://accounts.zoho.com`. */
  readonly accountsDomain: string;
}

/** How requests authenticate. Only Zoho's OAuth 2.0 exists today. */
export interface AuthScheme {
  readonly type: "oauth2";
  /** Prefix of the Authorization header value, e.g. `Zoho-oauthtoken` (not `Bearer`). */
  readonly headerPrefix: string;
  /** Path of the token endpoint on the accounts server, e.g. `/oauth/v2/token`. */
  readonly tokenPath: string;
}

/** A documented error reply: Zoho's `code`, the HTTP status it comes with, and what to do. */
export interface ErrorDefinition {
  /** Zoho's error code, e.g. `NO_PERMISSION`. */
  readonly code: string;
  /** HTTP status that carries it. */
  readonly status: number;
  /** The message Zoho sends (informative; runtime maps on `code`, never on this text). */
  readonly message: string;
  /** What the user should do about it. */
  readonly resolution: string;
}

/** An OAuth scope an endpoint needs, split into Zoho's `group.operation` form. */
export interface Scope {
  /** Full scope, e.g. `ZohoCRM.Files.READ`. */
  readonly name: string;
  /** Everything before the last dot, e.g. `ZohoCRM.Files`. */
  readonly group: string;
  /** The operation type after the last dot, e.g. `READ`. */
  readonly operation: string;
  /** What the operation type allows, e.g. `To retrieve files from ZFS`. */
  readonly description: string;
}

/**
 * Value types a parameter may have. Values always travel as strings on the wire: `date` as
 * `yyyy-MM-dd`, `datetime` as `yyyy-MM-ddTHH:mm:ss±HH:mm` (Zoho's form, no milliseconds, no
 * `Z`), `list` as comma-separated items. A `date` or `datetime` value may also be given as a
 * JavaScript `Date`, which the plan writes in that form (case C17, `Parameter.timeZone`).
 */
export type ParameterType =
  | "string"
  | "integer"
  | "number"
  | "boolean"
  | "date"
  | "datetime"
  | "list";

/**
 * A JSON Schema (2020-12) describing a JSON body, restricted to the subset the spec format
 * allows (type, properties, required, items, additionalProperties, enum, format, bounds,
 * description, examples; no `$ref`).
 */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly title?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly additionalProperties?: boolean | JsonSchema;
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
  readonly examples?: readonly unknown[];
  /**
   * Our keyword, on a `format: date` or `format: date-time` string: the IANA time zone
   * (e.g. `Asia/Kolkata`) a `Date` value is written in (case C17). Checked when the spec loads.
   */
  readonly "x-tz"?: string;
}

/** Where a parameter goes in the HTTP request. */
export type ParameterLocation = "query" | "path" | "header";

/** One request parameter. */
export interface Parameter {
  readonly name: string;
  readonly in: ParameterLocation;
  readonly type: ParameterType;
  readonly required: boolean;
  readonly description: string;
  /** Allowed values, when the API restricts them (kept as strings). */
  readonly enum?: readonly string[];
  /** For `list` parameters: the most items one value may hold (e.g. 50 `fields`). */
  readonly maxItems?: number;
  /**
   * For `date` and `datetime` parameters: the IANA time zone (spec key `tz`, e.g.
   * `America/New_York`) a `Date` value is written in. Without it, the runtime's `timeZone`
   * option applies, else UTC for a date-time; a date needs one of the two (case C17).
   */
  readonly timeZone?: string;
}

/** One file part of a multipart request body. */
export interface FilePart {
  /** Form field name, e.g. `file`. */
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
  /** How many files the field takes in one request (1 for a single file). */
  readonly maxCount: number;
  /** Largest accepted file, in bytes; checked before sending. */
  readonly maxBytes?: number;
  /** Lower-case file name extensions (with the dot) that the API refuses, e.g. `.exe`. */
  readonly forbiddenExtensions: readonly string[];
}

/** What a request carries in its body. */
export type RequestBody = { readonly kind: "none" } | MultipartBody | JsonBody;

/** An `application/json` body described by a JSON Schema. */
export interface JsonBody {
  readonly kind: "json";
  readonly schema: JsonSchema;
}

/**
 * Page-by-page listing in Zoho's style: `page` (from 1) and `per_page` query parameters, the
 * records under `items`, and a `more_records` flag. Past `maxRecords`, Zoho refuses `page`
 * (DISCRETE_PAGINATION_LIMIT_EXCEEDED) and the next page is asked with `tokenParam` instead.
 */
export interface Pagination {
  /** Dotted path of the record list in a reply, e.g. `data`. */
  readonly items: string;
  /** Dotted path of the "more records" flag, default `info.more_records`. */
  readonly morePath: string;
  /** How many records `page` can reach (Zoho: 2,000), when a token takes over after. */
  readonly maxRecords?: number;
  /** Query parameter that carries the next page token, e.g. `page_token`. */
  readonly tokenParam?: string;
  /** Dotted path of the next page token, default `info.next_page_token`. */
  readonly nextTokenPath: string;
}

/** A body whose array `field` holds at most `maxItems` records per request. */
export interface Batch {
  readonly field: string;
  readonly maxItems: number;
}

/** An asynchronous job: this endpoint creates it; others report its state and result. */
export interface Job {
  /** Dotted path of the job id in this endpoint's reply, e.g. `data.0.details.id`. */
  readonly idPath: string;
  /** Endpoint id polled for the job's state; its path takes the job id. */
  readonly status: string;
  /** Dotted path of the state in the status reply, e.g. `data.0.state`. */
  readonly statePath: string;
  /** States meaning the job finished well, e.g. `COMPLETED`. */
  readonly done: readonly string[];
  /** States meaning the job failed, e.g. `FAILURE`. */
  readonly failed: readonly string[];
  /** Endpoint id that downloads the result. */
  readonly result: string;
}

/** A `multipart/form-data` body made of file parts. */
export interface MultipartBody {
  readonly kind: "multipart";
  readonly files: readonly FilePart[];
}

/** What a successful reply carries. `file`: a binary download; `json`: a JSON document. */
export type ResponseKind = "file" | "json" | "empty";

/** A named set of example arguments, used by docs, samples and tests. */
export interface Example {
  readonly name: string;
  /** Parameter values by parameter name, always strings. */
  readonly params: Readonly<Record<string, string>>;
  /** File part name to a sample local file name, for multipart endpoints. */
  readonly files: Readonly<Record<string, string>>;
  /** A sample JSON body, for JSON endpoints (valid against the body schema). */
  readonly body?: unknown;
}

/** One API operation. */
export interface Endpoint {
  /** `resource.action`, e.g. `files.get`. */
  readonly id: string;
  /** First part of the id: the resource group, e.g. `files`. */
  readonly resource: string;
  /** Second part of the id: the action within the resource, e.g. `get`. */
  readonly action: string;
  readonly title: string;
  readonly purpose: string;
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path below the base path, starting with `/`, e.g. `/files`. */
  readonly path: string;
  /**
   * This endpoint's own base path, when it differs from the connector's (Zoho's bulk APIs
   * live under `/crm/bulk/v2`, the rest under `/crm/v2`). Use `endpointBasePath` to read it.
   */
  readonly basePath?: string;
  /** Sorted by name. */
  readonly scopes: readonly Scope[];
  /** In declaration order (the order users read them in). */
  readonly parameters: readonly Parameter[];
  readonly body: RequestBody;
  readonly response: ResponseKind;
  /** Shape of a successful JSON reply, when the spec gives it. */
  readonly responseSchema?: JsonSchema;
  /**
   * Whether sending the request twice has the effect of sending it once; decides whether a
   * runtime may retry it after an ambiguous failure. Default: true for GET, PUT and DELETE.
   */
  readonly idempotent: boolean;
  /** API credits one call costs (Zoho: 1 for most calls). */
  readonly credits: number;
  /**
   * Most calls of this endpoint in flight at once, when the API limits it below the org's
   * cap (spec key `concurrency`): Zoho allows about 10 concurrent calls of its heavy APIs,
   * COQL among them, on every edition (Kaizen #203, case C05). The runtime holds further
   * calls back; the org-wide limiter applies as well.
   */
  readonly concurrency?: number;
  /**
   * The largest reply expected, in bytes (spec key `expected_max_bytes`), e.g. 104857600 for
   * attachments of up to 100 MB. Deluge's `invokeurl` downloads at most 15 MB from Zoho hosts
   * (5 MB from others), so the Deluge target writes a warning instead of a snippet past that
   * (case C13).
   */
  readonly expectedMaxBytes?: number;
  readonly pagination?: Pagination;
  readonly batch?: Batch;
  readonly job?: Job;
  /** The endpoint's own errors followed by shared errors it does not redefine, by status. */
  readonly errors: readonly ErrorDefinition[];
  readonly examples: readonly Example[];
  /** Free-text limits worth telling a user (e.g. `At most 10 files per request.`). */
  readonly notes: readonly string[];
  /** Where the endpoint was declared. */
  readonly source: SourcePosition;
}

/** A whole connector. */
export interface Connector {
  /** Folder name and package-like id, e.g. `zoho-crm`. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** Prefix of every endpoint path, e.g. `/crm/v2`. */
  readonly basePath: string;
  readonly auth: AuthScheme;
  /** In declaration order; the first one is the default. */
  readonly dataCenters: readonly DataCenter[];
  /** Deluge settings: the connection link name snippets use. */
  readonly deluge: { readonly connection: string };
  /** Errors any endpoint of the service may return. */
  readonly errors: readonly ErrorDefinition[];
  /** Sorted by id. */
  readonly endpoints: readonly Endpoint[];
}

/** Looks up a data center by id, or undefined. */
export function findDataCenter(connector: Connector, id: string): DataCenter | undefined {
  return connector.dataCenters.find((dc) => dc.id === id);
}

/** Looks up an endpoint by id, or undefined. */
export function findEndpoint(connector: Connector, id: string): Endpoint | undefined {
  return connector.endpoints.find((endpoint) => endpoint.id === id);
}

/** The base path an endpoint's path hangs from: its own, else the connector's. */
export function endpointBasePath(connector: Connector, endpoint: Endpoint): string {
  return endpoint.basePath ?? connector.basePath;
}

/** The minimal scope set of a connector: the sorted union of every endpoint's scopes. */
export function connectorScopes(connector: Connector): string[] {
  const names = new Set<string>();
  for (const endpoint of connector.endpoints) {
    for (const scope of endpoint.scopes) names.add(scope.name);
  }
  return [...names].sort();
}
