/**
 * Worker of the `build-2000-endpoints` figure: writes a connector of 2,000 endpoints (100
 * copies of the 20 endpoint files of connectors/zoho-crm and the crm-lite fixture, so every
 * spec feature is in it: JSON bodies, batches, pages, jobs, uploads, downloads), then times
 * what `invokekit build` does with it: load and validate, build every target, write out/.
 * Prints wall seconds and the process's peak RSS in MB.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadConnector } from "../../src/spec/index.ts";
import { buildConnector, writeOutput } from "../../src/targets/build.ts";
import { report } from "./shared.ts";

const SOURCES = [
  { dir: "connectors/zoho-crm", tag: "" },
  // Its resource names repeat zoho-crm's (`records`); tagged so that no file replaces another.
  { dir: "test/fixtures/connectors/crm-lite", tag: "_lite" },
];
const input = JSON.parse(process.argv[2] ?? "{}") as { copies?: number };
const COPIES = input.copies ?? 100;

/** Every endpoint file of the source connectors: resource folder, file name, text. */
async function endpointFiles() {
  const files: { resource: string; name: string; text: string }[] = [];
  for (const source of SOURCES) {
    const entries = await readdir(source.dir, { withFileTypes: true });
    const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    const renamed = new RegExp(`\\b(${folders.join("|")})\\.([a-z_]+)\\b`, "g");
    for (const folder of folders.sort()) {
      for (const name of (await readdir(path.join(source.dir, folder))).sort()) {
        const raw = await readFile(path.join(source.dir, folder, name), "utf8");
        const text = raw.replace(renamed, (_, r: string, a: string) => `${r}${source.tag}.${a}`);
        files.push({ resource: `${folder}${source.tag}`, name, text });
      }
    }
  }
  return files;
}

async function writeConnector(root: string): Promise<number> {
  const files = await endpointFiles();
  const resources = [...new Set(files.map((f) => f.resource))];
  const renamed = new RegExp(`\\b(${resources.join("|")})\\.([a-z_]+)\\b`, "g");
  const base = await readFile(path.join(SOURCES[0]?.dir ?? "", "connector.yaml"), "utf8");
  await mkdir(root, { recursive: true });
  await writeFile(path.join(root, "connector.yaml"), base.replace(/^name: .*$/m, "name: large"));
  let count = 0;
  for (let copy = 0; copy < COPIES; copy++) {
    const suffix = `_c${String(copy).padStart(3, "0")}`;
    for (const file of files) {
      // New ids (and job references), and a path of its own under /c<n>.
      const text = file.text
        .replace(renamed, (_, resource: string, action: string) => `${resource}${suffix}.${action}`)
        .replace(/^path: \//m, `path: /c${copy}/`);
      const folder = path.join(root, `${file.resource}${suffix}`);
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, file.name), text);
      count += 1;
    }
  }
  return count;
}

const work = await mkdtemp(path.join(os.tmpdir(), "ik-bench-build-"));
try {
  const root = path.join(work, "connectors", "large");
  const files = await writeConnector(root);
  const started = performance.now();
  const connector = await loadConnector(root);
  const loaded = performance.now();
  const generated = buildConnector(connector);
  const built = performance.now();
  await writeOutput(path.join(work, "out"), connector, generated, { check: false });
  const written = performance.now();
  report({
    seconds: (written - started) / 1000,
    loadSeconds: (loaded - started) / 1000,
    buildSeconds: (built - loaded) / 1000,
    writeSeconds: (written - built) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    endpoints: connector.endpoints.length,
    files,
    outputFiles: generated.length,
  });
} finally {
  await rm(work, { recursive: true, force: true });
}
