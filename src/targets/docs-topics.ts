/**
 * The topic pages of the admin docs (OAuth Authentication, API Limits, Multi-DC Support,
 * Status Codes, Connection guide), as content blocks that both the Markdown docs and the site
 * render. Connector data (data centers, scopes, errors, link name, connection configs) comes
 * from the model; a scope or an error code several endpoints share is listed with each
 * endpoint's own text (endpoints with the same text share a row). Zoho-wide facts (token
 * lifetime, credits, concurrency, success codes) are written here from `shared/zoho-facts.md`
 * sections 1 to 4. API Limits and Multi-DC Support live in `docs-topic-limits.ts` and
 * `docs-topic-data-centers.ts`.
 *
 * Limitations: the Zoho-wide facts describe Zoho CRM (the only service invokekit ships); a
 * connector for another Zoho service gets the same limits text.
 */
import type { Connector, Endpoint, ErrorDefinition } from "../spec/model.ts";
import { connectorScopes } from "../spec/model.ts";
import { connectionTarget } from "./connection.ts";
import {
  errorAnchor,
  type Inline,
  link,
  list,
  paragraph,
  type Topic,
  table,
} from "./docs-content.ts";
import { multiDcTopic } from "./docs-topic-data-centers.ts";
import { limitsTopic } from "./docs-topic-limits.ts";
import { defaultDataCenter } from "./sample-arguments.ts";

function endpointLinks(endpoints: readonly Endpoint[]): Inline[] {
  const pieces: Inline[] = [];
  for (const endpoint of endpoints) {
    if (pieces.length > 0) pieces.push(", ");
    pieces.push(link(`${endpoint.title} (${endpoint.id})`, endpoint.id));
  }
  return pieces.length > 0 ? pieces : ["every endpoint"];
}

/** One text a scope or an error code has, and the endpoints that give it that text. */
export interface SharedEntry<T> {
  readonly value: T;
  readonly endpoints: readonly Endpoint[];
}

/**
 * Groups the endpoints that use one scope or error code by the text they give it, in order of
 * first use; `key` says when two texts are the same.
 */
function groupByText<T>(
  uses: readonly { value: T; endpoint: Endpoint }[],
  key: (value: T) => string,
): SharedEntry<T>[] {
  const groups = new Map<string, { value: T; endpoints: Endpoint[]; seen: Set<Endpoint> }>();
  for (const { value, endpoint } of uses) {
    const k = key(value);
    const group = groups.get(k) ?? { value, endpoints: [], seen: new Set<Endpoint>() };
    if (!group.seen.has(endpoint)) group.endpoints.push(endpoint);
    group.seen.add(endpoint);
    groups.set(k, group);
  }
  return [...groups.values()].map(({ value, endpoints }) => ({ value, endpoints }));
}

/**
 * Every scope of the connector (sorted as `connectorScopes` sorts them) with each description
 * the endpoints give it: endpoints describing a scope alike share one entry.
 */
export function scopeEntries(
  connector: Connector,
): { name: string; entries: SharedEntry<string>[] }[] {
  const uses = new Map<string, { value: string; endpoint: Endpoint }[]>();
  for (const endpoint of connector.endpoints) {
    for (const scope of endpoint.scopes) {
      const list = uses.get(scope.name) ?? [];
      list.push({ value: scope.description, endpoint });
      uses.set(scope.name, list);
    }
  }
  return connectorScopes(connector).map((name) => ({
    name,
    entries: groupByText(uses.get(name) ?? [], (description) => description),
  }));
}

