/**
 * planRequest: the one place that turns an endpoint and its arguments into an HTTP request.
 * The runtime sends what it returns; the curl and Deluge targets write the same URL from the
 * same pieces (`urlPieces`), so the three can never disagree on a path, a query or an encoding.
 */
import { ArgumentError } from "../errors.ts";
import { bodyProblems } from "../spec/body-schema.ts";
import {
  type Connector,
  type Endpoint,
  endpointBasePath,
  findEndpoint,
  type Parameter,
} from "../spec/model.ts";
import { type ParameterValue, resolveDates } from "./date-values.ts";
import { encodeUriComponentStrict } from "./encode.ts";
import { ZOHO_DATE, ZOHO_DATE_TIME } from "./zoho-date.ts";

/** Arguments of one call: parameter values and, for multipart endpoints, local file paths. */
export interface RequestArguments {
  /** Parameter values by name. Values are strings; ids stay strings end to end. */
  readonly params?: Readonly<Record<string, string>>;
  /** Local file paths by multipart part name; a part may take several files. */
  readonly files?: Readonly<Record<string, readonly string[]>>;
  /** The JSON body, for endpoints with `body.json`; checked against its schema. */
  readonly body?: unknown;
}

/**
 * Arguments as callers write them: like `RequestArguments`, but a `date` or `datetime`
 * parameter, and any value in the JSON body, may be a `Date` (case C17, `date-values.ts`).
 */
export interface CallArguments extends Omit<RequestArguments, "params"> {
  /** Parameter values by name: text, or a `Date` for date and datetime parameters. */
  readonly params?: Readonly<Record<string, ParameterValue>>;
}

/** Options of `planRequest`. */
export interface PlanOptions {
  /** API domain (origin) the URL starts with, e.g. `https://www.zohoapis.com`. */
  readonly apiDomain: string;
  /**
   * IANA time zone for `Date` arguments whose field names none (`tz` / `x-tz`), e.g.
   * `Asia/Kolkata`. Default: none, so date-times are written in UTC (`+00:00`) and a Date for
   * a date-only field is refused.
   */
  readonly timeZone?: string;
}

/**
 * Writes the `Date` values of `args` in Zoho's form for endpoint `endpointId` (case C17) and
 * returns arguments holding text only; throws `ArgumentError` naming each field that cannot be
 * written (a date-only field with no zone, an Invalid Date). An unknown endpoint id passes
 * through, for the caller to report.
 */
export function resolveDateArguments(
  connector: Connector,
  endpointId: string,
  args: CallArguments,
  timeZone?: string,
): RequestArguments {
  const endpoint = findEndpoint(connector, endpointId);
  const resolved = resolveDates(endpoint, args.params, args.body, timeZone);
  if (resolved.problems.length > 0) throw new ArgumentError(endpointId, resolved.problems);
  return withResolved(args, resolved);
}

function withResolved(
  args: CallArguments,
  resolved: { readonly params: RequestArguments["params"]; readonly body: unknown },
): RequestArguments {
  const { params: _params, body: _body, ...rest } = args;
  return {
    ...rest,
    ...(resolved.params === undefined ? {} : { params: resolved.params }),
    ...(args.body === undefined ? {} : { body: resolved.body }),
  };
}

/** One file to send as a multipart part. */
export interface PlannedFile {
  readonly part: string;
  readonly path: string;
}

/** The canonical HTTP request of a call, without authentication. */
export interface PlannedRequest {
  readonly endpointId: string;
  readonly method: Endpoint["method"];
  /** Absolute URL: API domain, base path, encoded path and query. */
  readonly url: string;
  /** Query pairs in send order, decoded (as the server sees them). */
  readonly query: readonly (readonly [string, string])[];
  /** Headers from header parameters, names lower-cased, in declaration order. */
  readonly headers: readonly (readonly [string, string])[];
  /** Files for a multipart body, in part order then argument order; empty when none. */
  readonly files: readonly PlannedFile[];
  /** The serialized JSON body, for JSON endpoints. */
  readonly body?: { readonly contentType: "application/json"; readonly text: string };
  readonly response: Endpoint["response"];
}

