/**
 * Renders the shared content model (`docs-content.ts`) as Markdown for `out/<connector>/docs/`.
 * Links point at `<page>.md`; all escaping goes through `markdown-escape.ts`.
 *
 * Limitations: Markdown has no fragment on a table row, so a link to one error code
 * (`status-codes#error-...`) lands on the Errors section of the page instead.
 */
import type { Block, Inline, Link, Text, Topic } from "./docs-content.ts";
import { finishFile } from "./generated-file.ts";
import {
  markdownCell,
  markdownCode,
  markdownFence,
  markdownInline,
  markdownLink,
} from "./markdown-escape.ts";

/** The Markdown target of a page reference, relative to the docs folder. */
export function markdownHref(link: Pick<Link, "page" | "anchor">): string {
  const anchor = link.anchor?.startsWith("error-") ? "errors" : link.anchor;
  return `${link.page}.md${anchor === undefined ? "" : `#${anchor}`}`;
}

function inline(piece: Inline, cell: boolean): string {
  if (typeof piece !== "string") return markdownLink(piece.text, markdownHref(piece));
  return cell ? markdownCell(piece) : markdownInline(piece);
}

function text(pieces: Text, cell = false): string {
  // Escape piece by piece so that a code span never straddles two pieces.
  return pieces
    .map((piece, index) => {
      const rendered = inline(piece, cell);
      return index === 0 ? rendered : rendered.replace(/^\\([#+=-])/, "$1");
    })
    .join("");
}

function block(value: Block): string {
  switch (value.kind) {
    case "paragraph":
      return text(value.text);
    case "list":
      return value.items
        .map((item, index) => `${value.ordered ? `${index + 1}.` : "-"} ${text(item)}`)
        .join("\n");
    case "table": {
      const head = `| ${value.head.map((h) => markdownCell(h)).join(" | ")} |`;
      const rule = `| ${value.head.map(() => "---").join(" | ")} |`;
      const rows = value.rows.map((row) => `| ${row.map((c) => text(c, true)).join(" | ")} |`);
      return [head, rule, ...rows].join("\n");
    }
    case "code":
      return markdownFence(value.code, value.language);
    case "dataCenterCode": {
      const [first, ...others] = value.variants;
      if (!first) return "";
      const links = [first, ...others]
        .map((v) => markdownLink(`${v.label} (${v.dataCenter})`, `../${v.file}`))
        .join(", ");
      return [
        `For ${markdownInline(first.label)} (${markdownCode(first.file)}):`,
        markdownFence(first.code, value.language),
        `Every data center: ${links}.`,
      ].join("\n\n");
    }
  }
}

/** Renders a topic as a Markdown page, with a link back to the connector index. */
export function renderTopicMarkdown(topic: Topic, connectorTitle: string): string {
  const parts = [
    `# ${markdownInline(topic.title)}`,
    `${text(topic.summary)} Part of the ${markdownLink(connectorTitle, "index.md")} docs.`,
  ];
  for (const section of topic.sections) {
    parts.push(`## ${markdownInline(section.title)}`);
    for (const value of section.blocks) parts.push(block(value));
  }
  return finishFile(parts.join("\n\n"));
}
