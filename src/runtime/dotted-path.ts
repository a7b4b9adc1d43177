/**
 * Reads a value at a dotted path in a parsed JSON document, as the spec names them
 * (`info.more_records`, `data.0.details.id`): object keys, and array indexes written as
 * decimal numbers.
 */

/** The value at `path` in `document`, or undefined when any step is missing. */
export function valueAt(document: unknown, path: string): unknown {
  let current: unknown = document;
  for (const step of path.split(".")) {
    if (Array.isArray(current) && /^\d+$/.test(step)) current = current[Number(step)];
    else if (typeof current === "object" && current !== null && !Array.isArray(current)) {
      current = Object.hasOwn(current, step)
        ? (current as Record<string, unknown>)[step]
        : undefined;
    } else return undefined;
  }
  return current;
}
