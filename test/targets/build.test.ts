import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildConnector, writeOutput } from "../../src/targets/build.ts";
import { siteTarget } from "../../src/targets/site.ts";
import { fixtureConnector } from "./fixture-connector.ts";

let outDir = "";
beforeEach(async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), "invokekit-build-"));
});
afterEach(async () => {
  await rm(outDir, { recursive: true, force: true });
});

async function listAll(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe("buildConnector", () => {
  it("runs every target, sorted by path, each file tagged with its target", () => {
    const files = buildConnector(fixtureConnector);
    const paths = files.map((f) => f.path);
    expect(paths).toEqual([...paths].sort());
    expect(files.map((f) => `${f.target} ${f.path}`)).toEqual([
      "connection connections/eu.json",
      "connection connections/us.json",
      "curl curl/things.attach.sh",
      "curl curl/things.show.sh",
      "deluge deluge/things.attach.dg",
      "deluge deluge/things.show.dg",
      "docs docs/api-limits.md",
      "docs docs/connection-guide.md",
      "docs docs/index.md",
      "docs docs/multi-dc-support.md",
      "docs docs/oauth-authentication.md",
      "docs docs/status-codes.md",
      "docs docs/things.attach.md",
      "docs docs/things.show.md",
      "sdk sdk/index.ts",
      "sdk sdk/model.json",
      "sdk sdk/samples/things.attach.ts",
      "sdk sdk/samples/things.show.ts",
      "site site/api-limits.html",
      "site site/assets/minisearch.js",
      "site site/assets/nav.js",
      "site site/assets/search-index.js",
      "site site/assets/site.css",
      "site site/assets/site.js",
      "site site/connection-guide.html",
      "site site/index.html",
      "site site/multi-dc-support.html",
      "site site/oauth-authentication.html",
      "site site/status-codes.html",
      "site site/things.attach.html",
      "site site/things.show.html",
    ]);
    for (const file of files) {
      expect(file.content.endsWith("\n") && !file.content.endsWith("\n\n")).toBe(true);
      expect(file.content).not.toContain("\r\n");
    }
  });

  it("is deterministic", () => {
    expect(buildConnector(fixtureConnector)).toEqual(buildConnector(fixtureConnector));
  });

  it("gives the site the same pages whether it reuses the other targets' files or not", () => {
    const site = buildConnector(fixtureConnector)
      .filter((f) => f.target === "site")
      .map(({ path, content }) => ({ path, content }));
    const alone = siteTarget.generate(fixtureConnector);
    expect(site.length).toBeGreaterThan(5);
    expect([...alone].sort((a, b) => (a.path < b.path ? -1 : 1))).toEqual(site);
  });

  it("refuses ids that would write outside the output folder", () => {
    const [endpoint] = fixtureConnector.endpoints;
    if (!endpoint) throw new Error("fixture has endpoints");
    const hostile = { ...fixtureConnector, endpoints: [{ ...endpoint, id: "../../evil" }] };
    expect(() => buildConnector(hostile)).toThrow(/leaves the output folder/);
  });
});

describe("writeOutput", () => {
  it("writes everything, then reports nothing left to do", async () => {
    const files = buildConnector(fixtureConnector);
    const first = await writeOutput(outDir, fixtureConnector, files);
    expect(first.map((d) => d.status)).toEqual(files.map(() => "missing"));
    expect(await listAll(path.join(outDir, "fixture"))).toEqual(files.map((f) => f.path));
    expect(await readFile(path.join(outDir, "fixture", "sdk", "index.ts"), "utf8")).toBe(
      files.find((f) => f.path === "sdk/index.ts")?.content,
    );
    expect(await writeOutput(outDir, fixtureConnector, files, { check: true })).toEqual([]);
  });

  it("check: lists missing, different and stale files and writes nothing", async () => {
    const files = buildConnector(fixtureConnector);
    await writeOutput(outDir, fixtureConnector, files);
    const root = path.join(outDir, "fixture");
    await rm(path.join(root, "curl", "things.show.sh"));
    await writeFile(path.join(root, "docs", "index.md"), "edited\n");
    await mkdir(path.join(root, "old", "deep"), { recursive: true });
    await writeFile(path.join(root, "old", "deep", "gone.txt"), "x");

    const differences = await writeOutput(outDir, fixtureConnector, files, { check: true });
    expect(differences).toEqual([
      { path: "curl/things.show.sh", status: "missing" },
      { path: "docs/index.md", status: "different" },
      { path: "old/deep/gone.txt", status: "stale" },
    ]);
    expect(await readFile(path.join(root, "docs", "index.md"), "utf8")).toBe("edited\n");

    // Writing repairs all three and removes the emptied folders.
    expect(await writeOutput(outDir, fixtureConnector, files)).toEqual(differences);
    expect(await listAll(root)).toEqual(files.map((f) => f.path));
    expect(await readdir(root)).not.toContain("old");
    expect(await writeOutput(outDir, fixtureConnector, files, { check: true })).toEqual([]);
  });

  it("writes a file where a stale folder of the same name was", async () => {
    const files = buildConnector(fixtureConnector);
    const root = path.join(outDir, "fixture");
    await mkdir(path.join(root, "docs", "index.md"), { recursive: true });
    await writeFile(path.join(root, "docs", "index.md", "old.txt"), "x");
    const differences = await writeOutput(outDir, fixtureConnector, files);
    expect(differences.filter((d) => d.status === "stale")).toEqual([
      { path: "docs/index.md/old.txt", status: "stale" },
    ]);
    expect(await readFile(path.join(root, "docs", "index.md"), "utf8")).toBe(
      files.find((f) => f.path === "docs/index.md")?.content,
    );
    expect(await listAll(root)).toEqual(files.map((f) => f.path));
  });

  it("touches nothing outside out/<connector>", async () => {
    await writeFile(path.join(outDir, "keep.txt"), "mine");
    await writeOutput(outDir, fixtureConnector, buildConnector(fixtureConnector));
    expect(await readFile(path.join(outDir, "keep.txt"), "utf8")).toBe("mine");
    await expect(writeOutput(outDir, { ...fixtureConnector, name: "../x" }, [])).rejects.toThrow(
      /not a folder name/,
    );
  });
});
