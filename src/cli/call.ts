/**
 * `invokekit call <connector> <endpoint>`: runs one endpoint through the Node runtime and
 * prints the result: the saved path for downloads, the reply for JSON endpoints. Exit codes:
 * 0 ok; 1 API error, bad input, auth or file-rule error; 2 usage error.
 */
import { join } from "node:path";
import { Presets, SingleBar } from "cli-progress";
import { type Command, InvalidArgumentError } from "commander";
import { InvokekitError } from "../errors.ts";
import {
  type CallResult,
  createRuntime,
  FileTokenStore,
  type Runtime,
  ZohoApiError,
} from "../runtime/index.ts";
import { loadConnector } from "../spec/index.ts";
import type { Endpoint } from "../spec/model.ts";
import type { RegisterCommand } from "./commands.ts";

interface CallCommandOptions {
  param: Record<string, string>;
  file: string[];
  output?: string;
  dc?: string;
  baseUrl?: string;
  json?: boolean;
  connectors: string;
  profile?: string;
  tokenStore?: string;
}

/** Transfers larger than this get a progress bar (when stderr is a terminal). */
const PROGRESS_THRESHOLD = 1024 * 1024;

/** Registers `invokekit call`. */
export const registerCall: RegisterCommand = (program) => {
  program
    .command("call")
    .description("Call one endpoint of a connector (credentials from ZOHO_* variables).")
    .argument("<connector>", "connector name, e.g. zoho-crm")
    .argument("<endpoint>", "endpoint id, e.g. files.get")
    .option("--param <name=value>", "parameter value (repeatable)", collectParam, {})
    .option("--file <[part=]path>", "file to upload (repeatable)", collectFile, [])
    .option("--output <path>", "download folder (existing, or ending in /) or exact file path")
    .option("--dc <id>", "data center: us, eu, in, au, jp, cn, ca, sa (default ZOHO_DC or us)")
    .option("--base-url <url>", "one origin for API and accounts server, e.g. the sandbox")
    .option("--json", "print machine-readable JSON")
    .option("--connectors <dir>", "folder holding connector folders", "connectors")
    .option("--profile <name>", "token store profile when ZOHO_* credentials are unset")
    .option("--token-store <file>", "token file (default INVOKEKIT_TOKEN_STORE or ~/.config)")
    .action(
      async (
        connectorName: string,
        endpointId: string,
        options: CallCommandOptions,
        command: Command,
      ) => {
        await runCall(connectorName, endpointId, options, command);
      },
    );
};

