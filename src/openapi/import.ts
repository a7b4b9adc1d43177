/**
 * `importOpenApi`: OpenAPI 3.0/3.1 documents -> a connector (connector file + endpoint files)
 * and a summary of what each operation could not carry over. `writeImport` writes the folder.
 *
 * Limitations: only OAuth 2.0 security fits the spec format (operations without an OAuth
 * scope are skipped, and said so); one success reply per endpoint (the lowest 2xx); several
 * `oneOf` branches of a body schema are left out; cookie parameters are left out; the base
 * path must keep at least one segment; the spec format has no place for import notes, so they
 * go to the summary and to comments at the top of each endpoint file.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";
import type { RawConnector, RawEndpoint, RawError } from "../spec/raw.ts";
import { dataCentersOf, isZohoAccounts, type ServerInput } from "./data-centers.ts";
import { DocumentSet, type SourceDocument } from "./documents.ts";
import { formatLocation, type LocatedProblem, OpenApiError } from "./errors.ts";
import { assignIds, identifier } from "./ids.ts";
import { type ImportedOperation, importOperation, METHODS, OTHER_METHODS } from "./operation.ts";
import { escapeSegment } from "./references.ts";

/** Options of `importOpenApi`. */
export interface ImportOptions {
  /** Connector name (and folder name), e.g. `zoho-crm-v8`. */
  readonly name: string;
  /** Connector title; default: the document's `info.title`, or the name. */
  readonly title?: string;
  /**
   * Leave out the parts whose references cannot be resolved (each is in the summary with its
   * location) instead of failing. Refused references (network, files outside) are still
   * never followed.
   */
  readonly skipUnresolved?: boolean;
  /** Largest document read, in bytes. */
  readonly maxBytes?: number;
}

/** What happened to one operation. */
export interface OperationSummary {
  /** `file#/paths/...` of the operation. */
  readonly source: string;
  /** The endpoint id, or undefined when the operation was skipped. */
  readonly id?: string;
  /** What was not carried over; for a skipped operation, why. */
  readonly notes: readonly string[];
}

/** The summary of an import. */
export interface ImportSummary {
  readonly documents: number;
  readonly operations: readonly OperationSummary[];
  /** Connector-level notes (servers, security schemes). */
  readonly notes: readonly string[];
  /** Unresolvable references that were skipped (`skipUnresolved`). */
  readonly problems: readonly LocatedProblem[];
}

/** A converted connector, ready to be written. */
export interface ImportResult {
  readonly connector: RawConnector;
  readonly endpoints: readonly RawEndpoint[];
  /** Per endpoint id: where it came from, for file comments. */
  readonly sources: ReadonlyMap<string, OperationSummary>;
  readonly summary: ImportSummary;
}

type Fields = Record<string, unknown>;

function fields(value: unknown): Fields {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Fields) : {};
}

