/**
 * The `deluge` target: one paste-ready `invokeurl` snippet per endpoint
 * (`deluge/<endpoint-id>.dg`), calling through the connector's connection link name. The
 * snippet opens with a comment naming the connection and its scopes, then the API domain in a
 * variable with every data center's domain listed above it (case C04), then the arguments as
 * variables. Query arguments of a GET travel in a `parameters:` map, which Zoho encodes (case
 * C23); path arguments and query arguments of other methods are put into the URL with
 * `zoho.encryption.urlEncode`. Uploads send FILE objects with `files:` and never build
 * multipart text. JSON endpoints use `detailed: true` and read the response code before
 * touching the body (cases C22, C06); file downloads do not, because `detailed: true` would
 * turn the FILE into text. A list endpoint (GET with `page` and `per_page` query parameters)
 * gets a bounded `more_records` loop (case C18) that reads the records and the flag where the
 * spec's `pagination` says, asking pages by number from 1 while `page` reaches (2,000 records)
 * and then, where the spec names a `token_param`, with the token of the reply before, like the
 * runtime's walk. The loop's list of iterations bounds it (`DELUGE_LIST_REACH` records when
 * tokens go on, else `page`'s reach): when records remain after it, an `info` line says so
 * rather than stopping silently. A JSON body is built with `Map()`/`List()` and sent as
 * `parameters: payload.toString()` with a `Content-Type: application/json` header map (case
 * C24, see `deluge-json.ts`). Date and date-time arguments are written from a DATE-TIME value
 * with an explicit pattern and a UTC offset the admin sets, and a COQL query's values get
 * their quotes doubled at run time (cases C17, C16, `deluge-values.ts`). Shape:
 * `shared/deluge-facts.md` s.1 and s.7.
 *
 * Limitations: `zoho.encryption.urlEncode` is assumed to encode like the runtime's strict
 * percent-encoding; Zoho does not document its exact character set, so a path value with
 * characters outside `A-Z a-z 0-9 - . _ ~` may be encoded differently (use `inline` to fold
 * the runtime's encoding into the URL instead). That a `parameters:` map on GET becomes the
 * query string is Zoho's observed, not documented, behaviour. Several files in one `files:`
 * list are written as a Deluge list, which Zoho documents only by example. The list loop
 * switches to the token by counting records (it assumes full pages while `more_records` is
 * true) and is bounded by its list, not by Deluge's time limit, which it cannot see.
 *
 * A file download's leading comment states Deluge's limits (15 MB from Zoho domains, 5 MB from
 * others, 40 s); an endpoint whose `expected_max_bytes` exceeds them gets a warning naming the
 * Node client and the CLI instead of a snippet (case C13, `deluge-limits.ts`).
 */
import { encodeUriComponentStrict } from "../plan/encode.ts";
import type { Connector, Endpoint } from "../spec/model.ts";
import { delugeComment, delugeString } from "./deluge-escape.ts";
import { delugeJsonStatements } from "./deluge-json.ts";
import {
  cliCommand,
  DELUGE_DOWNLOAD_LIMITS,
  exceedsDelugeDownload,
  tooLargeReason,
  wrapKeepingUnits,
} from "./deluge-limits.ts";
import { delugeDateValue } from "./deluge-values.ts";
import { finishFile, type GeneratedFile, type Target } from "./generated-file.ts";
import { delugeVariableNamer } from "./names.ts";
import {
  defaultDataCenter,
  type SampleArgument,
  type SampleValues,
  sampleArguments,
  sampleUrlPieces,
} from "./sample-arguments.ts";
import { loadTemplates } from "./templates.ts";
import { wrapWords } from "./wrap-words.ts";

/** Options of `renderDelugeSnippet`. */
export interface DelugeSnippetOptions {
  /** API domain to call. Default: the connector's first data center's. */
  readonly apiDomain?: string;
  /** Argument values; default: the endpoint's first example. */
  readonly values?: SampleValues;
  /**
   * Fold argument values into the URL literal now (percent-encoded like the runtime does),
   * with no variables, no domain variable and no `detailed: true`: Zoho's own sample shape.
   * Default false: variables at the top, encoded by Deluge at run time.
   */
  readonly inline?: boolean;
  /**
   * Use `detailed: true` and branch on the response code. Default: true for JSON and empty
   * replies, false for file downloads (where it is never used: it would lose the FILE).
   */
  readonly detailed?: boolean;
  /**
   * Render the snippet even when the endpoint's `expected_max_bytes` exceeds what Deluge can
   * download (for tests that run the request). Default false: a warning comment instead,
   * naming the Node client and the CLI (case C13, `deluge-limits.ts`).
   */
  readonly ignoreDownloadLimit?: boolean;
}