function collectParam(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError(`expected name=value, got "${value}".`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

function collectFile(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function runCall(
  connectorName: string,
  endpointId: string,
  options: CallCommandOptions,
  command: Command,
): Promise<void> {
  let runtime: Runtime | undefined;
  const progress = new ProgressBar();
  const interrupt = new Interrupt();
  try {
    const connector = await loadConnector(join(options.connectors, connectorName));
    const endpoint = connector.endpoints.find((e) => e.id === endpointId);
    const files = endpoint ? assignFiles(endpoint, options.file, command) : {};
    runtime = createRuntime(connector, {
      ...(options.dc === undefined ? {} : { dataCenter: options.dc }),
      ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
      ...(options.profile === undefined ? {} : { profile: options.profile }),
      ...(options.tokenStore === undefined
        ? {}
        : { tokenStore: new FileTokenStore(options.tokenStore) }),
    });
    const result = await runtime.call(
      endpointId,
      { params: options.param, files },
      {
        ...(options.output === undefined ? {} : { output: options.output }),
        signal: interrupt.signal,
        onProgress: (done, total) => progress.update(done, total),
      },
    );
    progress.stop();
    if (interrupt.received === undefined) printResult(result, options.json === true);
  } catch (error) {
    progress.stop();
    if (interrupt.received !== undefined) return;
    if (!(error instanceof InvokekitError)) throw error;
    process.stderr.write(describeError(error));
    process.exitCode = 1;
  } finally {
    interrupt.dispose();
    await runtime?.close();
  }
}

/** Exit codes after a signal: 128 + its number, as shells report it. */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/**
 * Turns Ctrl+C and SIGTERM into an abort of the call, so a download in progress removes its
 * `.part` file before the process exits; a second signal exits at once.
 */
class Interrupt {
  readonly #controller = new AbortController();
  #received: keyof typeof SIGNAL_EXIT_CODES | undefined;
  readonly #onSignal = (name: NodeJS.Signals) => {
    const exitCode = SIGNAL_EXIT_CODES[name as keyof typeof SIGNAL_EXIT_CODES] ?? 1;
    if (this.#received !== undefined) process.exit(exitCode);
    this.#received = name as keyof typeof SIGNAL_EXIT_CODES;
    process.exitCode = exitCode;
    process.stderr.write(`interrupted (${name}): nothing was saved\n`);
    this.#controller.abort(new Error(`interrupted by ${name}`));
  };

  constructor() {
    for (const name of Object.keys(SIGNAL_EXIT_CODES)) process.on(name, this.#onSignal);
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The signal that interrupted the call, if one did. */
  get received(): string | undefined {
    return this.#received;
  }

  dispose(): void {
    for (const name of Object.keys(SIGNAL_EXIT_CODES)) process.off(name, this.#onSignal);
  }
}

/**
 * Sorts `--file` values into parts: `part=path` names a declared part; a bare path goes to
 * the endpoint's only file part. Anything else is a usage error (exit 2).
 */
function assignFiles(endpoint: Endpoint, values: readonly string[], command: Command) {
  const parts = endpoint.body.kind === "multipart" ? endpoint.body.files.map((p) => p.name) : [];
  const files: Record<string, string[]> = {};
  for (const value of values) {
    const eq = value.indexOf("=");
    const named = eq > 0 && parts.includes(value.slice(0, eq));
    const part = named ? value.slice(0, eq) : parts.length === 1 ? parts[0] : undefined;
    if (part === undefined) {
      const reason =
        parts.length === 0
          ? `${endpoint.id} takes no files`
          : `${endpoint.id} has several file parts (${parts.join(", ")}): write --file part=path`;
      command.error(`error: ${reason}`, { exitCode: 2, code: "invokekit.usage" });
    }
    files[part] = [...(files[part] ?? []), named ? value.slice(eq + 1) : value];
  }
  return files;
}

function printResult(result: CallResult, json: boolean): void {
  const out = (text: string) => process.stdout.write(`${text}\n`);
  if (result.kind === "file") {
    const { path, fileName, bytes, contentType } = result;
    out(json ? JSON.stringify({ path, fileName, bytes, contentType }, null, 2) : path);
  } else if (result.kind === "not-modified") {
    out(
      json
        ? JSON.stringify({ status: 304, notModified: true }, null, 2)
        : "Not modified (HTTP 304).",
    );
  } else if (result.kind === "empty") {
    out(
      json
        ? JSON.stringify({ status: result.status }, null, 2)
        : `No content (HTTP ${result.status}).`,
    );
  } else {
    out(json ? JSON.stringify(result.body, null, 2) : summarize(result.body));
  }
}

/**
 * A short human summary: one `<name>  <id>` line per item of a Zoho `data` array (the upload
 * reply), `<code>  <message>` for failed items; other documents are printed as JSON.
 */
function summarize(body: unknown): string {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return JSON.stringify(body, null, 2);
  return data
    .map(
      (item: {
        status?: unknown;
        code?: unknown;
        message?: unknown;
        details?: { name?: unknown; id?: unknown };
      }) =>
        item.status === "error"
          ? `${String(item.code)}  ${String(item.message)}`
          : `${String(item.details?.name ?? item.code)}  ${String(item.details?.id ?? "")}`,
    )
    .join("\n");
}

function describeError(error: InvokekitError): string {
  if (error instanceof ZohoApiError) {
    const lines = [
      `error: ${error.endpointId} failed with HTTP ${error.status}`,
      `  zoho code:  ${error.zohoCode}`,
      `  message:    ${error.zohoMessage}`,
    ];
    if (error.resolution) lines.push(`  resolution: ${error.resolution}`);
    return `${lines.join("\n")}\n`;
  }
  return `error [${error.code}]: ${error.message}\n${describeCause(error.cause)}`;
}

/** The cause's own message (not its stack), e.g. the `ENAMETOOLONG` behind a save failure. */
function describeCause(cause: unknown): string {
  if (cause === undefined) return "";
  const message = cause instanceof Error ? cause.message : String(cause);
  return `  cause: ${message}\n`;
}

/** A cli-progress bar on stderr, shown only on a terminal and for transfers over 1 MiB. */
class ProgressBar {
  #bar: SingleBar | undefined;

  update(done: number, total: number | undefined): void {
    if (!this.#bar) {
      if (!process.stderr.isTTY || total === undefined || total <= PROGRESS_THRESHOLD) return;
      this.#bar = new SingleBar(
        { stream: process.stderr, format: "{bar} {percentage}% | {value}/{total} bytes" },
        Presets.shades_classic,
      );
      this.#bar.start(total, 0);
    }
    this.#bar.update(done);
  }

  stop(): void {
    this.#bar?.stop();
    this.#bar = undefined;
  }
}
