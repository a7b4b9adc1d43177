/**
 * Get Organization: `GET /crm/v2/org` answers the org's details as `{"org": [{...}]}`.
 * Limitations: the details are fixed by the seed; the org photo endpoints do not exist.
 */
import type { CrmStore } from "./crm-store.ts";
import type { Exchange } from "./exchange.ts";

/** Handles `GET /crm/v2/org`. */
export async function getOrg(exchange: Exchange, store: CrmStore): Promise<void> {
  await exchange.drainBody();
  return exchange.sendJson(200, { org: [store.org] });
}
