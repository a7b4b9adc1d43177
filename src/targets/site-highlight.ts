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

/** Languages the site highlights. */
export type SampleLanguage = "shellscript" | "typescript" | "json" | "deluge";

let highlighter: HighlighterCore | undefined;

function getHighlighter(): HighlighterCore {
  highlighter ??= createHighlighterCoreSync({
    themes: [githubLight],
    langs: [shellscript, typescript, json, delugeGrammar],
    engine: createJavaScriptRegexEngine(),
  });
  return highlighter;
}

/**
 * Highlights `code` as `<pre class="shiki ..."><code>...</code></pre>`. shiki escapes the text
 * itself, so any code (including `</script>`) is safe to embed.
 */
export function highlightCode(code: string, language: SampleLanguage): string {
  // shiki renders a final newline as an empty last line; the raw text keeps it for copying.
  const text = code.endsWith("\n") ? code.slice(0, -1) : code;
  return getHighlighter().codeToHtml(text, { lang: language, theme: "github-light" });
}