const templates = loadTemplates("deluge", { delugeString, delugeComment });

const responseNotes: Readonly<Record<Endpoint["response"], string>> = {
  file: "response holds the downloaded file as a FILE object.",
  json: "response holds Zoho's JSON reply as a map.",
  empty: "response is empty when the call succeeds.",
};

/**
 * True for a list endpoint: a GET with a `pagination` spec, or (for specs written before
 * `pagination` existed) one taking Zoho's `page` and `per_page` query parameters.
 */
export function isListEndpoint(endpoint: Endpoint): boolean {
  const query = (name: string) =>
    endpoint.parameters.some((p) => p.name === name && p.in === "query");
  if (endpoint.method !== "GET" || endpoint.response !== "json" || !query("page")) return false;
  return endpoint.pagination !== undefined || query("per_page");
}

/** `.get("info").get("more_records")` for the dotted path `info.more_records`. */
function delugeGets(path: string): string {
  return path
    .split(".")
    .map((step) => `.get(${/^\d+$/.test(step) ? step : delugeString(step)})`)
    .join("");
}

/** Records a token walk reads before it stops and says so: 25 requests of 200. */
export const DELUGE_LIST_REACH = 5000;

/**
 * The loop's iteration numbers: the pages Zoho's `page` reaches, or with a page token,
 * enough requests for `DELUGE_LIST_REACH` records (at most 100 either way). A CRM function has
 * about a minute (shared/deluge-facts.md s.1.4), so the loop is bounded rather than endless.
 */
function pageNumbers(endpoint: Endpoint, perPage: string): number[] {
  const size = /^\d+$/.test(perPage) && Number(perPage) > 0 ? Number(perPage) : 200;
  const pageReach = endpoint.pagination?.maxRecords ?? 2000;
  const tokens = endpoint.pagination?.tokenParam !== undefined;
  const reach = tokens ? Math.max(pageReach, DELUGE_LIST_REACH) : pageReach;
  const count = Math.min(100, Math.max(1, Math.floor(reach / size)));
  return Array.from({ length: count }, (_, index) => index + 1);
}

/** The comment above the list loop and the end of its `info` line when it stops early. */
function loopWords(endpoint: Endpoint, pages: number): { note: string; stopped: string } {
  const reach = (endpoint.pagination?.maxRecords ?? 2000).toLocaleString("en-US");
  const token = endpoint.pagination?.tokenParam;
  if (token === undefined) {
    return {
      note:
        `Zoho's page parameter reaches the first ${reach} records, and this endpoint has no ` +
        "page token to go further: past them the loop stops and says so.",
      stopped: ` records: more remain, past the ${reach} that page reaches.`,
    };
  }
  return {
    note:
      `Pages are numbered from 1 up to record ${reach}; after that each page is asked with ` +
      `${token}, the token of the reply before. At most ${pages} requests: when ` +
      "records remain after them, the loop stops and says so; lengthen the list to read " +
      "more, within the function's time limit.",
    stopped: " records; more remain: lengthen the for each list.",
  };
}

/**
 * What a 204 means for `endpoint`, for the comment of its 204 branch: the sentences of its
 * notes that mention 204; for a GET without such a note, Zoho's general meaning (nothing to
 * return, zoho-facts s.4.1); undefined for other methods, which get no 204 branch, since
 * Zoho documents 204 only for reads.
 */
function noContentMeaning(endpoint: Endpoint): string | undefined {
  const sentences = endpoint.notes
    .flatMap((note) => note.split(/(?<=\.)\s+/))
    .filter((sentence) => /\b204\b/.test(sentence));
  if (sentences.length > 0) return sentences.join(" ");
  if (endpoint.method !== "GET") return undefined;
  return (
    "204 No Content: Zoho has nothing to return for this request. " +
    "An empty result, not an error."
  );
}

/** `us https://www.zohoapis.com, eu ...`, three data centers a line. */
function dataCenterLines(connector: Connector): string[] {
  const entries = connector.dataCenters.map((dc) => `${dc.id} ${dc.apiDomain}`);
  const lines: string[] = [];
  for (let i = 0; i < entries.length; i += 3) lines.push(entries.slice(i, i + 3).join(", "));
  return lines;
}

