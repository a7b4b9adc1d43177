/**
 * The sandbox's URL map: which handler answers which method and path, and which scope an API
 * call needs. Path and method are checked before the token, then the token and its scope.
 */
import { type CrmState, findCrmResource } from "./crm-routes.ts";
import type { Exchange } from "./exchange.ts";
import { downloadFile, type FileStore, uploadFiles } from "./files.ts";
import type { TokenAuthority } from "./oauth.ts";
import { INVALID_REQUEST_METHOD, INVALID_URL_PATTERN } from "./zoho-errors.ts";

/** What handlers act on. */
export interface Services {
  readonly authority: TokenAuthority;
  readonly files: FileStore;
  readonly crm: CrmState;
}

interface Operation {
  /** Scope the access token must hold; none for the accounts server. */
  readonly scope?: string;
  readonly handle: (exchange: Exchange, services: Services) => Promise<void>;
}

type Resource = Readonly<Record<string, Operation>>;

/** API versions Zoho serves the Files endpoints under (zoho-facts §9: only the prefix moves). */
const API_VERSIONS = ["v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"];

const TOKEN: Resource = {
  POST: { handle: (exchange, services) => services.authority.handleTokenRequest(exchange) },
};

const FILES: Resource = {
  GET: {
    scope: "ZohoCRM.Files.READ",
    handle: (exchange, services) => downloadFile(exchange, services.files),
  },
  POST: {
    scope: "ZohoCRM.Files.CREATE",
    handle: (exchange, services) => uploadFiles(exchange, services.files),
  },
};

function findResource(path: string): Resource | undefined {
  if (path === "/oauth/v2/token") return TOKEN;
  const match = /^\/crm\/([^/]+)\/files$/.exec(path);
  if (match?.[1] !== undefined && API_VERSIONS.includes(match[1])) return FILES;
  return findCrmResource(path, API_VERSIONS);
}

/** Answers `exchange`: 404 for an unknown path, 400 for a wrong method, 401 for bad auth. */
export async function route(exchange: Exchange, services: Services): Promise<void> {
  const resource = findResource(exchange.url.pathname);
  const operation = resource?.[exchange.req.method ?? ""];
  if (resource === undefined || operation === undefined) {
    await exchange.drainBody();
    return exchange.sendError(
      resource === undefined ? INVALID_URL_PATTERN : INVALID_REQUEST_METHOD,
    );
  }

  if (operation.scope !== undefined) {
    const refusal = services.authority.authorize(
      exchange.req.headers.authorization,
      operation.scope,
    );
    if (refusal !== undefined) {
      await exchange.drainBody();
      return exchange.sendError(refusal);
    }
  }
  return operation.handle(exchange, services);
}
