/**
 * Endpoint ids for imported operations: `resource.action`, readable and stable. The resource
 * is the first tag, else the document's file name (when several documents are imported), else
 * the first fixed path segment. The action is the title (Zoho's `operationId`s are titles such
 * as "Get File") in snake case, without the words that repeat the resource: "Get File" in
 * `files` becomes `files.get`. Where two operations would share an id, both keep their whole
 * title; a clash that remains gets the method, then a number.
 */

/** `Get File` -> `get_file`; `moduleAPIName` -> `module_api_name`. */
export function snakeCase(value: string): string {
  return value
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** A snake-case name that starts with a letter, as ids need. */
export function identifier(value: string, fallback: string): string {
  const name = snakeCase(value);
  if (name === "") return fallback;
  return /^[a-z]/.test(name) ? name : `${fallback}_${name}`;
}

function singular(word: string): string {
  return word.replace(/(ies)$/, "y").replace(/s$/, "");
}

/** What an id is derived from. */
export interface IdSource {
  readonly givenId?: string;
  readonly resource: string;
  readonly title: string;
  readonly method: string;
}

/** Assigns one id per source, in the given order; the result is parallel to `sources`. */
export function assignIds(sources: readonly IdSource[]): string[] {
  const full = sources.map((s) => s.givenId ?? `${s.resource}.${identifier(s.title, "call")}`);
  const short = sources.map((s, i) => {
    if (s.givenId) return s.givenId;
    const resourceWords = new Set(s.resource.split("_").map(singular));
    const words = identifier(s.title, "call")
      .split("_")
      .filter((w) => !resourceWords.has(singular(w)));
    return words.length > 0 && /^[a-z]/.test(words[0] ?? "")
      ? `${s.resource}.${words.join("_")}`
      : full[i];
  });
  const counts = new Map<string, number>();
  for (const id of short) counts.set(id ?? "", (counts.get(id ?? "") ?? 0) + 1);
  const taken = new Set<string>();
  return sources.map((s, i) => {
    const candidates = [
      (counts.get(short[i] ?? "") ?? 0) > 1 ? full[i] : short[i],
      full[i],
      `${full[i]}_${s.method.toLowerCase()}`,
    ];
    let id = candidates.find((c) => c !== undefined && !taken.has(c)) ?? "";
    for (let n = 2; id === "" || taken.has(id); n++) id = `${full[i]}_${n}`;
    taken.add(id);
    return id;
  });
}
