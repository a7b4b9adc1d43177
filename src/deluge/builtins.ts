/**
 * The built-in functions and methods of the Deluge interpreter: `Map()`, `List()`,
 * `ifnull`, `isNull`, `encodeUrl`, `zoho.encryption.urlEncode` / `base64Encode`, and the text,
 * map, list and FILE methods that CRM functions use most (`shared/deluge-facts.md` s.3.2, s.5).
 *
 * Limitations: `replaceAll` replaces literal text (Zoho's may read a pattern); `toList` splits
 * on literal text; `zoho.encryption.urlEncode` is assumed to be RFC 3986 percent-encoding (the
 * runtime's), while `encodeUrl` keeps URL delimiters like JavaScript's `encodeURI` - Zoho
 * documents neither character set. A DATE or DATE-TIME value has `toString()` and
 * `toString(pattern)` only (`date-time.ts`); date arithmetic and `toDate`/`toTime` are not
 * implemented.
 */
import { encodeUriComponentStrict } from "../plan/encode.ts";
import { DelugeDateTime } from "./date-time.ts";
import {
  DelugeFile,
  DelugeList,
  DelugeMap,
  type DelugeValue,
  fromJson,
  toText,
  typeName,
} from "./values.ts";

/** A method failed: the message names the method and the value's type. */
export class BuiltinError extends Error {}

/** Calls a global function (`Map()`, `ifnull(a, b)`, ...); undefined when there is none. */
export function callFunction(name: string, args: DelugeValue[]): DelugeValue | undefined {
  switch (name.toLowerCase()) {
    case "map":
      return new DelugeMap();
    case "list":
    case "collection":
      return new DelugeList();
    case "ifnull":
      return args[0] === null || args[0] === undefined ? (args[1] ?? null) : args[0];
    case "isnull":
      return args[0] === null || args[0] === "";
    case "encodeurl":
      return encodeURI(toText(args[0] ?? null));
    case "if":
      return args[0] === true ? (args[1] ?? null) : (args[2] ?? null);
    default:
      return undefined;
  }
}

/** Calls a `zoho.*` task such as `zoho.encryption.urlEncode`; undefined when unknown. */
export function callTask(path: string, args: DelugeValue[]): DelugeValue | undefined {
  const text = toText(args[0] ?? null);
  switch (path) {
    case "zoho.encryption.urlEncode":
      return encodeUriComponentStrict(text);
    case "zoho.encryption.urlDecode":
      return decodeURIComponent(text.replace(/\+/g, " "));
    case "zoho.encryption.base64Encode":
      return Buffer.from(text, "utf8").toString("base64");
    case "zoho.encryption.base64Decode":
      return Buffer.from(text, "base64").toString("utf8");
    default:
      return undefined;
  }
}

/** Calls method `name` on `target`. Throws `BuiltinError` when the type has no such method. */
export function callMethod(target: DelugeValue, name: string, args: DelugeValue[]): DelugeValue {
  const arg = (i: number): DelugeValue => args[i] ?? null;
  if (target instanceof DelugeDateTime) return dateMethod(target, name, args);
  switch (name) {
    case "toString":
      return toText(target);
    case "toMap":
      return target instanceof DelugeMap ? target : parseJsonText(toText(target), "toMap");
    case "toJSONList":
      return target instanceof DelugeList ? target : parseJsonText(toText(target), "toJSONList");
    case "getJSON":
      return getJson(target, toText(arg(0)));
    case "isEmpty":
      return size(target) === 0;
    case "size":
    case "length":
      return size(target);
  }
  if (target instanceof DelugeMap) return mapMethod(target, name, args);
  if (target instanceof DelugeList) return listMethod(target, name, args);
  if (target instanceof DelugeFile) return fileMethod(target, name, args);
  if (typeof target === "string" || typeof target === "number") {
    return textMethod(String(target), name, args);
  }
  throw new BuiltinError(`${typeName(target)} has no method ${name}()`);
}

/** `toString()` (Deluge's default form) and `toString(pattern)` on a DATE or DATE-TIME. */
function dateMethod(value: DelugeDateTime, name: string, args: DelugeValue[]): DelugeValue {
  if (name === "toString" && args.length <= 1) {
    if (args[0] === undefined) return value.toText();
    try {
      return value.format(toText(args[0]));
    } catch (error) {
      throw new BuiltinError(error instanceof Error ? error.message : String(error));
    }
  }
  if (name === "toText") return value.toText();
  throw new BuiltinError(`${value.hasTime ? "DATE-TIME" : "DATE"} has no method ${name}()`);
}

