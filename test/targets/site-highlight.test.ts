/**
 * The site highlights each curl and Deluge sample once and derives the other data centers'
 * HTML by swapping the API domain (`deriveHighlighted`). This checks, for every sample of
 * every shipped connector and test connector, in every data center, that the derived HTML is
 * exactly what highlighting that data center's own text gives. And that highlighting line by
 * line with a cache (`site-highlight-lines.ts`) gives exactly shiki's own HTML.
 */
import { describe, expect, it } from "vitest";
import { loadConnector, loadConnectors } from "../../src/spec/index.ts";
import type { Connector } from "../../src/spec/model.ts";
import { renderCurlSample } from "../../src/targets/curl.ts";
import { renderDelugeSnippet } from "../../src/targets/deluge.ts";
import { defaultDataCenter } from "../../src/targets/sample-arguments.ts";
import { sdkTarget } from "../../src/targets/sdk.ts";
import {
  deriveHighlighted,
  getHighlighter,
  highlightCode,
  highlightReplaced,
  type SampleLanguage,
  shikiHtml,
} from "../../src/targets/site-highlight.ts";
import { LineHighlighter, NO_TIME_LIMIT } from "../../src/targets/site-highlight-lines.ts";

const connectors: Connector[] = [
  ...(await loadConnectors("connectors")),
  await loadConnector("test/fixtures/connectors/crm-lite"),
];

const renderers = [
  { render: renderCurlSample, language: "shellscript" },
  { render: renderDelugeSnippet, language: "deluge" },
] as const;

describe("highlighting derived across data centers", () => {
  it("equals highlighting each data center's own sample", () => {
    let compared = 0;
    for (const connector of connectors) {
      const home = defaultDataCenter(connector);
      for (const endpoint of connector.endpoints) {
        for (const { render, language } of renderers) {
          const code = render(connector, endpoint, { apiDomain: home.apiDomain });
          const base = { code, html: highlightCode(code, language) };
          for (const dc of connector.dataCenters.filter((d) => d.id !== home.id)) {
            const other = render(connector, endpoint, { apiDomain: dc.apiDomain });
            const derived = deriveHighlighted(base, other, home.apiDomain, dc.apiDomain);
            expect(derived, `${endpoint.id} ${language} ${dc.id}`).toBe(
              highlightCode(other, language),
            );
            compared += 1;
          }
        }
      }
    }
    const expected = connectors.reduce(
      (sum, c) => sum + c.endpoints.length * renderers.length * (c.dataCenters.length - 1),
      0,
    );
    expect(compared).toBe(expected);
    expect(compared).toBeGreaterThan(200);
  });

  it("keeps a domain that only a comment names, and swaps the one in the code", () => {
    const code = '// us https://a.example, eu https://b.example\nx = "https://a.example";\n';
    const other = '// us https://a.example, eu https://b.example\nx = "https://b.example";\n';
    const base = { code, html: highlightCode(code, "deluge") };
    expect(deriveHighlighted(base, other, "https://a.example", "https://b.example")).toBe(
      highlightCode(other, "deluge"),
    );
  });

  it("refuses text that is not the base with the domain swapped, and highlights it instead", () => {
    const code = 'x = "https://a.example";\n';
    const base = { code, html: highlightCode(code, "deluge") };
    const other = 'y = "https://b.example";\n';
    expect(deriveHighlighted(base, other, "https://a.example", "https://b.example")).toBe(
      undefined,
    );
    expect(deriveHighlighted(base, code, "https://a.example", 'https://"b')).toBe(undefined);
    expect(highlightReplaced(base, other, "https://a.example", "https://b.example", "deluge")).toBe(
      highlightCode(other, "deluge"),
    );
  });
});

describe("highlighting line by line", () => {
  const same = (code: string, language: SampleLanguage) => {
    // highlightCode drops one final newline (the copied text keeps it); shiki gets the rest.
    expect(highlightCode(code, language), code).toBe(shikiHtml(code.replace(/\n$/, ""), language));
  };

  it("equals shiki's HTML for every sample, highlighted twice (the second from the cache)", () => {
    let compared = 0;
    for (const round of [1, 2]) {
      for (const connector of connectors) {
        const home = defaultDataCenter(connector);
        for (const endpoint of connector.endpoints) {
          for (const { render, language } of renderers) {
            same(render(connector, endpoint, { apiDomain: home.apiDomain }), language);
            compared += round;
          }
        }
        for (const file of sdkTarget.generate(connector)) {
          if (file.path.startsWith("sdk/samples/")) same(file.content, "typescript");
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it("equals shiki's HTML for markup characters, whitespace runs, blank lines and unicode", () => {
    const cases: [string, SampleLanguage][] = [
      ['curl -H "a: <b>&amp;" \\\n  --data \'{"x": "</script>"}\'\n', "shellscript"],
      ["\n\n  \n\tx = 1;\n\n", "typescript"],
      ["const s = `a <c> & d` + b;\n/* open\n   comment */ let x = 'ü €𝄞';\n", "typescript"],
      ['{\n  "a": [1, 2.5e3, true, null],\n  "b": "<&>"\n}\n', "json"],
      ['info "a" + b;\n// c <d>\nx = {"k": 1};\n', "deluge"],
      ["cat <<EOF\nline <1> & 2\nEOF\n", "shellscript"],
      ["", "typescript"],
    ];
    for (const [code, language] of cases) {
      same(code, language);
      same(code, language);
    }
  });

  it("tokenizes every line to its end, with no time limit (the first lines compile regexes)", () => {
    // shiki's default cuts a line after 500 ms and leaves the rest uncoloured: on a busy
    // machine the first lines of a process came out differently from run to run.
    const limits: unknown[] = [];
    const recording = new Proxy(getHighlighter(), {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        if (property !== "codeToTokensBase" && property !== "codeToHtml") return value;
        return (code: string, options: { tokenizeTimeLimit?: number }) => {
          limits.push(options.tokenizeTimeLimit);
          return value.call(target, code, options);
        };
      },
    });
    const lines = new LineHighlighter(recording, "typescript", "github-light");
    const code = "const a0 = 0;\nlet b = `c`;";
    expect(lines.highlight(code)).toBe(shikiHtml(code, "typescript"));
    expect(limits.length).toBeGreaterThan(2);
    expect(new Set(limits)).toEqual(new Set([NO_TIME_LIMIT]));
    expect(NO_TIME_LIMIT).toBe(0);
  });

  it("hands text with carriage returns to shiki whole", () => {
    const code = "const a = 1;\r\nconst b = 2;\r\n";
    expect(highlightCode(code, "typescript")).toBe(shikiHtml(code.slice(0, -1), "typescript"));
  });
});
