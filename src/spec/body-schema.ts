/**
 * Validation of JSON bodies against the schemas that endpoints declare: used by the spec
 * checks (an example body must fit its schema) and by `planRequest` (a call's body must fit
 * before it is sent). One AJV instance; compiled validators are cached per schema object.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats, { type FormatName } from "ajv-formats";
import type { JsonSchema } from "./model.ts";
import { BODY_FORMATS } from "./schemas.ts";

// `logger: false`: a library never writes to the console; problems come back as values.
// `optimize: false`: AJV's pass that tidies the generated code took half of each compile, and
// an imported API compiles a hundred distinct schemas to run each a few times at most.
const ajv = new Ajv2020({
  allErrors: true,
  strict: false,
  logger: false,
  code: { optimize: false },
});
addFormats.default(ajv, BODY_FORMATS.filter((format) => format !== "coql") as FormatName[]);
const compiled = new WeakMap<object, ValidateFunction>();
// Equal schemas share one validator, whatever object holds them: an imported API repeats its
// record schema in every operation, and compiling is what costs.
const compiledByText = new Map<string, ValidateFunction>();

/** Problems of a body schema itself (e.g. a `pattern` that is no regular expression). */
export function bodySchemaProblem(schema: JsonSchema): string | undefined {
  try {
    validatorFor(schema);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function validatorFor(schema: JsonSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    const text = schemaText(schema);
    validate = (text === undefined ? undefined : compiledByText.get(text)) ?? ajv.compile(schema);
    if (text !== undefined) compiledByText.set(text, validate);
    compiled.set(schema, validate);
  }
  return validate;
}

/** The schema as JSON text, or undefined when it has none (a cycle). */
function schemaText(schema: JsonSchema): string | undefined {
  try {
    return JSON.stringify(schema);
  } catch {
    return undefined;
  }
}

/**
 * Checks `value` against `schema`; returns one line per problem, each naming the place in the
 * body as a dotted path (`body.data.0.Last_Name must be string`). Empty when it fits.
 */
export function bodyProblems(schema: JsonSchema, value: unknown, label = "body"): string[] {
  const validate = validatorFor(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => describe(error, label));
}

function describe(error: ErrorObject, label: string): string {
  const place = [label, ...error.instancePath.split("/").slice(1)].join(".");
  if (error.keyword === "required") {
    const key = (error.params as { missingProperty: string }).missingProperty;
    return `${place} lacks required property "${key}"`;
  }
  if (error.keyword === "additionalProperties") {
    const key = (error.params as { additionalProperty: string }).additionalProperty;
    return `${place} has unknown property "${key}"`;
  }
  return `${place} ${error.message ?? "is invalid"}`;
}