/** A piece of a URL: literal text, or a parameter value to encode and insert. */
export type UrlPiece =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "param"; readonly parameter: Parameter };

/**
 * Splits an endpoint's URL into literal text and parameter slots: API domain + base path +
 * path (with `{name}` slots), then `?name=` + slot for each query parameter in `queryNames`
 * (declaration order). Adjacent text is merged. Every target renders URLs from these pieces.
 */
export function urlPieces(
  connector: Connector,
  endpoint: Endpoint,
  apiDomain: string,
  queryNames: readonly string[],
): UrlPiece[] {
  const pieces: UrlPiece[] = [];
  const pushText = (text: string): void => {
    const last = pieces.at(-1);
    if (last?.kind === "text") pieces[pieces.length - 1] = { kind: "text", text: last.text + text };
    else pieces.push({ kind: "text", text });
  };

  pushText(apiDomain.replace(/\/+$/, "") + endpointBasePath(connector, endpoint));
  const segments = endpoint.path.split(/(\{[^}]+\})/);
  for (const segment of segments) {
    const slot = /^\{([^}]+)\}$/.exec(segment);
    const parameter =
      slot && endpoint.parameters.find((p) => p.name === slot[1] && p.in === "path");
    if (parameter) pieces.push({ kind: "param", parameter });
    else if (segment !== "") pushText(segment);
  }

  let separator = "?";
  for (const parameter of endpoint.parameters) {
    if (parameter.in !== "query" || !queryNames.includes(parameter.name)) continue;
    pushText(`${separator}${encodeUriComponentStrict(parameter.name)}=`);
    pieces.push({ kind: "param", parameter });
    separator = "&";
  }
  return pieces;
}

/** Checks arguments against the endpoint and lists every problem, each naming the parameter. */
function checkArguments(endpoint: Endpoint, args: RequestArguments): string[] {
  const problems: string[] = [];
  const params = args.params ?? {};
  const declared = new Set(endpoint.parameters.map((p) => p.name));
  for (const name of Object.keys(params).sort()) {
    if (!declared.has(name)) {
      const known = [...declared].join(", ") || "none";
      problems.push(`unknown parameter "${name}" (declared: ${known})`);
    }
  }
  for (const parameter of endpoint.parameters) {
    const value = params[parameter.name];
    if (value === undefined) {
      if (parameter.required) problems.push(`missing required parameter "${parameter.name}"`);
      continue;
    }
    const problem = checkValue(parameter, value);
    if (problem) problems.push(problem);
  }

  const parts = endpoint.body.kind === "multipart" ? endpoint.body.files : [];
  const files = args.files ?? {};
  for (const name of Object.keys(files).sort()) {
    if (!parts.some((part) => part.name === name)) {
      problems.push(
        `unknown file part "${name}" (declared: ${parts.map((p) => p.name).join(", ") || "none"})`,
      );
    }
  }
  for (const part of parts) {
    const count = files[part.name]?.length ?? 0;
    if (part.required && count === 0) problems.push(`missing required file part "${part.name}"`);
    if (count > part.maxCount) {
      problems.push(`file part "${part.name}" takes at most ${part.maxCount} files, got ${count}`);
    }
  }
  problems.push(...checkBody(endpoint, args.body));
  return problems;
}

function checkBody(endpoint: Endpoint, body: unknown): string[] {
  if (endpoint.body.kind !== "json") {
    return body === undefined ? [] : [`${endpoint.id} takes no JSON body`];
  }
  if (body === undefined) return ["missing the JSON body"];
  const problems = bodyProblems(endpoint.body.schema, body);
  const batch = endpoint.batch;
  const items = batch && (body as Record<string, unknown> | null)?.[batch.field];
  if (batch && Array.isArray(items) && items.length > batch.maxItems) {
    problems.push(
      `body.${batch.field} has ${items.length} items; one request takes at most ` +
        `${batch.maxItems} (split the batch)`,
    );
  }
  return problems;
}

