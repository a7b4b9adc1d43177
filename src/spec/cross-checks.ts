/**
 * Checks that span keys or files, which a JSON Schema cannot express: duplicate endpoint ids,
 * path parameters without a declaration, error codes declared twice, scopes not of the form
 * the service uses or unknown to Zoho (`scope-checks.ts`), web hosts given as API domains
 * (`data-center-hosts.ts`), examples naming undeclared parameters, ids that disagree with file
 * names, time zones that do not exist (`time-zones.ts`).
 *
 * They run on every file that parsed, schema-valid or not, so one run reports everything:
 * each check reads only the fields it needs and skips those of the wrong shape (the schema
 * errors already name them).
 */

import { bodyProblems, bodySchemaProblem } from "./body-schema.ts";
import { checkDataCenterHosts } from "./data-center-hosts.ts";
import type { Diagnostic } from "./diagnostics.ts";
import { didYouMean } from "./did-you-mean.ts";
import type { JsonSchema } from "./model.ts";
import { checkScopes, scopeFormat } from "./scope-checks.ts";
import { checkTimeZones } from "./time-zones.ts";
import { type Pointer, pointerSegment, type YamlSource } from "./yaml-source.ts";

/** A parsed endpoint file with its source. */
export interface CheckedEndpoint {
  readonly source: YamlSource;
  /** The file's data as parsed (schema-valid or not). */
  readonly data: unknown;
  /** Path of the file relative to the connector folder, with `/` separators. */
  readonly relativePath: string;
}

type Report = (source: YamlSource, pointer: Pointer, code: string, message: string) => void;
type Fields = Readonly<Record<string, unknown>>;

function fields(value: unknown): Fields {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Fields) : {};
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function reporter(diagnostics: Diagnostic[]): Report {
  return (source, pointer, code, message) => {
    const position = source.valuePositions.get(pointer) ?? { line: 1, column: 1 };
    diagnostics.push({ severity: "error", code, message, file: source.file, ...position });
  };
}

/** Runs every cross-file check; returns the problems found. */
export function crossCheck(
  connectorSource: YamlSource,
  connector: unknown,
  endpoints: readonly CheckedEndpoint[],
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = reporter(diagnostics);
  checkErrorList(report, connectorSource, fields(connector).errors);
  diagnostics.push(...checkDataCenterHosts(connectorSource, connector));
  const format = scopeFormat(connector);

  const seen = new Map<string, { source: YamlSource; relativePath: string }>();
  for (const { source, data, relativePath } of endpoints) {
    const endpoint = fields(data);
    const id = text(endpoint.id);
    if (id !== undefined) {
      const first = seen.get(id);
      if (first) {
        // Report the copy at the file whose name does not fit the id (the one added by
        // mistake); when both or neither fit, at the later file.
        const keep = idFitsFile(id, first.relativePath) || !idFitsFile(id, relativePath);
        const [owner, copy] = keep ? [first.source, source] : [source, first.source];
        const where = owner.valuePositions.get("/id");
        report(
          copy,
          "/id",
          "IK_SPEC_DUPLICATE_ID",
          `duplicate endpoint id "${id}"; it is already declared at ` +
            `${owner.file}:${where?.line ?? 1}:${where?.column ?? 1}`,
        );
      } else {
        seen.set(id, { source, relativePath });
      }
      checkIdMatchesFile(report, source, id, relativePath);
    }
    checkPathParameters(report, source, endpoint);
    checkErrorList(report, source, endpoint.errors);
    if (format) diagnostics.push(...checkScopes(source, endpoint, format));
    checkExamples(report, source, endpoint);
    checkBodyShapes(report, source, endpoint);
    diagnostics.push(...checkTimeZones(source, endpoint));
    if (endpoint.body !== undefined && endpoint.method === "GET") {
      report(
        source,
        "/body",
        "IK_SPEC_GET_BODY",
        "a GET request cannot carry a body; remove body or change the method",
      );
    }
  }
  checkEndpointReferences(report, endpoints);
  return diagnostics;
}

/** The endpoint id a file's place asks for: `files/get.yaml` -> `files.get`. */
function idOfFile(file: string): string {
  return file
    .replace(/\.ya?ml$/, "")
    .split("/")
    .join(".");
}

