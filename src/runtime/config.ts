/**
 * Resolves where a runtime sends requests (API origin, token URL) and with which credentials,
 * from explicit options first, then the environment (`ZOHO_*`), then the connector's defaults.
 */
import type { Connector } from "../spec/model.ts";
import { findDataCenter } from "../spec/model.ts";
import { CredentialsError, RuntimeConfigError } from "./errors.ts";

/** A Zoho OAuth client and the refresh token it issued (Self Client or server-based app). */
export interface Credentials {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
}

/** Where requests go. */
export interface ResolvedTargets {
  /** Origin of the API, e.g. `https://www.zohoapis.eu`, or the base URL. */
  readonly apiOrigin: string;
  /** Full token URL, e.g. `https://accounts.zoho.eu/oauth/v2/token`. */
  readonly tokenUrl: string;
  /** Data center id, or undefined when a base URL replaces it. */
  readonly dataCenter: string | undefined;
}

/** Environment variables read for credentials, in the order their absence is reported. */
export const CREDENTIAL_VARIABLES = [
  "ZOHO_CLIENT_ID",
  "ZOHO_CLIENT_SECRET",
  "ZOHO_REFRESH_TOKEN",
] as const;

/** Takes credentials from `explicit`, else from the environment; throws naming what is unset. */
export function resolveCredentials(
  explicit: Credentials | undefined,
  env: NodeJS.ProcessEnv,
): Credentials {
  if (explicit) return explicit;
  const [idVar, secretVar, tokenVar] = CREDENTIAL_VARIABLES;
  const missing = CREDENTIAL_VARIABLES.filter((name) => !env[name]);
  if (missing.length > 0) throw new CredentialsError(missing);
  return {
    clientId: env[idVar] ?? "",
    clientSecret: env[secretVar] ?? "",
    refreshToken: env[tokenVar] ?? "",
  };
}

/**
 * Picks the API origin and token URL. A base URL points both at one origin (the sandbox);
 * otherwise the data center comes from the option, then `ZOHO_DC`, then the connector's first.
 */
export function resolveTargets(
  connector: Connector,
  options: { dataCenter?: string | undefined; baseUrl?: string | undefined },
  env: NodeJS.ProcessEnv,
): ResolvedTargets {
  if (options.baseUrl !== undefined) {
    const origin = parseOrigin(options.baseUrl);
    return {
      apiOrigin: origin,
      tokenUrl: origin + connector.auth.tokenPath,
      dataCenter: undefined,
    };
  }

  const id = options.dataCenter ?? (env.ZOHO_DC || undefined) ?? connector.dataCenters[0]?.id;
  const dataCenter = id === undefined ? undefined : findDataCenter(connector, id);
  if (!dataCenter) {
    const valid = connector.dataCenters.map((dc) => dc.id).join(", ") || "none";
    throw new RuntimeConfigError(
      `Unknown data center "${id ?? ""}" for ${connector.name}; valid ids: ${valid}.`,
    );
  }
  return {
    apiOrigin: dataCenter.apiDomain,
    tokenUrl: dataCenter.accountsDomain + connector.auth.tokenPath,
    dataCenter: dataCenter.id,
  };
}

function parseOrigin(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (error) {
    throw new RuntimeConfigError(`Base URL "${baseUrl}" is not an absolute URL.`, {
      cause: error,
    });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new RuntimeConfigError(`Base URL "${baseUrl}" must use http or https.`);
  }
  // Only the origin counts: the connector's base path is added by planRequest.
  return url.origin;
}