/**
 * The statements that set an argument's variable: a text literal, or for a date or date-time
 * in Zoho's form, the value written with an explicit pattern (case C17, `deluge-values.ts`).
 */
function variableLines(
  arg: SampleArgument,
  name: string,
  variableName: (name: string) => string,
): string[] {
  const { parameter, value } = arg;
  const kind = parameter.type === "date" || parameter.type === "datetime" ? parameter.type : null;
  const built =
    kind === null
      ? undefined
      : delugeDateValue(parameter.name, kind, value, variableName, parameter.timeZone);
  if (!built) return [`${name} = ${delugeString(value)};`];
  return [...built.lines, `${name} = ${built.expression};`];
}

/** Renders the Deluge snippet of one endpoint. */
export function renderDelugeSnippet(
  connector: Connector,
  endpoint: Endpoint,
  options: DelugeSnippetOptions = {},
): string {
  if (options.ignoreDownloadLimit !== true && exceedsDelugeDownload(connector, endpoint)) {
    return renderTooLargeWarning(connector, endpoint);
  }
  const apiDomain = options.apiDomain ?? defaultDataCenter(connector).apiDomain;
  const args = sampleArguments(endpoint, options.values);
  const inline = options.inline === true;
  const detailed = !inline && endpoint.response !== "file" && (options.detailed ?? true);
  const paginate = !inline && isListEndpoint(endpoint);
  const variableName = delugeVariableNamer();
  // The snippet's own names first, so an argument can never take one of them.
  const names = {
    domain: variableName("apiDomain"),
    params: variableName("params"),
    responseCode: variableName("responseCode"),
    reply: variableName("reply"),
    records: variableName("records"),
    pageNumber: variableName("pageNumber"),
    pageRecords: variableName("pageRecords"),
    pageToken: variableName("pageToken"),
    moreRecords: variableName("moreRecords"),
    headerMap: variableName("headerMap"),
  };
  const jsonBody = endpoint.body.kind === "json" && args.body !== undefined;

  // Variables first, in declaration order, so the names are stable whatever the URL shape.
  const variables = inline
    ? []
    : args.params
        .filter((arg) => !(paginate && arg.parameter.name === "page"))
        .map((arg) => {
          const name = variableName(arg.parameter.name);
          return {
            parameter: arg.parameter.name,
            name,
            lines: variableLines(arg, name, variableName),
          };
        });
  const variableOf = (parameter: string): string =>
    variables.find((v) => v.parameter === parameter)?.name ?? "";
  const argumentValue = (parameter: string): string =>
    args.params.find((a) => a.parameter.name === parameter)?.value ?? "";

  // GET query arguments go in a parameters map (case C23); the URL then has no query.
  // (A JSON body takes `parameters:`, so its query, if any, goes into the URL.)
  const mapQuery = !inline && endpoint.method === "GET" && !jsonBody;
  const queryMap = mapQuery
    ? args.params
        .filter((arg) => arg.parameter.in === "query")
        .map((arg) => ({
          parameter: arg.parameter.name,
          variable:
            arg.parameter.name === "page" && paginate
              ? names.pageNumber
              : variableOf(arg.parameter.name),
        }))
        .filter((entry) => entry.parameter !== "page" || !paginate)
    : [];
  const urlArgs = mapQuery
    ? { ...args, params: args.params.filter((arg) => arg.parameter.in !== "query") }
    : args;

  type UrlPart = { isText: boolean; isVariable: boolean; text: string; variable: string };
  const urlParts: UrlPart[] = [];
  const pieces = sampleUrlPieces(connector, endpoint, apiDomain, urlArgs);
  for (const piece of pieces) {
    if (piece.kind === "param" && !inline) {
      const variable = variableOf(piece.parameter.name);
      urlParts.push({ isText: false, isVariable: false, text: "", variable });
      continue;
    }
    const text =
      piece.kind === "text"
        ? piece.text
        : encodeUriComponentStrict(argumentValue(piece.parameter.name));
    const last = urlParts.at(-1);
    if (last?.isText) last.text += text;
    else urlParts.push({ isText: true, isVariable: false, text, variable: "" });
  }
  // The API domain comes from its variable, so one edit moves the snippet to another DC.
  const first = urlParts[0];
  if (!inline && first?.isText && first.text.startsWith(apiDomain)) {
    const rest = first.text.slice(apiDomain.length);
    urlParts.splice(0, 1, { isText: false, isVariable: true, text: "", variable: names.domain });
    if (rest !== "")
      urlParts.splice(1, 0, { isText: true, isVariable: false, text: rest, variable: "" });
  }

  const headers = args.params
    .filter((arg) => arg.parameter.in === "header")
    .map((arg) => ({
      name: arg.parameter.name,
      isLiteral: inline,
      value: arg.value,
      variable: variableOf(arg.parameter.name),
    }));
  // After the argument variables, so a body variable never takes an argument's name.
  const schema = endpoint.body.kind === "json" ? endpoint.body.schema : undefined;
  const body = jsonBody
    ? delugeJsonStatements(args.body, "payload", variableName, schema)
    : undefined;
  const fileVariables = args.files.map((file) => ({
    name: variableName(file.part.name),
    part: file.part.name,
    fileName: file.fileName,
    placeholder: `Sample content of ${file.fileName}`,
  }));

  const pages = paginate ? pageNumbers(endpoint, argumentValue("per_page")) : [];
  const loop = loopWords(endpoint, pages.length);
  const view = {
    id: endpoint.id,
    title: endpoint.title,
    purposeLines: wrapWords(endpoint.purpose, 96),
    connection: connector.deluge.connection,
    scopes: endpoint.scopes.map((scope) => scope.name),
    // Deluge's own limits, stated where a download may hit them (case C13).
    noteLines: endpoint.response === "file" ? wrapKeepingUnits(DELUGE_DOWNLOAD_LIMITS, 96) : [],
    domainVariable: inline ? "" : names.domain,
    apiDomain,
    dataCenterLines: dataCenterLines(connector),
    variables,
    queryMap,
    // A list loop puts `page` into the map even when no other query argument does.
    hasQueryMap: queryMap.length > 0 || paginate,
    fileVariables,
    multipleFiles: fileVariables.length > 1,
    urlParts,
    method: endpoint.method,
    headers,
    bodyLines: body?.lines ?? [],
    bodyVariable: body?.variable ?? "",
    names,
    itemsGets: delugeGets(endpoint.pagination?.items ?? "data"),
    moreGets: delugeGets(endpoint.pagination?.morePath ?? "info.more_records"),
    // Without spaces when the list would not fit in 100 columns.
    pageList: pages.join(pages.length > 20 ? "," : ", "),
    pageReach: (endpoint.pagination?.maxRecords ?? 2000).toLocaleString("en-US"),
    pageReachNumber: endpoint.pagination?.maxRecords ?? 2000,
    tokenParam: endpoint.pagination?.tokenParam ?? "",
    tokenGets: delugeGets(endpoint.pagination?.nextTokenPath ?? "info.next_page_token"),
    loopNoteLines: wrapWords(loop.note, 96),
    stoppedNote: loop.stopped,
    detailed: detailed || paginate,
    noContentLines: wrapWords(noContentMeaning(endpoint) ?? "", 92),
    paginate,
    readsJson: endpoint.response === "json",
    responseNote: responseNotes[endpoint.response],
  };
  const invoke = templates.render("invoke", view).replace(/\n$/, "");
  const invokeIndented = invoke.replace(/^/gm, "\t");
  return finishFile(templates.render("snippet", { ...view, invoke, invokeIndented }));
}

/** The comment that stands in for the snippet of an endpoint Deluge cannot download. */
function renderTooLargeWarning(connector: Connector, endpoint: Endpoint): string {
  return finishFile(
    templates.render("too-large", {
      id: endpoint.id,
      title: endpoint.title,
      purposeLines: wrapWords(endpoint.purpose, 96),
      connection: connector.deluge.connection,
      scopes: endpoint.scopes.map((scope) => scope.name),
      reasonLines: wrapKeepingUnits(tooLargeReason(endpoint), 96),
      samplePath: `sdk/samples/${endpoint.id}.ts`,
      command: cliCommand(connector, endpoint),
    }),
  );
}

/** Writes `deluge/<endpoint-id>.dg` for every endpoint. */
export const delugeTarget: Target = {
  name: "deluge",
  description: "Deluge invokeurl snippets, one per endpoint",
  generate(connector: Connector): GeneratedFile[] {
    return connector.endpoints.map((endpoint) => ({
      path: `deluge/${endpoint.id}.dg`,
      content: renderDelugeSnippet(connector, endpoint),
    }));
  },
};
