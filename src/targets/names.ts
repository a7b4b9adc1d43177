/**
 * Names derived from spec ids for generated code: TypeScript members and types, and Deluge
 * variables. Derivation is deterministic, so regenerating never renames anything.
 */

/** Splits an id such as `files.get`, `zoho-crm` or `record_id` into lower-case words. */
function words(id: string): string[] {
  return id
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== "")
    .map((word) => word.toLowerCase());
}

/** `zoho-crm` -> `ZohoCrm`; a leading digit gets a `_` prefix. */
export function pascalCase(id: string): string {
  const name = words(id)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
  return /^[0-9]/.test(name) ? `_${name}` : name || "_";
}

/** `get-by-id` -> `getById`; a leading digit gets a `_` prefix. */
export function camelCase(id: string): string {
  const name = pascalCase(id);
  return name.startsWith("_") ? name : name.charAt(0).toLowerCase() + name.slice(1);
}

// Words a generated Deluge variable must not take: statements, literals, the snippet's own
// `response`, and invokeurl keys (a variable named `type` before `type: GET` would read badly).
const delugeReserved = new Set([
  "if",
  "else",
  "for",
  "each",
  "in",
  "return",
  "info",
  "try",
  "catch",
  "break",
  "continue",
  "true",
  "false",
  "null",
  "invokeurl",
  "response",
  "url",
  "type",
  "headers",
  "body",
  "parameters",
  "files",
  "connection",
  "detailed",
  "map",
  "list",
  "zoho",
]);

/**
 * Hands out Deluge variable names: `name` made an identifier (other characters become `_`),
 * suffixed with `_value` when reserved and `_2`, `_3`, ... when already taken.
 */
export function delugeVariableNamer(): (name: string) => string {
  const taken = new Set<string>();
  return (name) => {
    let base = name.replace(/[^A-Za-z0-9_]/g, "_");
    if (!/^[A-Za-z]/.test(base)) base = `v_${base}`;
    if (delugeReserved.has(base.toLowerCase())) base = `${base}_value`;
    let candidate = base;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base}_${n}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  };
}
