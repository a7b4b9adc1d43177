/**
 * The static files every connector site ships: the style sheet and script from
 * `templates/site/assets/`, and MiniSearch's browser build (UMD, so it runs as a classic
 * script from `file://`) with its licence notice. Read once, copied as they are.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { GeneratedFile } from "./generated-file.ts";

const assetsRoot = new URL("../../templates/site/assets/", import.meta.url);

let cached: GeneratedFile[] | undefined;

function miniSearchScript(): string {
  // The package exports no path for its UMD build; find it next to the CommonJS entry.
  const entry = createRequire(import.meta.url).resolve("minisearch");
  const packageRoot = path.resolve(path.dirname(entry), "..", "..");
  const code = readFileSync(path.join(packageRoot, "dist", "umd", "index.js"), "utf8");
  const { version } = JSON.parse(readFileSync(path.join(packageRoot, "package.json"), "utf8"));
  const licence = readFileSync(path.join(packageRoot, "LICENSE.txt"), "utf8")
    .trim()
    .replaceAll("*/", "* /");
  return `/*! MiniSearch ${version}\n${licence}\n*/\n${code.replace(/\n+$/, "")}\n`;
}

/** The asset files, paths relative to `out/<connector>/`. */
export function siteAssets(): GeneratedFile[] {
  cached ??= [
    { path: "site/assets/minisearch.js", content: miniSearchScript() },
    {
      path: "site/assets/site.css",
      content: readFileSync(new URL("site.css", assetsRoot), "utf8"),
    },
    { path: "site/assets/site.js", content: readFileSync(new URL("site.js", assetsRoot), "utf8") },
  ];
  return cached;
}
