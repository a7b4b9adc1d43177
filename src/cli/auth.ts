/**
 * `invokekit auth grant|refresh|status`: the OAuth set-up around the token store. The client
 * id comes from `--client-id` or `ZOHO_CLIENT_ID`, the secret only from `ZOHO_CLIENT_SECRET`
 * (a flag would show in the process list). Nothing printed ever holds a token or secret.
 * Exit codes: 0 ok; 1 auth, store or configuration error; 2 usage error.
 */
import { join } from "node:path";
import type { Command } from "commander";
import { InvokekitError } from "../errors.ts";
import {
  createRuntime,
  defaultTokenStorePath,
  exchangeGrantCode,
  FileTokenStore,
  readTokenStatus,
  type TokenStatus,
} from "../runtime/index.ts";
import { loadConnector } from "../spec/index.ts";
import type { RegisterCommand } from "./commands.ts";

interface AuthOptions {
  connector: string;
  connectors: string;
  profile: string;
  tokenStore?: string;
  dc?: string;
  baseUrl?: string;
  json?: boolean;
}

interface GrantCommandOptions extends AuthOptions {
  code: string;
  clientId?: string;
  accountsServer?: string;
}

function common(command: Command): Command {
  return command
    .option("--connector <name>", "connector name", "zoho-crm")
    .option("--connectors <dir>", "folder holding connector folders", "connectors")
    .option("--profile <name>", "profile in the token store", "default")
    .option("--token-store <file>", "token file (default INVOKEKIT_TOKEN_STORE or ~/.config)")
    .option("--dc <id>", "data center: us, eu, in, au, jp, cn, ca, sa")
    .option("--base-url <url>", "one origin for API and accounts server, e.g. the sandbox")
    .option("--json", "print machine-readable JSON");
}

/** Registers `invokekit auth`. */
export const registerAuth: RegisterCommand = (program) => {
  const auth = program.command("auth").description("Set up and inspect OAuth tokens.");
  common(auth.command("grant"))
    .description("Exchange a Self Client grant code for tokens and store them.")
    .requiredOption("--code <code>", "grant code from Zoho's API console (Self Client)")
    .option("--client-id <id>", "OAuth client id (default ZOHO_CLIENT_ID)")
    .option("--accounts-server <url>", "accounts server named by the authorization redirect")
    .action((options: GrantCommandOptions) =>
      run(options, async (store) => {
        const clientId = options.clientId ?? process.env.ZOHO_CLIENT_ID;
        const clientSecret = process.env.ZOHO_CLIENT_SECRET;
        if (!clientId || !clientSecret) {
          throw new InvokekitError(
            "IK_AUTH_CREDENTIALS",
            "Set ZOHO_CLIENT_SECRET (and ZOHO_CLIENT_ID or --client-id) to the Self Client's " +
              "values from Zoho's API console.",
          );
        }
        const connector = await loadConnector(join(options.connectors, options.connector));
        return exchangeGrantCode(connector, {
          code: options.code,
          clientId,
          clientSecret,
          tokenStore: store,
          profile: options.profile,
          ...(options.dc === undefined ? {} : { dataCenter: options.dc }),
          ...(options.accountsServer === undefined
            ? {}
            : { accountsServer: options.accountsServer }),
          ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
        });
      }),
    );
  common(auth.command("refresh"))
    .description("Get a new access token for the stored profile now.")
    .action((options: AuthOptions) =>
      run(options, async (store) => {
        const connector = await loadConnector(join(options.connectors, options.connector));
        // Only the stored profile counts here, whatever ZOHO_* variables are set.
        const { ZOHO_CLIENT_ID, ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN, ...env } = process.env;
        const runtime = createRuntime(connector, {
          env,
          tokenStore: store,
          profile: options.profile,
          ...(options.dc === undefined ? {} : { dataCenter: options.dc }),
          ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
        });
        try {
          await runtime.refreshToken();
        } finally {
          await runtime.close();
        }
        return readTokenStatus(store, options.profile);
      }),
    );
  common(auth.command("status"))
    .description("Show the stored profile: data center, API domain, expiry, scopes.")
    .action((options: AuthOptions) =>
      run(options, (store) => readTokenStatus(store, options.profile)),
    );
};

async function run(
  options: AuthOptions,
  action: (store: FileTokenStore) => Promise<TokenStatus | undefined>,
): Promise<void> {
  const store = new FileTokenStore(options.tokenStore ?? defaultTokenStorePath());
  try {
    const status = await action(store);
    if (status === undefined) {
      process.stderr.write(
        `error: no profile "${options.profile}" in ${store.path}; run \`invokekit auth grant\`.\n`,
      );
      process.exitCode = 1;
      return;
    }
    process.stdout.write(
      options.json ? `${JSON.stringify(status, null, 2)}\n` : describe(status, store.path),
    );
  } catch (error) {
    if (!(error instanceof InvokekitError)) throw error;
    process.stderr.write(`error [${error.code}]: ${error.message}\n`);
    process.exitCode = 1;
  }
}

function describe(status: TokenStatus, path: string): string {
  const expiry =
    status.expiresAt === undefined
      ? "no access token stored"
      : `${new Date(status.expiresAt).toISOString()}${status.expired ? " (expired)" : ""}`;
  return [
    `profile:         ${status.profile} (${path})`,
    `client id:       ${status.clientId}`,
    `data center:     ${status.dataCenter ?? "unknown"}`,
    `API domain:      ${status.apiDomain ?? "unknown"}`,
    `accounts server: ${status.accountsServer ?? "unknown"}`,
    `access token:    ${expiry}`,
    `refresh token:   ${status.hasRefreshToken ? "stored" : "missing"}`,
    `scopes:          ${status.scopes.join(", ") || "unknown"}`,
    "",
  ].join("\n");
}
