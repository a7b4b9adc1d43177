/**
 * The site highlights each curl and Deluge sample once and derives the other data centers'
 * HTML by swapping the API domain (`deriveHighlighted`). This checks, for every sample of
 * every shipped connector and test connector, in every data center, that the derived HTML is
 * exactly what highlighting that data center's own text gives.
 */
import { describe, expect, it } from "vitest";
import { loadConnector, loadConnectors } from "../../src/spec/index.ts";
import type { Connector } from "../../src/spec/model.ts";
import { renderCurlSample } from "../../src/targets/curl.ts";
import { renderDelugeSnippet } from "../../src/targets/deluge.ts";
import { defaultDataCenter } from "../../src/targets/sample-arguments.ts";
import {
  deriveHighlighted,
  highlightCode,
  highlightReplaced,
} from "../../src/targets/site-highlight.ts";

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
