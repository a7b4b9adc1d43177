/**
 * The `deluge` target: one paste-ready `invokeurl` snippet per endpoint
 * (`deluge/<endpoint-id>.dg`), for the default data center, calling through the connector's
 * connection link name. Arguments become variables at the top, put into the URL with
 * `zoho.encryption.urlEncode`; uploads send FILE objects with `files:` and never build
 * multipart text. Shape: `shared/deluge-facts.md` s.1 and s.7.
 *
 * Limitations: `zoho.encryption.urlEncode` is assumed to encode like the runtime's strict
 * percent-encoding; Zoho does not document its exact character set, so a value with characters
 * outside `A-Z a-z 0-9 - . _ ~` may be encoded differently (use `inline` to fold the runtime's
 * encoding into the URL instead). Several files in one `files:` list are written as a Deluge
 * list, which Zoho documents only by example.
 */
import { encodeUriComponentStrict } from "../plan/encode.ts";
import type { Connector, Endpoint } from "../spec/model.ts";
import { delugeComment, delugeString } from "./deluge-escape.ts";
import { finishFile, type GeneratedFile, type Target } from "./generated-file.ts";
import { delugeVariableNamer } from "./names.ts";
import {
  defaultDataCenter,
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
   * with no variables. Default false: variables at the top, encoded by Deluge at run time.
   */
  readonly inline?: boolean;
}

const templates = loadTemplates("deluge", { delugeString, delugeComment });

const responseNotes: Readonly<Record<Endpoint["response"], string>> = {
  file: "response holds the downloaded file as a FILE object.",
  json: "response holds Zoho's JSON reply as a map.",
  empty: "response is empty when the call succeeds.",
};

/** Renders the Deluge snippet of one endpoint. */
export function renderDelugeSnippet(
  connector: Connector,
  endpoint: Endpoint,
  options: DelugeSnippetOptions = {},
): string {
  const apiDomain = options.apiDomain ?? defaultDataCenter(connector).apiDomain;
  const args = sampleArguments(endpoint, options.values);
  const inline = options.inline === true;
  const variableName = delugeVariableNamer();

  // Variables first, in declaration order, so the names are stable whatever the URL shape.
  const variables = inline
    ? []
    : args.params.map((arg) => ({
        parameter: arg.parameter.name,
        name: variableName(arg.parameter.name),
        value: arg.value,
      }));
  const variableOf = (parameter: string): string =>
    variables.find((v) => v.parameter === parameter)?.name ?? "";
  const argumentValue = (parameter: string): string =>
    args.params.find((a) => a.parameter.name === parameter)?.value ?? "";

  const urlParts: { isText: boolean; text: string; variable: string }[] = [];
  for (const piece of sampleUrlPieces(connector, endpoint, apiDomain, args)) {
    if (piece.kind === "param" && !inline) {
      urlParts.push({ isText: false, text: "", variable: variableOf(piece.parameter.name) });
      continue;
    }
    const text =
      piece.kind === "text"
        ? piece.text
        : encodeUriComponentStrict(argumentValue(piece.parameter.name));
    const last = urlParts.at(-1);
    if (last?.isText) last.text += text;
    else urlParts.push({ isText: true, text, variable: "" });
  }

  const headers = args.params
    .filter((arg) => arg.parameter.in === "header")
    .map((arg) => ({
      name: arg.parameter.name,
      isLiteral: inline,
      value: arg.value,
      variable: variableOf(arg.parameter.name),
    }));
  const fileVariables = args.files.map((file) => ({
    name: variableName(file.part.name),
    part: file.part.name,
    fileName: file.fileName,
    placeholder: `Sample content of ${file.fileName}`,
  }));

  return finishFile(
    templates.render("snippet", {
      id: endpoint.id,
      title: endpoint.title,
      purposeLines: wrapWords(endpoint.purpose, 96),
      connection: connector.deluge.connection,
      scopes: endpoint.scopes.map((scope) => scope.name),
      variables,
      fileVariables,
      multipleFiles: fileVariables.length > 1,
      urlParts,
      method: endpoint.method,
      headers,
      responseNote: responseNotes[endpoint.response],
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
