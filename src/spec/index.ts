/**
 * Loading connectors: read every YAML file of a connector folder, validate each against its
 * schema, run the cross-file checks, and compile the model. All problems of all files are
 * collected and returned sorted; nothing stops at the first error.
 */
import { readFileSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { compileConnector } from "./compile.ts";
import { type CheckedEndpoint, crossCheck } from "./cross-checks.ts";
import { type Diagnostic, hasErrors, SpecError, sortDiagnostics } from "./diagnostics.ts";
import type { Connector } from "./model.ts";
import type { RawConnector, RawEndpoint } from "./raw.ts";
import { validateAgainstSchema } from "./validate-schema.ts";
import { decodeSpecText, parseYamlSource } from "./yaml-source.ts";

export { type Diagnostic, formatDiagnostic, SpecError } from "./diagnostics.ts";

/** The service file every connector folder has. */
export const CONNECTOR_FILE = "connector.yaml";

/** Outcome of validating one connector folder. */
export interface ConnectorValidation {
  /** The folder, as given. */
  readonly dir: string;
  /** The compiled model, when there is no error. */
  readonly connector?: Connector;
  /** Errors and warnings of every file, sorted by file, line, column. */
  readonly diagnostics: readonly Diagnostic[];
}

async function yamlFilesBelow(dir: string, relative = ""): Promise<string[]> {
  const entries = await readdir(path.join(dir, relative), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await yamlFilesBelow(dir, child)));
    else if (/\.ya?ml$/.test(entry.name)) files.push(child);
  }
  return files;
}

/** Validates one connector folder (its `connector.yaml` and every other YAML file below it). */
export async function validateConnector(dir: string): Promise<ConnectorValidation> {
  const diagnostics: Diagnostic[] = [];
  if (!(await isDirectory(dir))) return { dir, diagnostics: [await missingFolder(dir)] };
  const files = await yamlFilesBelow(dir);
  if (!files.includes(CONNECTOR_FILE)) {
    diagnostics.push({
      severity: "error",
      code: "IK_SPEC_NO_CONNECTOR_FILE",
      message: `no ${CONNECTOR_FILE} in ${dir}; every connector folder needs one`,
      file: path.join(dir, CONNECTOR_FILE),
      line: 1,
      column: 1,
    });
    return { dir, diagnostics };
  }

  const parse = (relative: string) => {
    const file = path.join(dir, relative);
    // One synchronous read per file: a connector has thousands of small files, and a
    // thread-pool round trip for each cost more than the reads.
    const decoded = decodeSpecText(file, readFileSync(file));
    diagnostics.push(...decoded.diagnostics);
    const source = parseYamlSource(file, decoded.text);
    diagnostics.push(...source.diagnostics);
    return source;
  };

  const connectorSource = parse(CONNECTOR_FILE);
  const connectorResult =
    connectorSource.data === undefined
      ? undefined
      : validateAgainstSchema(connectorSource, "connector");
  if (connectorResult) diagnostics.push(...connectorResult.diagnostics);

  const endpoints: CheckedEndpoint[] = [];
  for (const relative of files.filter((f) => f !== CONNECTOR_FILE)) {
    const source = parse(relative);
    if (source.data === undefined) continue;
    const result = validateAgainstSchema(source, "endpoint");
    diagnostics.push(...result.diagnostics);
    endpoints.push({ source, data: result.data, relativePath: relative });
  }
  if (files.length === 1) {
    diagnostics.push({
      severity: "error",
      code: "IK_SPEC_NO_ENDPOINTS",
      message: "the connector has no endpoint files; add one, e.g. files/get.yaml",
      file: connectorSource.file,
      line: 1,
      column: 1,
    });
  }

  if (connectorResult) {
    diagnostics.push(...crossCheck(connectorSource, connectorResult.data, endpoints));
    const raw = connectorResult.data as RawConnector;
    const folder = path.basename(path.resolve(dir));
    if (connectorResult.valid && raw.name !== folder) {
      const at = connectorSource.valuePositions.get("/name") ?? { line: 1, column: 1 };
      diagnostics.push({
        severity: "error",
        code: "IK_SPEC_NAME",
        message: `name "${raw.name}" differs from the folder name "${folder}"; make them equal`,
        file: connectorSource.file,
        ...at,
      });
    }
  }
  if (connectorResult?.valid && !hasErrors(diagnostics)) {
    const connector = compileConnector(
      connectorResult.data as RawConnector,
      endpoints.map((e) => ({
        raw: e.data as RawEndpoint,
        source: { file: e.source.file, line: 1, column: 1 },
      })),
    );
    return { dir, connector, diagnostics: sortDiagnostics(diagnostics) };
  }
  return { dir, diagnostics: sortDiagnostics(diagnostics) };
}

/** Loads one connector folder; throws `SpecError` (with every diagnostic) when it is invalid. */
export async function loadConnector(dir: string): Promise<Connector> {
  const result = await validateConnector(dir);
  if (!result.connector) throw new SpecError(result.diagnostics);
  return result.connector;
}

/**
 * The connector folders at `dir`: `dir` itself when it holds a `connector.yaml`, otherwise
 * each direct sub-folder that holds one, sorted by name.
 */
export async function connectorFolders(dir: string): Promise<string[]> {
  if (!(await isDirectory(dir))) return [];
  if (await isFile(path.join(dir, CONNECTOR_FILE))) return [dir];
  const entries = await readdir(dir, { withFileTypes: true });
  const folders: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.isDirectory() && (await isFile(path.join(dir, entry.name, CONNECTOR_FILE)))) {
      folders.push(path.join(dir, entry.name));
    }
  }
  return folders;
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() === true;
}

async function isDirectory(dir: string): Promise<boolean> {
  return (await stat(dir).catch(() => undefined))?.isDirectory() === true;
}

/** The folder above `file` that holds a connector.yaml, if any. */
async function connectorAbove(file: string): Promise<string | undefined> {
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    if (await isFile(path.join(dir, "connector.yaml"))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

async function missingFolder(dir: string): Promise<Diagnostic> {
  let message = `no folder ${dir}; give the path of a connector folder or of a folder holding them`;
  if (await isFile(dir)) {
    // Endpoints are checked against each other and their connector, so one file is not enough.
    const connector = await connectorAbove(dir);
    const folder = connector === undefined ? "" : ` (${path.relative(".", connector) || "."})`;
    message = `${dir} is a file; give its connector folder${folder}, which is checked as a whole`;
  }
  return { severity: "error", code: "IK_SPEC_NO_FOLDER", message, file: dir, line: 1, column: 1 };
}

/** Validates every connector at `root` (see `connectorFolders`). */
export async function validateConnectors(root = "connectors"): Promise<ConnectorValidation[]> {
  if (!(await isDirectory(root))) {
    return [{ dir: root, diagnostics: [await missingFolder(root)] }];
  }
  const results: ConnectorValidation[] = [];
  for (const dir of await connectorFolders(root)) results.push(await validateConnector(dir));
  return results;
}

/** Loads every connector at `root`; throws `SpecError` with all problems of all connectors. */
export async function loadConnectors(root = "connectors"): Promise<Connector[]> {
  const results = await validateConnectors(root);
  const diagnostics = results.flatMap((r) => r.diagnostics);
  if (hasErrors(diagnostics)) throw new SpecError(sortDiagnostics(diagnostics));
  return results.flatMap((r) => (r.connector ? [r.connector] : []));
}
