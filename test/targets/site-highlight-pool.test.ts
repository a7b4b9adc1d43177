/**
 * Highlighting on a worker thread (`site-highlight-pool.ts`): the worker's HTML of a sample is
 * exactly `highlightCode`'s, and a site built with the worker is byte for byte the site built
 * without it.
 */
import { describe, expect, it } from "vitest";
import { loadConnector } from "../../src/spec/index.ts";
import type { Connector } from "../../src/spec/model.ts";
import { buildConnector } from "../../src/targets/build.ts";
import type { EarlierOutputs, GeneratedFile } from "../../src/targets/generated-file.ts";
import { targets } from "../../src/targets/registry.ts";
import { createSiteTarget, renderSite } from "../../src/targets/site.ts";
import { highlightCode, type SampleLanguage } from "../../src/targets/site-highlight.ts";
import {
  HighlightPool,
  preparedHighlighting,
  prepareHighlighting,
} from "../../src/targets/site-highlight-pool.ts";

const crm = await loadConnector("connectors/zoho-crm");

/** What a build gives the site: every other target's files, each target prepared as in build. */
function earlierOutputs(prepare: (earlier: EarlierOutputs) => void): EarlierOutputs {
  const earlier = new Map<string, readonly GeneratedFile[]>();
  prepare(earlier);
  for (const target of targets.filter((t) => t.name !== "site")) {
    earlier.set(target.name, target.generate(crm, earlier));
    prepare(earlier);
  }
  return earlier;
}

const samples = (earlier: EarlierOutputs): { code: string; language: SampleLanguage }[] => [
  ...(earlier.get("curl") ?? []).map((f) => ({
    code: f.content,
    language: "shellscript" as const,
  })),
  ...(earlier.get("deluge") ?? []).map((f) => ({ code: f.content, language: "deluge" as const })),
  ...(earlier.get("sdk") ?? [])
    .filter((f) => f.path.startsWith("sdk/samples/"))
    .map((f) => ({ code: f.content, language: "typescript" as const })),
];

describe("highlighting on a worker thread", () => {
  it("gives highlightCode's HTML for every sample the build hands it", () => {
    const earlier = earlierOutputs((e) => prepareHighlighting(crm, e, 1));
    const pool = preparedHighlighting(crm);
    expect(pool).toBeInstanceOf(HighlightPool);
    expect(preparedHighlighting(crm)).toBe(undefined);
    try {
      expect(pool?.waitForWorker()).toBe(true);
      const all = samples(earlier);
      expect(all.length).toBe(crm.endpoints.length * 3);
      for (const { code, language } of all) {
        expect(pool?.take(code, language), code).toBe(highlightCode(code, language));
      }
    } finally {
      pool?.close();
    }
  });

  it("leaves to the caller what it was not asked, what the caller took first, and all once closed", () => {
    const pool = new HighlightPool();
    const code = 'curl "https://www.zohoapis.com/crm/v2/org"\n';
    try {
      expect(pool.take(code, "shellscript")).toBe(undefined);
      pool.request([{ code, language: "shellscript" }]);
      // The worker is still starting: the sample is the caller's, and stays so.
      expect(pool.take(code, "shellscript")).toBe(undefined);
      expect(pool.waitForWorker()).toBe(true);
      expect(pool.take(code, "shellscript")).toBe(undefined);
      const other = "// other\n";
      pool.request([{ code: other, language: "typescript" }]);
      expect(pool.waitForWorker()).toBe(true);
      expect(pool.take(other, "typescript")).toBe(highlightCode(other, "typescript"));
    } finally {
      pool.close();
    }
    expect(pool.take("// other\n", "typescript")).toBe(undefined);
  });

  it("builds the same site as highlighting on the build's thread alone", () => {
    const site = createSiteTarget(1);
    const earlier = earlierOutputs((e) => site.prepare?.(crm, e));
    const withWorker = site.generate(crm, earlier);
    expect(withWorker).toEqual(renderSite(crm, earlier));
    expect(withWorker.filter((f) => f.path.endsWith(".html")).length).toBeGreaterThan(20);
  });

  it("is stopped when a target ends the build before the site runs", () => {
    const base = crm.endpoints.find((e) => e.id === "files.get");
    if (!base) throw new Error("files.get is missing");
    // 1,000 endpoints start the worker; files.get0 and files.get_0 are one SDK method name.
    const endpoints = Array.from({ length: 1000 }, (_, i) => ({ ...base, id: `files.get_${i}` }));
    const big: Connector = { ...crm, endpoints: [...endpoints, { ...base, id: "files.get0" }] };
    expect(() => buildConnector(big)).toThrow("Two endpoints map to the same");
    const left = preparedHighlighting(big);
    left?.close();
    expect(left).toBe(undefined);
  });
});
