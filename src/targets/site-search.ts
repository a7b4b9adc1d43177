/**
 * The site's search index, built at generation time with MiniSearch and written as a script
 * (`assets/search-index.js`) that sets `window.INVOKEKIT_SEARCH`: a script, not JSON, because
 * pages opened from `file://` may not fetch files. Endpoints are found by title, id, method
 * and path, scopes and error codes; topic pages by title and section titles.
 */
import MiniSearch from "minisearch";
import { type Connector, endpointBasePath } from "../spec/model.ts";
import type { Topic } from "./docs-content.ts";

/** One searchable page. */
interface SearchDocument {
  readonly id: number;
  readonly title: string;
  readonly key: string;
  readonly request: string;
  readonly scopes: string;
  readonly errors: string;
  readonly text: string;
  /** Link relative to the site folder. */
  readonly url: string;
  /** Second line of a result. */
  readonly detail: string;
}

const options = {
  fields: ["title", "key", "request", "scopes", "errors", "text"],
  storeFields: ["title", "url", "detail"],
};

// Matches on an id or an error code rank above matches in running text.
const boost = { key: 4, errors: 3, title: 2, scopes: 2, request: 1.5, text: 1 };

/** The content of `assets/search-index.js` for `connector`. */
export function renderSearchIndex(connector: Connector, topics: readonly Topic[]): string {
  const documents: SearchDocument[] = [];
  for (const endpoint of connector.endpoints) {
    const request = `${endpoint.method} ${endpointBasePath(connector, endpoint)}${endpoint.path}`;
    documents.push({
      id: documents.length,
      title: endpoint.title,
      key: endpoint.id,
      request,
      scopes: endpoint.scopes.map((scope) => scope.name).join(" "),
      errors: endpoint.errors.map((error) => error.code).join(" "),
      text: endpoint.purpose,
      url: `${endpoint.id}.html`,
      detail: `${endpoint.id} · ${request}`,
    });
  }
  for (const topic of topics) {
    documents.push({
      id: documents.length,
      title: topic.title,
      key: topic.page,
      request: "",
      scopes: "",
      errors: "",
      text: topic.sections.map((section) => section.title).join(" "),
      url: `${topic.page}.html`,
      detail: "Topic",
    });
  }
  const index = new MiniSearch<SearchDocument>(options);
  index.addAll(documents);
  const data = { options, boost, index: index.toJSON() };
  // `<` is escaped so that no text in the index can close the script early.
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return `window.INVOKEKIT_SEARCH = ${json};\n`;
}
