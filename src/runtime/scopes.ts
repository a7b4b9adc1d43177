/**
 * Which of an endpoint's scopes a token lacks (case C25). Zoho compares scope names without
 * regard to case (`ZohoCRM.files.CREATE` and `ZohoCRM.Files.CREATE` are one scope), and a
 * group's `ALL` operation covers every operation of that group.
 */

/** The scopes of `required` that no scope of `granted` covers; all of them if none granted. */
export function missingScopes(required: readonly string[], granted: readonly string[]): string[] {
  const held = new Set(granted.map((scope) => scope.toLowerCase()));
  return required.filter((scope) => {
    const name = scope.toLowerCase();
    const group = name.slice(0, name.lastIndexOf("."));
    return !held.has(name) && !held.has(`${group}.all`);
  });
}
