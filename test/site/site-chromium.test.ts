/**
 * The docs site in real headless Chromium (one launch for the file): the "Done means" list of
 * issue 5. The site is built into a temp folder with `buildSites`, opened from `file://` (and
 * once from the 127.0.0.1 server), and every request that is not local fails the run.
 * A screenshot of the files.get page goes to `out-test/site/files.get.png` for review.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConnector } from "../../src/spec/index.ts";
import { renderCurlSample } from "../../src/targets/curl.ts";
import { renderDelugeSnippet } from "../../src/targets/deluge.ts";
import { errorAnchor } from "../../src/targets/docs-content.ts";
import { renderSite } from "../../src/targets/site.ts";
import { buildSites } from "../../src/targets/site-build.ts";
import { startSiteServer } from "../../src/targets/site-server.ts";
import { fixtureConnector } from "../targets/fixture-connector.ts";
import { type GuardedBrowser, launchGuardedChromium } from "./chromium.ts";

const crm = await loadConnector("connectors/zoho-crm");
let out = "";
let browser: GuardedBrowser;
let page: Page;
const pageErrors: string[] = [];

const siteUrl = (file: string) => pathToFileURL(path.join(out, "zoho-crm", "site", file)).href;

beforeAll(async () => {
  out = await mkdtemp(path.join(os.tmpdir(), "invokekit-site-"));
  await buildSites("connectors", out);
  browser = await launchGuardedChromium();
  await browser.context.grantPermissions(["clipboard-read", "clipboard-write"]);
  page = await browser.context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await rm(out, { recursive: true, force: true });
});

/** The text of the visible variant of a sample panel. */
async function visibleSample(panel: string): Promise<string> {
  return page.locator(`#panel-${panel} .dc-variant:not([hidden]) pre`).innerText();
}

