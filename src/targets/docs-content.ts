/**
 * The content model shared by the Markdown docs and the HTML site: topic pages are built once
 * as blocks (paragraphs, lists, tables, code) and rendered twice, by `docs-content-markdown.ts`
 * and `site-content-html.ts`, so both say the same thing. Text is plain; a backtick pair marks
 * a code span (`Zoho-oauthtoken`), exactly as in spec descriptions.
 */

/** The pages both outputs have, by name: `<name>.md` in docs, `<name>.html` in the site. */
export const TOPIC_PAGES = [
  "oauth-authentication",
  "api-limits",
  "multi-dc-support",
  "status-codes",
  "connection-guide",
] as const;

/** A page a link can point at: a topic, `index`, or an endpoint id. */
export interface PageRef {
  readonly page: string;
  /** Fragment id on that page, without `#`. */
  readonly anchor?: string;
}

/** A link inside running text. */
export interface Link extends PageRef {
  readonly text: string;
}

/** A piece of running text: plain text (backticks mark code) or a link. */
export type Inline = string | Link;

/** One line of text made of pieces. */
export type Text = readonly Inline[];

/** A block of a page. */
export type Block =
  | { readonly kind: "paragraph"; readonly text: Text }
  | { readonly kind: "list"; readonly ordered: boolean; readonly items: readonly Text[] }
  | {
      readonly kind: "table";
      readonly head: readonly string[];
      readonly rows: readonly (readonly Text[])[];
      /** Optional fragment id per row (e.g. one per error code); undefined: none. */
      readonly rowIds?: readonly (string | undefined)[];
    }
  | { readonly kind: "code"; readonly language: "json"; readonly code: string }
  | {
      /** Code that differs per data center; the site switches it, Markdown shows the default. */
      readonly kind: "dataCenterCode";
      readonly language: "json";
      readonly variants: readonly DataCenterVariant[];
    };

/** The text of one data center, with the generated file it comes from. */
export interface DataCenterVariant {
  readonly dataCenter: string;
  readonly label: string;
  /** Path relative to `out/<connector>/`, e.g. `connections/eu.json`. */
  readonly file: string;
  readonly code: string;
}

/** A titled section; its title becomes an `h2` whose fragment is `sectionAnchor(title)`. */
export interface Section {
  readonly title: string;
  readonly blocks: readonly Block[];
}

/** A topic page. */
export interface Topic {
  readonly page: (typeof TOPIC_PAGES)[number];
  readonly title: string;
  /** One sentence under the title. */
  readonly summary: Text;
  readonly sections: readonly Section[];
}

/** A link to `page` (and `anchor`) showing `text`. */
export function link(text: string, page: string, anchor?: string): Link {
  return anchor === undefined ? { text, page } : { text, page, anchor };
}

/** A paragraph of pieces. */
export function paragraph(...text: Inline[]): Block {
  return { kind: "paragraph", text };
}

/** A table: a head, rows of cells (each one text), and an optional fragment id per row. */
export function table(
  head: readonly string[],
  rows: readonly (readonly Text[])[],
  rowIds?: readonly (string | undefined)[],
): Block {
  return rowIds === undefined
    ? { kind: "table", head, rows }
    : { kind: "table", head, rows, rowIds };
}

/** A bulleted (or numbered) list, each item one text. */
export function list(items: readonly Text[], ordered = false): Block {
  return { kind: "list", ordered, items };
}

/** Splits plain text into code spans (backtick pairs) and text; an unpaired backtick is text. */
export function codeSpans(text: string): { code: boolean; text: string }[] {
  const pieces: { code: boolean; text: string }[] = [];
  const pattern = /`([^`]+)`/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    if (match.index > last) pieces.push({ code: false, text: text.slice(last, match.index) });
    pieces.push({ code: true, text: match[1] ?? "" });
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push({ code: false, text: text.slice(last) });
  return pieces;
}

/** A fragment id for a Zoho error code, e.g. `NO_PERMISSION` -> `error-no-permission`. */
export function errorAnchor(code: string): string {
  return `error-${code.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
}

/**
 * The fragment id of a heading, made the way Git hosts make theirs (lower case, punctuation
 * dropped, spaces to hyphens), so one link works in the Markdown docs and on the site.
 */
export function sectionAnchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, "")
    .replace(/ /g, "-");
}
