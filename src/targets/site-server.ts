/**
 * Serving the generated docs for `invokekit docs --serve`: a static file server bound to
 * 127.0.0.1 only (the spec watcher is `src/cli/watch-specs.ts`). The server serves files under
 * one root and nothing else: paths are decoded, normalized and refused when they leave the
 * root; only GET and HEAD are answered.
 */
import { readFile, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

const contentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".ts": "text/plain; charset=utf-8",
  ".sh": "text/plain; charset=utf-8",
  ".dg": "text/plain; charset=utf-8",
  ".png": "image/png",
};

/** Options of `startSiteServer`. */
export interface SiteServerOptions {
  /** Folder to serve (the output folder, holding `index.html`). */
  readonly root: string;
  /** TCP port; 0 (the default) picks a free one. */
  readonly port?: number;
}

/** A running server. */
export interface SiteServer {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** The file a request path names under `root`, or undefined when it is outside or malformed. */
function resolveRequestPath(root: string, requestUrl: string): string | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl, "http://127.0.0.1").pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes("\0")) return undefined;
  const file = path.resolve(root, `.${path.posix.normalize(pathname)}`);
  if (file !== root && !file.startsWith(root + path.sep)) return undefined;
  return pathname.endsWith("/") ? path.join(file, "index.html") : file;
}

/** Starts the static server on 127.0.0.1. */
export async function startSiteServer(options: SiteServerOptions): Promise<SiteServer> {
  const root = path.resolve(options.root);
  const server: Server = createServer(async (request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const file = resolveRequestPath(root, request.url ?? "/");
    const info = file === undefined ? undefined : await stat(file).catch(() => undefined);
    if (file === undefined || !info?.isFile()) {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found\n");
      return;
    }
    const body = await readFile(file);
    response.writeHead(200, {
      "content-type": contentTypes[path.extname(file)] ?? "application/octet-stream",
      "content-length": body.length,
      // Pages change on every rebuild; never let a browser keep a stale one.
      "cache-control": "no-store",
    });
    response.end(request.method === "HEAD" ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
