/** The problems an argument check reports, for tests that assert their exact wording. */

/** An error class that lists its problems (ArgumentError, CoqlQueryError). */
type ProblemError = abstract new (
  // biome-ignore lint/suspicious/noExplicitAny: any constructor of such an error qualifies.
  ...args: any[]
) => { readonly problems: readonly string[] };

/** The `problems` of the `kind` error `run` throws; none when it throws nothing. */
export function problemsOf(run: () => unknown, kind: ProblemError): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof kind) return error.problems;
    throw error;
  }
  return [];
}