function oauthTopic(connector: Connector): Topic {
  const us = defaultDataCenter(connector);
  const tokenUrl = `${us.accountsDomain}${connector.auth.tokenPath}`;
  const header = `Authorization: ${connector.auth.headerPrefix} <access token>`;
  const scopes = scopeEntries(connector).flatMap(({ name, entries }) =>
    entries.map((entry) => [[`\`${name}\``], [entry.value], endpointLinks(entry.endpoints)]),
  );
  return {
    page: "oauth-authentication",
    title: "OAuth Authentication",
    summary: [`${connector.title} accepts OAuth 2.0 access tokens only.`],
    sections: [
      {
        title: "The Authorization header",
        blocks: [
          paragraph(`Every request carries the header \`${header}\`.`),
          paragraph(
            `The prefix is \`${connector.auth.headerPrefix}\`, not \`Bearer\`, even though the ` +
              "token endpoint reports the token type as Bearer.",
          ),
        ],
      },
      {
        title: "Access and refresh tokens",
        blocks: [
          list([
            ["An access token is valid for one hour (`expires_in` is 3600 seconds)."],
            [
              "A refresh token, returned when the grant asks for `access_type=offline`, stays " +
                "valid until it is revoked. It mints new access tokens with " +
                `\`grant_type=refresh_token\` at \`${tokenUrl}\``,
              " (use the accounts server of your own ",
              link("data center", "multi-dc-support"),
              ").",
            ],
            [
              "One refresh token may mint at most 10 access tokens in 10 minutes; past that, " +
                "Zoho refuses new ones until the 10 minutes are over. Reuse an access token " +
                "until it expires instead of refreshing for every call.",
            ],
            [
              "The token reply names the `api_domain` to call; it depends on the data center of " +
                "the account that granted access.",
            ],
            [`Revoke a refresh token at \`${tokenUrl}/revoke\`.`],
          ]),
          paragraph(
            "For a script or server of your own, a Self Client (Zoho API console, Self Client, " +
              "Generate Code) issues a grant code for the scopes you type; exchange it once " +
              "with `grant_type=authorization_code` for a refresh token.",
          ),
          paragraph(
            "Deluge never handles tokens: `invokeurl` calls through a connection, which keeps " +
              "and refreshes them. See the ",
            link("connection guide", "connection-guide"),
            ".",
          ),
        ],
      },
      {
        title: "Scopes",
        blocks: [
          paragraph(
            "A scope reads `service.group.operation`, for example `ZohoCRM.Files.READ`; the " +
              "operation type is one of `ALL`, `READ`, `CREATE`, `WRITE`, `UPDATE`, `DELETE`. " +
              "Several scopes are joined with commas when requesting a grant.",
          ),
          paragraph("The endpoints documented here need these scopes:"),
          table(["Scope", "Allows", "Needed by"], scopes),
        ],
      },
    ],
  };
}

const errorText = (error: ErrorDefinition) =>
  JSON.stringify([error.status, error.message, error.resolution]);

/**
 * Every error code of the connector with each text (status, message, resolution) the
 * endpoints give it, endpoints with the same text sharing one entry; a connector-wide error no
 * endpoint lists gets an entry without endpoints. Sorted by status, then code, then first use.
 */
export function allErrors(connector: Connector): SharedEntry<ErrorDefinition>[] {
  const uses: { value: ErrorDefinition; endpoint: Endpoint }[] = [];
  for (const endpoint of connector.endpoints) {
    for (const error of endpoint.errors) uses.push({ value: error, endpoint });
  }
  const byCode = new Map<string, { value: ErrorDefinition; endpoint: Endpoint }[]>();
  for (const use of uses) {
    const list = byCode.get(use.value.code) ?? [];
    list.push(use);
    byCode.set(use.value.code, list);
  }
  const entries: SharedEntry<ErrorDefinition>[] = [];
  for (const [, list] of byCode) entries.push(...groupByText(list, errorText));
  for (const error of connector.errors) {
    if (!byCode.has(error.code)) entries.push({ value: error, endpoints: [] });
  }
  const order = new Map(entries.map((entry, index) => [entry, index]));
  return entries.sort(
    (a, b) =>
      a.value.status - b.value.status ||
      (a.value.code < b.value.code ? -1 : a.value.code > b.value.code ? 1 : 0) ||
      (order.get(a) ?? 0) - (order.get(b) ?? 0),
  );
}