function idFitsFile(id: string, file: string): boolean {
  return id === idOfFile(file);
}

function checkIdMatchesFile(report: Report, source: YamlSource, id: string, file: string) {
  const expected = idOfFile(file);
  if (id !== expected) {
    report(
      source,
      "/id",
      "IK_SPEC_ID_LOCATION",
      `endpoint id "${id}" does not match its file ${file}; ` +
        `name it "${expected}" or move the file to ${id.replace(".", "/")}.yaml`,
    );
  }
}

function checkPathParameters(report: Report, source: YamlSource, endpoint: Fields) {
  const path = text(endpoint.path);
  const parameters = fields(endpoint.parameters);
  if (path === undefined) return;
  const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? "");
  for (const name of inPath) {
    const declared = parameters[name];
    if (declared === undefined) {
      report(
        source,
        "/path",
        "IK_SPEC_PATH_PARAMETER",
        `path parameter {${name}} has no declaration; add parameters.${name} with in: path`,
      );
    } else if (fields(declared).in !== "path") {
      report(
        source,
        `/parameters/${pointerSegment(name)}/in`,
        "IK_SPEC_PATH_PARAMETER",
        `parameters.${name} appears in the path as {${name}}; set in: path`,
      );
    }
  }
  for (const [name, value] of Object.entries(parameters)) {
    const parameter = fields(value);
    if (parameter.in !== "path") continue;
    if (!inPath.includes(name)) {
      report(
        source,
        `/parameters/${pointerSegment(name)}/in`,
        "IK_SPEC_PATH_PARAMETER",
        `parameters.${name} is a path parameter but the path has no {${name}}`,
      );
    } else if (parameter.required === false) {
      report(
        source,
        `/parameters/${pointerSegment(name)}/required`,
        "IK_SPEC_PATH_PARAMETER",
        `path parameter ${name} is always required; remove required: false`,
      );
    }
  }
}

function checkErrorList(report: Report, source: YamlSource, errors: unknown) {
  const first = new Map<string, number>();
  list(errors).forEach((error, index) => {
    const code = text(fields(error).code);
    if (code === undefined) return;
    const earlier = first.get(code);
    if (earlier === undefined) {
      first.set(code, index);
      return;
    }
    const where = source.valuePositions.get(`/errors/${earlier}/code`);
    report(
      source,
      `/errors/${index}/code`,
      "IK_SPEC_DUPLICATE_ERROR",
      `error code ${code} is declared twice (first at line ${where?.line ?? 1}); keep one entry`,
    );
  });
}

function checkExamples(report: Report, source: YamlSource, endpoint: Fields) {
  const parameters = fields(endpoint.parameters);
  const parts = Object.keys(fields(fields(endpoint.body).multipart));
  list(endpoint.examples).forEach((value, index) => {
    const example = fields(value);
    const label = `example "${text(example.name) ?? index}"`;
    const params = fields(example.params);
    for (const [name, given] of Object.entries(params)) {
      const declared = parameters[name];
      const pointer = `/examples/${index}/params/${pointerSegment(name)}`;
      const allowed = list(fields(declared).enum);
      if (declared === undefined) {
        const guess = didYouMean(name, Object.keys(parameters));
        report(
          source,
          pointer,
          "IK_SPEC_EXAMPLE",
          `${label} sets undeclared parameter "${name}"` +
            (guess ? `; did you mean "${guess}"?` : ""),
        );
      } else if (allowed.length > 0 && !allowed.includes(given)) {
        report(
          source,
          pointer,
          "IK_SPEC_EXAMPLE",
          `${label} sets ${name} outside its enum ${allowed.join(", ")}`,
        );
      }
      const most = fields(declared).max_items;
      const count = typeof given === "string" ? given.split(",").length : 0;
      if (typeof most === "number" && count > most) {
        report(
          source,
          pointer,
          "IK_SPEC_EXAMPLE",
          `${label} gives ${count} items in ${name}; Zoho takes at most ${most}`,
        );
      }
    }
    const schema = fields(fields(endpoint.body).json).schema;
    if (example.body !== undefined && schema === undefined) {
      report(
        source,
        `/examples/${index}/body`,
        "IK_SPEC_EXAMPLE",
        `${label} has a body, but the endpoint declares no body.json`,
      );
    } else if (example.body !== undefined && !bodySchemaProblem(schema as JsonSchema)) {
      for (const problem of bodyProblems(schema as JsonSchema, example.body)) {
        report(source, `/examples/${index}/body`, "IK_SPEC_EXAMPLE", `${label}: ${problem}`);
      }
    }
    for (const name of Object.keys(fields(example.files))) {
      if (!parts.includes(name)) {
        report(
          source,
          `/examples/${index}/files/${pointerSegment(name)}`,
          "IK_SPEC_EXAMPLE",
          `${label} names file part "${name}", which body.multipart lacks`,
        );
      }
    }
    for (const [name, declared] of Object.entries(parameters)) {
      if (fields(declared).required === true && params[name] === undefined) {
        report(
          source,
          `/examples/${index}`,
          "IK_SPEC_EXAMPLE",
          `${label} lacks required parameter "${name}"`,
        );
      }
    }
  });
}

