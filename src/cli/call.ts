/**
 * `invokekit call <connector> <endpoint>`: runs one endpoint through the Node runtime and
 * prints the result: the saved path for downloads, the reply for JSON endpoints. Exit codes:
 * 0 ok; 1 API error (also a 200 reply with failed `data[]` items), bad input, auth or
 * file-rule error; 2 usage error (bad option value, repeated `--param`, unknown file part);
 * 130/143 after SIGINT/SIGTERM, once a download in progress has removed its `.part` file.
 *
 * `--base-url` takes an origin only (`http://127.0.0.1:8787`): a path would have to prefix
 * every API and token path alike, which Zoho never needs, so one is refused, not cut off.
 */
import { join } from "node:path";
import { Presets, SingleBar } from "cli-progress";
import { InvokekitError } from "../errors.ts";
import { createRuntime, FileTokenStore, type Runtime } from "../runtime/index.ts";
import { loadConnector } from "../spec/index.ts";
import type { Connector, Endpoint } from "../spec/model.ts";
import { isFlow, parseBody, runFlow } from "./call-flows.ts";
import { failedItems, printError, printResult, UsageError } from "./call-report.ts";
import type { RegisterCommand } from "./commands.ts";

interface CallCommandOptions {
  param: string[];
  file: string[];
  output?: string;
  dc?: string;
  baseUrl?: string;
  json?: boolean;
  connectors: string;
  profile?: string;
  tokenStore?: string;
  body?: string;
  all?: boolean;
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
    .option("--param <name=value>", "parameter value (repeatable, once per name)", collect, [])
    .option("--file <[part=]path>", "file to upload (repeatable)", collect, [])
    .option("--body <json|@file>", "JSON body, inline or read from a file")
    .option("--all", "for paginated endpoints: fetch every page and print all records")
    .option("--output <path>", "download folder (existing, or ending in /) or exact file path")
    .option("--dc <id>", "data center: us, eu, in, au, jp, cn, ca, sa (default ZOHO_DC or us)")
    .option("--base-url <origin>", "one origin (no path) for API and accounts, e.g. the sandbox")
    .option("--json", "print machine-readable JSON")
    .option("--connectors <dir>", "folder holding connector folders", "connectors")
    .option("--profile <name>", "token store profile when ZOHO_* credentials are unset")
    .option("--token-store <file>", "token file (default INVOKEKIT_TOKEN_STORE or ~/.config)")
    .action(async (connectorName: string, endpointId: string, options: CallCommandOptions) => {
      await runCall(connectorName, endpointId, options);
    });
};

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function runCall(
  connectorName: string,
  endpointId: string,
  options: CallCommandOptions,
): Promise<void> {
  const json = options.json === true;
  let runtime: Runtime | undefined;
  const progress = new ProgressBar();
  const interrupt = new Interrupt();
  try {
    const params = parseParams(options.param);
    const baseUrl = options.baseUrl === undefined ? undefined : checkBaseUrl(options.baseUrl);
    const connector = await loadConnector(join(options.connectors, connectorName));
    if (options.dc !== undefined) checkDataCenter(connector, options.dc);
    const endpoint = connector.endpoints.find((e) => e.id === endpointId);
    const files = endpoint ? assignFiles(endpoint, options.file) : {};
    runtime = createRuntime(connector, {
      ...(options.dc === undefined ? {} : { dataCenter: options.dc }),
      ...(baseUrl === undefined ? {} : { baseUrl }),
      ...(options.profile === undefined ? {} : { profile: options.profile }),
      ...(options.tokenStore === undefined
        ? {}
        : { tokenStore: new FileTokenStore(options.tokenStore) }),
    });
    const body = await parseBody(options.body);
    const args = { params, files, ...(body === undefined ? {} : { body }) };
    if (endpoint && isFlow(endpoint, options.all === true)) {
      const outcome = await runFlow(runtime, endpoint, args, {
        json,
        signal: interrupt.signal,
        ...(options.output === undefined ? {} : { output: options.output }),
      });
      if (outcome.failed) process.exitCode = 1;
      return;
    }
    const result = await runtime.call(endpointId, args, {
      ...(options.output === undefined ? {} : { output: options.output }),
      signal: interrupt.signal,
      onProgress: (done, total) => progress.update(done, total),
    });
    progress.stop();
    if (interrupt.received !== undefined) return;
    printResult(result, json);
    const failed = endpoint ? failedItems(result, endpoint) : undefined;
    if (failed) {
      printError(failed, json);
      process.exitCode = 1;
    }
  } catch (error) {
    progress.stop();
    if (interrupt.received !== undefined) return;
    if (!(error instanceof InvokekitError)) throw error;
    printError(error, json);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  } finally {
    interrupt.dispose();
    await runtime?.close();
  }
}

/** `name=value` pairs; a name given twice is refused rather than silently replaced. */
function parseParams(values: readonly string[]): Record<string, string> {
  const params: Record<string, string> = Object.create(null);
  for (const value of values) {
    const eq = value.indexOf("=");
    if (eq <= 0) throw new UsageError(`--param: expected name=value, got "${value}".`);
    const name = value.slice(0, eq);
    if (name in params) {
      throw new UsageError(`--param ${name} is given more than once; give each parameter once.`);
    }
    params[name] = value.slice(eq + 1);
  }
  return params;
}

/** The base URL as an origin; anything else (no URL, not http(s), a path) is a usage error. */
function checkBaseUrl(value: string): string {
  const example = "e.g. http://127.0.0.1:8787";
  if (!URL.canParse(value)) {
    throw new UsageError(`--base-url "${value}" is not an absolute URL (${example}).`);
  }
  const url = new URL(value);
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`--base-url "${value}" must use http or https (${example}).`);
  }
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "" || url.username !== "") {
    throw new UsageError(
      `--base-url "${value}" must be an origin without path, query or user (${example}); ` +
        "API and token paths are appended to it.",
    );
  }
  return url.origin;
}

function checkDataCenter(connector: Connector, id: string): void {
  const ids = connector.dataCenters.map((dc) => dc.id);
  if (!ids.includes(id)) {
    throw new UsageError(
      `--dc ${id} is not a data center of ${connector.name}; use one of: ${ids.join(", ")}.`,
    );
  }
}

/** A `--file` prefix that reads as a part name (a path like `./a=b.txt` does not). */
const PART_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * Sorts `--file` values into parts: `part=path` names a declared part; a bare path goes to
 * the endpoint's only file part. An undeclared part name is a usage error.
 */
function assignFiles(endpoint: Endpoint, values: readonly string[]) {
  const parts = endpoint.body.kind === "multipart" ? endpoint.body.files.map((p) => p.name) : [];
  const files: Record<string, string[]> = {};
  for (const value of values) {
    if (parts.length === 0) throw new UsageError(`${endpoint.id} takes no files`);
    const eq = value.indexOf("=");
    const prefix = eq > 0 ? value.slice(0, eq) : undefined;
    let part: string | undefined;
    let path = value;
    if (prefix !== undefined && PART_NAME.test(prefix)) {
      if (!parts.includes(prefix)) {
        throw new UsageError(
          `unknown file part ${prefix} (declared: ${parts.join(", ")}); ` +
            `write ./${value} for a file whose name contains "="`,
        );
      }
      part = prefix;
      path = value.slice(eq + 1);
    } else if (parts.length === 1) {
      part = parts[0];
    }
    if (part === undefined) {
      throw new UsageError(
        `${endpoint.id} has several file parts (${parts.join(", ")}): write --file part=path`,
      );
    }
    files[part] = [...(files[part] ?? []), path];
  }
  return files;
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
