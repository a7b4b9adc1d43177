/**
 * Checks of an endpoint's scopes: each of the form `<service>.<group>.<operation>` with a
 * service and an operation type from the connector's `scope_format`, and, for the Zoho
 * services the known list covers, a scope Zoho has (`scope-names.ts`, case C25).
 */
import type { Diagnostic } from "./diagnostics.ts";
import { didYouMean } from "./did-you-mean.ts";
import { judgeScope } from "./scope-names.ts";
import type { YamlSource } from "./yaml-source.ts";

type Fields = Readonly<Record<string, unknown>>;

function fields(value: unknown): Fields {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Fields) : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((s): s is string => typeof s === "string") : [];
}

/** The connector's scope form, when `scope_format` is well-formed. */
export interface ScopeFormat {
  readonly services: readonly string[];
  readonly operations: readonly string[];
}

/** Reads `scope_format` of a connector file's data; undefined when it is not usable. */
export function scopeFormat(connector: unknown): ScopeFormat | undefined {
  const format = fields(fields(connector).scope_format);
  const services = strings(format.services);
  const operations = strings(format.operations);
  return services.length > 0 && operations.length > 0 ? { services, operations } : undefined;
}

/** Checks every `scopes[].name` of one endpoint file's data. */
export function checkScopes(
  source: YamlSource,
  endpoint: unknown,
  format: ScopeFormat,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const scopes = fields(endpoint).scopes;
  (Array.isArray(scopes) ? scopes : []).forEach((scope, index) => {
    const name = fields(scope).name;
    if (typeof name !== "string") return;
    const pointer = `/scopes/${index}/name`;
    const report = (message: string): void => {
      const position = source.valuePositions.get(pointer) ?? { line: 1, column: 1 };
      diagnostics.push({
        severity: "error",
        code: "IK_SPEC_SCOPE",
        message,
        file: source.file,
        ...position,
      });
    };

    const parts = name.split(".");
    if (parts.length < 3 || parts.some((part) => !/^[A-Za-z_]+$/.test(part))) {
      const form = `<service>.<group>.<operation>, e.g. ${format.services[0]}.Files.READ`;
      report(`scope "${name}" is not of the form ${form}`);
      return;
    }
    const checks = [
      ["names service", parts[0] ?? "", format.services],
      ["has operation", parts.at(-1) ?? "", format.operations],
    ] as const;
    let wellFormed = true;
    for (const [what, value, allowed] of checks) {
      if (allowed.includes(value)) continue;
      wellFormed = false;
      const guess = didYouMean(value, allowed);
      report(
        `scope "${name}" ${what} "${value}", not one of ${allowed.join(", ")}` +
          (guess ? `; did you mean "${guess}"?` : ""),
      );
    }
    if (!wellFormed) return;

    const verdict = judgeScope(name);
    if (verdict.known === false) {
      const fix = verdict.suggestion
        ? `did you mean "${verdict.suggestion}"?`
        : "copy it from the Scope section of Zoho's API page for this endpoint";
      report(`scope "${name}" is not a known ${parts[0]} scope; ${fix}`);
    }
  });
  return diagnostics;
}
