/**
 * The root of invokekit's error family. Every error has a stable `code` (`IK_SPEC_*`,
 * `IK_PLAN_*`, `IK_AUTH_*`, `IK_HTTP_*`, `IK_API_*`, ...) that callers can branch on, a message
 * that stands alone, and the underlying failure as `cause` where there is one.
 */
export class InvokekitError extends Error {
  /** Stable machine-readable code, e.g. `IK_PLAN_ARGUMENTS`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Arguments given for an endpoint do not fit its declaration (missing, unknown, wrong type). */
export class ArgumentError extends InvokekitError {
  /** One line per problem, each naming the parameter. */
  readonly problems: readonly string[];

  constructor(endpointId: string, problems: readonly string[]) {
    super(
      "IK_PLAN_ARGUMENTS",
      `Invalid arguments for ${endpointId}:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    this.problems = problems;
  }
}
