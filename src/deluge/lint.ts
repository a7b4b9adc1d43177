/**
 * The Deluge linter: parses a script and reports, as located diagnostics (the spec layer's
 * `Diagnostic`, printed `file:LINE:COL  message`), the mistakes that would only show at run
 * time inside a Zoho org. Rules and codes (`shared/deluge-facts.md` s.1, s.2, s.4, s.7):
 *
 * - `IK_DELUGE_SYNTAX` (error): the script does not parse.
 * - `IK_DELUGE_UNKNOWN_KEY` (error): an invokeurl key Zoho does not document, with a suggestion.
 * - `IK_DELUGE_DUPLICATE_KEY` (error): the same invokeurl key twice.
 * - `IK_DELUGE_MISSING_URL` (error): an invokeurl without `url:`.
 * - `IK_DELUGE_METHOD` (error): a `type` that is not GET, POST, PUT, PATCH or DELETE.
 * - `IK_DELUGE_GET_BODY` (error): `body:`, `content-type:`, `files:` or TEXT `parameters:` on GET.
 * - `IK_DELUGE_CONNECTION_NAME` (error): a link name that is not lower-case letters, digits and
 *   `_`, starting with a letter, at most 50 characters.
 * - `IK_DELUGE_UNDEFINED_VARIABLE` (error): a variable read before any assignment to it.
 * - `IK_DELUGE_DEPRECATED` (warning): `getUrl`/`postUrl`, with the invokeurl replacement.
 * - `IK_DELUGE_HOST` (warning): a literal URL whose host is not a Zoho API domain of any DC.
 * - `IK_DELUGE_DETAILED_REPLY` (error, case C22): `.get(...)` on the reply of an invokeurl with
 *   `detailed: true` (other than responseCode/responseText/responseHeader), or on its
 *   responseText, without `toString().toMap()` first.
 * - `IK_DELUGE_LIST_IN_MAP` (error, case C24): a `[...]` list inside a map literal, which
 *   Zoho's editor may turn into a map on save; build it with `List()` and `add`.
 * - The request rules of `lint-requests.ts` (C01, C23, C24) and the COQL rules of
 *   `lint-coql.ts` (C16).
 *
 * Limitations: "before assignment" is judged in source order (an assignment in one branch of
 * an `if` counts for code after the `if`); the host rule sees only a URL that starts with a
 * text literal or a variable assigned one; values computed at run time are not checked, and
 * what a variable holds is followed only as `lint-facts.ts` describes.
 */

import { type Diagnostic, sortDiagnostics } from "../spec/diagnostics.ts";
import { didYouMean } from "../spec/did-you-mean.ts";
import { isZohoApiHost } from "../zoho-hosts.ts";
import type {
  Block,
  CallExpression,
  DelugeScript,
  Expression,
  InvokeUrlExpression,
  NodePosition,
} from "./ast.ts";
import { DelugeSyntaxError } from "./lexer.ts";
import { checkCoqlText } from "./lint-coql.ts";
import { DETAILED_REPLY_KEYS, ScriptFacts, textOf } from "./lint-facts.ts";
import { checkRequest, concatenation, urlHost } from "./lint-requests.ts";
import { parseDeluge } from "./parser.ts";

/** Keys the invokeurl task takes (old and new help pages together). */
export const INVOKEURL_KEYS = [
  "url",
  "type",
  "headers",
  "body",
  "content-type",
  "parameters",
  "files",
  "connection",
  "detailed",
  "response-format",
  "response-decoding",
] as const;

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];
// Namespaces of Zoho's built-in tasks: `zoho.crm...`, not variables.
const namespaces = new Set(["zoho", "thisapp"]);
const deprecated: Readonly<Record<string, string>> = {
  geturl: "invokeurl [ url: ... type: GET ]",
  posturl: "invokeurl [ url: ... type: POST parameters: ... ]",
};

/** Lints one script. `file` is only used in the diagnostics. Never throws on bad input. */
export function lintDeluge(source: string, file: string): Diagnostic[] {
  let script: DelugeScript;
  try {
    script = parseDeluge(source);
  } catch (error) {
    if (!(error instanceof DelugeSyntaxError)) throw error;
    return [
      { ...where(file, error), severity: "error", code: "IK_DELUGE_SYNTAX", message: error.reason },
    ];
  }
  const linter = new Linter(file);
  for (const param of script.function?.params ?? []) linter.assigned.add(param.name);
  linter.block(script.body);
  return sortDiagnostics(linter.diagnostics);
}

class Linter {
  readonly diagnostics: Diagnostic[] = [];
  readonly assigned = new Set<string>();
  /** What variables hold, learnt in source order. */
  readonly #facts = new ScriptFacts();
  readonly #reporter = this.report.bind(this);
  readonly #file: string;

  constructor(file: string) {
    this.#file = file;
  }