describe("docs site in Chromium", () => {
  it("copies the Deluge tab's text: exactly deluge/files.get.dg", async () => {
    await page.goto(siteUrl("files.get.html"));
    await page.evaluate("localStorage.clear()");
    await page.reload();
    await page.click("#tab-deluge");
    expect(await page.locator("#panel-deluge").isVisible()).toBe(true);
    expect(await page.locator("#panel-curl").isVisible()).toBe(false);
    await page.click("#panel-deluge .dc-variant:not([hidden]) button.copy");
    await page
      .locator("#panel-deluge .dc-variant:not([hidden]) button.copy", {
        hasText: "Copied",
      })
      .waitFor();

    const expected = await readFile(path.join(out, "zoho-crm", "deluge", "files.get.dg"), "utf8");
    expect(await page.evaluate<string>("navigator.clipboard.readText()")).toBe(expected);
  });

  it("switches every sample to EU and remembers it on the next page", async () => {
    await page.goto(siteUrl("files.get.html"));
    await page.selectOption("#dc-select", "eu");
    // Each visible sample is the target's own output for the EU API domain.
    const eu = { apiDomain: "https://www.zohoapis.eu" };
    const getFiles = crm.endpoints.find((e) => e.id === "files.get");
    if (!getFiles) throw new Error("files.get is missing from the spec");
    await page.click("#tab-curl");
    const curl = await visibleSample("curl");
    expect(`${curl}\n`).toBe(renderCurlSample(crm, getFiles, eu));
    expect(curl).toContain('"https://www.zohoapis.eu/crm/v2/files');
    await page.click("#tab-deluge");
    expect(`${await visibleSample("deluge")}\n`).toBe(renderDelugeSnippet(crm, getFiles, eu));
    await page.click("#tab-node");
    expect(await page.locator("#panel-node").innerText()).toContain("ZOHO_DC=eu");

    // The copied EU snippet is the Deluge target's output for the EU API domain.
    await page.click("#tab-deluge");
    await page.click("#panel-deluge .dc-variant:not([hidden]) button.copy");
    const copied = await page.evaluate<string>("navigator.clipboard.readText()");
    expect(copied).toContain('"https://www.zohoapis.eu"');

    await page.goto(siteUrl("connection-guide.html"));
    expect(await page.inputValue("#dc-select")).toBe("eu");
    const config = await page.locator(".dc-variant:not([hidden]) pre").innerText();
    expect(JSON.parse(config)).toMatchObject({
      dataCenter: "eu",
      accountsDomain: "https://accounts.zoho.eu",
      apiDomain: "https://www.zohoapis.eu",
    });
    await page.selectOption("#dc-select", "us");
  });

  it("finds files.get when searching NO_PERMISSION", async () => {
    await page.goto(siteUrl("status-codes.html"));
    await page.fill("#search-input", "NO_PERMISSION");
    const links = page.locator("#search-results a");
    await links.first().waitFor();
    const hrefs = await Promise.all((await links.all()).map((a) => a.getAttribute("href")));
    expect(hrefs).toContain("files.get.html");
    // Enter opens the first result, whichever endpoint ranks first.
    await page.press("#search-input", "Enter");
    await page.waitForURL((url) => url.pathname.endsWith(`/${hrefs[0]}`));
  });

  it("tabs and the data center switch work from the keyboard", async () => {
    await page.goto(siteUrl("files.get.html"));
    await page.focus("#tab-curl");
    await page.click("#tab-curl");
    await page.keyboard.press("ArrowRight");
    expect(await page.getAttribute("#tab-node", "aria-selected")).toBe("true");
    expect(await page.evaluate("document.activeElement.id")).toBe("tab-node");
    await page.keyboard.press("End");
    expect(await page.getAttribute("#tab-deluge", "aria-selected")).toBe("true");
    await page.keyboard.press("Home");
    expect(await page.getAttribute("#tab-curl", "aria-selected")).toBe("true");

    await page.selectOption("#dc-select", "us");
    await page.focus("#dc-select");
    await page.keyboard.press("ArrowDown");
    expect(await page.inputValue("#dc-select")).toBe("eu");
    expect(await visibleSample("curl")).toContain("zohoapis.eu");
    await page.selectOption("#dc-select", "us");
  });

  it("has no broken internal link on any page", async () => {
    const siteDir = path.join(out, "zoho-crm", "site");
    const pages = [
      path.join(out, "index.html"),
      ...(await readdir(siteDir))
        .filter((f) => f.endsWith(".html"))
        .map((f) => path.join(siteDir, f)),
    ];
    const idsByFile = new Map<string, Set<string>>();
    const references: { from: string; url: string }[] = [];
    for (const file of pages) {
      await page.goto(pathToFileURL(file).href);
      const found = await page.evaluate<{ ids: string[]; urls: string[] }>(`({
        ids: [...document.querySelectorAll("[id]")].map((e) => e.id),
        urls: [
          ...[...document.querySelectorAll("a[href], link[href]")].map((e) => e.href),
          ...[...document.querySelectorAll("script[src], img[src]")].map((e) => e.src),
        ],
      })`);
      idsByFile.set(file, new Set(found.ids));
      for (const url of found.urls) references.push({ from: file, url });
    }
    expect(references.length).toBeGreaterThan(100);

    const broken: string[] = [];
    for (const { from, url } of references) {
      if (!url.startsWith("file://")) {
        broken.push(`${from}: ${url} is not a local file`);
        continue;
      }
      const target = new URL(url);
      const file = fileURLToPath(new URL(target.pathname, "file://"));
      const exists = await readFile(file).then(
        () => true,
        () => false,
      );
      if (!exists) broken.push(`${from}: ${url}`);
      else if (target.hash !== "" && file.endsWith(".html")) {
        const ids = idsByFile.get(file);
        if (!ids?.has(decodeURIComponent(target.hash.slice(1)))) broken.push(`${from}: ${url}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("reads on a narrow screen without sideways scrolling", async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    for (const file of ["files.get.html", "status-codes.html", "index.html"]) {
      await page.goto(siteUrl(file));
      const overflow = await page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth",
      );
      expect(overflow, file).toBe(0);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("writes a screenshot of the files.get page for review", async () => {
    await page.goto(siteUrl("files.get.html"));
    await page.click("#tab-deluge");
    const shot = path.resolve("out-test", "site", "files.get.png");
    await mkdir(path.dirname(shot), { recursive: true });
    await page.screenshot({ path: shot, fullPage: true });
    const png = await readFile(shot);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
  });

  it("shows a description holding <script> as text", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "invokekit-hostile-"));
    try {
      for (const file of renderSite(fixtureConnector)) {
        const target = path.join(dir, file.path);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, file.content);
      }
      await page.goto(pathToFileURL(path.join(dir, "site", "things.show.html")).href);
      expect(await page.locator("#purpose + p").innerText()).toContain("<script>alert(1)</script>");
      expect(await page.locator("main script").count()).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("serves the same site from 127.0.0.1", async () => {
    const server = await startSiteServer({ root: out });
    try {
      await page.goto(server.url);
      await page.click("text=Zoho CRM");
      await page.waitForURL(`${server.url}zoho-crm/site/index.html`);
      await page.fill("#search-input", "files.get");
      await page.locator("#search-results a").first().waitFor();
      const missing = await page.request.get(`${server.url}..%2f..%2fetc/passwd`);
      expect(missing.status()).toBe(404);
    } finally {
      await server.close();
    }
  });

  it("states every fact of the seed page on the files.get page", async () => {
    const seed = await readFile("../shared/seed/zoho-crm-v2-get-files.txt", "utf8");
    await page.goto(siteUrl("files.get.html"));
    const main = await page.locator("main").innerText();
    const sidebar = await page.locator("nav.sidebar").innerText();
    for (const topic of ["Overview", "OAuth Authentication", "API Limits", "Multi-DC Support"]) {
      expect(sidebar).toContain(topic);
    }
    expect(sidebar).toContain("Status Codes");

    // Errors: code, status and message as Zoho states them; resolution in the spec's words,
    // naming what the seed's resolution names.
    const seedErrors = [...seed.matchAll(/([A-Z_]{5,})HTTP (\d{3})\n(.+)\nResolution: /g)];
    expect(seedErrors.map((m) => m[1])).toEqual([
      "INVALID_URL_PATTERN",
      "OAUTH_SCOPE_MISMATCH",
      "NO_PERMISSION",
      "INTERNAL_ERROR",
      "INVALID_REQUEST_METHOD",
      "AUTHORIZATION_FAILED",
    ]);
    const resolutionTerms: Record<string, string> = {
      INVALID_URL_PATTERN: "request URL",
      OAUTH_SCOPE_MISMATCH: "ZohoCRM.Files.READ",
      NO_PERMISSION: "administrator",
      INTERNAL_ERROR: "support",
      INVALID_REQUEST_METHOD: "method",
      AUTHORIZATION_FAILED: "administrator",
    };
    const getFiles = crm.endpoints.find((e) => e.id === "files.get");
    for (const [, code = "", status, message] of seedErrors) {
      const cells = await page.locator(`#${errorAnchor(code)} td`).allInnerTexts();
      const resolution = getFiles?.errors.find((e) => e.code === code)?.resolution ?? "";
      expect(cells).toEqual([code, status, message?.trim(), resolution]);
      expect(resolution).toContain(resolutionTerms[code]);
    }

    // Purpose, request URL, header, scope and operation type, the parameter.
    expect(main).toContain("by its encrypted ID");
    expect(main).toContain("GET {api-domain}/crm/v2/files");
    expect(main).toContain("Authorization: Zoho-oauthtoken <access token>");
    expect(main).toContain("scope=ZohoCRM.Files.{operation_type}");
    expect(await page.locator("dl.operations dt").innerText()).toBe("READ");
    const parameter = await page.locator("#param-id td").allInnerTexts();
    expect(parameter.slice(0, 4)).toEqual(["id", "query", "string", "yes"]);
    expect(parameter[4]).toContain("encrypted ID of the file");

    // Sample requests: the seed's curl and Deluge shapes, with the seed's file id.
    await page.click("#tab-curl");
    const curl = await visibleSample("curl");
    expect(curl).toContain(
      'curl "https://www.zohoapis.com/crm/v2/files?id=2cceafa194dxxxxxxxx4a20ed2"',
    );
    expect(curl).toContain("-X GET");
    expect(curl).toContain('-H "Authorization: Zoho-oauthtoken ');
    await page.click("#tab-deluge");
    const deluge = await visibleSample("deluge");
    expect(deluge).toContain("invokeurl");
    expect(deluge).toContain("type: GET");
    expect(deluge).toContain('connection: "crm_oauth_connection"');
  });

  it("lists every endpoint in the sidebar from assets/nav.js, marking this page", async () => {
    await page.goto(siteUrl("files.get.html"));
    const links = page.locator("nav.sidebar .nav-endpoints a");
    const hrefs = await Promise.all((await links.all()).map((a) => a.getAttribute("href")));
    expect(hrefs).toEqual(crm.endpoints.map((e) => `${e.id}.html`));
    const current = page.locator('nav.sidebar .nav-endpoints a[aria-current="page"]');
    expect(await current.count()).toBe(1);
    expect(await current.innerText()).toBe("GET Get Files");
    const records = page.locator('nav.sidebar a[href="records.list.html"]');
    expect(await records.innerText()).toBe("GET Get Records");
    // The resource groups label their lists, as the page's own group does without scripts.
    expect(await page.locator("#nav-resource-records + ul").getAttribute("aria-labelledby")).toBe(
      "nav-resource-records",
    );
    await records.click();
    await page.waitForURL((url) => url.pathname.endsWith("/records.list.html"));
    expect(await page.locator('nav.sidebar a[aria-current="page"]').innerText()).toBe(
      "GET Get Records",
    );
  });

  it("made no request outside file:// and 127.0.0.1, and no script error", () => {
    expect(browser.blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
