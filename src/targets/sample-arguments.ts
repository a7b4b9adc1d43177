/**
 * The arguments every sample is written with: the endpoint's first example, overridden by
 * values the caller passes. Deluge, curl, SDK samples and docs all start from here, so the three
 * request samples of one endpoint always carry the same values.
 *
 * What nothing gives a value gets a placeholder of the declared type, so that a sample
 * type-checks and passes `planRequest`'s checks: a required parameter gets its first allowed
 * value, `0`, `false` or a fixed date; a JSON body without an example is the smallest body the
 * schema accepts (see `minimalBody`).
 *
 * Limitations: a required string parameter without an example stays empty (the user has to
 * fill in an id; a made-up one would look real), which `planRequest` refuses for a path
 * parameter; a body string with a `pattern` and no example is filled without regard to the
 * pattern.
 */
import { ArgumentError, InvokekitError } from "../errors.ts";
import { type UrlPiece, urlPieces } from "../plan/request.ts";
import { bodyProblems } from "../spec/body-schema.ts";
import type {
  Connector,
  DataCenter,
  Endpoint,
  FilePart,
  JsonSchema,
  Parameter,
} from "../spec/model.ts";

/** Values that replace or complete the first example's. */
export interface SampleValues {
  /** Parameter values by name. */
  readonly params?: Readonly<Record<string, string>>;
  /** Local file names by multipart part name. */
  readonly files?: Readonly<Record<string, readonly string[]>>;
  /** The JSON body, for JSON endpoints. */
  readonly body?: unknown;
}

/** A parameter that a sample sends, with its value. */
export interface SampleArgument {
  readonly parameter: Parameter;
  readonly value: string;
}

/** A file that a sample uploads. */
export interface SampleFile {
  readonly part: FilePart;
  readonly fileName: string;
}

/** The arguments of one sample, in declaration order. */
export interface SampleArguments {
  readonly params: readonly SampleArgument[];
  readonly files: readonly SampleFile[];
  /** The JSON body, for JSON endpoints: the example's, else a minimal one from the schema. */
  readonly body?: unknown;
}

/**
 * Chooses the arguments of a sample: every parameter that has a value (example or `values`)
 * plus every required one (`placeholderValue` when nothing gives it a value), and the files of
 * the example or `values`, one placeholder name for a required part without any.
 * Throws `ArgumentError` when `values` names a parameter or part the endpoint does not have.
 */
export function sampleArguments(endpoint: Endpoint, values: SampleValues = {}): SampleArguments {
  const example = endpoint.examples[0];
  const given = { ...example?.params, ...values.params };
  const parts = endpoint.body.kind === "multipart" ? endpoint.body.files : [];

  const problems: string[] = [];
  for (const name of Object.keys(values.params ?? {})) {
    if (!endpoint.parameters.some((p) => p.name === name)) {
      problems.push(`unknown parameter "${name}"`);
    }
  }
  for (const name of Object.keys(values.files ?? {})) {
    if (!parts.some((part) => part.name === name)) problems.push(`unknown file part "${name}"`);
  }
  if (problems.length > 0) throw new ArgumentError(endpoint.id, problems);

  const params: SampleArgument[] = [];
  for (const parameter of endpoint.parameters) {
    const value = given[parameter.name];
    if (value !== undefined) params.push({ parameter, value });
    else if (parameter.required) params.push({ parameter, value: placeholderValue(parameter) });
  }

  const files: SampleFile[] = [];
  for (const part of parts) {
    const exampleFile = example?.files[part.name];
    const names = values.files?.[part.name] ?? (exampleFile === undefined ? [] : [exampleFile]);
    if (names.length === 0 && part.required) files.push({ part, fileName: `${part.name}.bin` });
    for (const fileName of names) files.push({ part, fileName });
  }
  if (endpoint.body.kind !== "json") return { params, files };
  const body = values.body ?? example?.body ?? minimalBody(endpoint.body.schema);
  return { params, files, body };
}

// Fixed values for formats, so generated output does not change from one day to the next.
const SAMPLE_DATE = "2025-01-31";
const SAMPLE_DATE_TIME = "2025-01-31T09:00:00+05:30";

// Zoho's wire forms (model.ts `ParameterType`), checked by `planRequest`.
const parameterPlaceholders: Readonly<Record<Parameter["type"], string>> = {
  string: "",
  list: "",
  integer: "0",
  number: "0",
  boolean: "false",
  date: SAMPLE_DATE,
  datetime: SAMPLE_DATE_TIME,
};

