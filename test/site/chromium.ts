/**
 * Headless Chromium for the site tests: Debian's `/usr/bin/chromium` driven by playwright-core,
 * one fresh profile per launch, and a network guard that lets through only `file://` and
 * 127.0.0.1 and records everything else (the site must load nothing from the network).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** A launched browser context and the requests it refused. */
export interface GuardedBrowser {
  readonly context: BrowserContext;
  /** URLs of requests that were neither `file://` nor 127.0.0.1; must stay empty. */
  readonly blocked: string[];
  close(): Promise<void>;
}

const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** True for URLs the site may load. */
export function isLocalUrl(url: string): boolean {
  if (url.startsWith("file://") || url.startsWith("data:") || url === "about:blank") return true;
  try {
    return new URL(url).hostname === "127.0.0.1";
  } catch {
    return false;
  }
}

/** Launches Chromium with a fresh profile and the network guard installed. */
export async function launchGuardedChromium(): Promise<GuardedBrowser> {
  const profile = await mkdtemp(path.join(os.tmpdir(), "invokekit-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    args: chromiumArgs,
    headless: true,
    viewport: { width: 1280, height: 900 },
  });
  const blocked: string[] = [];
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (isLocalUrl(url)) await route.continue();
    else {
      blocked.push(url);
      await route.abort("blockedbyclient");
    }
  });
  context.on("request", (request) => {
    if (!isLocalUrl(request.url()) && !blocked.includes(request.url())) {
      blocked.push(request.url());
    }
  });
  return {
    context,
    blocked,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
