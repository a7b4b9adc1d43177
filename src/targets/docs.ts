/**
 * The `docs` target: Markdown for admins and developers. `docs/index.md` lists data centers,
 * the connection (link name, minimal scopes) and the endpoints by resource; `docs/<id>.md`
 * follows the sections of Zoho's own API pages (Purpose, Request URL, Header, Scope,
 * Parameters, Request body, Possible Errors, Sample Request, Notes); a JSON body is a table of
 * its fields from the schema (`docs-body-fields.ts`). The samples on each page
 * are the generated curl, SDK and Deluge files themselves, character for character (taken from
 * the same build's files when those targets ran first, so no sample is rendered twice). Topic
 * pages (OAuth, limits, data centers, status codes, connection guide) come from
 * `docs-topics.ts`, shared with the HTML site; pages link to each other by relative `.md` paths,
 * so the links work on any Git host.
 */

import { urlPieces } from "../plan/request.ts";
import type { Connector, Endpoint, Parameter } from "../spec/model.ts";
import { connectorScopes } from "../spec/model.ts";
import { formatByteSize } from "./byte-size.ts";
import { renderCurlSample } from "./curl.ts";
import { renderDelugeSnippet } from "./deluge.ts";
import { DELUGE_DOWNLOAD_LIMITS, exceedsDelugeDownload, tooLargeReason } from "./deluge-limits.ts";
import { bodyFields, flowNotes } from "./docs-body-fields.ts";
import { renderTopicMarkdown } from "./docs-content-markdown.ts";
import { docsTopics } from "./docs-topics.ts";
import {
  type EarlierOutputs,
  finishFile,
  type GeneratedFile,
  samplePaths,
  type Target,
} from "./generated-file.ts";
import {
  markdownCell,
  markdownCode,
  markdownCodeCell,
  markdownFence,
  markdownInline,
  markdownLink,
} from "./markdown-escape.ts";
import { defaultDataCenter } from "./sample-arguments.ts";
import { renderSdkSample } from "./sdk.ts";
import { loadTemplates } from "./templates.ts";

const templates = loadTemplates("docs", {
  md: markdownInline,
  mdCell: (value: string | number) => markdownCell(String(value)),
  mdCode: markdownCode,
  mdCodeCell: markdownCodeCell,
  mdFence: markdownFence,
  mdLink: markdownLink,
});

/** The request URL with `{api-domain}` and `{name}` for path parameters. */
export function requestUrlPattern(connector: Connector, endpoint: Endpoint): string {
  return urlPieces(connector, endpoint, "{api-domain}", [])
    .map((piece) => (piece.kind === "text" ? piece.text : `{${piece.parameter.name}}`))
    .join("");
}

/** The endpoint's scopes grouped as Zoho writes them: `scope=<group>.{operation_type}`. */
export function scopeGroups(endpoint: Endpoint) {
  const groups = [...new Set(endpoint.scopes.map((scope) => scope.group))];
  return groups.map((group) => ({
    pattern: `scope=${group}.{operation_type}`,
    operations: endpoint.scopes
      .filter((scope) => scope.group === group)
      .map((scope) => ({ operation: scope.operation, description: scope.description })),
  }));
}

/** The Notes section of an endpoint page: spec notes, then what admins must know. */
export function endpointNotes(connector: Connector, endpoint: Endpoint): string[] {
  const tooLarge = exceedsDelugeDownload(connector, endpoint);
  const fileNote =
    endpoint.response === "file"
      ? [
          "The reply is the file itself. The Node client streams it to disk and returns its " +
            (tooLarge
              ? "path."
              : `path; in Deluge, \`response\` is a FILE object. ${DELUGE_DOWNLOAD_LIMITS}`),
        ]
      : [];
  // Case C13: the Deluge sample is a warning, and this says why where every reader sees it.
  const sizeNote = tooLarge
    ? [
        `No Deluge snippet: ${tooLargeReason(endpoint, (text) => `\`${text}\``)} Use the ` +
          "Node client or the CLI.",
      ]
    : [];
  // Case C05: the endpoint's own cap on calls in flight, below the organization's.
  const concurrencyNote =
    endpoint.concurrency === undefined
      ? []
      : [
          `At most ${endpoint.concurrency} calls of this endpoint run at once (\`concurrency\`; ` +
            "Zoho limits heavy APIs below the organization's cap and answers more with 429 " +
            "`TOO_MANY_REQUESTS`). The Node client holds further calls until one ends.",
        ];
  const titleOf = (id: string) => connector.endpoints.find((e) => e.id === id)?.title ?? id;
  return [
    ...endpoint.notes,
    ...flowNotes(endpoint, titleOf),
    ...fileNote,
    ...sizeNote,
    ...concurrencyNote,
    ...(tooLarge
      ? []
      : [
          `The Deluge snippet calls through the connection \`${connector.deluge.connection}\`; ` +
            "create it first (see the connection guide).",
        ]),
    "Samples use the API domain of the default data center " +
      `(\`${defaultDataCenter(connector).apiDomain}\`); use your data center's domain instead ` +
      "(on the site, the data center switch does it).",
  ];
}

/** The three samples of an endpoint page: the generated curl, SDK and Deluge files. */
export interface EndpointSamples {
  readonly curl: string;
  readonly node: string;
  readonly deluge: string;
}

/**
 * Renders `docs/<endpoint-id>.md`. `samples`, when given, are the endpoint's files from the
 * curl, SDK and Deluge targets of the same build; otherwise they are rendered here.
 */
