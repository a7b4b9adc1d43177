/**
 * Lint rules about what an `invokeurl` task sends, from the field cases (shared/cases/cases.md)
 * and deluge-facts.md s.1.3:
 *
 * - `IK_DELUGE_GET_CONTENT_TYPE` (C23): a `Content-Type` header on a GET, which has no body.
 * - `IK_DELUGE_URL_ENCODE` (C23, warning): a value joined raw into the query of a URL, where
 *   `&`, `+`, `(` or a space change its meaning; encode it or pass a `parameters` map.
 * - `IK_DELUGE_MAP_AS_JSON` (C24): a Map as `parameters:`/`body:` with a JSON content type;
 *   Deluge sends a Map form-encoded, so the JSON body is `map.toString()`.
 * - `IK_DELUGE_MANUAL_AUTH` (C01): an `Authorization` header written by hand to Zoho with no
 *   `connection:`; a pasted token dies within the hour, a connection's token is refreshed by
 *   Zoho.
 *
 * Limitations: header maps and payloads are followed through variables assigned `Map()` or a
 * map literal and filled with `put` (`lint-facts.ts`); the query rule sees only a URL written
 * as one `+` chain with its `?` in a text literal; the Authorization rule fires only when the
 * URL is a Zoho API host or the header value starts with `Zoho-oauthtoken`, since other APIs
 * may take a key in that header by design.
 */
import type { Diagnostic } from "../spec/diagnostics.ts";
import { isZohoApiHost } from "../zoho-hosts.ts";
import type { Expression, InvokeUrlExpression, NodePosition } from "./ast.ts";
import { invokeUrlValue, type MapEntry, type ScriptFacts, textOf } from "./lint-facts.ts";

/** Records one finding at a node. */
export type Report = (
  at: NodePosition,
  severity: Diagnostic["severity"],
  code: string,
  message: string,
) => void;

/**
 * The host of a URL expression when it starts with a text literal, or a variable assigned
 * one (`apiDomain + "/crm/v2/..."`); undefined when it is computed at run time.
 */
export function urlHost(url: Expression, facts: ScriptFacts): string | undefined {
  const first = concatenation(url)[0];
  const text = first?.kind === "identifier" ? facts.texts.get(first.name) : textOf(first);
  const match = text === undefined ? null : /^https?:\/\/([^/?#:]+)/i.exec(text);
  return match?.[1];
}

/** The operands of a `+` chain, left to right; `[node]` for anything else. */
export function concatenation(node: Expression): Expression[] {
  if (node.kind !== "binary" || node.operator !== "+") return [node];
  return [...concatenation(node.left), ...concatenation(node.right)];
}

/** Where an expression starts: a method call's target, not its method name. */
export function startOf(node: Expression): NodePosition {
  if (node.kind === "member") return startOf(node.target);
  if (node.kind === "call" && node.target) return startOf(node.target);
  return node.kind === "binary" ? startOf(node.left) : node;
}

/** How an expression is named in a message: a variable by its name, else "A value". */
export function nameOf(node: Expression): string {
  return node.kind === "identifier" ? node.name : "A value";
}

/** Runs the request rules on one task whose method is `method` (upper case). */
export function checkRequest(
  node: InvokeUrlExpression,
  method: string,
  facts: ScriptFacts,
  report: Report,
): void {
  const headers = node.params.find((p) => p.key.toLowerCase() === "headers");
  const headerEntries = facts.mapEntries(headers?.value);
  const contentType = headerEntries?.get("content-type");
  const where = headers?.value.kind === "identifier" ? headers.value.name : "the headers: map";

  if (method === "GET" && headers && contentType) {
    const value = textOf(contentType.value);
    const message =
      `A GET request carries no body: remove the Content-Type` +
      `${value === undefined ? "" : `: ${value}`} header from ${where}`;
    report(headers, "error", "IK_DELUGE_GET_CONTENT_TYPE", message);
  }

  const url = invokeUrlValue(node, "url");
  if (url) checkQueryEncoding(url, report);
  if (method !== "GET") checkMapAsJson(node, contentType, facts, report);

  const authorization = headerEntries?.get("authorization");
  if (headers && authorization && !invokeUrlValue(node, "connection")) {
    const host = url === undefined ? undefined : urlHost(url, facts);
    const scheme = textOf(concatenation(authorization.value)[0]) ?? "";
    if (
      (host !== undefined && isZohoApiHost(host.toLowerCase())) ||
      /^zoho-oauthtoken/i.test(scheme)
    ) {
      const message =
        `${where} sets the Authorization header by hand and the invokeurl has no connection: ` +
        'use connection: "<link name>" instead, whose token Zoho refreshes (a pasted token ' +
        "expires within the hour)";
      report(headers, "error", "IK_DELUGE_MANUAL_AUTH", message);
    }
  }
}

/** C23: every value joined after the `?` of a URL goes through an encoding call. */
function checkQueryEncoding(url: Expression, report: Report): void {
  let inQuery = false;
  for (const part of concatenation(url)) {
    const text = textOf(part);
    if (text !== undefined) {
      inQuery ||= text.includes("?");
      continue;
    }
    if (!inQuery || part.kind === "literal" || isUrlEncoded(part)) continue;
    const name = nameOf(part);
    const wrapped = part.kind === "identifier" ? part.name : "...";
    const message =
      `${name} joins the URL's query unencoded: write zoho.encryption.urlEncode(${wrapped}), ` +
      "or pass the value in a parameters: map";
    report(startOf(part), "warning", "IK_DELUGE_URL_ENCODE", message);
  }
}

/** `zoho.encryption.urlEncode(x)` or the older `encodeUrl(x)`. */
function isUrlEncoded(node: Expression): boolean {
  if (node.kind !== "call") return false;
  const name = node.name.toLowerCase();
  return name === "urlencode" || name === "encodeurl";
}

/** C24: a Map sent as the body of a request that declares a JSON content type. */
function checkMapAsJson(
  node: InvokeUrlExpression,
  contentType: MapEntry | undefined,
  facts: ScriptFacts,
  report: Report,
): void {
  const declared = textOf(contentType?.value) ?? textOf(invokeUrlValue(node, "content-type"));
  if (declared === undefined || !/json/i.test(declared)) return;
  for (const param of node.params) {
    const key = param.key.toLowerCase();
    if ((key !== "parameters" && key !== "body") || !facts.mapEntries(param.value)) continue;
    const variable = param.value.kind === "identifier" ? param.value.name : undefined;
    const message =
      `${param.key}: ${variable === undefined ? "a map" : variable} is a Map, which Deluge ` +
      "sends form-encoded whatever the Content-Type: pass " +
      `${variable === undefined ? "its toString()" : `${variable}.toString()`} to send JSON`;
    report(param, "error", "IK_DELUGE_MAP_AS_JSON", message);
  }
}
