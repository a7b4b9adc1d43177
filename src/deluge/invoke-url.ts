/**
 * The `invokeurl` task for the interpreter: turns the task's evaluated keys into one HTTP
 * request, sends it to a base URL (the sandbox, a loopback server) instead of the URL's own
 * host, and turns the reply into the value Deluge would give (`shared/deluge-facts.md` s.1).
 *
 * Request rules: `type` defaults to GET; `connection` adds `Authorization: Zoho-oauthtoken`
 * with the token the connection table gives for that link name; a `parameters` map becomes
 * the query string on GET and DELETE, form fields next to `files:` (multipart), and an
 * `application/x-www-form-urlencoded` body otherwise; TEXT `parameters` or `body` is sent
 * as is, `text/plain;charset=UTF-8` unless a Content-Type header or `content-type:` says
 * otherwise. Reply rules: JSON becomes a map or list, other text stays TEXT, anything else
 * (or an attachment) becomes a FILE; `detailed: true` gives a map with `responseCode`,
 * `responseText` and `responseHeader`.
 *
 * Limitations: a parameters map on GET becoming the query string is Zoho's likely, not
 * documented, behaviour; query values are percent-encoded like the runtime (RFC 3986), which
 * Zoho may do differently for the same characters. `response-format` and
 * `response-decoding` are accepted and ignored; the 40 s timeout and the 5 MB/15 MB download
 * limits are not enforced. Part Content-Types of files are `application/octet-stream`.
 */
import { FormData, request } from "undici";
import { encodeUriComponentStrict } from "../plan/encode.ts";
import {
  DelugeFile,
  DelugeList,
  DelugeMap,
  type DelugeValue,
  fromJson,
  toText,
  typeName,
} from "./values.ts";

/** Where and how `invokeurl` tasks are sent. */
export interface InvokeUrlSettings {
  /** Origin every request goes to, whatever host its URL names, e.g. the sandbox's URL. */
  readonly baseUrl: string;
  /** Connection link name to access token. A task naming another connection fails. */
  readonly connections: Readonly<Record<string, string>>;
  /** Authorization scheme written before the token. Default `Zoho-oauthtoken`. */
  readonly authScheme?: string;
}

/** The evaluated keys of one task. */
export type InvokeUrlKeys = ReadonlyMap<string, DelugeValue>;

/** A task cannot be sent: missing url, unknown connection, wrong value type. */
export class InvokeUrlError extends Error {}

const methods = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);

/** Sends the task and returns the reply as Deluge sees it. */
export async function sendInvokeUrl(
  keys: InvokeUrlKeys,
  settings: InvokeUrlSettings,
): Promise<DelugeValue> {
  const url = keys.get("url");
  if (typeof url !== "string" || url === "") throw new InvokeUrlError("invokeurl needs url: TEXT");
  const method = toText(keys.get("type") ?? "GET").toUpperCase();
  if (!methods.has(method)) throw new InvokeUrlError(`invokeurl type ${method} is not a method`);

  const headers: Record<string, string> = {};
  const headerMap = keys.get("headers");
  if (headerMap instanceof DelugeMap) {
    for (const [name, value] of headerMap.entries) headers[name.toLowerCase()] = toText(value);
  }
  const connection = keys.get("connection");
  if (connection !== undefined && connection !== null) {
    const token = settings.connections[toText(connection)];
    if (token === undefined) {
      throw new InvokeUrlError(`no connection with the link name "${toText(connection)}"`);
    }
    headers.authorization = `${settings.authScheme ?? "Zoho-oauthtoken"} ${token}`;
  }
  const contentType = keys.get("content-type");
  if (contentType !== undefined && contentType !== null) {
    headers["content-type"] = toText(contentType);
  }

  let target = new URL(url);
  const parameters = keys.get("parameters");
  const files = filesOf(keys.get("files"));
  let body: string | Buffer | FormData | undefined;
  if (files.length > 0) {
    const form = new FormData();
    if (parameters instanceof DelugeMap) {
      for (const [name, value] of parameters.entries) form.append(name, toText(value));
    }
    for (const file of files) form.append(file.paramName, new File([file.bytes], file.name));
    body = form;
  } else if (parameters instanceof DelugeMap) {
    const pairs = [...parameters.entries].map(([k, v]) => [k, toText(v)] as const);
    if (method === "GET" || method === "DELETE") {
      const query = pairs
        .map(([k, v]) => `${encodeUriComponentStrict(k)}=${encodeUriComponentStrict(v)}`)
        .join("&");
      if (query !== "") target = new URL(`${url}${url.includes("?") ? "&" : "?"}${query}`);
    } else {
      body = new URLSearchParams(pairs.map(([k, v]): [string, string] => [k, v])).toString();
      headers["content-type"] ??= "application/x-www-form-urlencoded";
    }
  } else if (parameters !== undefined && parameters !== null) {
    body = toText(parameters);
  }
  const rawBody = keys.get("body");
  if (rawBody !== undefined && rawBody !== null) body = toText(rawBody);
  if (typeof body === "string") headers["content-type"] ??= "text/plain;charset=UTF-8";

  const base = new URL(settings.baseUrl);
  const sent = new URL(`${target.pathname}${target.search}`, base);
  const reply = await request(sent, {
    method: method as "GET",
    headers,
    ...(body === undefined ? {} : { body }),
  });
  const bytes = Buffer.from(await reply.body.arrayBuffer());
  const replyHeaders = new DelugeMap();
  for (const [name, value] of Object.entries(reply.headers)) {
    replyHeaders.entries.set(name, Array.isArray(value) ? value.join(", ") : (value ?? ""));
  }

  if (keys.get("detailed") === true) {
    const detailed = new DelugeMap();
    detailed.entries.set("responseCode", reply.statusCode);
    detailed.entries.set("responseText", bytes.toString("utf8"));
    detailed.entries.set("responseHeader", replyHeaders);
    return detailed;
  }
  return replyValue(bytes, replyHeaders);
}

function filesOf(value: DelugeValue | undefined): DelugeFile[] {
  if (value === undefined || value === null) return [];
  if (value instanceof DelugeFile) return [value];
  if (value instanceof DelugeList && value.items.every((item) => item instanceof DelugeFile)) {
    return value.items as DelugeFile[];
  }
  throw new InvokeUrlError(`files: needs a FILE or a LIST of FILE, got ${typeName(value)}`);
}

function replyValue(bytes: Buffer, headers: DelugeMap): DelugeValue {
  const type = toText(headers.entries.get("content-type") ?? "").toLowerCase();
  const disposition = toText(headers.entries.get("content-disposition") ?? "");
  if (/^\s*attachment/i.test(disposition) || !(type === "" || /json|^text\//.test(type))) {
    const name = /filename="?([^";]*)"?/i.exec(disposition)?.[1] ?? "file";
    return new DelugeFile(name, bytes);
  }
  const text = bytes.toString("utf8");
  if (type.includes("json")) {
    try {
      return fromJson(JSON.parse(text));
    } catch {
      return text;
    }
  }
  return text;
}
