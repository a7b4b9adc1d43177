/**
 * The CRM part of the sandbox's URL map: records, search, COQL, attachments, users, org
 * (`/crm/{version}/...`) and bulk read (`/crm/bulk/{version}/read...`), with the scopes each
 * call needs. `routes.ts` checks the first scope; the others (Zoho asks for two on search,
 * COQL, attachments and bulk read) are checked here before the handler runs.
 * Limitations: module-level scopes such as `ZohoCRM.modules.leads.READ` are not understood;
 * a token needs `ZohoCRM.modules.<op>` or `ZohoCRM.modules.ALL`.
 */

import { downloadAttachment, listAttachments, uploadAttachment } from "./attachments.ts";
import { bulkReadResult, bulkReadStatus, createBulkRead } from "./bulk-read.ts";
import { runCoql } from "./coql.ts";
import { PageTokens } from "./crm-replies.ts";
import { seededCrmStore } from "./crm-seed.ts";
import type { CrmStore } from "./crm-store.ts";
import type { Exchange } from "./exchange.ts";
import type { TokenAuthority } from "./oauth.ts";
import { getOrg } from "./org.ts";
import { getRecord, listRecords } from "./records.ts";
import { searchRecords } from "./records-search.ts";
import { deleteRecords, writeRecords } from "./records-write.ts";
import { getUser, listUsers } from "./users.ts";

/** The CRM state of one sandbox: the seeded store and the page tokens it issued. */
export interface CrmState {
  readonly store: CrmStore;
  readonly tokens: PageTokens;
}

/** A fresh CRM state with the seed data. */
export function createCrmState(): CrmState {
  return { store: seededCrmStore(), tokens: new PageTokens() };
}

/** What a CRM handler receives. */
export interface CrmServices {
  readonly authority: TokenAuthority;
  readonly crm: CrmState;
}

/** One method on one CRM path. */
export interface CrmOperation {
  readonly scope: string;
  readonly handle: (exchange: Exchange, services: CrmServices) => Promise<void>;
}

type Handler = (exchange: Exchange, crm: CrmState) => Promise<void> | void;

/** An operation needing `scope`, and `also` checked before `handler` runs. */
function operation(scope: string, handler: Handler, also?: string): CrmOperation {
  return {
    scope,
    async handle(exchange, services) {
      const refusal =
        also === undefined
          ? undefined
          : services.authority.authorize(exchange.req.headers.authorization, also);
      if (refusal !== undefined) {
        await exchange.drainBody();
        return exchange.sendError(refusal);
      }
      return handler(exchange, services.crm);
    },
  };
}

const READ = "ZohoCRM.modules.READ";
const CREATE = "ZohoCRM.modules.CREATE";
const BULK = "ZohoCRM.bulk.READ";
const ATTACHMENTS_READ = "ZohoCRM.modules.attachments.READ";

type CrmResource = Readonly<Record<string, CrmOperation>>;

function apiResource(rest: readonly string[], version: string): CrmResource | undefined {
  const [first, second, third, fourth, ...more] = rest;
  if (first === undefined || more.length > 0) return undefined;
  if (rest.length === 1 && first === "coql") {
    return { POST: operation("ZohoCRM.coql.READ", (e, c) => runCoql(e, c.store), READ) };
  }
  if (rest.length === 1 && first === "org") {
    return { GET: operation("ZohoCRM.org.READ", (e, c) => getOrg(e, c.store)) };
  }
  if (first === "users" && rest.length <= 2) {
    const handler: Handler =
      second === undefined
        ? (e, c) => listUsers(e, c.store)
        : (e, c) => getUser(e, c.store, second);
    return { GET: operation("ZohoCRM.users.READ", handler) };
  }
  // Module API names start with a capital (Leads, Deals, CustomModule1); a lower-case word
  // such as `filez` is no module path at all, so it stays a 404 INVALID_URL_PATTERN.
  if (!/^[A-Z][A-Za-z0-9_]*$/.test(first)) return undefined;
  const module = first;
  if (second === undefined) {
    return {
      GET: operation(READ, (e, c) => listRecords(e, c.store, c.tokens, module, version)),
      POST: operation(CREATE, (e, c) => writeRecords(e, c.store, module, "insert")),
      PUT: operation("ZohoCRM.modules.UPDATE", (e, c) =>
        writeRecords(e, c.store, module, "update"),
      ),
      DELETE: operation("ZohoCRM.modules.DELETE", (e, c) => deleteRecords(e, c.store, module)),
    };
  }
  if (third === undefined && second === "search") {
    return {
      GET: operation(
        READ,
        (e, c) => searchRecords(e, c.store, module),
        "ZohoSearch.securesearch.READ",
      ),
    };
  }
  if (third === undefined && second === "upsert") {
    return { POST: operation(CREATE, (e, c) => writeRecords(e, c.store, module, "upsert")) };
  }
  if (!/^\d+$/.test(second)) return undefined;
  const id = second;
  if (third === undefined) {
    return {
      GET: operation(READ, (e, c) => getRecord(e, c.store, module, id)),
      DELETE: operation("ZohoCRM.modules.DELETE", (e, c) => deleteRecords(e, c.store, module, id)),
    };
  }
  if (third !== "Attachments") return undefined;
  if (fourth === undefined) {
    return {
      GET: operation(ATTACHMENTS_READ, (e, c) => listAttachments(e, c.store, module, id), READ),
      POST: operation(
        "ZohoCRM.modules.attachments.CREATE",
        (e, c) => uploadAttachment(e, c.store, module, id),
        CREATE,
      ),
    };
  }
  if (!/^\d+$/.test(fourth)) return undefined;
  return {
    GET: operation(
      ATTACHMENTS_READ,
      (e, c) => downloadAttachment(e, c.store, module, id, fourth),
      READ,
    ),
  };
}

function bulkResource(rest: readonly string[]): CrmResource | undefined {
  const [first, id, last, ...more] = rest;
  if (first !== "read" || more.length > 0) return undefined;
  if (id === undefined)
    return { POST: operation(BULK, (e, c) => createBulkRead(e, c.store), READ) };
  if (!/^\d+$/.test(id)) return undefined;
  if (last === undefined) return { GET: operation(BULK, (e, c) => bulkReadStatus(e, c.store, id)) };
  if (last !== "result") return undefined;
  return { GET: operation(BULK, (e, c) => bulkReadResult(e, c.store, id)) };
}

/**
 * The operations of a CRM path, by method, or undefined when no CRM endpoint lives there.
 * `versions` lists the API versions served (e.g. `v2`, `v8`).
 */
export function findCrmResource(
  path: string,
  versions: readonly string[],
): CrmResource | undefined {
  const segments = path.split("/").slice(1);
  if (segments[0] !== "crm") return undefined;
  let decoded: string[];
  try {
    decoded = segments.map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
  if (decoded[1] === "bulk") {
    return versions.includes(decoded[2] ?? "") ? bulkResource(decoded.slice(3)) : undefined;
  }
  const version = decoded[1] ?? "";
  return versions.includes(version) ? apiResource(decoded.slice(2), version) : undefined;
}
