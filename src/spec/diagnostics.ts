/**
 * Diagnostics: problems found in connector specs, collected and reported together. Each one
 * points at a file, line and column, and its message says what to change.
 */
import { InvokekitError } from "../errors.ts";

/** One problem in a spec file. */
export interface Diagnostic {
  /** `error` makes a spec invalid; `warning` is reported but does not. */
  readonly severity: "error" | "warning";
  /** Stable code, e.g. `IK_SPEC_UNKNOWN_KEY`. */
  readonly code: string;
  /** What is wrong and how to fix it, in one line. */
  readonly message: string;
  /** File path as given to the loader (relative paths stay relative). */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

/** Formats a diagnostic as `file:LINE:COL  message` (warnings say so after the position). */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}`;
  const prefix = diagnostic.severity === "warning" ? "warning: " : "";
  return `${where}  ${prefix}${diagnostic.message}`;
}

/** Sorts by file, line, column, then message, so every run reports in the same order. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareText(a.message, b.message),
  );
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** A connector spec is invalid; `diagnostics` holds every problem, sorted. */
export class SpecError extends InvokekitError {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    const lines = errors.map(formatDiagnostic);
    super(
      "IK_SPEC_INVALID",
      `Invalid connector spec (${errors.length} error(s)):\n${lines.join("\n")}`,
    );
    this.diagnostics = diagnostics;
  }
}