function statusCodesTopic(connector: Connector): Topic {
  const errors = allErrors(connector);
  const anchored = new Set<string>();
  return {
    page: "status-codes",
    title: "Status Codes",
    summary: ["What the HTTP status and Zoho's error code of a reply mean."],
    sections: [
      {
        title: "Success",
        blocks: [
          table(
            ["HTTP status", "Meaning"],
            [
              [["200 OK"], ["The call worked; the body holds the result (or the file)."]],
              [["201 Created"], ["A record or file was created."]],
              [["202 Accepted"], ["Zoho accepted the request and finishes it later."]],
              [["204 No Content"], ["Nothing to return, for example no file with that ID."]],
              [["304 Not Modified"], ["Nothing changed since the `If-Modified-Since` time."]],
            ],
          ),
        ],
      },
      {
        title: "Errors",
        blocks: [
          paragraph(
            "A failed call returns a JSON body with the error `code`, a `message`, `details` " +
              "and `status` set to `error`:",
          ),
          {
            kind: "code",
            language: "json",
            code:
              '{"code":"NO_PERMISSION","details":{},' +
              '"message":"Permission denied to read","status":"error"}\n',
          },
          paragraph("Programs should branch on the code, never on the message text."),
          table(
            ["Code", "HTTP status", "Message", "Resolution", "Documented for"],
            errors.map(({ value, endpoints }) => [
              [`\`${value.code}\``],
              [String(value.status)],
              [value.message],
              [value.resolution],
              endpoints.length > 0 ? endpointLinks(endpoints) : ["any endpoint"],
            ]),
            // A code with several texts has several rows; links to the code land on the first.
            errors.map(({ value }) => {
              if (anchored.has(value.code)) return undefined;
              anchored.add(value.code);
              return errorAnchor(value.code);
            }),
          ),
        ],
      },
    ],
  };
}

function connectionTopic(connector: Connector): Topic {
  const configs = connectionTarget.generate(connector);
  const variants = connector.dataCenters.map((dc) => {
    const file = `connections/${dc.id}.json`;
    const code = configs.find((c) => c.path === file)?.content ?? "";
    return { dataCenter: dc.id, label: dc.label, file, code };
  });
  const scopes = connectorScopes(connector);
  return {
    page: "connection-guide",
    title: "Connection guide",
    summary: [
      `Every Deluge snippet calls ${connector.title} through one connection, ` +
        `\`${connector.deluge.connection}\`. Create it once per organization.`,
    ],
    sections: [
      {
        title: "Create the connection",
        blocks: [
          list(
            [
              ["In Zoho CRM, open Setup, then Developer Space, then Connections."],
              ["Choose Add Connection and pick the Zoho OAuth service."],
              [`Name it; set the link name to exactly \`${connector.deluge.connection}\`.`],
              ["Select the scopes listed below, and no others."],
              ["Create and connect, then sign in and accept the scopes when Zoho asks."],
              [
                "Paste a snippet into a function and run it; the first call shows whether the " +
                  "connection works.",
              ],
            ],
            true,
          ),
        ],
      },
      {
        title: "Link name",
        blocks: [
          paragraph(
            `The snippets name the connection \`${connector.deluge.connection}\`. A connection ` +
              "with another link name is not found and the snippet fails.",
          ),
        ],
      },
      {
        title: "Minimal scopes",
        blocks: [
          paragraph("The smallest set that covers every endpoint of this connector:"),
          list(scopes.map((scope) => [`\`${scope}\``])),
          paragraph(
            "What each scope allows: ",
            link("Scopes", "oauth-authentication", "scopes"),
            ".",
          ),
        ],
      },
      {
        title: "Accounts and API domains",
        blocks: [
          table(
            ["Data center", "Accounts server", "API domain"],
            connector.dataCenters.map((dc) => [
              [`${dc.label} (\`${dc.id}\`)`],
              [`\`${dc.accountsDomain}\``],
              [`\`${dc.apiDomain}\``],
            ]),
          ),
        ],
      },
      {
        title: "Connection config",
        blocks: [
          paragraph(
            "What the connection holds, for one data center (the generated " +
              "`connections/<data center>.json`):",
          ),
          { kind: "dataCenterCode", language: "json", variants },
        ],
      },
    ],
  };
}

/** The topic pages of `connector`, in sidebar order. */
export function docsTopics(connector: Connector): Topic[] {
  return [
    oauthTopic(connector),
    limitsTopic(connector),
    multiDcTopic(connector),
    statusCodesTopic(connector),
    connectionTopic(connector),
  ];
}
