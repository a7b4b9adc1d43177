/**
 * Resolves where a runtime sends requests (API origin, token URL) and with which credentials,
 * from explicit options first, then the environment (`ZOHO_*`), then the connector's defaults.
 */
import type { Connector } from "../spec/model.ts";
import { findDataCenter } from "../spec/model.ts";
import { RuntimeConfigError } from "./errors.ts";
import { originOf } from "./hosts.ts";

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

/**
 * Takes credentials from `explicit`, else from the environment when all three variables are
 * set; undefined otherwise (the token store is the next place to look).
 */
export function resolveCredentials(
  explicit: Credentials | undefined,
  env: NodeJS.ProcessEnv,
): Credentials | undefined {
  if (explicit) return explicit;
  const [idVar, secretVar, tokenVar] = CREDENTIAL_VARIABLES;
  if (CREDENTIAL_VARIABLES.some((name) => !env[name])) return undefined;
  return {
    clientId: env[idVar] ?? "",
    clientSecret: env[secretVar] ?? "",
    refreshToken: env[tokenVar] ?? "",
  };
}

/** The environment variables among `CREDENTIAL_VARIABLES` that are unset. */
export function missingVariables(env: NodeJS.ProcessEnv): string[] {
  return CREDENTIAL_VARIABLES.filter((name) => !env[name]);
}

/**
 * Picks the API origin and token URL. A base URL points both at one origin (the sandbox);
 * otherwise the data center comes from the option, then `ZOHO_DC`, then `storedDataCenter`,
 * then the connector's first.
 */
export function resolveTargets(
  connector: Connector,
  options: { dataCenter?: string | undefined; baseUrl?: string | undefined },
  env: NodeJS.ProcessEnv,
  storedDataCenter?: string,
): ResolvedTargets {
  if (options.baseUrl !== undefined) {
    const origin = originOf(options.baseUrl, "Base URL");
    return {
      apiOrigin: origin,
      tokenUrl: origin + connector.auth.tokenPath,
      dataCenter: undefined,
    };
  }

  const id =
    options.dataCenter ??
    (env.ZOHO_DC || undefined) ??
    storedDataCenter ??
    connector.dataCenters[0]?.id;
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

/** Whether the data center was chosen explicitly (option or `ZOHO_DC`), not by default. */
export function explicitDataCenter(
  options: { dataCenter?: string | undefined },
  env: NodeJS.ProcessEnv,
): string | undefined {
  return options.dataCenter ?? (env.ZOHO_DC || undefined);
}
