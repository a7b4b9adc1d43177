/**
 * The `curl` target: one runnable sample per endpoint (`curl/<endpoint-id>.sh`) for the default
 * data center, in the layout of Zoho's own samples:
 * `curl "<url>"`, `-X <method>`, `-H "Authorization: Zoho-oauthtoken ..."`, `-F "file=@..."`,
 * and for JSON endpoints `-H "Content-Type: application/json" -d '<json>'`.
 * The token comes from `ZOHO_ACCESS_TOKEN` unless a literal one is given.
 */
import { encodeUriComponentStrict } from "../plan/encode.ts";
import type { Connector, Endpoint } from "../spec/model.ts";
import { finishFile, type GeneratedFile, type Target } from "./generated-file.ts";
import {
  defaultDataCenter,
  type SampleValues,
  sampleArguments,
  sampleUrlPieces,
  sampleValue,
} from "./sample-arguments.ts";
import { curlFormFile, shellComment, shellWord, shellWordWithVariable } from "./shell-escape.ts";
import { loadTemplates } from "./templates.ts";
import { wrapWords } from "./wrap-words.ts";

/** Options of `renderCurlSample`. */
export interface CurlSampleOptions {
  /** API domain to call. Default: the connector's first data center's. */
  readonly apiDomain?: string;
  /** Argument values; default: the endpoint's first example. */
  readonly values?: SampleValues;
  /** A literal access token. Default: the shell variable `ZOHO_ACCESS_TOKEN`. */
  readonly token?: string;
}

/** The environment variable the samples read the access token from. */
export const ACCESS_TOKEN_VARIABLE = "ZOHO_ACCESS_TOKEN";

const templates = loadTemplates("curl", {
  shellWord,
  shellWordWithVariable,
  shellComment,
  curlFormFile,
});

interface CurlOption {
  readonly flag: string;
  readonly value: string;
  /** Set when the word ends with a shell variable. */
  readonly variable: string | null;
  /** Set for `-F` file fields: the part name. */
  readonly formFilePart: string | null;
}

/** Renders the curl sample of one endpoint. */
export function renderCurlSample(
  connector: Connector,
  endpoint: Endpoint,
  options: CurlSampleOptions = {},
): string {
  const apiDomain = options.apiDomain ?? defaultDataCenter(connector).apiDomain;
  const args = sampleArguments(endpoint, firstPage(endpoint, options.values));
  const url = sampleUrlPieces(connector, endpoint, apiDomain, args)
    .map((piece) =>
      piece.kind === "text"
        ? piece.text
        : encodeUriComponentStrict(sampleValue(args, piece.parameter)),
    )
    .join("");

  const word = (flag: string, value: string): CurlOption => ({
    flag,
    value,
    variable: null,
    formFilePart: null,
  });
  const prefix = `Authorization: ${connector.auth.headerPrefix} `;
  const curlOptions: CurlOption[] = [
    options.token === undefined
      ? { ...word("-H", prefix), variable: ACCESS_TOKEN_VARIABLE }
      : word("-H", `${prefix}${options.token}`),
    ...args.params
      .filter((arg) => arg.parameter.in === "header")
      .map((arg) => word("-H", `${arg.parameter.name}: ${arg.value}`)),
    ...args.files.map((file) => ({ ...word("-F", file.fileName), formFilePart: file.part.name })),
    // The same text planRequest sends: JSON.stringify of the body, no spaces added.
    ...(args.body === undefined
      ? []
      : [word("-H", "Content-Type: application/json"), word("-d", JSON.stringify(args.body))]),
  ];

  return finishFile(
    templates.render("sample", {
      id: endpoint.id,
      title: endpoint.title,
      purposeLines: wrapWords(endpoint.purpose, 96),
      scopes: endpoint.scopes.map((scope) => scope.name),
      accessTokenVariable: ACCESS_TOKEN_VARIABLE,
      savesFile: endpoint.response === "file",
      url,
      method: endpoint.method,
      options: curlOptions,
    }),
  );
}

/**
 * A paginated endpoint's sample asks for the first page explicitly (`page=1`), as the runtime's
 * first request does, unless the values name a page or a page token already.
 */
function firstPage(endpoint: Endpoint, values: SampleValues = {}): SampleValues {
  const spec = endpoint.pagination;
  const example = { ...endpoint.examples[0]?.params, ...values.params };
  const hasPage = endpoint.parameters.some((p) => p.name === "page" && p.in === "query");
  if (!spec || !hasPage || example.page !== undefined) return values;
  if (spec.tokenParam !== undefined && example[spec.tokenParam] !== undefined) return values;
  return { ...values, params: { ...values.params, page: "1" } };
}

/** Writes `curl/<endpoint-id>.sh` for every endpoint. */
export const curlTarget: Target = {
  name: "curl",
  description: "curl samples, one per endpoint",
  generate(connector: Connector): GeneratedFile[] {
    return connector.endpoints.map((endpoint) => ({
      path: `curl/${endpoint.id}.sh`,
      content: renderCurlSample(connector, endpoint),
    }));
  },
};