/**
 * The value a sample gives a required parameter that no example sets: its first allowed
 * value, else a value of its type (`0`, `false`, a fixed date), else an empty string.
 */
export function placeholderValue(parameter: Parameter): string {
  return parameter.enum?.[0] ?? parameterPlaceholders[parameter.type];
}

// String formats the body validator knows (spec/body-schema.ts), each with a value it accepts.
// example.com is reserved for documentation (RFC 2606): a string only, never contacted.
const formatValues: Readonly<Record<string, string>> = {
  date: SAMPLE_DATE,
  "date-time": SAMPLE_DATE_TIME,
  email: "someone@example.com",
  uri: "https://example.com/",
};

/**
 * The smallest JSON body that fits `schema`. A schema that says nothing gives `{}` (a JSON
 * request body is an object); otherwise see `minimalValue`.
 */
export function minimalBody(schema: JsonSchema): unknown {
  const silent =
    schema.type === undefined &&
    schema.enum === undefined &&
    schema.properties === undefined &&
    schema.items === undefined &&
    schema.examples === undefined;
  return silent ? {} : minimalValue(schema);
}

/**
 * The smallest value that fits `schema`: the schema's first example when it fits, else the
 * first enum value, else required properties only (each filled the same way), arrays with
 * `minItems` items, strings of `minLength` or of a known `format`, the number nearest 0 within
 * the bounds, `false`, `null`. A `type` list uses its first type other than `null`.
 */
export function minimalValue(schema: JsonSchema): unknown {
  const example = schema.examples?.[0];
  if (example !== undefined && bodyProblems(schema, example).length === 0) return example;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  const types = [schema.type ?? inferredType(schema)].flat();
  const type = types.find((t) => t !== "null") ?? types[0];
  if (type === "object") {
    const value: Record<string, unknown> = {};
    const extra = schema.additionalProperties;
    for (const name of schema.required ?? []) {
      const property = schema.properties?.[name] ?? (typeof extra === "object" ? extra : {});
      value[name] = minimalValue(property);
    }
    return value;
  }
  if (type === "array") {
    const needed = Math.max(0, schema.minItems ?? 0);
    const items = schema.items ?? {};
    return Array.from({ length: needed }, () => minimalValue(items));
  }
  if (type === "integer" || type === "number") return minimalNumber(schema, type === "integer");
  if (type === "boolean") return false;
  if (type === "null") return null;
  const formatted = schema.format === undefined ? undefined : formatValues[schema.format];
  return formatted ?? "x".repeat(Math.max(0, schema.minLength ?? 0));
}

function inferredType(schema: JsonSchema): string {
  if (schema.properties || schema.required) return "object";
  if (schema.items) return "array";
  return "string";
}

/** 0 when the bounds allow it, else the bound nearest 0 (rounded inwards for integers). */
function minimalNumber(schema: JsonSchema, integer: boolean): number {
  const { minimum, maximum } = schema;
  if (minimum !== undefined && minimum > 0) return integer ? Math.ceil(minimum) : minimum;
  if (maximum !== undefined && maximum < 0) return integer ? Math.floor(maximum) : maximum;
  return 0;
}

/** The URL pieces of a sample: the query holds exactly the sample's query arguments. */
export function sampleUrlPieces(
  connector: Connector,
  endpoint: Endpoint,
  apiDomain: string,
  args: SampleArguments,
): UrlPiece[] {
  const queryNames = args.params
    .filter((a) => a.parameter.in === "query")
    .map((a) => a.parameter.name);
  return urlPieces(connector, endpoint, apiDomain, queryNames);
}

/** The value a sample gives a parameter (empty when the sample does not send it). */
export function sampleValue(args: SampleArguments, parameter: Parameter): string {
  return args.params.find((a) => a.parameter.name === parameter.name)?.value ?? "";
}

/** A connector cannot be generated (no data center, clashing names, ...). */
export class GenerationError extends InvokekitError {
  constructor(message: string) {
    super("IK_TARGET_GENERATION", message);
  }
}

/** The default data center: the first one declared. */
export function defaultDataCenter(connector: Connector): DataCenter {
  const first = connector.dataCenters[0];
  if (!first) throw new GenerationError(`Connector ${connector.name} declares no data center`);
  return first;
}