function mapMethod(map: DelugeMap, name: string, args: DelugeValue[]): DelugeValue {
  const key = toText(args[0] ?? null);
  switch (name) {
    case "put":
      map.entries.set(key, args[1] ?? null);
      return null;
    case "putAll":
      if (args[0] instanceof DelugeMap) for (const [k, v] of args[0].entries) map.entries.set(k, v);
      return null;
    case "get":
      return map.entries.get(key) ?? null;
    case "remove":
      map.entries.delete(key);
      return null;
    case "clear":
      map.entries.clear();
      return null;
    case "keys":
      return new DelugeList([...map.entries.keys()]);
    case "containKey":
    case "containsKey":
      return map.entries.has(key);
  }
  throw new BuiltinError(`KEY-VALUE has no method ${name}()`);
}

function listMethod(list: DelugeList, name: string, args: DelugeValue[]): DelugeValue {
  const first = args[0] ?? null;
  switch (name) {
    case "add":
      list.items.push(first);
      return null;
    case "addAll":
      if (first instanceof DelugeList) list.items.push(...first.items);
      return null;
    case "get": {
      const index = Number(first);
      if (!Number.isInteger(index) || index < 0 || index >= list.items.length) {
        throw new BuiltinError(`LIST index ${toText(first)} is out of range`);
      }
      return list.items[index] ?? null;
    }
    case "contains":
      return list.items.some((item) => toText(item) === toText(first));
    case "subList":
      return new DelugeList(list.items.slice(Number(first), Number(args[1] ?? list.items.length)));
  }
  throw new BuiltinError(`LIST has no method ${name}()`);
}

function fileMethod(file: DelugeFile, name: string, args: DelugeValue[]): DelugeValue {
  switch (name) {
    case "getFileName":
      return file.name;
    case "getFileContent":
      return Buffer.from(file.bytes).toString("utf8");
    case "getFileSize":
      return file.bytes.byteLength;
    case "setFileName":
      file.name = toText(args[0] ?? null);
      return null;
    case "setParamName":
      file.paramName = toText(args[0] ?? null);
      return null;
  }
  throw new BuiltinError(`FILE has no method ${name}()`);
}

function textMethod(text: string, name: string, args: DelugeValue[]): DelugeValue {
  const a = toText(args[0] ?? null);
  switch (name) {
    case "contains":
      return text.includes(a);
    case "startsWith":
      return text.startsWith(a);
    case "endsWith":
      return text.endsWith(a);
    case "indexOf":
      return text.indexOf(a);
    case "replaceAll":
      return text.split(a).join(toText(args[1] ?? null));
    case "toUpperCase":
      return text.toUpperCase();
    case "toLowerCase":
      return text.toLowerCase();
    case "trim":
      return text.trim();
    case "subString":
    case "substring":
      return text.substring(Number(args[0]), args[1] === undefined ? undefined : Number(args[1]));
    case "toList":
      return new DelugeList(text.split(args[0] === undefined ? "," : a));
    case "toLong":
    case "toNumber":
      return toNumber(text, name, Number.parseInt);
    case "toDecimal":
      return toNumber(text, name, Number.parseFloat);
    case "toFile":
      return new DelugeFile(a, Buffer.from(text, "utf8"));
  }
  throw new BuiltinError(`TEXT has no method ${name}()`);
}

function toNumber(text: string, name: string, parse: (t: string) => number): number {
  const value = parse(text.trim());
  if (Number.isNaN(value)) throw new BuiltinError(`${name}() cannot read "${text}" as a number`);
  return value;
}

function size(value: DelugeValue): number {
  if (value instanceof DelugeMap) return value.entries.size;
  if (value instanceof DelugeList) return value.items.length;
  if (value === null) return 0;
  return toText(value).length;
}

function parseJsonText(text: string, name: string): DelugeValue {
  try {
    return fromJson(JSON.parse(text));
  } catch (cause) {
    throw new BuiltinError(`${name}() needs JSON text, got "${text.slice(0, 40)}"`, { cause });
  }
}

function getJson(target: DelugeValue, key: string): DelugeValue {
  const map = target instanceof DelugeMap ? target : parseJsonText(toText(target), "getJSON");
  if (!(map instanceof DelugeMap)) throw new BuiltinError("getJSON() needs a JSON object");
  return map.entries.get(key) ?? null;
}