/** Imports a file, or every document of a folder, into one connector. */
export async function importOpenApi(input: string, options: ImportOptions): Promise<ImportResult> {
  if (!/^[a-z][a-z0-9-]*$/.test(options.name)) {
    throw new OpenApiError([
      {
        file: input,
        pointer: "",
        code: "IK_OPENAPI_NAME",
        message: `connector name "${options.name}" must be lower-case letters, digits, dashes`,
      },
    ]);
  }
  const documents = DocumentSet.open(input, {
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
  });
  await documents.checkStructure();
  const roots = documents.roots;
  const first = roots[0] as SourceDocument;
  const top = fields(fields(first.data)["x-invokekit"]);
  const notes: string[] = [];

  const servers: ServerInput[] = roots.flatMap((root) => {
    const list = fields(root.data).servers;
    return (Array.isArray(list) ? list : []).map((s) => ({
      url: String(fields(s).url ?? ""),
      ...(typeof fields(s).description === "string"
        ? { description: fields(s).description as string }
        : {}),
      ...(fields(s)["x-invokekit-data-center"]
        ? { dataCenter: fields(fields(s)["x-invokekit-data-center"]) }
        : {}),
    }));
  });
  const serverPath = serverPathOf(servers);
  const allPaths = roots.flatMap((root) => Object.keys(fields(fields(root.data).paths)));
  const stripPrefix = serverPath === "" ? commonPrefix(allPaths) : "";
  const basePath = (serverPath + stripPrefix).replace(/\/$/, "");
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(basePath)) {
    throw new OpenApiError([
      {
        ...documents.locate(first, "/servers"),
        code: "IK_OPENAPI_BASE_PATH",
        message:
          `no base path: the spec format needs one of at least one segment (found ` +
          `"${basePath}"); give a server URL with a path, e.g. https://api.example.com/v1`,
      },
    ]);
  }

  const operations: ImportedOperation[] = [];
  const summaries: OperationSummary[] = [];
  const problems: LocatedProblem[] = [];
  const context = { documents, stripPrefix };
  for (const root of roots) {
    const paths = fields(fields(root.data).paths);
    for (const openApiPath of Object.keys(paths)) {
      const item = fields(paths[openApiPath]);
      for (const method of Object.keys(item)) {
        const source = formatLocation(
          documents.locate(root, `/paths/${escapeSegment(openApiPath)}/${method}`),
        );
        if ((OTHER_METHODS as readonly string[]).includes(method)) {
          summaries.push({ source, notes: [`skipped: ${method.toUpperCase()} does not fit`] });
          continue;
        }
        if (!(METHODS as readonly string[]).includes(method)) continue;
        const operation = importOperation(context, root, openApiPath, method as "get");
        problems.push(...operation.problems);
        const why = skipReason(operation, stripPrefix);
        if (why) {
          summaries.push({ source, notes: [`skipped: ${why}`, ...operation.notes] });
          continue;
        }
        operations.push(operation);
      }
    }
  }
  if (problems.length > 0 && options.skipUnresolved !== true) throw new OpenApiError(problems);
  if (operations.length === 0) {
    throw new OpenApiError([
      {
        ...documents.locate(first, "/paths"),
        code: "IK_OPENAPI_NO_OPERATIONS",
        message: "no operation could be imported; see the summary",
      },
    ]);
  }

  const schemes = operations.flatMap((o) => o.schemes);
  const tokenUrl = schemes.find((s) => s.tokenUrl)?.tokenUrl;
  const token = tokenUrl ? safeUrl(tokenUrl) : undefined;
  const centers = dataCentersOf(servers, token?.origin);
  notes.push(...centers.notes);
  if (Object.keys(centers.dataCenters).length === 0) {
    throw new OpenApiError([
      {
        ...documents.locate(first, "/servers"),
        code: "IK_OPENAPI_NO_SERVER",
        message: "no https server to make a data center of; add one under servers",
      },
    ]);
  }

  const shared = Array.isArray(top.errors) ? (top.errors as RawError[]) : [];
  const ids = assignIds(
    operations.map((o) => ({
      ...(o.givenId ? { givenId: o.givenId } : {}),
      resource: resourceOf(o, roots.length > 1),
      title: o.title,
      method: o.method,
    })),
  );
  const sources = new Map<string, OperationSummary>();
  const endpoints = operations.map((operation, index) => {
    const id = ids[index] ?? "";
    const errors = operation.endpoint.errors?.filter(
      (e) => !shared.some((s) => JSON.stringify(s) === JSON.stringify(e)),
    );
    const { errors: _, ...rest } = operation.endpoint;
    const own = operation.serverPath;
    const endpoint: RawEndpoint = {
      id,
      ...rest,
      ...(own !== undefined && own !== basePath ? { base_path: own } : {}),
      ...(errors && errors.length > 0 ? { errors } : {}),
    } as RawEndpoint;
    const summary = {
      source: formatLocation(documents.locate(operation.document, operation.pointer)),
      id,
      notes: operation.notes,
    };
    summaries.push(summary);
    sources.set(id, summary);
    return endpoint;
  });
  endpoints.sort((a, b) => (a.id < b.id ? -1 : 1));

  const scopeNames = endpoints.flatMap((e) => e.scopes.map((s) => s.name));
  const format = fields(top.scope_format);
  const accounts = Object.values(centers.dataCenters)[0]?.accounts ?? "";
  const headerPrefix =
    (typeof top.header_prefix === "string" ? top.header_prefix : undefined) ??
    schemes.find((s) => s.headerPrefix)?.headerPrefix ??
    (isZohoAccounts(accounts) || isZohoAccounts(token?.origin ?? "")
      ? "Zoho-oauthtoken"
      : "Bearer");
  const info = fields(fields(first.data).info);
  const connector: RawConnector = {
    name: options.name,
    title:
      options.title ??
      (typeof top.title === "string" ? top.title : undefined) ??
      (roots.length === 1 && typeof info.title === "string" && info.title.trim()
        ? info.title.trim()
        : options.name),
    ...(roots.length === 1 && typeof info.description === "string" && info.description.trim()
      ? { description: info.description.trim() }
      : {}),
    base_path: basePath,
    auth: {
      type: "oauth2",
      header_prefix: headerPrefix,
      token_path: token?.pathname && token.pathname !== "/" ? token.pathname : "/oauth/v2/token",
    },
    scope_format:
      Array.isArray(format.services) && Array.isArray(format.operations)
        ? (format as RawConnector["scope_format"])
        : {
            services: unique(scopeNames.map((n) => n.split(".")[0] ?? "")),
            operations: unique(scopeNames.map((n) => n.split(".").at(-1) ?? "")),
          },
    data_centers: centers.dataCenters,
    deluge: {
      connection:
        typeof top.deluge_connection === "string"
          ? top.deluge_connection
          : options.name.replaceAll("-", "_").slice(0, 50),
    },
    ...(shared.length > 0 ? { errors: shared } : {}),
  };
  if (!token) notes.push("no OAuth token URL in the documents; token_path /oauth/v2/token");
  return {
    connector,
    endpoints,
    sources,
    summary: { documents: roots.length, operations: summaries, notes, problems },
  };
}

