/**
 * Runtime values of the Deluge interpreter and their conversions: text, numbers, booleans,
 * null, KEY-VALUE maps (insertion-ordered, as Deluge prints them), lists, FILE objects and
 * DATE / DATE-TIME values (`date-time.ts`).
 * `toText` is Deluge's text form: a map or list prints as JSON (`shared/deluge-facts.md` s.3.2).
 */
import { InvokekitError } from "../errors.ts";
import { DelugeDateTime } from "./date-time.ts";

/** A FILE object: a name, bytes and the multipart part name it is sent under. */
export class DelugeFile {
  name: string;
  readonly bytes: Uint8Array;
  /** Form field name in a multipart upload; Deluge's `setParamName`. Default `file`. */
  paramName = "file";

  constructor(name: string, bytes: Uint8Array) {
    this.name = name;
    this.bytes = bytes;
  }
}

/** A Deluge KEY-VALUE map. Keys are text; `put` of an existing key keeps its place. */
export class DelugeMap {
  readonly entries = new Map<string, DelugeValue>();
}

/** A Deluge list. */
export class DelugeList {
  readonly items: DelugeValue[];

  constructor(items: DelugeValue[] = []) {
    this.items = items;
  }
}

/** Any value a Deluge expression can have. */
export type DelugeValue =
  | string
  | number
  | boolean
  | null
  | DelugeMap
  | DelugeList
  | DelugeFile
  | DelugeDateTime;

/** A Deluge run-time failure (wrong type, unknown function, budget exceeded). */
export class DelugeRuntimeError extends InvokekitError {
  readonly line: number;
  readonly column: number;

  constructor(message: string, line: number, column: number, options?: { cause?: unknown }) {
    super("IK_DELUGE_RUNTIME", `${message} at line ${line}, column ${column}`, options);
    this.line = line;
    this.column = column;
  }
}

/** Deluge's text form of a value: text as is, numbers plainly, collections as JSON. */
export function toText(value: DelugeValue): string {
  if (value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof DelugeFile) return value.name;
  if (value instanceof DelugeDateTime) return value.toText();
  return JSON.stringify(toJson(value));
}

/** A plain JSON value for `value` (FILE objects become their name). */
export function toJson(value: DelugeValue): unknown {
  if (value instanceof DelugeMap) {
    const object: Record<string, unknown> = {};
    for (const [key, item] of value.entries) object[key] = toJson(item);
    return object;
  }
  if (value instanceof DelugeList) return value.items.map(toJson);
  if (value instanceof DelugeFile) return value.name;
  if (value instanceof DelugeDateTime) return value.toText();
  return value;
}

/** Builds a Deluge value from parsed JSON: objects become maps, arrays lists. */
export function fromJson(json: unknown): DelugeValue {
  if (json === null || json === undefined) return null;
  if (Array.isArray(json)) return new DelugeList(json.map(fromJson));
  if (typeof json === "object") {
    const map = new DelugeMap();
    for (const [key, item] of Object.entries(json)) map.entries.set(key, fromJson(item));
    return map;
  }
  if (typeof json === "string" || typeof json === "number" || typeof json === "boolean") {
    return json;
  }
  return String(json);
}

/** The type name used in messages. */
export function typeName(value: DelugeValue): string {
  if (value === null) return "null";
  if (value instanceof DelugeMap) return "KEY-VALUE";
  if (value instanceof DelugeList) return "LIST";
  if (value instanceof DelugeFile) return "FILE";
  if (value instanceof DelugeDateTime) return value.hasTime ? "DATE-TIME" : "DATE";
  if (typeof value === "string") return "TEXT";
  if (typeof value === "number") return "NUMBER";
  return "BOOLEAN";
}

/** Deluge truthiness for conditions: only a boolean may decide a branch. */
export function isTrue(value: DelugeValue): boolean {
  return value === true;
}

/** Equality as `==` sees it: numbers and their text compare equal (`"200" == 200`). */
export function looselyEqual(left: DelugeValue, right: DelugeValue): boolean {
  if (left === null || right === null) return left === right || left === "" || right === "";
  if (typeof left === "number" || typeof right === "number") {
    return Number(toText(left)) === Number(toText(right));
  }
  if (typeof left === "object" || typeof right === "object") return toText(left) === toText(right);
  return toText(left) === toText(right);
}
