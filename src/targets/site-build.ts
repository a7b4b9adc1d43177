/**
 * What `invokekit docs` does once: load every connector under a folder, build all targets
 * (the site embeds the others' artefacts and links to them, and `writeOutput` keeps each
 * connector folder equal to the full build), write them, then write the index across
 * connectors. A library user gets the same result by calling `buildSites`.
 */
import { loadConnectors } from "../spec/index.ts";
import type { Connector } from "../spec/model.ts";
import { buildConnector, type OutputDifference, writeOutput } from "./build.ts";
import { writeConnectorsIndex } from "./site-index.ts";

/** What one `buildSites` run did for one connector. */
export interface SiteBuildResult {
  readonly connector: Connector;
  /** Files created, changed or removed under `out/<connector>/`. */
  readonly differences: readonly OutputDifference[];
}

/**
 * Builds and writes every connector found in `specDir` to `outDir`, then `outDir/index.html`.
 * Throws the loader's error when a spec is invalid (nothing is written then).
 */
export async function buildSites(specDir: string, outDir: string): Promise<SiteBuildResult[]> {
  const connectors = await loadConnectors(specDir);
  const built = connectors.map((connector) => ({ connector, files: buildConnector(connector) }));
  const results: SiteBuildResult[] = [];
  for (const { connector, files } of built) {
    results.push({ connector, differences: await writeOutput(outDir, connector, files) });
  }
  await writeConnectorsIndex(outDir, connectors);
  return results;
}
