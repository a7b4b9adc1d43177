/** Shared set-up of the end-to-end tests: a connector's generated SDK, and the CLI's env. */
import { randomUUID } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Sandbox } from "../../src/sandbox/index.ts";
import type { Connector } from "../../src/spec/model.ts";
import { buildConnector, writeOutput } from "../../src/targets/build.ts";
import { cliEnv } from "../cli/call-helpers.ts";

/** A generated SDK module, imported at run time, and how to remove its files. */
export interface GeneratedSdk {
  // biome-ignore lint/suspicious/noExplicitAny: the generated module is imported at run time.
  readonly sdk: any;
  remove(): Promise<void>;
}

/** Builds `connector` into a fresh folder under out-test/ and imports its SDK. */
export async function importGeneratedSdk(connector: Connector): Promise<GeneratedSdk> {
  const dir = path.resolve("out-test", randomUUID());
  await mkdir(dir, { recursive: true });
  await writeOutput(dir, connector, buildConnector(connector));
  const entry = path.join(dir, connector.name, "sdk", "index.ts");
  const sdk = await import(pathToFileURL(entry).href);
  return { sdk, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The environment of a CLI run with the sandbox's credentials in the ZOHO_* variables. */
export function sandboxCliEnv(sandbox: Sandbox): Promise<NodeJS.ProcessEnv> {
  return cliEnv({
    ZOHO_CLIENT_ID: sandbox.credentials.clientId,
    ZOHO_CLIENT_SECRET: sandbox.credentials.clientSecret,
    ZOHO_REFRESH_TOKEN: sandbox.credentials.refreshToken,
  });
}