function skipReason(operation: ImportedOperation, prefix: string): string | undefined {
  const { endpoint } = operation;
  if (operation.serverPath !== undefined) {
    if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(operation.serverPath)) {
      return `its own server path "${operation.serverPath}" is no base path`;
    }
  } else if (prefix !== "" && !operation.openApiPath.startsWith(`${prefix}/`)) {
    return `path ${operation.openApiPath} is not below the base path ${prefix}`;
  }
  if (!/^(\/([A-Za-z0-9._~-]+|\{[a-z_][a-z0-9_]*\}))+$/.test(endpoint.path)) {
    return `path ${endpoint.path || "(empty)"} below the base path does not fit the spec format`;
  }
  if (endpoint.scopes.length === 0) return "no OAuth scope; every endpoint needs one";
  return undefined;
}

function resourceOf(operation: ImportedOperation, manyDocuments: boolean): string {
  if (operation.givenId) return operation.givenId.split(".")[0] ?? "api";
  if (operation.tag) return identifier(operation.tag, "api");
  if (manyDocuments) return identifier(operation.document.name.replace(/\.[^.]+$/, ""), "api");
  const segment = operation.endpoint.path.split("/").find((s) => s && !s.startsWith("{"));
  return identifier(segment ?? "api", "api");
}

function serverPathOf(servers: readonly ServerInput[]): string {
  for (const server of servers) {
    const url = safeUrl(server.url);
    if (url) return decodeURI(url.pathname).replace(/\/+$/, "");
  }
  return "";
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * The longest run of fixed leading segments that leaves every path at least one segment;
 * paths that start with a template (`/{download_url}`) or have no segment take no part.
 */
function commonPrefix(paths: readonly string[]): string {
  const split = paths
    .map((p) => p.split("/").filter(Boolean))
    .filter((segments) => segments.length > 0 && !segments[0]?.includes("{"));
  if (split.length === 0) return "";
  const shortest = Math.min(...split.map((s) => s.length));
  const prefix: string[] = [];
  for (let i = 0; i < shortest - 1; i++) {
    const segment = split[0]?.[i] ?? "";
    if (segment.includes("{") || !split.every((s) => s[i] === segment)) break;
    prefix.push(segment);
  }
  return prefix.length > 0 ? `/${prefix.join("/")}` : "";
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** Writes the connector folder `outDir` (created; must be empty unless `replace`). */
export async function writeImport(
  result: ImportResult,
  outDir: string,
  options: { replace?: boolean } = {},
): Promise<string[]> {
  const existing = await readdir(outDir).catch(() => []);
  if (existing.length > 0) {
    if (options.replace !== true) {
      throw new OpenApiError([
        {
          file: outDir,
          pointer: "",
          code: "IK_OPENAPI_OUT_EXISTS",
          message: `${outDir} is not empty; choose another folder or pass --force`,
        },
      ]);
    }
    await rm(outDir, { recursive: true, force: true });
  }
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  const folders = new Set<string>();
  // One synchronous call per file: thousands of small files through the thread pool (open,
  // write, close each) cost more than the writing.
  const write = (relative: string, header: string, data: unknown) => {
    const file = path.join(outDir, relative);
    const folder = path.dirname(file);
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    writeFileSync(
      file,
      `${header}${stringify(data, { lineWidth: 100, aliasDuplicateObjects: false })}`,
    );
    written.push(file);
  };
  const notes = result.summary.notes.map((n) => `#   - ${n}\n`).join("");
  write(
    "connector.yaml",
    `# Imported by invokekit import openapi from ${result.summary.documents} document(s).\n` +
      (notes ? `# Not carried over:\n${notes}` : ""),
    result.connector,
  );
  for (const endpoint of result.endpoints) {
    const source = result.sources.get(endpoint.id);
    const lines = (source?.notes ?? []).map((n) => `#   - ${n}\n`).join("");
    write(
      `${endpoint.id.replace(".", "/")}.yaml`,
      `# Imported from ${source?.source ?? "OpenAPI"}.\n` +
        (lines ? `# Not carried over:\n${lines}` : ""),
      endpoint,
    );
  }
  return written;
}
