/**
 * The `site` target: a static HTML site per connector in `site/`, for Zoho admins. Pages:
 * `index.html` (overview), one page per topic (`docs-topics.ts`, the same content as the
 * Markdown docs) and `<endpoint-id>.html` with the sections of Zoho's own API pages. All pages
 * sit in one folder, so every link is a plain relative file name that works from `file://` and
 * from any static server; nothing is loaded from the network.
 *
 * Samples are the other targets' artefacts, never re-rendered here: the default data center's
 * are the very files of the curl, Deluge and SDK targets, the other data centers' come from the
 * same renderers with that data center's API domain. The data center switch only shows one of
 * these prepared variants, so a copied sample is always a generated artefact.
 *
 * Built to scale to thousands of endpoints in linear time and size: the sidebar's endpoint list
 * is written once (`assets/nav.js`) and each page holds only its own resource group plus a
 * link to the index (the full list without scripts); each curl and Deluge sample is
 * highlighted once and the other data centers' HTML derived by swapping the API domain
 * (`deriveHighlighted`, which falls back to highlighting when the swap is not exact). In a
 * build of a large connector, a worker thread highlights samples alongside
 * (`site-highlight-pool.ts`), started by `prepare` before the other targets run.
 *
 * Limitations: each page holds the curl and Deluge samples of every data center (eight times
 * the code), which keeps the switch exact at the cost of page size; without scripts the
 * sidebar lists only the current page's resource group; the link to all connectors
 * (`../../index.html`) exists once `invokekit docs` (or `writeConnectorsIndex`) has run.
 */
import { urlPieces } from "../plan/request.ts";
import type { Connector, DataCenter, Endpoint } from "../spec/model.ts";
import { connectionTarget } from "./connection.ts";
import { curlTarget, renderCurlSample } from "./curl.ts";
import { delugeTarget, renderDelugeSnippet } from "./deluge.ts";
import { endpointNotes, parameterRows, partRows, requestUrlPattern, scopeGroups } from "./docs.ts";
import { bodyFields } from "./docs-body-fields.ts";
import { errorAnchor, type Topic } from "./docs-content.ts";
import { docsTopics } from "./docs-topics.ts";
import {
  type EarlierOutputs,
  finishFile,
  type GeneratedFile,
  samplePaths,
  type Target,
} from "./generated-file.ts";
import { defaultDataCenter } from "./sample-arguments.ts";
import { sdkTarget } from "./sdk.ts";
import { siteAssets } from "./site-assets.ts";
import { topicHtml } from "./site-content-html.ts";
import { highlightCode, highlightReplaced, type SampleLanguage } from "./site-highlight.ts";
import {
  preparedHighlighting,
  prepareHighlighting,
  WORKER_MIN_ENDPOINTS,
} from "./site-highlight-pool.ts";
import {
  codeBlockHtml,
  dataCenterVariantsHtml,
  escapeHtml,
  htmlId,
  htmlText,
} from "./site-html.ts";
import { renderSearchIndex } from "./site-search.ts";
import { loadTemplates } from "./templates.ts";

const templates = loadTemplates("site", { h: escapeHtml, text: htmlText });

/** A resource name as a sidebar title: `files` -> `Files`. */
function resourceTitle(resource: string): string {
  return resource.charAt(0).toUpperCase() + resource.slice(1).replace(/[_-]+/g, " ");
}

/** The endpoints of one resource, in spec order, as the sidebar and the index group them. */
interface ResourceGroup {
  readonly id: string;
  readonly name: string;
  readonly endpoints: readonly Endpoint[];
}

/** Everything a page of one connector shares, computed once per build. */
interface SiteContext {
  readonly connector: Connector;
  /** `highlightCode`, or the highlighting worker's copy of its HTML when it has one. */
  readonly highlight: (code: string, language: SampleLanguage) => string;
  readonly topics: readonly Topic[];
  /** Generated files of the curl, Deluge, SDK and connection targets, by path. */
  readonly artefacts: ReadonlyMap<string, string>;
  readonly groups: readonly ResourceGroup[];
  /** The group of each endpoint, by endpoint id. */
  readonly groupOf: ReadonlyMap<string, ResourceGroup>;
}

function resourceGroups(connector: Connector): ResourceGroup[] {
  const byResource = new Map<string, Endpoint[]>();
  for (const endpoint of connector.endpoints) {
    const list = byResource.get(endpoint.resource) ?? [];
    list.push(endpoint);
    byResource.set(endpoint.resource, list);
  }
  return [...byResource].map(([resource, endpoints]) => ({
    id: htmlId(resource),
    name: resourceTitle(resource),
    endpoints,
  }));
}

const navEndpoint = (endpoint: Endpoint) => ({
  href: `${endpoint.id}.html`,
  title: endpoint.title,
  method: endpoint.method,
});