  report(at: NodePosition, severity: Diagnostic["severity"], code: string, message: string) {
    this.diagnostics.push({ ...where(this.#file, at), severity, code, message });
  }

  block(body: Block): void {
    for (const node of body) {
      switch (node.kind) {
        case "assign":
          this.expression(node.value);
          if (node.operator !== "=") this.#read(node.name, node);
          this.assigned.add(node.name);
          if (node.operator === "=") this.#facts.assign(node.name, node.value);
          else this.#facts.forget(node.name);
          break;
        case "expression":
        case "info":
          this.expression(node.kind === "info" ? node.value : node.expression);
          break;
        case "return":
          if (node.value) this.expression(node.value);
          break;
        case "if":
          for (const branch of node.branches) {
            this.expression(branch.condition);
            this.block(branch.body);
          }
          if (node.otherwise) this.block(node.otherwise);
          break;
        case "forEach":
          this.expression(node.iterable);
          this.assigned.add(node.variable);
          this.#facts.forget(node.variable);
          this.block(node.body);
          break;
        case "try":
          this.block(node.body);
          this.assigned.add(node.errorVariable);
          this.#facts.forget(node.errorVariable);
          this.block(node.handler);
          break;
        default:
          break;
      }
    }
  }

  expression(node: Expression): void {
    switch (node.kind) {
      case "literal":
        if (node.type === "text") checkCoqlText(node, this.#reporter);
        return;
      case "identifier":
        this.#read(node.name, node);
        return;
      case "unary":
        this.expression(node.operand);
        return;
      case "binary":
        if (node.operator !== "+") {
          this.expression(node.left);
          this.expression(node.right);
          return;
        }
        // A `+` chain is one text: checked whole, then its operands (not its sub-chains).
        checkCoqlText(node, this.#reporter);
        for (const part of concatenation(node)) if (part.kind !== "literal") this.expression(part);
        return;
      case "map":
        for (const entry of node.entries) {
          this.expression(entry.key);
          this.#listsInMap(entry.value);
          this.expression(entry.value);
        }
        return;
      case "list":
        for (const element of node.elements) this.expression(element);
        return;
      case "member":
        this.#memberRoot(node.target);
        return;
      case "call": {
        const replacement = node.target === null ? deprecated[node.name.toLowerCase()] : undefined;
        if (replacement) {
          const message = `${node.name} is deprecated; use ${replacement}`;
          this.report(node, "warning", "IK_DELUGE_DEPRECATED", message);
        }
        if (node.target) this.#memberRoot(node.target);
        for (const arg of node.args) this.expression(arg);
        this.#methodCall(node);
        return;
      }
      case "invokeurl":
        this.#invokeUrl(node);
        return;
      default:
        return;
    }
  }

  #memberRoot(target: Expression): void {
    if (target.kind === "identifier" && namespaces.has(target.name)) return;
    if (target.kind === "member") this.#memberRoot(target.target);
    else this.expression(target);
  }

  /** Learns from `m.put(k, v)`; checks `.get(...)` on a detailed reply (case C22). */
  #methodCall(node: CallExpression): void {
    const target = node.target;
    const method = node.name.toLowerCase();
    if (method === "put" && target?.kind === "identifier") {
      this.#facts.put(target.name, node.args[0], node.args[1]);
    }
    if (method !== "get" || !target) return;
    const key = textOf(node.args[0]);
    const get = key === undefined ? "get(...)" : `get("${key}")`;
    if (target.kind === "identifier" && this.#facts.detailedReplies.has(target.name)) {
      if (key === undefined || DETAILED_REPLY_KEYS.includes(key)) return;
      const message =
        `${target.name} is the reply of an invokeurl with detailed: true (responseCode, ` +
        `responseText, responseHeader): read ${target.name}.get("responseText")` +
        `.toString().toMap() before ${get}`;
      this.report(node, "error", "IK_DELUGE_DETAILED_REPLY", message);
    } else if (
      (target.kind === "identifier" && this.#facts.replyTexts.has(target.name)) ||
      this.#facts.isReplyText(target)
    ) {
      const what = target.kind === "identifier" ? target.name : "responseText";
      const message =
        `${what} is the text of a detailed reply: ` + `call toString().toMap() before ${get}`;
      this.report(node, "error", "IK_DELUGE_DETAILED_REPLY", message);
    }
  }

  /** Case C24: reports `[...]` lists in a map literal's value, looking into `{...}` lists. */
  #listsInMap(value: Expression): void {
    if (value.kind !== "list") return;
    if (value.bracket === "{") {
      for (const element of value.elements) this.#listsInMap(element);
      return;
    }
    const message =
      "A [...] list inside a map literal may be turned into a map when Zoho's editor saves " +
      "the script: build it with List() and add(), then put() it into the map";
    this.report(value, "error", "IK_DELUGE_LIST_IN_MAP", message);
  }

  #read(name: string, at: NodePosition): void {
    if (this.assigned.has(name)) return;
    const message = `Variable ${name} is used before it is assigned`;
    this.report(at, "error", "IK_DELUGE_UNDEFINED_VARIABLE", message);
    // One report per variable is enough.
    this.assigned.add(name);
  }

  #invokeUrl(node: InvokeUrlExpression): void {
    const seen = new Map<string, NodePosition>();
    for (const param of node.params) {
      const key = param.key.toLowerCase();
      const first = seen.get(key);
      if (first) {
        const firstAt = `${first.line}:${first.column}`;
        const message = `Duplicate invokeurl key ${param.key} (first at ${firstAt})`;
        this.report(param, "error", "IK_DELUGE_DUPLICATE_KEY", message);
      } else seen.set(key, param);
      const known = (INVOKEURL_KEYS as readonly string[]).includes(key);
      const hint = known ? undefined : didYouMean(param.key, INVOKEURL_KEYS);
      if (!known) {
        const message =
          `Unknown invokeurl key ${param.key}` +
          (hint ? `; did you mean ${hint}?` : `; known keys: ${INVOKEURL_KEYS.join(", ")}`);
        this.report(param, "error", "IK_DELUGE_UNKNOWN_KEY", message);
      }
      if (!isConstantValue(key, hint, param.value)) this.expression(param.value);
    }
    if (!seen.has("url")) {
      this.report(node, "error", "IK_DELUGE_MISSING_URL", "invokeurl needs a url: key");
    }

    const typeParam = node.params.find((p) => p.key.toLowerCase() === "type");
    let method = "GET";
    if (typeParam) {
      const value = typeParam.value;
      const word =
        value.kind === "identifier" || (value.kind === "literal" && value.type === "text")
          ? value.kind === "identifier"
            ? value.name
            : value.value
          : undefined;
      if (word !== undefined && !methods.includes(word.toUpperCase())) {
        const message = `invokeurl type ${word} is not an HTTP method; use ${methods.join(", ")}`;
        this.report(value, "error", "IK_DELUGE_METHOD", message);
      }
      method = word?.toUpperCase() ?? "";
    }
    if (method === "GET") this.#getBody(node);

    const connection = node.params.find((p) => p.key.toLowerCase() === "connection")?.value;
    if (connection?.kind === "literal" && connection.type === "text") {
      const name = connection.value;
      if (!/^[a-z][a-z0-9_]{0,49}$/.test(name)) {
        const message =
          `Connection link name "${name}" breaks Zoho's rules: start with a lower-case ` +
          "letter, then lower-case letters, digits or _, at most 50 characters";
        this.report(connection, "error", "IK_DELUGE_CONNECTION_NAME", message);
      }
    }

    const url = node.params.find((p) => p.key.toLowerCase() === "url")?.value;
    if (url) this.#host(url);
    checkRequest(node, method, this.#facts, this.#reporter);
  }

  #getBody(node: InvokeUrlExpression): void {
    for (const param of node.params) {
      const key = param.key.toLowerCase();
      const isText =
        key === "parameters" &&
        ((param.value.kind === "call" && param.value.name === "toString") ||
          (param.value.kind === "literal" && param.value.type === "text"));
      if (key === "body" || key === "content-type" || key === "files" || isText) {
        const message =
          `A GET request carries no body: remove ${param.key}:` +
          (isText ? " or pass the parameters map itself (it becomes the query string)" : "");
        this.report(param, "error", "IK_DELUGE_GET_BODY", message);
      }
    }
  }

  #host(url: Expression): void {
    const host = urlHost(url, this.#facts);
    if (host === undefined || isZohoApiHost(host.toLowerCase())) return;
    const message =
      `URL host ${host} is not a Zoho API domain of any data center ` +
      "(www.zohoapis.com, .eu, .in, .com.au, .jp, .com.cn, .ca, .sa)";
    this.report(url, "warning", "IK_DELUGE_HOST", message);
  }
}

/** Keys whose value is a bare word (`type: GET`, `response-format: JSON`), not a variable. */
const CONSTANT_KEYS: readonly string[] = ["type", "response-format"];

/**
 * Whether an invokeurl value is a bare word rather than a variable read. A misspelt key is
 * one mistake with one finding: `typ: GET` (read as `type`) or `method: POST` (an HTTP method)
 * keeps its word from also being reported as a variable used before assignment.
 */
function isConstantValue(key: string, hint: string | undefined, value: Expression): boolean {
  if (value.kind !== "identifier") return false;
  if (CONSTANT_KEYS.includes(key)) return true;
  if ((INVOKEURL_KEYS as readonly string[]).includes(key)) return false;
  const readAsConstantKey = hint !== undefined && CONSTANT_KEYS.includes(hint);
  return readAsConstantKey || methods.includes(value.name.toUpperCase());
}

function where(file: string, at: NodePosition) {
  return { file, line: at.line, column: at.column };
}
