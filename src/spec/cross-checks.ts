/**
 * Checks that span keys or files, which a JSON Schema cannot express: duplicate endpoint ids,
 * path parameters without a declaration, error codes declared twice, scopes not of the form
 * the service uses, examples naming undeclared parameters, ids that disagree with file names.
 */
import type { Diagnostic } from "./diagnostics.ts";
import { didYouMean } from "./did-you-mean.ts";
import type { RawConnector, RawEndpoint, RawError } from "./raw.ts";
import { type Pointer, pointerSegment, type YamlSource } from "./yaml-source.ts";

/** A schema-valid endpoint file with its source. */
export interface CheckedEndpoint {
  readonly source: YamlSource;
  readonly raw: RawEndpoint;
  /** Path of the file relative to the connector folder, with `/` separators. */
  readonly relativePath: string;
}

type Report = (source: YamlSource, pointer: Pointer, code: string, message: string) => void;

function reporter(diagnostics: Diagnostic[]): Report {
  return (source, pointer, code, message) => {
    const position = source.valuePositions.get(pointer) ?? { line: 1, column: 1 };
    diagnostics.push({ severity: "error", code, message, file: source.file, ...position });
  };
}

/** Runs every cross-file check; returns the problems found. */
export function crossCheck(
  connectorSource: YamlSource,
  connector: RawConnector,
  endpoints: readonly CheckedEndpoint[],
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = reporter(diagnostics);
  checkErrorList(report, connectorSource, "/errors", connector.errors ?? []);

  const seen = new Map<string, YamlSource>();
  for (const { source, raw, relativePath } of endpoints) {
    const first = seen.get(raw.id);
    if (first) {
      const where = first.valuePositions.get("/id");
      report(
        source,
        "/id",
        "IK_SPEC_DUPLICATE_ID",
        `duplicate endpoint id "${raw.id}"; it is already declared at ` +
          `${first.file}:${where?.line ?? 1}:${where?.column ?? 1}`,
      );
    } else {
      seen.set(raw.id, source);
    }
    checkIdMatchesFile(report, source, raw, relativePath);
    checkPathParameters(report, source, raw);
    checkErrorList(report, source, "/errors", raw.errors ?? []);
    checkScopes(report, source, raw, connector.scope_format);
    checkExamples(report, source, raw);
    if (raw.body && raw.method === "GET") {
      report(
        source,
        "/body",
        "IK_SPEC_GET_BODY",
        "a GET request cannot carry a body; remove body or change the method",
      );
    }
  }
  return diagnostics;
}

function checkIdMatchesFile(report: Report, source: YamlSource, raw: RawEndpoint, file: string) {
  const expected = file
    .replace(/\.ya?ml$/, "")
    .split("/")
    .join(".");
  if (raw.id !== expected) {
    report(
      source,
      "/id",
      "IK_SPEC_ID_LOCATION",
      `endpoint id "${raw.id}" does not match its file ${file}; ` +
        `name it "${expected}" or move the file to ${raw.id.replace(".", "/")}.yaml`,
    );
  }
}

function checkPathParameters(report: Report, source: YamlSource, raw: RawEndpoint) {
  const inPath = [...raw.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? "");
  const parameters = raw.parameters ?? {};
  for (const name of inPath) {
    const declared = parameters[name];
    if (!declared) {
      report(
        source,
        "/path",
        "IK_SPEC_PATH_PARAMETER",
        `path parameter {${name}} has no declaration; add parameters.${name} with in: path`,
      );
    } else if (declared.in !== "path") {
      report(
        source,
        `/parameters/${pointerSegment(name)}/in`,
        "IK_SPEC_PATH_PARAMETER",
        `parameters.${name} appears in the path as {${name}}; set in: path`,
      );
    }
  }
  for (const [name, parameter] of Object.entries(parameters)) {
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

function checkErrorList(report: Report, source: YamlSource, base: Pointer, errors: RawError[]) {
  const first = new Map<string, number>();
  errors.forEach((error, index) => {
    const earlier = first.get(error.code);
    if (earlier === undefined) {
      first.set(error.code, index);
      return;
    }
    const where = source.valuePositions.get(`${base}/${earlier}/code`);
    report(
      source,
      `${base}/${index}/code`,
      "IK_SPEC_DUPLICATE_ERROR",
      `error code ${error.code} is declared twice (first at line ${where?.line ?? 1}); ` +
        "keep one entry",
    );
  });
}

function checkScopes(
  report: Report,
  source: YamlSource,
  raw: RawEndpoint,
  format: RawConnector["scope_format"],
) {
  raw.scopes.forEach((scope, index) => {
    const pointer = `/scopes/${index}/name`;
    const parts = scope.name.split(".");
    const service = parts[0] ?? "";
    const operation = parts.at(-1) ?? "";
    const form = `<service>.<group>.<operation>, e.g. ${format.services[0]}.Files.READ`;
    if (parts.length < 3 || parts.some((part) => !/^[A-Za-z_]+$/.test(part))) {
      report(source, pointer, "IK_SPEC_SCOPE", `scope "${scope.name}" is not of the form ${form}`);
      return;
    }
    if (!format.services.includes(service)) {
      const guess = didYouMean(service, format.services);
      report(
        source,
        pointer,
        "IK_SPEC_SCOPE",
        `scope "${scope.name}" names service "${service}", not one of ` +
          `${format.services.join(", ")}${guess ? `; did you mean "${guess}"?` : ""}`,
      );
    }
    if (!format.operations.includes(operation)) {
      const guess = didYouMean(operation, format.operations);
      report(
        source,
        pointer,
        "IK_SPEC_SCOPE",
        `scope "${scope.name}" has operation "${operation}", not one of ` +
          `${format.operations.join(", ")}${guess ? `; did you mean "${guess}"?` : ""}`,
      );
    }
  });
}

function checkExamples(report: Report, source: YamlSource, raw: RawEndpoint) {
  const parameters = raw.parameters ?? {};
  const parts = Object.keys(raw.body?.multipart ?? {});
  (raw.examples ?? []).forEach((example, index) => {
    for (const name of Object.keys(example.params ?? {})) {
      const declared = parameters[name];
      const pointer = `/examples/${index}/params/${pointerSegment(name)}`;
      if (!declared) {
        const guess = didYouMean(name, Object.keys(parameters));
        report(
          source,
          pointer,
          "IK_SPEC_EXAMPLE",
          `example "${example.name}" sets undeclared parameter "${name}"` +
            (guess ? `; did you mean "${guess}"?` : ""),
        );
      } else if (declared.enum && !declared.enum.includes(example.params?.[name] ?? "")) {
        report(
          source,
          pointer,
          "IK_SPEC_EXAMPLE",
          `example "${example.name}" sets ${name} outside its enum ${declared.enum.join(", ")}`,
        );
      }
    }
    for (const name of Object.keys(example.files ?? {})) {
      if (!parts.includes(name)) {
        report(
          source,
          `/examples/${index}/files/${pointerSegment(name)}`,
          "IK_SPEC_EXAMPLE",
          `example "${example.name}" names file part "${name}", which body.multipart lacks`,
        );
      }
    }
    for (const [name, parameter] of Object.entries(parameters)) {
      if (parameter.required && example.params?.[name] === undefined) {
        report(
          source,
          `/examples/${index}`,
          "IK_SPEC_EXAMPLE",
          `example "${example.name}" lacks required parameter "${name}"`,
        );
      }
    }
  });
}
