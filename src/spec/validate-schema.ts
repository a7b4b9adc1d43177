/**
 * Schema validation with AJV (JSON Schema 2020-12), with every AJV error turned into a
 * located diagnostic whose message says what to write instead.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import {
  ambiguousNumberAdvice,
  type BodyExpectation,
  bodyValueExpectation,
} from "./body-values.ts";
import type { Diagnostic } from "./diagnostics.ts";
import { didYouMean } from "./did-you-mean.ts";
import { connectorSchema, endpointSchema } from "./schemas.ts";
import { type LineColumn, type Pointer, pointerSegment, type YamlSource } from "./yaml-source.ts";

/** Which schema a file is checked against. */
export type FileKind = "connector" | "endpoint";

let validators: Record<FileKind, ValidateFunction> | undefined;

function validatorFor(kind: FileKind): ValidateFunction {
  if (!validators) {
    // `optimize: false`: the pass that tidies the generated code cost more at start-up than
    // it saved over thousands of files.
    const ajv = new Ajv2020({
      allErrors: true,
      strict: true,
      verbose: true,
      code: { optimize: false },
    });
    ajv.addKeyword({ keyword: "x-hint", schemaType: "string" });
    validators = {
      connector: ajv.compile(connectorSchema),
      endpoint: ajv.compile(endpointSchema),
    };
  }
  return validators[kind];
}

/** Result of validating one file: its data (ambiguous text kept as text) and diagnostics. */
export interface SchemaResult {
  readonly data: unknown;
  readonly valid: boolean;
  readonly diagnostics: Diagnostic[];
}

/**
 * Validates a parsed file. Where the schema wants a string and the file has an unquoted
 * scalar that YAML reads as a number (`0123`, `1e3`, a 19-digit id), the source text is kept
 * and a warning says to quote it; where the schema wants a number, such a literal is an error.
 * In an endpoint's body values the body schema decides (`body-values.ts`).
 */
export function validateAgainstSchema(source: YamlSource, kind: FileKind): SchemaResult {
  const validate = validatorFor(kind);
  const diagnostics: Diagnostic[] = [];
  // The source's data is copied only when ambiguous text is put back into it: most files have
  // none, and copying every file cost more than validating it.
  let data = source.data;
  const keptAsText = new Set<Pointer>();
  const keepAsText = (pointer: Pointer, text: string | undefined) => {
    if (data === source.data) data = structuredClone(source.data);
    setAt(data, pointer, text);
    keptAsText.add(pointer);
  };

  let valid = validate(data);
  const firstErrors = validate.errors ?? [];
  for (const error of firstErrors) {
    const ambiguous = source.ambiguous.get(error.instancePath);
    if (error.keyword === "type" && ambiguous && expectedTypes(error).includes("string")) {
      keepAsText(error.instancePath, ambiguous.source);
    }
  }
  if (keptAsText.size > 0) valid = validate(data);
  const errors = keptAsText.size > 0 ? (validate.errors ?? []) : firstErrors;

  // Body values (an example's body, a body schema's examples and enum items) are typed by the
  // endpoint's body schema, not by this one: it decides text or number there (case C21).
  const inBody = new Map<Pointer, BodyExpectation>();
  for (const pointer of kind === "endpoint" ? source.ambiguous.keys() : []) {
    const expected = keptAsText.has(pointer) ? undefined : bodyValueExpectation(data, pointer);
    if (expected === "text") {
      keepAsText(pointer, source.ambiguous.get(pointer)?.source);
    } else if (expected !== undefined) {
      inBody.set(pointer, expected);
    }
  }

  // Unquoted scalars kept as text: the ambiguous numbers just restored, and the words that
  // YAML 1.1 tools would read otherwise. Each gets one warning to quote it.
  const unquoted = new Map<Pointer, string>();
  for (const pointer of keptAsText) {
    const ambiguous = source.ambiguous.get(pointer);
    if (ambiguous) unquoted.set(pointer, `${ambiguous.source}" (${ambiguous.reason})`);
  }
  const failed = new Set(errors.map((e) => e.instancePath));
  for (const [pointer, { text, reading }] of source.yaml11Text) {
    if (!failed.has(pointer)) {
      unquoted.set(pointer, `${text}", but YAML 1.1 tools read it as ${reading}`);
    }
  }
  for (const [pointer, detail] of unquoted) {
    const text = detail.slice(0, detail.indexOf('"'));
    diagnostics.push(
      at(
        source,
        pointer,
        "warning",
        "IK_SPEC_UNQUOTED_TEXT",
        `${describe(pointer)}: unquoted ${text} is kept as the text "${detail}; ` +
          "write it in quotes to say so",
      ),
    );
  }
  for (const [pointer, ambiguous] of source.ambiguous) {
    if (keptAsText.has(pointer)) continue;
    diagnostics.push(
      at(
        source,
        pointer,
        "error",
        "IK_SPEC_AMBIGUOUS_NUMBER",
        `${describe(pointer)}: ${ambiguous.source} is ambiguous (${ambiguous.reason}); ` +
          ambiguousNumberAdvice(ambiguous, inBody.get(pointer)),
      ),
    );
  }

  const nested = new Set(
    errors.filter((e) => e.keyword === "propertyNames").map((e) => e.instancePath),
  );
  // A misspelt key also makes its right spelling "missing": report the typo once, with the
  // suggestion, instead of two errors for one slip.
  const suggested = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== "additionalProperties") continue;
    const key = (error.params as { additionalProperty: string }).additionalProperty;
    const properties = (error.parentSchema as { properties?: object } | undefined)?.properties;
    const guess = didYouMean(key, Object.keys(properties ?? {}));
    if (guess) suggested.add(`${error.instancePath}/${pointerSegment(guess)}`);
  }
  for (const error of errors) {
    if (error.propertyName !== undefined && nested.has(error.instancePath)) continue;
    const missing = (error.params as { missingProperty?: string }).missingProperty;
    if (error.keyword === "required" && missing !== undefined) {
      if (suggested.has(`${error.instancePath}/${pointerSegment(missing)}`)) continue;
    }
    diagnostics.push(toDiagnostic(source, error));
  }
  return { data, valid: valid && !diagnostics.some((d) => d.severity === "error"), diagnostics };
}

