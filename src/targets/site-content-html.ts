/**
 * Renders the shared content model (`docs-content.ts`) as HTML for the site: the same blocks
 * the Markdown docs get, with links to `<page>.html` and per-data-center code that the data
 * center switch shows one at a time.
 */
import type { DataCenter } from "../spec/model.ts";
import { type Block, type Link, sectionAnchor, type Text, type Topic } from "./docs-content.ts";
import {
  codeBlockHtml,
  dataCenterVariantsHtml,
  escapeHtml,
  htmlId,
  htmlText,
} from "./site-html.ts";

/** The site target of a page reference, relative to the site folder. */
export function siteHref(link: Pick<Link, "page" | "anchor">): string {
  return `${link.page}.html${link.anchor === undefined ? "" : `#${link.anchor}`}`;
}

/** Running text as HTML. */
export function textHtml(pieces: Text): string {
  return pieces
    .map((piece) =>
      typeof piece === "string"
        ? htmlText(piece)
        : `<a href="${escapeHtml(siteHref(piece))}">${htmlText(piece.text)}</a>`,
    )
    .join("");
}

function blockHtml(block: Block, dataCenters: readonly DataCenter[], key: string): string {
  switch (block.kind) {
    case "paragraph":
      return `<p>${textHtml(block.text)}</p>`;
    case "list": {
      const tag = block.ordered ? "ol" : "ul";
      const items = block.items.map((item) => `<li>${textHtml(item)}</li>`).join("\n");
      return `<${tag}>\n${items}\n</${tag}>`;
    }
    case "table": {
      const head = block.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("");
      const rows = block.rows.map((row, index) => {
        const id = block.rowIds?.[index];
        const cells = row.map((cell) => `<td>${textHtml(cell)}</td>`).join("");
        return `<tr${id === undefined ? "" : ` id="${escapeHtml(id)}"`}>${cells}</tr>`;
      });
      return [
        `<div class="table-scroll"><table>`,
        `<thead><tr>${head}</tr></thead>`,
        `<tbody>\n${rows.join("\n")}\n</tbody>`,
        `</table></div>`,
      ].join("\n");
    }
    case "code":
      return codeBlockHtml({
        id: key,
        caption: block.language.toUpperCase(),
        code: block.code,
        language: block.language,
      });
    case "dataCenterCode":
      return dataCenterVariantsHtml(dataCenters, (dc) => {
        const variant = block.variants.find((v) => v.dataCenter === dc);
        if (!variant) return "";
        return codeBlockHtml({
          id: `${key}-${dc}`,
          caption: variant.file,
          code: variant.code,
          language: block.language,
        });
      });
  }
}

/** The `<main>` content of a topic page. */
export function topicHtml(topic: Topic, dataCenters: readonly DataCenter[]): string {
  const parts = [
    `<h1>${escapeHtml(topic.title)}</h1>`,
    `<p class="lead">${textHtml(topic.summary)}</p>`,
  ];
  topic.sections.forEach((section, sectionIndex) => {
    const id = sectionAnchor(section.title);
    parts.push(`<section aria-labelledby="${escapeHtml(id)}">`);
    parts.push(`<h2 id="${escapeHtml(id)}">${escapeHtml(section.title)}</h2>`);
    section.blocks.forEach((block, blockIndex) => {
      const key = htmlId(`${topic.page}-${sectionIndex}-${blockIndex}`);
      parts.push(blockHtml(block, dataCenters, key));
    });
    parts.push("</section>");
  });
  return parts.join("\n");
}
