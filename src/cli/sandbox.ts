/**
 * `invokekit sandbox`: runs the Zoho-compatible local server until SIGINT or SIGTERM and
 * prints what a client needs to reach it (base URL, credentials as env lines, the control
 * endpoint). Faults: `--fault KIND[,key=value...]` (or a JSON object), repeatable, e.g.
 * `--fault status,status=429,retryAfter=2,times=3`, `--fault slow-body,afterBytes=0,delayMs=5000`;
 * `--concurrency-limit N` answers 429 beyond N API requests in flight.
 */
import { InvalidArgumentError } from "commander";
import {
  CONTROL_PREFIX,
  FAULT_KINDS,
  type Fault,
  SandboxError,
  startSandbox,
} from "../sandbox/index.ts";
import type { RegisterCommand } from "./commands.ts";

interface SandboxCommandOptions {
  port: number;
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  grantCode: string[];
  scope: string[];
  fault: Fault[];
  concurrencyLimit?: number;
  apiDomain?: string;
}

function parseApiDomain(value: string): string {
  if (!/^https?:\/\//.test(value) || !URL.canParse(value)) {
    throw new InvalidArgumentError("expected an http(s) URL, e.g. https://www.zohoapis.eu.");
  }
  return value;
}

/** Parses `KIND[,key=value...]` or a JSON object into a fault; numeric values become numbers. */
function parseFault(value: string, previous: Fault[]): Fault[] {
  if (value.trim().startsWith("{")) {
    try {
      return [...previous, JSON.parse(value) as Fault];
    } catch {
      throw new InvalidArgumentError("the JSON fault does not parse.");
    }
  }
  const [kind = "", ...pairs] = value.split(",");
  if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new InvalidArgumentError(
      `unknown fault kind "${kind}"; one of ${FAULT_KINDS.join(", ")}.`,
    );
  }
  const fault: Record<string, unknown> = { kind };
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new InvalidArgumentError(`expected key=value, got "${pair}".`);
    const key = pair.slice(0, eq);
    const raw = pair.slice(eq + 1);
    fault[key] = key !== "retryAfter" && /^\d+$/.test(raw) ? Number(raw) : raw;
  }
  return [...previous, fault as unknown as Fault];
}

function parseLimit(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError("expected a positive integer.");
  return Number(value);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new InvalidArgumentError("expected a port number from 0 to 65535 (0: any free port).");
  }
  return port;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Quotes `value` for a POSIX shell when it holds anything beyond plain token characters. */
function shellValue(value: string): string {
  return /^[\w.:/-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Registers `invokekit sandbox`. */
export const registerSandbox: RegisterCommand = (program) => {
  program
    .command("sandbox")
    .description("Run a local Zoho-compatible server (OAuth, Files, CRM) on 127.0.0.1.")
    .option("--port <n>", "TCP port; 0 picks a free one", parsePort, 0)
    .option("--client-id <id>", "client id the token endpoint accepts")
    .option("--client-secret <secret>", "client secret the token endpoint accepts")
    .option("--refresh-token <token>", "refresh token the token endpoint accepts")
    .option("--grant-code <code>", "grant code accepted once (repeatable)", collect, [])
    .option("--scope <scope>", "grant only these scopes (repeatable; default: all)", collect, [])
    .option(
      "--fault <spec>",
      "queue a fault: KIND[,key=value...] or JSON (repeatable)",
      parseFault,
      [],
    )
    .option("--concurrency-limit <n>", "answer 429 beyond n API requests in flight", parseLimit)
    .option(
      "--api-domain <url>",
      "api_domain of token replies (default: the sandbox's URL)",
      parseApiDomain,
    )
    .action(async (options: SandboxCommandOptions) => {
      let sandbox: Awaited<ReturnType<typeof startSandbox>>;
      try {
        sandbox = await startSandbox({
          port: options.port,
          grantCodes: options.grantCode,
          ...(options.scope.length > 0 ? { scopes: options.scope } : {}),
          faults: options.fault,
          ...(options.concurrencyLimit === undefined
            ? {}
            : { concurrencyLimit: options.concurrencyLimit }),
          ...(options.apiDomain === undefined ? {} : { apiDomain: options.apiDomain }),
          ...(options.clientId === undefined ? {} : { clientId: options.clientId }),
          ...(options.clientSecret === undefined ? {} : { clientSecret: options.clientSecret }),
          ...(options.refreshToken === undefined ? {} : { refreshToken: options.refreshToken }),
        });
      } catch (error) {
        if (!(error instanceof SandboxError)) throw error;
        process.stderr.write(`error: ${error.message}\n`);
        process.exitCode = 1;
        return;
      }

      // Listen for the stop signals before announcing the URL, so a caller that signals as
      // soon as it reads the banner still gets a clean shutdown.
      const stopped = new Promise<NodeJS.Signals>((resolve) => {
        const stop = (received: NodeJS.Signals) => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          resolve(received);
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });

      const { clientId, clientSecret, refreshToken } = sandbox.credentials;
      process.stdout.write(
        [
          `Zoho sandbox listening on ${sandbox.url}`,
          "API domain and accounts server share this origin. Credentials to use:",
          "",
          `ZOHO_CLIENT_ID=${shellValue(clientId)}`,
          `ZOHO_CLIENT_SECRET=${shellValue(clientSecret)}`,
          `ZOHO_REFRESH_TOKEN=${shellValue(refreshToken)}`,
          "",
          `Point a client at it with: --base-url ${sandbox.url}`,
          `Switch faults with: curl -X POST ${sandbox.url}${CONTROL_PREFIX}faults ` +
            `-d '{"kind":"reset"}'`,
          "Press Ctrl+C to stop.",
          "",
        ].join("\n"),
      );

      const signal = await stopped;
      await sandbox.close();
      process.stdout.write(`Sandbox stopped (${signal}).\n`);
    });
};