function expectedTypes(error: ErrorObject): string[] {
  const type = (error.params as { type?: string | string[] }).type;
  return Array.isArray(type) ? type : type ? [type] : [];
}

/** `/parameters/id/in` -> `parameters.id.in`; the root -> `the file`. */
function describe(pointer: Pointer): string {
  if (pointer === "") return "the file";
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"))
    .join(".");
}

function setAt(data: unknown, pointer: Pointer, value: unknown): void {
  // Every segment is unescaped, not only the last: a property named `a/b` sits mid-path too.
  const segments = pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
  const last = segments.pop();
  let node = data as Record<string, unknown>;
  for (const segment of segments) node = node[segment] as Record<string, unknown>;
  if (last !== undefined) node[last] = value;
}

function positionOf(source: YamlSource, pointer: Pointer, preferKey: boolean): LineColumn {
  const key = source.keyPositions.get(pointer);
  const value = source.valuePositions.get(pointer);
  return (preferKey ? (key ?? value) : (value ?? key)) ?? { line: 1, column: 1 };
}

function at(
  source: YamlSource,
  pointer: Pointer,
  severity: Diagnostic["severity"],
  code: string,
  message: string,
  preferKey = false,
): Diagnostic {
  return { severity, code, message, file: source.file, ...positionOf(source, pointer, preferKey) };
}

function show(value: unknown): string {
  if (typeof value === "string") return `"${value}"`;
  if (value === null) return "nothing (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${String(value)}`;
}

function typeName(type: string): string {
  return type === "object" ? "a mapping" : type === "array" ? "a list" : type;
}

function toDiagnostic(source: YamlSource, error: ErrorObject): Diagnostic {
  const pointer = error.instancePath;
  const where = describe(pointer);
  const schema = error.parentSchema as Record<string, unknown> | undefined;
  switch (error.keyword) {
    case "additionalProperties": {
      const key = (error.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((schema?.properties as object | undefined) ?? {});
      const guess = didYouMean(key, allowed);
      const fix = guess ? `did you mean "${guess}"?` : `allowed keys: ${allowed.join(", ")}`;
      const inside = pointer === "" ? "" : ` in ${where}`;
      return at(
        source,
        `${pointer}/${pointerSegment(key)}`,
        "error",
        "IK_SPEC_UNKNOWN_KEY",
        `unknown key "${key}"${inside}; ${fix}`,
        true,
      );
    }
    case "required": {
      const key = (error.params as { missingProperty: string }).missingProperty;
      const inside = pointer === "" ? "at the top level" : `in ${where}`;
      return at(
        source,
        pointer,
        "error",
        "IK_SPEC_MISSING_KEY",
        `missing required key "${key}" ${inside}; add "${key}:"`,
        true,
      );
    }
    case "type": {
      const expected = expectedTypes(error).map(typeName).join(" or ");
      let message = `${where} must be ${expected}, found ${show(error.data)}`;
      const plain = source.yaml11Text.get(pointer);
      if (expected === "boolean" && plain?.reading === "a boolean") {
        message += " (YAML 1.2 reads yes/no/on/off as text); write true or false";
      } else if (expected === "boolean" && typeof error.data === "string") {
        message += "; write true or false without quotes";
      } else if (
        /integer|number/.test(expected) &&
        typeof error.data === "string" &&
        /^-?\d+(\.\d+)?$/.test(error.data)
      ) {
        message += "; remove the quotes";
      }
      return at(source, pointer, "error", "IK_SPEC_TYPE", message);
    }
    case "enum": {
      const allowed = ((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map(
        String,
      );
      const guess = typeof error.data === "string" ? didYouMean(error.data, allowed) : undefined;
      const fix = guess ? `; did you mean "${guess}"?` : "";
      return at(
        source,
        pointer,
        "error",
        "IK_SPEC_ENUM",
        `${where} must be one of ${allowed.join(", ")}, found ${show(error.data)}${fix}`,
      );
    }
    case "pattern": {
      const hint = schema?.["x-hint"];
      const fix = typeof hint === "string" ? `: ${hint}` : ` (pattern ${schema?.pattern})`;
      return at(
        source,
        pointer,
        "error",
        "IK_SPEC_PATTERN",
        `${where} ${show(error.data)} is not valid${fix}`,
      );
    }
    case "propertyNames": {
      const name = (error.params as { propertyName: string }).propertyName;
      const names = schema?.propertyNames as Record<string, unknown> | undefined;
      const hint = typeof names?.["x-hint"] === "string" ? `: ${names["x-hint"]}` : "";
      return at(
        source,
        `${pointer}/${pointerSegment(name)}`,
        "error",
        "IK_SPEC_KEY_NAME",
        `invalid key "${name}" in ${where}${hint}`,
        true,
      );
    }
    default: {
      const hint = schema?.["x-hint"];
      const found = error.keyword.startsWith("m") ? `, found ${show(error.data)}` : "";
      const fix = typeof hint === "string" ? `: ${hint}` : "";
      return at(
        source,
        pointer,
        "error",
        "IK_SPEC_SCHEMA",
        `${where} ${error.message ?? "is invalid"}${found}${fix}`,
      );
    }
  }
}
