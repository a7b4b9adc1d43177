/**
 * The index across connectors: `<out>/index.html`, linking each connector's site
 * (`<name>/site/index.html`) and Markdown docs. It lives in the output root because that is the
 * one folder every connector's output shares: relative links from it reach every site from
 * `file://` and from a static server rooted at the output folder, and no connector's folder
 * (which `writeOutput` keeps equal to that connector's targets) has to hold it.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Connector } from "../spec/model.ts";
import { finishFile } from "./generated-file.ts";
import { escapeHtml, htmlText } from "./site-html.ts";
import { loadTemplates } from "./templates.ts";

const templates = loadTemplates("site", { h: escapeHtml, text: htmlText });

/** Renders `<out>/index.html` for `connectors` (sorted by name). */
export function renderConnectorsIndex(connectors: readonly Connector[]): string {
  const sorted = [...connectors].sort((a, b) => (a.name < b.name ? -1 : 1));
  return finishFile(
    templates.render("connectors", {
      connectors: sorted.map((connector) => ({
        name: connector.name,
        title: connector.title,
        description: connector.description,
        href: `${connector.name}/site/index.html`,
        markdownHref: `${connector.name}/docs/index.md`,
      })),
    }),
  );
}

/** Writes `<outDir>/index.html` when its content changed; returns true when it wrote. */
export async function writeConnectorsIndex(
  outDir: string,
  connectors: readonly Connector[],
): Promise<boolean> {
  const content = renderConnectorsIndex(connectors);
  const file = path.join(outDir, "index.html");
  const current = await readFile(file, "utf8").catch(() => undefined);
  if (current === content) return false;
  await mkdir(outDir, { recursive: true });
  await writeFile(file, content);
  return true;
}