const valuePatterns: Partial<Record<Parameter["type"], readonly [RegExp, string]>> = {
  integer: [/^-?\d+$/, "an integer"],
  boolean: [/^(true|false)$/, "true or false"],
  date: [ZOHO_DATE, "a date written yyyy-MM-dd"],
  // Zoho's form: an explicit offset, no milliseconds, no `Z` (case C17).
  datetime: [ZOHO_DATE_TIME, "a date-time written yyyy-MM-ddTHH:mm:ss+HH:mm"],
};

function checkValue(parameter: Parameter, value: string): string | undefined {
  const name = parameter.name;
  if (parameter.enum && !parameter.enum.includes(value)) {
    return `parameter "${name}" must be one of ${parameter.enum.join(", ")}, got "${value}"`;
  }
  const pattern = valuePatterns[parameter.type];
  if (pattern && !pattern[0].test(value)) {
    return `parameter "${name}" must be ${pattern[1]}, got "${value}"`;
  }
  if (parameter.type === "number" && (value.trim() === "" || !Number.isFinite(Number(value)))) {
    return `parameter "${name}" must be a number, got "${value}"`;
  }
  const count = value.split(",").length;
  if (parameter.type === "list" && parameter.maxItems !== undefined && count > parameter.maxItems) {
    return `parameter "${name}" takes at most ${parameter.maxItems} items, got ${count}`;
  }
  if (parameter.in === "path" && value === "") return `path parameter "${name}" must not be empty`;
  return undefined;
}

/**
 * Plans the HTTP request of one call. `Date` values are written in Zoho's form first (see
 * `PlanOptions.timeZone`). Throws `ArgumentError` listing every problem when the arguments do
 * not fit the endpoint; file sizes are checked later, by whoever opens the files.
 */
export function planRequest(
  connector: Connector,
  endpoint: Endpoint,
  callArgs: CallArguments,
  options: PlanOptions,
): PlannedRequest {
  const resolved = resolveDates(endpoint, callArgs.params, callArgs.body, options.timeZone);
  const args = withResolved(callArgs, resolved);
  // A field whose Date could not be written is reported once, not again as bad text.
  const others = checkArguments(endpoint, args).filter(
    (problem) => !resolved.failed.some((label) => problem.startsWith(`${label} `)),
  );
  const problems = [...resolved.problems, ...others];
  if (problems.length > 0) throw new ArgumentError(endpoint.id, problems);

  const params = args.params ?? {};
  const queryNames = endpoint.parameters
    .filter((p) => p.in === "query" && params[p.name] !== undefined)
    .map((p) => p.name);
  const url = urlPieces(connector, endpoint, options.apiDomain, queryNames)
    .map((piece) =>
      piece.kind === "text"
        ? piece.text
        : encodeUriComponentStrict(params[piece.parameter.name] ?? ""),
    )
    .join("");

  const valued = (location: Parameter["in"]) =>
    endpoint.parameters
      .filter((p) => p.in === location && params[p.name] !== undefined)
      .map((p) => [p.name, params[p.name] ?? ""] as const);
  const files: PlannedFile[] = [];
  if (endpoint.body.kind === "multipart") {
    for (const part of endpoint.body.files) {
      for (const path of args.files?.[part.name] ?? []) files.push({ part: part.name, path });
    }
  }

  return {
    endpointId: endpoint.id,
    method: endpoint.method,
    url,
    query: valued("query"),
    headers: valued("header").map(([name, value]) => [name.toLowerCase(), value] as const),
    files,
    ...(endpoint.body.kind === "json"
      ? { body: { contentType: "application/json", text: JSON.stringify(args.body) } }
      : {}),
    response: endpoint.response,
  };
}
