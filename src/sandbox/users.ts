/**
 * Users: Get Users `GET /crm/v2/users?type=` (paged, reply under `users`) and Get User
 * `GET /crm/v2/users/{id}`. An unknown id or an empty page answers 204 (case C06).
 * Limitations: the seeded users never change; `type` filters only by status and admin
 * profile (`DeactiveUsers`, `NotConfirmedUsers` and `DeletedUsers` are always empty);
 * `If-Modified-Since` is ignored.
 */

import { isErrorReply, readPaging, sendPage } from "./crm-replies.ts";
import type { CrmStore } from "./crm-store.ts";
import type { Exchange } from "./exchange.ts";
import { invalidData } from "./zoho-errors.ts";

type User = Record<string, unknown>;

const isAdmin = (user: User) =>
  (user.profile as { name?: string } | undefined)?.name === "Administrator";
const isActive = (user: User) => user.status === "active";

/** The `type` values Zoho documents, and which users each selects. */
const USER_TYPES: Readonly<Record<string, (user: User, current: string) => boolean>> = {
  AllUsers: () => true,
  ActiveUsers: isActive,
  DeactiveUsers: (user) => user.status === "disabled",
  ConfirmedUsers: () => true,
  NotConfirmedUsers: () => false,
  DeletedUsers: () => false,
  ActiveConfirmedUsers: isActive,
  AdminUsers: isAdmin,
  ActiveConfirmedAdmins: (user) => isAdmin(user) && isActive(user),
  CurrentUser: (user, current) => user.id === current,
};

/** Handles `GET /crm/v2/users`. */
export async function listUsers(exchange: Exchange, store: CrmStore): Promise<void> {
  await exchange.drainBody();
  const type = exchange.url.searchParams.get("type") ?? "AllUsers";
  const select = USER_TYPES[type];
  if (select === undefined) return exchange.sendError(invalidData({ api_name: "type" }));
  const page = readPaging(exchange.url, "users");
  if (isErrorReply(page)) return exchange.sendError(page);
  const users = store.users.filter((user) => select(user, store.currentUser.id));
  return sendPage(exchange, users, page, { key: "users", list: "users" });
}

/** Handles `GET /crm/v2/users/{id}`. */
export async function getUser(exchange: Exchange, store: CrmStore, id: string): Promise<void> {
  await exchange.drainBody();
  const user = store.users.find((candidate) => candidate.id === id);
  if (user === undefined) return exchange.sendEmpty(204);
  return exchange.sendJson(200, { users: [user] });
}