/**
 * `assets/nav.js`: the sidebar's endpoint list, once for the whole site. Each page holds only
 * its own resource group and a link to the index; the site script fills in the rest from
 * this, so a site of n endpoints is O(n) in size instead of O(n^2).
 */
function renderNavScript(context: SiteContext): string {
  const resources = context.groups.map((group) => ({
    id: group.id,
    name: group.name,
    endpoints: group.endpoints.map(navEndpoint),
  }));
  // `<` is escaped so that no title can close the script early.
  const json = JSON.stringify({ resources }).replace(/</g, "\\u003c");
  return `window.INVOKEKIT_NAV = ${json};\n`;
}

function layout(context: SiteContext, page: string, title: string, main: string): string {
  const { connector } = context;
  const own = context.groupOf.get(page);
  const sidebarLink = (e: Endpoint) => ({
    ...navEndpoint(e),
    methodClass: e.method.toLowerCase(),
    current: page === e.id,
  });
  return finishFile(
    templates.render("layout", {
      pageTitle: title,
      connectorTitle: connector.title,
      defaultDataCenter: defaultDataCenter(connector).id,
      dataCenters: connector.dataCenters.map((dc) => ({
        id: dc.id,
        label: dc.label,
        code: dc.id.toUpperCase(),
      })),
      showAllConnectors: true,
      topics: [
        { href: "index.html", title: "Overview", current: page === "index" },
        ...context.topics.map((topic) => ({
          href: `${topic.page}.html`,
          title: topic.title,
          current: page === topic.page,
        })),
      ],
      page,
      resources: own
        ? [{ id: own.id, name: own.name, endpoints: own.endpoints.map(sidebarLink) }]
        : [],
      main,
      markdownHref: `../docs/${page}.md`,
      markdownPath: `docs/${page}.md`,
    }),
  );
}

function indexPage(context: SiteContext): string {
  const { connector } = context;
  const main = templates.render("index", {
    title: connector.title,
    description: connector.description,
    connection: connector.deluge.connection,
    topics: context.topics.map((topic) => ({ href: `${topic.page}.html`, title: topic.title })),
    resources: context.groups.map((group) => ({
      id: group.id,
      name: group.name,
      endpoints: group.endpoints.map((e) => ({
        href: `${e.id}.html`,
        title: e.title,
        id: e.id,
        method: e.method,
        purpose: e.purpose,
      })),
    })),
    dataCenters: connector.dataCenters,
  });
  return layout(context, "index", "Overview", main);
}

/** The curl or Deluge sample of `endpoint` for one data center. */
function sampleFor(
  context: SiteContext,
  kind: "curl" | "deluge",
  endpoint: Endpoint,
  dataCenter: DataCenter,
): string {
  const { connector, artefacts } = context;
  if (dataCenter.id === defaultDataCenter(connector).id) {
    const content = artefacts.get(samplePaths(endpoint.id)[kind]);
    if (content !== undefined) return content;
  }
  const options = { apiDomain: dataCenter.apiDomain };
  return kind === "curl"
    ? renderCurlSample(connector, endpoint, options)
    : renderDelugeSnippet(connector, endpoint, options);
}

function samplesHtml(context: SiteContext, endpoint: Endpoint) {
  const { connector } = context;
  const home = defaultDataCenter(connector);
  // Highlighted once, for the default data center; the others differ only in the API domain.
  const variants = (kind: "curl" | "deluge", file: string) => {
    const language = kind === "curl" ? "shellscript" : "deluge";
    const homeCode = sampleFor(context, kind, endpoint, home);
    const base = { code: homeCode, html: context.highlight(homeCode, language) };
    return dataCenterVariantsHtml(connector.dataCenters, (id) => {
      const dc = connector.dataCenters.find((d) => d.id === id) as DataCenter;
      const first = id === home.id;
      const code = first ? homeCode : sampleFor(context, kind, endpoint, dc);
      const block = {
        id: `${kind}-${id}`,
        caption: first ? file : `${file} for ${dc.label}`,
        code,
        language,
      } as const;
      return codeBlockHtml(
        block,
        first ? base.html : highlightReplaced(base, code, home.apiDomain, dc.apiDomain, language),
      );
    });
  };
  const { curl: curlFile, node: nodeFile, deluge: delugeFile } = samplePaths(endpoint.id);
  const nodeCode = context.artefacts.get(nodeFile) ?? "";
  const nodeDataCenter = dataCenterVariantsHtml(
    connector.dataCenters,
    (id) => `<p>Run it with <code>ZOHO_DC=${escapeHtml(id)}</code>.</p>`,
  );
  return [
    {
      key: "curl",
      label: "curl",
      intro: `The generated \`${curlFile}\`; it reads the access token from \`ZOHO_ACCESS_TOKEN\`.`,
      html: variants("curl", curlFile),
    },
    {
      key: "node",
      label: "Node",
      intro: `The generated \`${nodeFile}\`, using the generated typed client.`,
      html: [
        codeBlockHtml(
          { id: "node", caption: nodeFile, code: nodeCode, language: "typescript" },
          context.highlight(nodeCode, "typescript"),
        ),
        nodeDataCenter,
      ].join("\n"),
    },
    {
      key: "deluge",
      label: "Deluge",
      intro:
        `The generated \`${delugeFile}\`: paste it into a Zoho CRM function. It calls through ` +
        `the connection \`${connector.deluge.connection}\`.`,
      html: variants("deluge", delugeFile),
    },
  ];
}

