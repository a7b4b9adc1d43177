/**
 * Escaping for Markdown output (the docs): the only place where a user string becomes Markdown.
 * Spec texts are plain text in which backtick code spans are allowed (authors write
 * `details.id`); code spans are kept, everything else is escaped so that it renders as written
 * and never as HTML, links or emphasis.
 */

type Segment = { readonly code: boolean; readonly text: string };

/** Splits text into code spans (CommonMark: a run of n backticks up to the next run of n). */
function segments(text: string): Segment[] {
  const result: Segment[] = [];
  let plain = "";
  let index = 0;
  while (index < text.length) {
    if (text[index] !== "`") {
      plain += text[index];
      index++;
      continue;
    }
    let end = index;
    while (text[end] === "`") end++;
    const fence = text.slice(index, end);
    const close = findRun(text, end, fence.length);
    if (close === -1) {
      plain += "\\`".repeat(fence.length);
      index = end;
      continue;
    }
    if (plain !== "") result.push({ code: false, text: plain });
    plain = "";
    result.push({ code: true, text: text.slice(index, close + fence.length) });
    index = close + fence.length;
  }
  if (plain !== "") result.push({ code: false, text: plain });
  return result;
}

/** Start of the next run of exactly `length` backticks at or after `from`, or -1. */
function findRun(text: string, from: number, length: number): number {
  let index = from;
  while (index < text.length) {
    if (text[index] !== "`") {
      index++;
      continue;
    }
    let end = index;
    while (text[end] === "`") end++;
    if (end - index === length) return index;
    index = end;
  }
  return -1;
}

const plainEscapes: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  "<": "&lt;",
  ">": "&gt;",
  "&": "&amp;",
  "*": "\\*",
  _: "\\_",
  "[": "\\[",
  "]": "\\]",
  "|": "\\|",
};

function escapePlain(text: string): string {
  // Already-escaped backticks (from an unmatched run) are kept as they are.
  return text.replace(/\\`|[\\<>&*_[\]|]/g, (match) => plainEscapes[match] ?? match);
}

/** Stops text that opens a paragraph from reading as a heading, list item or rule. */
function escapeLineStart(text: string): string {
  return text.replace(/^([#+=-])/, "\\$1").replace(/^(\d+)([.)])/, "$1\\$2");
}

/** Escapes text for a paragraph or list item; line breaks become spaces. */
export function markdownInline(text: string): string {
  const escaped = segments(text.replace(/\r\n|[\r\n]/g, " "))
    .map((s) => (s.code ? s.text : escapePlain(s.text)))
    .join("");
  return escapeLineStart(escaped);
}

/** Escapes text for a table cell: pipes are escaped even in code spans, breaks become `<br>`. */
export function markdownCell(text: string): string {
  return segments(text.replace(/\r\n/g, "\n"))
    .map((s) =>
      s.code
        ? s.text.replace(/\r?\n|\r/g, " ").replaceAll("|", "\\|")
        : escapePlain(s.text).replace(/\r?\n|\r/g, "<br>"),
    )
    .join("");
}

/** Writes `value` as a code span, literally (a backtick inside gets a longer fence). */
export function markdownCode(value: string): string {
  const flat = value.replace(/\r?\n|\r/g, " ");
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") || flat === "" ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A code span for a table cell: as `markdownCode`, with pipes escaped for the table. */
export function markdownCodeCell(value: string): string {
  return markdownCode(value).replaceAll("|", "\\|");
}

/** A fenced code block whose content is exactly `content` (fence longer than any inside). */
export function markdownFence(content: string, language: string): string {
  const longest = Math.max(0, ...(content.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  const body = content.endsWith("\n") ? content : `${content}\n`;
  return `${fence}${language.replace(/[\s`]/g, "")}\n${body}${fence}`;
}

/**
 * A link `[text](target)`: the text is escaped as in a table cell (so it fits in one), the
 * target is percent-encoded so spaces and parentheses cannot end it early.
 */
export function markdownLink(text: string, target: string): string {
  const href = encodeURI(target).replace(/[()]/g, (c) => (c === "(" ? "%28" : "%29"));
  return `[${markdownCell(text)}](${href})`;
}
