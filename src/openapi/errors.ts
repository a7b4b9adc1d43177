/**
 * Errors of OpenAPI import and export. Every problem found in an input document is located:
 * the file, the JSON pointer of the offending value and, for YAML documents, its line and
 * column, so a user can open the file at the right place.
 */
import { InvokekitError } from "../errors.ts";

/** Where in an input document a problem sits. */
export interface DocumentLocation {
  /** Path of the document as given (or resolved inside the input folder). */
  readonly file: string;
  /** JSON pointer of the value, `""` for the whole document. */
  readonly pointer: string;
  /** 1-based line and column, known for YAML documents. */
  readonly line?: number;
  readonly column?: number;
}

/** Formats a location as `file#/pointer` plus `:line:col` when known. */
export function formatLocation(at: DocumentLocation): string {
  const position = at.line !== undefined ? ` (line ${at.line}, column ${at.column ?? 1})` : "";
  return `${at.file}#${at.pointer}${position}`;
}

/** One located problem in an input document. */
export interface LocatedProblem extends DocumentLocation {
  /** Stable code, e.g. `IK_OPENAPI_REF_REFUSED`. */
  readonly code: string;
  readonly message: string;
}

/** Formats a problem as one line: `file#/pointer (line 3, column 5): CODE message`. */
export function formatProblem(problem: LocatedProblem): string {
  return `${formatLocation(problem)}: ${problem.code} ${problem.message}`;
}

/** An input document could not be imported; `problems` lists every located cause. */
export class OpenApiError extends InvokekitError {
  readonly problems: readonly LocatedProblem[];

  constructor(problems: readonly LocatedProblem[], options?: { cause?: unknown }) {
    const first = problems[0];
    super(
      first?.code ?? "IK_OPENAPI",
      problems.length === 1 && first
        ? formatProblem(first)
        : `${problems.length} problems:\n${problems
            .map((p) => `  ${formatProblem(p)}`)
            .join("\n")}`,
      options,
    );
    this.problems = problems;
  }
}
