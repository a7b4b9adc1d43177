/**
 * Build-time syntax highlighting for the site's samples, with shiki's synchronous core and its
 * JavaScript regex engine (no WebAssembly, nothing to await), so the `site` target stays a plain
 * synchronous target. The pages receive finished HTML with inline colours: they ship no
 * highlighter and load nothing.
 *
 * Deluge has no grammar in shiki; `site-deluge-grammar.ts` gives it a small one.
 */
import { createHighlighterCoreSync, type HighlighterCore } from "shiki/core";
import { createJavaScriptRegexEngine } from "shiki/engine/javascript";
import json from "shiki/langs/json.mjs";
import shellscript from "shiki/langs/shellscript.mjs";
import typescript from "shiki/langs/typescript.mjs";
import githubLight from "shiki/themes/github-light.mjs";
import { delugeGrammar } from "./site-deluge-grammar.ts";
import { LineHighlighter, NO_TIME_LIMIT } from "./site-highlight-lines.ts";

/** Languages the site highlights. */
export type SampleLanguage = "shellscript" | "typescript" | "json" | "deluge";

const THEME = "github-light";
let highlighter: HighlighterCore | undefined;
const lineHighlighters = new Map<SampleLanguage, LineHighlighter>();

/** The one shiki highlighter of the process, with the site's languages and theme. */
export function getHighlighter(): HighlighterCore {
  highlighter ??= createHighlighterCoreSync({
    themes: [githubLight],
    langs: [shellscript, typescript, json, delugeGrammar],
    engine: createJavaScriptRegexEngine(),
  });
  return highlighter;
}

/**
 * Highlights `code` as `<pre class="shiki ..."><code>...</code></pre>`. The text is escaped,
 * so any code (including `</script>`) is safe to embed. Lines seen before (same text, same
 * tokenizer state) are not tokenized again (`site-highlight-lines.ts`); the HTML is shiki's.
 */
export function highlightCode(code: string, language: SampleLanguage): string {
  // shiki renders a final newline as an empty last line; the raw text keeps it for copying.
  const text = code.endsWith("\n") ? code.slice(0, -1) : code;
  let lines = lineHighlighters.get(language);
  if (lines === undefined) {
    lines = new LineHighlighter(getHighlighter(), language, THEME);
    lineHighlighters.set(language, lines);
  }
  return lines.highlight(text) ?? shikiHtml(text, language);
}

/** shiki's own `codeToHtml`, the whole text at once (with no time limit per line). */
export function shikiHtml(code: string, language: SampleLanguage): string {
  return getHighlighter().codeToHtml(code, {
    lang: language,
    theme: THEME,
    tokenizeTimeLimit: NO_TIME_LIMIT,
  });
}

/** A sample already highlighted: its text and `highlightCode`'s HTML of it. */
export interface HighlightedCode {
  readonly code: string;
  readonly html: string;
}

// Text that shiki writes unchanged into its HTML and that no grammar splits differently from
// its neighbours: an origin such as `https://www.zohoapis.com.au`.
const plainOrigin = /^[A-Za-z0-9:/._-]+$/;

/**
 * Which occurrences of `from` in `base` became `to` in `code` (true) and which stayed (false),
 * or undefined when `code` is not `base` with some of them replaced, or when it is ambiguous.
 * Samples name every data center in a comment, so only some occurrences change.
 */
function replacedOccurrences(
  base: string,
  code: string,
  from: string,
  to: string,
): boolean[] | undefined {
  const segments = base.split(from);
  const first = segments[0] ?? "";
  if (!code.startsWith(first)) return undefined;
  let position = first.length;
  const replaced: boolean[] = [];
  for (const segment of segments.slice(1)) {
    const kept = code.startsWith(from + segment, position);
    const swapped = code.startsWith(to + segment, position);
    if (kept === swapped) return undefined;
    replaced.push(swapped);
    position += (swapped ? to : from).length + segment.length;
  }
  return position === code.length ? replaced : undefined;
}

/**
 * The highlighted HTML of `code`, which is `base.code` with some `from` replaced by `to` (one
 * data center's sample derived from another's): `base.html` with the same occurrences
 * replaced. Only when it is certain to match: both strings are plain origins, `code` is
 * exactly `base.code` with some occurrences replaced, and every `from` of the text appears
 * whole in the HTML, in the same order (not split across coloured spans, and nowhere else).
 * Otherwise undefined.
 */
export function deriveHighlighted(
  base: HighlightedCode,
  code: string,
  from: string,
  to: string,
): string | undefined {
  const replaced =
    from !== "" && plainOrigin.test(from) && plainOrigin.test(to)
      ? replacedOccurrences(base.code, code, from, to)
      : undefined;
  const pieces = base.html.split(from);
  if (replaced === undefined || pieces.length !== replaced.length + 1) return undefined;
  let html = pieces[0] ?? "";
  replaced.forEach((swapped, index) => {
    html += (swapped ? to : from) + (pieces[index + 1] ?? "");
  });
  return html;
}

/**
 * `deriveHighlighted` when it applies, else `highlightCode(code)`: a sample is highlighted
 * once for all data centers.
 */
export function highlightReplaced(
  base: HighlightedCode,
  code: string,
  from: string,
  to: string,
  language: SampleLanguage,
): string {
  return deriveHighlighted(base, code, from, to) ?? highlightCode(code, language);
}