function checkBodyShapes(report: Report, source: YamlSource, endpoint: Fields) {
  const schemas = [
    ["/body/json/schema", "body.json.schema", fields(fields(endpoint.body).json).schema],
    ["/response_schema", "response_schema", endpoint.response_schema],
  ] as const;
  for (const [pointer, name, schema] of schemas) {
    const problem = schema === undefined ? undefined : bodySchemaProblem(schema as JsonSchema);
    if (problem) {
      report(
        source,
        pointer,
        "IK_SPEC_BODY_SCHEMA",
        `${name} is not a usable JSON Schema: ${problem}`,
      );
    }
  }

  const field = text(fields(endpoint.batch).field);
  if (field !== undefined) {
    const body = fields(fields(fields(endpoint.body).json).schema);
    if (fields(fields(body.properties)[field]).type !== "array") {
      report(
        source,
        "/batch/field",
        "IK_SPEC_BATCH",
        `batch.field "${field}" must name an array property of body.json.schema`,
      );
    }
  }

  if (endpoint.pagination !== undefined) {
    const parameters = fields(endpoint.parameters);
    const token = text(fields(endpoint.pagination).token_param);
    for (const name of ["page", "per_page", ...(token ? [token] : [])]) {
      if (fields(parameters[name]).in !== "query") {
        report(
          source,
          "/pagination",
          "IK_SPEC_PAGINATION",
          `pagination needs a query parameter "${name}"; declare parameters.${name} with ` +
            "in: query",
        );
      }
    }
    // A missing or misspelt method is reported by the schema; this check would only echo it.
    if (typeof endpoint.method === "string" && endpoint.method !== "GET") {
      report(
        source,
        "/pagination",
        "IK_SPEC_PAGINATION",
        "pagination applies to GET endpoints only",
      );
    }
  }
}

/** A job names its status and result endpoints by id: they must exist and take a path id. */
function checkEndpointReferences(report: Report, endpoints: readonly CheckedEndpoint[]) {
  const byId = new Map<string, Fields>();
  for (const { data } of endpoints) {
    const id = text(fields(data).id);
    if (id !== undefined) byId.set(id, fields(data));
  }
  for (const { source, data } of endpoints) {
    const job = fields(fields(data).job);
    for (const key of ["status", "result"] as const) {
      const target = text(job[key]);
      if (target === undefined) continue;
      const referenced = byId.get(target);
      if (!referenced) {
        const guess = didYouMean(target, [...byId.keys()]);
        report(
          source,
          `/job/${key}`,
          "IK_SPEC_JOB",
          `job.${key} names endpoint "${target}", which does not exist` +
            (guess ? `; did you mean "${guess}"?` : ""),
        );
      } else if (!/\{[^}]+\}/.test(text(referenced.path) ?? "")) {
        report(
          source,
          `/job/${key}`,
          "IK_SPEC_JOB",
          `job.${key} endpoint "${target}" has no path parameter to take the job id`,
        );
      }
    }
  }
}
