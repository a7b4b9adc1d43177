/**
 * HTML escaping and the small HTML components of the site: the one place where a user string
 * becomes HTML. Text and attribute values are escaped here; the only unescaped HTML that
 * reaches a page is shiki's output, which escapes the code it colours.
 */
import type { DataCenter } from "../spec/model.ts";
import { codeSpans } from "./docs-content.ts";
import { highlightCode, type SampleLanguage } from "./site-highlight.ts";

const entities: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

/** Text in which backtick pairs mark code: escaped, with `<code>` around the code spans. */
export function htmlText(value: string): string {
  return codeSpans(value)
    .map((piece) =>
      piece.code ? `<code>${escapeHtml(piece.text)}</code>` : escapeHtml(piece.text),
    )
    .join("");
}

/** A fragment-safe id made of lower-case letters, digits, `.`, `-` and `_`. */
export function htmlId(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9._-]+/g, "-");
}

/** One sample: a caption (the generated file it is), the highlighted code and a copy button. */
export interface CodeBlock {
  /** Unique id on the page; the raw text's element gets `raw-<id>`. */
  readonly id: string;
  /** Shown above the code, e.g. `deluge/files.get.dg`. */
  readonly caption: string;
  /** Exactly the text the copy button copies. */
  readonly code: string;
  readonly language: SampleLanguage;
}

/**
 * Renders a code block. The copy button copies the hidden `<textarea>`'s value, which is
 * `code` character for character (the newline right after `<textarea>` is dropped by the HTML
 * parser, so one is written on purpose). `highlighted` is `highlightCode`'s HTML of the code
 * when the caller has it already.
 */
export function codeBlockHtml(block: CodeBlock, highlighted?: string): string {
  const raw = `raw-${htmlId(block.id)}`;
  return [
    `<figure class="code">`,
    `<figcaption><span>${escapeHtml(block.caption)}</span>`,
    `<button type="button" class="copy" data-copy="${raw}">Copy</button></figcaption>`,
    highlighted ?? highlightCode(block.code, block.language),
    `<textarea class="raw" id="${raw}" hidden readonly aria-hidden="true">`,
    `${escapeHtml(block.code)}</textarea>`,
    `</figure>`,
  ].join("\n");
}

/** A block per data center; the site script shows the selected one (the first by default). */
export function dataCenterVariantsHtml(
  dataCenters: readonly Pick<DataCenter, "id">[],
  render: (dataCenter: string) => string,
): string {
  return dataCenters
    .map(
      (dc, index) =>
        `<div class="dc-variant" data-dc="${escapeHtml(dc.id)}"${index === 0 ? "" : " hidden"}>` +
        `\n${render(dc.id)}\n</div>`,
    )
    .join("\n");
}