function endpointPage(context: SiteContext, endpoint: Endpoint): string {
  const { connector } = context;
  const main = templates.render("endpoint", {
    title: endpoint.title,
    id: endpoint.id,
    scopes: endpoint.scopes.map((scope) => scope.name),
    purpose: endpoint.purpose,
    method: endpoint.method,
    methodClass: endpoint.method.toLowerCase(),
    urlPattern: requestUrlPattern(connector, endpoint),
    requestUrls: connector.dataCenters.map((dc) => ({
      dataCenter: dc.id,
      method: endpoint.method,
      url: urlPieces(connector, endpoint, dc.apiDomain, [])
        .map((piece) => (piece.kind === "text" ? piece.text : `{${piece.parameter.name}}`))
        .join(""),
    })),
    header: `Authorization: ${connector.auth.headerPrefix} <access token>`,
    scopeGroups: scopeGroups(endpoint),
    parameters: parameterRows(endpoint).map((row) => ({ ...row, anchor: htmlId(row.name) })),
    parts: partRows(endpoint),
    bodyFields: endpoint.body.kind === "json" ? bodyFields(endpoint.body.schema) : [],
    jsonBody: endpoint.body.kind === "json",
    errors: endpoint.errors.map((error) => ({ ...error, anchor: errorAnchor(error.code) })),
    samples: samplesHtml(context, endpoint),
    notes: endpointNotes(connector, endpoint),
  });
  return layout(context, endpoint.id, endpoint.title, main);
}

/**
 * Renders every file of the site of `connector`, paths relative to `out/<connector>/`. The
 * samples come from `earlier` (the same build's output of those targets) when it has them.
 */
export function renderSite(connector: Connector, earlier?: EarlierOutputs): GeneratedFile[] {
  const topics = docsTopics(connector);
  const artefacts = new Map<string, string>();
  for (const target of [curlTarget, delugeTarget, sdkTarget, connectionTarget]) {
    const files = earlier?.get(target.name) ?? target.generate(connector);
    for (const file of files) artefacts.set(file.path, file.content);
  }
  const groups = resourceGroups(connector);
  const groupOf = new Map<string, ResourceGroup>();
  for (const group of groups) for (const e of group.endpoints) groupOf.set(e.id, group);
  const pool = preparedHighlighting(connector);
  const highlight = (code: string, language: SampleLanguage) =>
    pool?.take(code, language) ?? highlightCode(code, language);
  const context: SiteContext = { connector, highlight, topics, artefacts, groups, groupOf };
  try {
    return pages(context);
  } finally {
    pool?.close();
  }
}

function pages(context: SiteContext): GeneratedFile[] {
  const { connector, topics } = context;
  return [
    ...siteAssets(),
    { path: "site/assets/nav.js", content: renderNavScript(context) },
    { path: "site/assets/search-index.js", content: renderSearchIndex(connector, topics) },
    { path: "site/index.html", content: indexPage(context) },
    ...topics.map((topic) => ({
      path: `site/${topic.page}.html`,
      content: layout(context, topic.page, topic.title, topicHtml(topic, connector.dataCenters)),
    })),
    ...connector.endpoints.map((endpoint) => ({
      path: `site/${endpoint.id}.html`,
      content: endpointPage(context, endpoint),
    })),
  ];
}

/**
 * The site target; in a build of a connector with at least `workerMinEndpoints` endpoints its
 * samples are highlighted on a worker thread as well (`site-highlight-pool.ts`).
 */
export function createSiteTarget(workerMinEndpoints = WORKER_MIN_ENDPOINTS): Target {
  return {
    name: "site",
    description: "static HTML docs site with search and a data center switch",
    generate: renderSite,
    prepare: (connector, earlier) => prepareHighlighting(connector, earlier, workerMinEndpoints),
    abandon: (connector) => preparedHighlighting(connector)?.close(),
  };
}

/** Writes the static site: `site/index.html`, topic and endpoint pages, `site/assets/`. */
export const siteTarget: Target = createSiteTarget();
