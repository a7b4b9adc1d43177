/**
 * JSON Schemas (draft 2020-12) for connector files. `x-hint` is our own annotation: the fix,
 * in words, shown when a value breaks a `pattern` (AJV is told about the keyword).
 *
 * Body schemas take two keywords of ours: `x-tz` (the time zone of a `date`/`date-time`
 * string, case C17) and `format: coql` (the string is a COQL query, case C16: generated
 * Deluge then builds it with its text values quoted). Where `tz`/`x-tz` may appear and
 * whether the zone exists are checked by `time-zones.ts`, which a schema cannot do.
 */

const text = { type: "string", minLength: 1 } as const;

/**
 * The `format`s a body schema may name. `int32`/`int64` bound an integer (Zoho's documents use
 * them on counts and ids), and AJV checks them with the others; `coql` is ours.
 */
export const BODY_FORMATS = ["date", "date-time", "email", "uri", "int32", "int64", "coql"];

/** An IANA time zone name; that the zone exists is checked next (`time-zones.ts`). */
const timeZone = {
  type: "string",
  pattern: "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$",
  "x-hint": "write an IANA time zone name, e.g. Asia/Kolkata or UTC",
} as const;

const errorDefinition = {
  type: "object",
  additionalProperties: false,
  required: ["code", "status", "message", "resolution"],
  properties: {
    code: {
      type: "string",
      pattern: "^[A-Za-z][A-Za-z0-9_]*$",
      "x-hint": "an error code is Zoho's code word, e.g. NO_PERMISSION",
    },
    status: {
      type: "integer",
      minimum: 400,
      maximum: 599,
      "x-hint": "an error's status is 4xx or 5xx; describe a 2xx reply as the endpoint's response",
    },
    message: text,
    resolution: text,
  },
} as const;

const errorList = { type: "array", items: errorDefinition } as const;

/** Schema of `connector.yaml`. */
export const connectorSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://invokekit.dev/schemas/connector.json",
  title: "invokekit connector",
  type: "object",
  additionalProperties: false,
  required: ["name", "title", "base_path", "auth", "data_centers", "deluge", "scope_format"],
  properties: {
    name: {
      type: "string",
      pattern: "^[a-z][a-z0-9-]*$",
      "x-hint": "use lower-case letters, digits and dashes, e.g. zoho-crm",
    },
    title: text,
    description: text,
    base_path: {
      type: "string",
      pattern: "^(/[A-Za-z0-9._~-]+)+$",
      "x-hint": "write an absolute path without a trailing slash, e.g. /crm/v2",
    },
    auth: {
      type: "object",
      additionalProperties: false,
      required: ["type", "header_prefix", "token_path"],
      properties: {
        type: { enum: ["oauth2"] },
        header_prefix: { type: "string", pattern: "^[A-Za-z][A-Za-z0-9-]*$" },
        token_path: {
          type: "string",
          pattern: "^(/[A-Za-z0-9._~-]+)+$",
          "x-hint": "write the token endpoint's path, e.g. /oauth/v2/token",
        },
      },
    },
    scope_format: {
      type: "object",
      additionalProperties: false,
      required: ["services", "operations"],
      properties: {
        services: { type: "array", minItems: 1, items: { type: "string", pattern: "^[A-Za-z]+$" } },
        operations: { type: "array", minItems: 1, items: { type: "string", pattern: "^[A-Z]+$" } },
      },
    },
    data_centers: {
      type: "object",
      minProperties: 1,
      propertyNames: {
        pattern: "^[a-z]{2,3}$",
        "x-hint": "a data center id is two or three lower-case letters, e.g. eu",
      },
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        required: ["label", "api", "accounts"],
        properties: {
          label: text,
          api: {
            type: "string",
            pattern: "^https://[a-z0-9.-]+$",
            "x-hint": "write an https origin without a path, e.g. https://www.zohoapis.eu",
          },
          accounts: {
            type: "string",
            pattern: "^https://[a-z0-9.-]+$",
            "x-hint": "write an https origin without a path, e.g. https://accounts.zoho.eu",
          },
        },
      },
    },
    deluge: {
      type: "object",
      additionalProperties: false,
      required: ["connection"],
      properties: {
        connection: {
          type: "string",
          pattern: "^[a-z][a-z0-9_]{0,49}$",
          "x-hint":
            "a connection link name starts with a lower-case letter and has at most 50 " +
            "lower-case letters, digits and underscores",
        },
      },
    },
    errors: errorList,
  },
} as const;

const parameter = {
  type: "object",
  additionalProperties: false,
  required: ["in", "type", "description"],
  properties: {
    in: { enum: ["query", "path", "header"] },
    type: { enum: ["string", "integer", "number", "boolean", "date", "datetime", "list"] },
    required: { type: "boolean" },
    description: text,
    enum: { type: "array", minItems: 1, items: { type: "string" } },
    max_items: { type: "integer", minimum: 1 },
    tz: timeZone,
  },
} as const;

/**
 * The JSON Schema subset that describes request and response bodies: what the SDK can type,
 * the docs can tabulate and the runtime can check. `$ref` is not part of it: write schemas out.
 */
const bodySchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    type: {
      anyOf: [
        { enum: ["object", "array", "string", "integer", "number", "boolean", "null"] },
        {
          type: "array",
          minItems: 1,
          items: { enum: ["object", "array", "string", "integer", "number", "boolean", "null"] },
        },
      ],
    },
    title: text,
    description: text,
    properties: { type: "object", additionalProperties: { $ref: "#/$defs/bodySchema" } },
    required: { type: "array", items: { type: "string" } },
    items: { $ref: "#/$defs/bodySchema" },
    additionalProperties: { anyOf: [{ type: "boolean" }, { $ref: "#/$defs/bodySchema" }] },
    enum: { type: "array", minItems: 1 },
    format: { enum: [...BODY_FORMATS] },
    minItems: { type: "integer", minimum: 0 },
    maxItems: { type: "integer", minimum: 0 },
    minLength: { type: "integer", minimum: 0 },
    maxLength: { type: "integer", minimum: 0 },
    minimum: { type: "number" },
    maximum: { type: "number" },
    pattern: { type: "string" },
    examples: { type: "array" },
    "x-tz": timeZone,
  },
} as const;

const endpointReference = {
  type: "string",
  pattern: "^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$",
  "x-hint": "name another endpoint by its id, e.g. bulk_read.status",
} as const;

/** A dotted path into a JSON reply, e.g. `data.0.details.id`. */
const replyPath = {
  type: "string",
  pattern: "^[A-Za-z0-9_$]+(\\.[A-Za-z0-9_$]+)*$",
  "x-hint": "write a dotted path into the reply, e.g. data.0.details.id",
} as const;

const filePart = {
  type: "object",
  additionalProperties: false,
  required: ["description"],
  properties: {
    required: { type: "boolean" },
    description: text,
    max_count: { type: "integer", minimum: 1 },
    max_bytes: { type: "integer", minimum: 1 },
    forbidden_extensions: {
      type: "array",
      items: {
        type: "string",
        pattern: "^\\.[a-z0-9]+$",
        "x-hint": "write a lower-case extension with its dot, e.g. .exe",
      },
    },
  },
} as const;

const scope = {
  type: "object",
  additionalProperties: false,
  required: ["name", "description"],
  properties: { name: { type: "string" }, description: text },
} as const;

/** Schema of one endpoint file. */
export const endpointSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://invokekit.dev/schemas/endpoint.json",
  title: "invokekit endpoint",
  type: "object",
  additionalProperties: false,
  required: ["id", "title", "purpose", "method", "path", "scopes", "response"],
  properties: {
    id: {
      type: "string",
      pattern: "^[a-z][a-z0-9_]*\\.[a-z][a-z0-9_]*$",
      "x-hint": "an endpoint id is <resource>.<action> in lower case, e.g. files.get",
    },
    title: text,
    purpose: text,
    method: { enum: ["GET", "POST", "PUT", "PATCH", "DELETE"] },
    base_path: {
      type: "string",
      pattern: "^(/[A-Za-z0-9._~-]+)+$",
      "x-hint": "write an absolute path without a trailing slash, e.g. /crm/bulk/v2",
    },
    path: {
      type: "string",
      pattern: "^(/([A-Za-z0-9._~-]+|\\{[a-z_][a-z0-9_]*\\}))+$",
      "x-hint": "write a path below base_path such as /files or /{module}/{record_id}",
    },
    scopes: { type: "array", minItems: 1, items: scope },
    parameters: {
      type: "object",
      propertyNames: {
        pattern: "^[A-Za-z_][A-Za-z0-9_-]*$",
        "x-hint": "a parameter name is a letter or _ followed by letters, digits, _ or -",
      },
      additionalProperties: parameter,
    },
    body: {
      type: "object",
      additionalProperties: false,
      minProperties: 1,
      maxProperties: 1,
      properties: {
        multipart: {
          type: "object",
          minProperties: 1,
          propertyNames: { pattern: "^[A-Za-z_][A-Za-z0-9_-]*$" },
          additionalProperties: filePart,
        },
        json: {
          type: "object",
          additionalProperties: false,
          required: ["schema"],
          properties: { schema: { $ref: "#/$defs/bodySchema" } },
        },
      },
    },
    response: { enum: ["file", "json", "empty"] },
    response_schema: { $ref: "#/$defs/bodySchema" },
    idempotent: { type: "boolean" },
    credits: { type: "integer", minimum: 1 },
    concurrency: { type: "integer", minimum: 1 },
    expected_max_bytes: { type: "integer", minimum: 1 },
    pagination: {
      type: "object",
      additionalProperties: false,
      required: ["items"],
      properties: {
        items: replyPath,
        more_path: replyPath,
        max_records: { type: "integer", minimum: 1 },
        token_param: { type: "string" },
        next_token_path: replyPath,
      },
    },
    batch: {
      type: "object",
      additionalProperties: false,
      required: ["field", "max_items"],
      properties: { field: { type: "string" }, max_items: { type: "integer", minimum: 1 } },
    },
    job: {
      type: "object",
      additionalProperties: false,
      required: ["id_path", "status", "state_path", "done", "result"],
      properties: {
        id_path: replyPath,
        status: endpointReference,
        state_path: replyPath,
        done: { type: "array", minItems: 1, items: { type: "string" } },
        failed: { type: "array", items: { type: "string" } },
        result: endpointReference,
      },
    },
    errors: errorList,
    notes: { type: "array", items: text },
    examples: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name"],
        properties: {
          name: text,
          params: { type: "object", additionalProperties: { type: "string" } },
          files: { type: "object", additionalProperties: { type: "string" } },
          body: {},
        },
      },
    },
  },
  $defs: { bodySchema },
} as const;
