/**
 * The site and docs targets without a browser: deterministic output, escaping of hostile spec
 * text, the search index, Markdown cross-links that resolve, and `invokekit docs --serve`
 * rebuilding when a spec changes.
 */
import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConnector } from "../../src/spec/index.ts";
import { buildConnector } from "../../src/targets/build.ts";
import { renderSite } from "../../src/targets/site.ts";
import { renderConnectorsIndex } from "../../src/targets/site-index.ts";
import { fixtureConnector } from "./fixture-connector.ts";

const crm = await loadConnector("test/fixtures/spec/zoho-crm");

describe("site target", () => {
  it("is deterministic", () => {
    expect(renderSite(crm)).toEqual(renderSite(crm));
  });

  it("escapes hostile spec text everywhere", () => {
    const page = renderSite(fixtureConnector).find((f) => f.path === "site/things.show.html");
    expect(page?.content).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page?.content).not.toContain("<script>alert(1)");
    const search = renderSite(fixtureConnector).find(
      (f) => f.path === "site/assets/search-index.js",
    );
    expect(search?.content).not.toContain("</script");
    const index = renderConnectorsIndex([{ ...crm, description: "<b>x</b> & `y`" }]);
    expect(index).toContain("&lt;b&gt;x&lt;/b&gt; &amp; <code>y</code>");
  });

  it("writes the sidebar's endpoints once; a page holds its own group and the index link", () => {
    const site = renderSite(crm);
    const content = (file: string) => site.find((f) => f.path === file)?.content ?? "";
    const nav = content("site/assets/nav.js");
    expect(nav.startsWith("window.INVOKEKIT_NAV = ")).toBe(true);
    expect(JSON.parse(nav.slice("window.INVOKEKIT_NAV = ".length, -2))).toEqual({
      resources: [
        {
          id: "files",
          name: "Files",
          endpoints: [
            { href: "files.get.html", title: "Get Files", method: "GET" },
            { href: "files.upload.html", title: "Upload Files", method: "POST" },
          ],
        },
      ],
    });
    const sidebar = (file: string) => {
      const html = content(file);
      return html.slice(html.indexOf('<div class="nav-endpoints"'), html.indexOf("</nav>"));
    };
    expect(sidebar("site/files.upload.html")).toBe(
      [
        '<div class="nav-endpoints" data-page="files.upload">',
        '<p class="nav-resource" id="nav-resource-files">Files</p>',
        '<ul aria-labelledby="nav-resource-files">',
        '<li><a href="files.get.html"><span class="method method-get">GET</span> ' +
          "Get Files</a></li>",
        '<li><a href="files.upload.html" aria-current="page"><span class="method method-post">' +
          "POST</span> Upload Files</a></li>",
        "</ul>",
        '<p class="nav-all"><a href="index.html#endpoints">All endpoints</a></p>',
        "</div>\n",
      ].join("\n"),
    );
    expect(sidebar("site/status-codes.html")).toBe(
      [
        '<div class="nav-endpoints" data-page="status-codes">',
        '<p class="nav-all"><a href="index.html#endpoints">All endpoints</a></p>',
        "</div>\n",
      ].join("\n"),
    );
    expect(nav).not.toContain("<");
  });

  it("indexes error codes and ids for search", () => {
    const script = renderSite(crm).find((f) => f.path === "site/assets/search-index.js");
    const json = script?.content.replace(/^window\.INVOKEKIT_SEARCH = /, "").replace(/;\n$/, "");
    const data = JSON.parse(json ?? "{}");
    expect(data.options.fields).toEqual(["title", "key", "request", "scopes", "errors", "text"]);
    // MiniSearch splits NO_PERMISSION at the underscore; both endpoints list it under errors.
    const terms = new Map(data.index.index);
    expect(terms.get("permission")).toEqual({ "4": { "0": 1, "1": 1 } });
    expect(data.index.storedFields["0"]).toEqual({
      title: "Get Files",
      url: "files.get.html",
      detail: "files.get · GET /crm/v2/files",
    });
  });
});

describe("docs target cross-links", () => {
  it("every relative link of every Markdown page names a generated file and heading", () => {
    const files = buildConnector(crm);
    const byPath = new Map(files.map((f) => [f.path, f.content]));
    const slug = (title: string) =>
      title
        .toLowerCase()
        .replace(/[^a-z0-9 _-]/g, "")
        .replace(/ /g, "-");
    const broken: string[] = [];
    let count = 0;
    for (const file of files.filter((f) => f.path.startsWith("docs/"))) {
      for (const [, target = ""] of file.content.matchAll(/\]\(([^)\s]+)\)/g)) {
        count++;
        const [relative = "", anchor] = target.split("#");
        const resolved = path.posix.normalize(path.posix.join("docs", relative));
        const content = byPath.get(resolved);
        if (content === undefined) broken.push(`${file.path}: ${target}`);
        else if (anchor !== undefined) {
          const headings = [...content.matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1] ?? ""));
          if (!headings.includes(anchor)) broken.push(`${file.path}: ${target}`);
        }
      }
    }
    expect(count).toBeGreaterThan(40);
    expect(broken).toEqual([]);
  });
});

describe("invokekit docs --serve", () => {
  it("serves on 127.0.0.1 and rebuilds when a spec changes", async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), "invokekit-serve-"));
    const specs = path.join(work, "connectors");
    const out = path.join(work, "out");
    await cp("connectors", specs, { recursive: true });
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/main.ts", "docs", specs, "--out", out, "--serve", "--port", "0"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    const waitFor = async (pattern: RegExp) => {
      for (let i = 0; i < 300 && !pattern.test(output); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return pattern.exec(output);
    };
    try {
      const url = (await waitFor(/serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/))?.[1];
      expect(url).toBeDefined();
      const page = await fetch(`${url}zoho-crm/site/files.get.html`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await page.text()).toContain("<h1>Get Files</h1>");
      expect((await fetch(`${url}index.html`)).status).toBe(200);
      expect((await fetch(`${url}nothing.html`)).status).toBe(404);

      const spec = path.join(specs, "zoho-crm", "files", "get.yaml");
      const yaml = await readFile(spec, "utf8");
      await writeFile(spec, yaml.replace("title: Get Files", "title: Fetch Files"));
      await waitFor(/rebuilding\n.*\(\d+ changed\)/);
      for (let i = 0; i < 100; i++) {
        const text = await (await fetch(`${url}zoho-crm/site/files.get.html`)).text();
        if (text.includes("<h1>Fetch Files</h1>")) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const rebuilt = await (await fetch(`${url}zoho-crm/site/files.get.html`)).text();
      expect(rebuilt).toContain("<h1>Fetch Files</h1>");
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
      await rm(work, { recursive: true, force: true });
    }
  });
});
