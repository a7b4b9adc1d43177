/**
 * Line-at-a-time highlighting with a cache, for the thousands of near-identical samples of a
 * large site. A TextMate grammar colours a line from two inputs only: the line's text and the
 * tokenizer's state at its start. So the HTML of a line and the state after it are cached
 * under (state, text), and a sample whose lines repeat other samples' lines (imports, the
 * request's shape, error handling) tokenizes only the lines that differ.
 *
 * The HTML is exactly what shiki's `codeToHtml` writes (same spans, same styles, same
 * escaping, whitespace-only tokens merged into the next token the way shiki merges them);
 * `test/targets/site-highlight.test.ts` compares the two on every sample of every connector.
 * A state is identified by its frames (`toStateStackFrame`: rule, end rule, scopes), the
 * complete serialization that vscode-textmate itself uses to rebuild a state.
 *
 * Limitations: text with a carriage return, or a shiki whose states have no frames, is left to
 * the caller (`undefined`), which highlights it whole. The cache is dropped whole when it
 * reaches `MAX_LINES` entries, so a long-lived process stays bounded.
 */
import {
  type GrammarState,
  getTokenStyleObject,
  type HighlighterCore,
  stringifyTokenStyle,
  type ThemedToken,
} from "shiki/core";

const MAX_LINES = 100_000;
// vscode-textmate's FontStyle bits: shiki never merges whitespace into decorated tokens.
const UNDERLINE = 4;
const STRIKETHROUGH = 8;
const WHITESPACE_ONLY = /^\s+$/;

/** The parts of vscode-textmate's state stack that identify a state. */
interface FramedStack {
  readonly parent: FramedStack | null;
  toStateStackFrame(): unknown;
}

interface LineResult {
  readonly html: string;
  /** State after the line, and its id. */
  readonly state: GrammarState;
  readonly stateId: number;
}

const INITIAL_ID = 0;

/**
 * shiki stops tokenizing a line after 500 ms by default and leaves the rest of it uncoloured.
 * The first lines of a process pay for compiling the grammar's regexes, so on a busy machine
 * the same code came out coloured differently from one run to the next (and the cache kept the
 * cut line). Without the limit, every line is tokenized to its end, every time.
 */
export const NO_TIME_LIMIT = 0;

/** Highlights code of one language and theme line by line, reusing lines seen before. */
export class LineHighlighter {
  readonly #highlighter: HighlighterCore;
  readonly #options: { lang: string; theme: string; tokenizeTimeLimit: number };
  readonly #open: string;
  readonly #close: string;
  #lines = new Map<string, LineResult>();
  #stateIds = new Map<string, number>();
  #stackIds = new WeakMap<object, number>();

  constructor(highlighter: HighlighterCore, lang: string, theme: string) {
    this.#highlighter = highlighter;
    this.#options = { lang, theme, tokenizeTimeLimit: NO_TIME_LIMIT };
    // The frame around the lines: shiki's own output for empty code, minus its one line.
    const empty = highlighter.codeToHtml("", this.#options);
    const start = empty.indexOf("<code>") + "<code>".length;
    const end = empty.lastIndexOf("</code>");
    const middle = empty.slice(start, end);
    this.#open = middle === '<span class="line"></span>' ? empty.slice(0, start) : "";
    this.#close = empty.slice(end);
  }

  /** `codeToHtml`'s HTML of `code`, or undefined when this class cannot tell it exactly. */
  highlight(code: string): string | undefined {
    if (this.#open === "" || code.includes("\r")) return undefined;
    if (this.#lines.size >= MAX_LINES) this.#clear();
    const html: string[] = [];
    let state: GrammarState | undefined;
    let stateId = INITIAL_ID;
    for (const line of code.split("\n")) {
      // shiki skips empty lines: no tokens, and the state carries over unchanged.
      if (line === "") {
        html.push('<span class="line"></span>');
        continue;
      }
      const key = `${stateId}\n${line}`;
      let result = this.#lines.get(key);
      if (result === undefined) {
        const computed = this.#tokenize(line, state);
        if (computed === undefined) return undefined;
        result = computed;
        this.#lines.set(key, result);
      }
      html.push(result.html);
      state = result.state;
      stateId = result.stateId;
    }
    return this.#open + html.join("\n") + this.#close;
  }

  #tokenize(line: string, state: GrammarState | undefined): LineResult | undefined {
    const tokens = this.#highlighter.codeToTokensBase(line, {
      ...this.#options,
      ...(state ? { grammarState: state } : {}),
    });
    const after = this.#highlighter.getLastGrammarState(tokens);
    const stateId = after ? this.#idOf(after) : undefined;
    if (after === undefined || stateId === undefined || tokens.length !== 1) return undefined;
    return { html: lineHtml(tokens[0] ?? []), state: after, stateId };
  }

  /** A number per distinct state: equal frames from the root up, equal number. */
  #idOf(state: GrammarState): number | undefined {
    const stack = state.getInternalStack() as unknown as FramedStack | undefined;
    if (!stack || typeof stack.toStateStackFrame !== "function") return undefined;
    const known = this.#stackIds.get(stack);
    if (known !== undefined) return known;
    const frames: unknown[] = [];
    for (let item: FramedStack | null = stack; item; item = item.parent) {
      frames.push(item.toStateStackFrame());
    }
    const key = JSON.stringify(frames);
    let id = this.#stateIds.get(key);
    if (id === undefined) {
      id = this.#stateIds.size + 1;
      this.#stateIds.set(key, id);
    }
    this.#stackIds.set(stack, id);
    return id;
  }

  #clear(): void {
    this.#lines = new Map();
    this.#stateIds = new Map();
    this.#stackIds = new WeakMap();
  }
}

/** One line as shiki writes it: `<span class="line">` and a span per (merged) token. */
function lineHtml(tokens: readonly ThemedToken[]): string {
  let html = '<span class="line">';
  let carried = "";
  tokens.forEach((token, index) => {
    const decorated = (token.fontStyle ?? 0) & (UNDERLINE | STRIKETHROUGH);
    if (!decorated && WHITESPACE_ONLY.test(token.content) && tokens[index + 1]) {
      carried += token.content;
    } else if (carried !== "" && decorated) {
      html += tokenHtml({ content: carried, offset: 0 }) + tokenHtml(token);
      carried = "";
    } else {
      html += tokenHtml(carried === "" ? token : { ...token, content: carried + token.content });
      carried = "";
    }
  });
  return `${html}</span>`;
}

function tokenHtml(token: ThemedToken): string {
  const style = stringifyTokenStyle(token.htmlStyle ?? getTokenStyleObject(token));
  const open = style ? `<span style="${escapeAttribute(style)}">` : "<span>";
  return `${open}${escapeText(token.content)}</span>`;
}

// hast-util-to-html's escaping: text escapes `<` and `&`, attribute values `"` and `&`, each
// as a hexadecimal character reference.
function escapeText(text: string): string {
  return text.replace(/[<&]/g, (c) => (c === "<" ? "&#x3C;" : "&#x26;"));
}

function escapeAttribute(value: string): string {
  return value.replace(/["&]/g, (c) => (c === '"' ? "&#x22;" : "&#x26;"));
}
