/**
 * The `connection` target: `connections/<dc>.json` for every data center, holding what an
 * admin types into Zoho's connection form (link name, scopes, OAuth URLs) and what the
 * runtime needs to reach the accounts server. Scopes are the connector's minimal set.
 * URLs: authorize `<accounts>/oauth/v2/auth`, token and refresh `<accounts><token path>`,
 * revoke `<token url>/revoke` (`shared/zoho-facts.md` s.2).
 *
 * Limitations: the Deluge redirect URI is known only for the US data center
 * (`https://deluge.zoho.com/delugeauth/callback`); the notes say so instead of guessing others.
 */
import type { Connector, DataCenter } from "../spec/model.ts";
import { connectorScopes } from "../spec/model.ts";
import { finishFile, type GeneratedFile, type Target } from "./generated-file.ts";
import { loadTemplates } from "./templates.ts";

const templates = loadTemplates("connection", {
  // The one JSON escaper of this target: JSON.stringify writes a valid JSON string literal.
  json: (value: string) => JSON.stringify(value),
});

/** The connection configuration of one data center, in file key order. */
export interface ConnectionConfig {
  readonly connectionLinkName: string;
  readonly serviceName: string;
  readonly serviceTitle: string;
  readonly dataCenter: string;
  readonly dataCenterLabel: string;
  readonly authType: string;
  readonly headerPrefix: string;
  readonly scopes: readonly string[];
  readonly scopeDelimiter: string;
  readonly accountsDomain: string;
  readonly apiDomain: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly refreshTokenUrl: string;
  readonly revokeTokenUrl: string;
  readonly notes: readonly string[];
}

/** Builds the connection configuration of `dataCenter`. */
export function connectionConfig(connector: Connector, dataCenter: DataCenter): ConnectionConfig {
  const tokenUrl = `${dataCenter.accountsDomain}${connector.auth.tokenPath}`;
  return {
    connectionLinkName: connector.deluge.connection,
    serviceName: connector.name,
    serviceTitle: connector.title,
    dataCenter: dataCenter.id,
    dataCenterLabel: dataCenter.label,
    authType: connector.auth.type,
    headerPrefix: connector.auth.headerPrefix,
    scopes: connectorScopes(connector),
    scopeDelimiter: ",",
    accountsDomain: dataCenter.accountsDomain,
    apiDomain: dataCenter.apiDomain,
    authorizeUrl: `${dataCenter.accountsDomain}/oauth/v2/auth`,
    tokenUrl,
    refreshTokenUrl: tokenUrl,
    revokeTokenUrl: `${tokenUrl}/revoke`,
    notes: [
      `In Zoho CRM: Setup > Developer Space > Connections > Add Connection. Use the link name ` +
        `${connector.deluge.connection} and grant exactly the scopes listed here.`,
      "When the service is set up as a custom OAuth 2 service, add access_type=offline to the " +
        "authorize URL, or the connection cannot refresh its tokens.",
      "Redirect URI to register for a custom service: " +
        "https://deluge.zoho.com/delugeauth/callback (US data center; Zoho gives other data " +
        "centers their own variant).",
    ],
  };
}

/** Writes `connections/<dc>.json` for every data center. */
export const connectionTarget: Target = {
  name: "connection",
  description: "connection configs, one per data center",
  generate(connector: Connector): GeneratedFile[] {
    return connector.dataCenters.map((dataCenter) => ({
      path: `connections/${dataCenter.id}.json`,
      content: finishFile(templates.render("connection", connectionConfig(connector, dataCenter))),
    }));
  },
};