export function renderEndpointPage(
  connector: Connector,
  endpoint: Endpoint,
  samples: EndpointSamples = earlierSamples(connector)(endpoint),
): string {
  const paths = samplePaths(endpoint.id);
  return finishFile(
    templates.render("endpoint", {
      id: endpoint.id,
      title: endpoint.title,
      connectorTitle: connector.title,
      purpose: endpoint.purpose,
      requestLine: `${endpoint.method} ${requestUrlPattern(connector, endpoint)}`,
      exampleApiDomain: defaultDataCenter(connector).apiDomain,
      authorizationHeader: `Authorization: ${connector.auth.headerPrefix} <access token>`,
      scopeGroups: scopeGroups(endpoint),
      parameters: parameterRows(endpoint),
      parts: partRows(endpoint),
      bodyFields: endpoint.body.kind === "json" ? bodyFields(endpoint.body.schema) : [],
      jsonBody: endpoint.body.kind === "json",
      errors: endpoint.errors,
      curl: samples.curl,
      curlPath: paths.curl,
      curlLink: `../${paths.curl}`,
      node: samples.node,
      nodePath: paths.node,
      nodeLink: `../${paths.node}`,
      deluge: samples.deluge,
      delugeTooLarge: exceedsDelugeDownload(connector, endpoint),
      delugePath: paths.deluge,
      delugeLink: `../${paths.deluge}`,
      notes: endpointNotes(connector, endpoint),
    }),
  );
}

/** Renders `docs/index.md`. */
export function renderIndexPage(connector: Connector): string {
  const resources = [...new Set(connector.endpoints.map((endpoint) => endpoint.resource))];
  return finishFile(
    templates.render("index", {
      title: connector.title,
      description: connector.description,
      dataCenters: connector.dataCenters.map((dc) => ({
        ...dc,
        configPath: `connections/${dc.id}.json`,
        configLink: `../connections/${dc.id}.json`,
      })),
      connection: connector.deluge.connection,
      scopes: connectorScopes(connector),
      topics: docsTopics(connector).map((topic) => ({
        title: topic.title,
        page: `${topic.page}.md`,
      })),
      resources: resources.map((name) => ({
        name,
        endpoints: connector.endpoints
          .filter((endpoint) => endpoint.resource === name)
          .map((endpoint) => ({
            id: endpoint.id,
            title: endpoint.title,
            method: endpoint.method,
            purpose: endpoint.purpose,
            page: `${endpoint.id}.md`,
          })),
      })),
    }),
  );
}

/**
 * Writes `docs/index.md`, a page per topic (`docs/<topic>.md`, the same content as the site's
 * topic pages) and `docs/<endpoint-id>.md` for every endpoint.
 */
export const docsTarget: Target = {
  name: "docs",
  description: "Markdown docs: index, topics and one page per endpoint",
  generate(connector: Connector, earlier?: EarlierOutputs): GeneratedFile[] {
    const samples = earlierSamples(connector, earlier);
    return [
      { path: "docs/index.md", content: renderIndexPage(connector) },
      ...docsTopics(connector).map((topic) => ({
        path: `docs/${topic.page}.md`,
        content: renderTopicMarkdown(topic, connector.title),
      })),
      ...connector.endpoints.map((endpoint) => ({
        path: `docs/${endpoint.id}.md`,
        content: renderEndpointPage(connector, endpoint, samples(endpoint)),
      })),
    ];
  },
};

/**
 * The samples of each endpoint from the files the curl, SDK and Deluge targets made earlier in
 * the same build (their content is what `renderEndpointPage` would render); a sample no earlier
 * target made is rendered. Saves rendering every sample twice in a build.
 */
function earlierSamples(
  connector: Connector,
  earlier?: EarlierOutputs,
): (endpoint: Endpoint) => EndpointSamples {
  const files = new Map<string, string>();
  for (const target of ["curl", "sdk", "deluge"]) {
    for (const file of earlier?.get(target) ?? []) files.set(file.path, file.content);
  }
  return (endpoint) => {
    const paths = samplePaths(endpoint.id);
    return {
      curl: files.get(paths.curl) ?? renderCurlSample(connector, endpoint),
      node: files.get(paths.node) ?? renderSdkSample(connector, endpoint),
      deluge: files.get(paths.deluge) ?? renderDelugeSnippet(connector, endpoint),
    };
  };
}

/** The parameter table's rows, as the Markdown page and the site page both show them. */
export function parameterRows(endpoint: Endpoint) {
  return endpoint.parameters.map((parameter) => ({
    name: parameter.name,
    location: parameter.in,
    type: parameterType(parameter),
    required: parameter.required ? "yes" : "no",
    description: parameter.description,
    allowed: parameter.enum ?? [],
  }));
}

// Zoho's wire forms of date values (case C17), shown next to the type.
const dateForms: Partial<Record<Parameter["type"], string>> = {
  date: "yyyy-MM-dd",
  datetime: "yyyy-MM-ddTHH:mm:ss±HH:mm",
};

/** `datetime (yyyy-MM-ddTHH:mm:ss±HH:mm, America/New_York)` for a zoned date-time. */
function parameterType(parameter: Parameter): string {
  const form = dateForms[parameter.type];
  if (form === undefined) return parameter.type;
  const zone = parameter.timeZone === undefined ? "" : `, ${parameter.timeZone}`;
  return `${parameter.type} (${form}${zone})`;
}

/** The multipart table's rows (empty for other bodies), for the Markdown and site pages. */
export function partRows(endpoint: Endpoint) {
  const parts = endpoint.body.kind === "multipart" ? endpoint.body.files : [];
  return parts.map((part) => ({
    name: part.name,
    required: part.required ? "yes" : "no",
    maxCount: String(part.maxCount),
    maxSize: part.maxBytes === undefined ? "no limit given" : formatByteSize(part.maxBytes),
    forbiddenExtensions: part.forbiddenExtensions,
    description: part.description,
  }));
}
