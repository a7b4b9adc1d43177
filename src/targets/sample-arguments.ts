/**
 * The arguments every sample is written with: the endpoint's first example, overridden by
 * values the caller passes. Deluge, curl, SDK samples and docs all start from here, so the three
 * request samples of one endpoint always carry the same values.
 */
import { ArgumentError, InvokekitError } from "../errors.ts";
import { type UrlPiece, urlPieces } from "../plan/request.ts";
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
 * plus every required one (an empty string when nothing gives it a value), and the files of
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
    else if (parameter.required) params.push({ parameter, value: "" });
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

/**
 * The smallest value that fits `schema`'s required parts: required properties only, arrays
 * with one item when they need at least one, the first enum value, empty or zero scalars.
 */
export function minimalBody(schema: JsonSchema): unknown {
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  const type = [schema.type ?? (schema.properties ? "object" : "string")].flat()[0];
  if (type === "object") {
    const value: Record<string, unknown> = {};
    for (const name of schema.required ?? []) {
      const property = schema.properties?.[name];
      value[name] = property ? minimalBody(property) : "";
    }
    return value;
  }
  if (type === "array") {
    const needed = Math.max(0, schema.minItems ?? 0);
    return Array.from({ length: needed }, () => (schema.items ? minimalBody(schema.items) : ""));
  }
  if (type === "integer" || type === "number") return schema.minimum ?? 0;
  if (type === "boolean") return false;
  if (type === "null") return null;
  return "";
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
