/**
 * OpenAPI benchmarks: import + build of Zoho's 62 CRM v8 documents and of a synthetic
 * 2,000-operation document, each run in a child process (wall time, peak RSS), side by side
 * with two generators from npm on the same documents: openapi-typescript (TypeScript types
 * only) and @hey-api/openapi-ts (its default client: types, SDK functions and its fetch
 * client). All three start the same way (a fresh `node --import tsx` worker) and are timed
 * the same way: from spawning the child to its exit, as the parent sees it, so Node's start
 * and each tool's module loading count. The files and bytes each one wrote are counted after
 * it exits. The two generators would fetch Zoho's absolute `raw.githubusercontent.com`
 * references, so they get copies whose references name the sibling files directly (same
 * content, nothing fetched).
 *
 * Limitations: @hey-api/openapi-ts is 0.95.0, the newest release whose `engines` accepts
 * Node 20; on the 2,000-operation document it takes about two minutes (most of it naming
 * symbols), so this group runs for several minutes.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type Figure, median } from "./report.ts";

const run = promisify(execFile);
const RUNS = 3;

const ZOHO = path.resolve("..", "shared", "zoho-oas", "v8.0");

/** The comparators, installed from bench/openapi-ts's lock file when one is missing. */
async function ensureGenerators(): Promise<void> {
  const modules = "bench/openapi-ts/node_modules";
  const installed = ["openapi-typescript", "@hey-api/openapi-ts"].every((name) =>
    existsSync(path.join(modules, name, "package.json")),
  );
  if (installed) return;
  await run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], {
    cwd: "bench/openapi-ts",
  });
}

interface Written {
  files: number;
  bytes: number;
}

interface Measured extends Written {
  ms: number;
  rssMb: number;
  importMs?: number;
  validateMs?: number;
  buildMs?: number;
}

/** Regular files below `folder` and their bytes (nothing when it does not exist). */
async function written(folder: string): Promise<Written> {
  const total: Written = { files: 0, bytes: 0 };
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      const inner = await written(full);
      total.files += inner.files;
      total.bytes += inner.bytes;
    } else if (entry.isFile()) {
      total.files++;
      total.bytes += (await lstat(full)).size;
    }
  }
  return total;
}

async function measure(mode: string, input: string, out: string): Promise<Measured> {
  await rm(out, { recursive: true, force: true });
  const started = performance.now();
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", "bench/workers/openapi-import.ts", JSON.stringify({ mode, input, out })],
    { maxBuffer: 64 * 1024 * 1024, timeout: 600_000 },
  );
  const ms = performance.now() - started;
  // The worker's phases are its own; the wall time is the parent's.
  const reported = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Measured;
  return { ...reported, ...(await written(out)), ms };
}

/** A valid OpenAPI 3.1 document with `count` operations over 100 resources. */
export function syntheticDocument(count: number): object {
  const paths: Record<string, object> = {};
  const record = {
    type: "object",
    properties: {
      id: { type: "string" },
      name: { type: "string", maxLength: 120 },
      created: { type: "string", format: "date-time" },
      tags: { type: "array", items: { type: "string" } },
    },
    required: ["id"],
  };
  for (let i = 0; i < count; i++) {
    const resource = `resource${Math.floor(i / 20)}`;
    const get = i % 2 === 0;
    paths[`/${resource}/op${i}/{item_id}`] = {
      [get ? "get" : "post"]: {
        operationId: `${get ? "Get" : "Update"} Item ${i}`,
        tags: [resource],
        parameters: [
          { name: "item_id", in: "path", required: true, schema: { type: "string" } },
          { name: "fields", in: "query", schema: { type: "array", items: { type: "string" } } },
        ],
        ...(get
          ? {}
          : {
              requestBody: {
                content: {
                  "application/json": { schema: { $ref: "#/components/schemas/Record" } },
                },
              },
            }),
        responses: {
          "200": {
            description: "ok",
            content: { "application/json": { schema: { $ref: "#/components/schemas/Record" } } },
          },
          "400": {
            description: "error",
            content: {
              "application/json": { schema: { oneOf: [{ $ref: "#/components/schemas/Bad" }] } },
            },
          },
        },
        security: [{ oauth: [`Svc.records.${get ? "READ" : "UPDATE"}`] }],
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "Synthetic", version: "1" },
    servers: [{ url: "https://api.example.com/v1" }],
    paths,
    components: {
      schemas: {
        Record: record,
        Bad: {
          type: "object",
          properties: {
            code: { type: "string", enum: ["INVALID_DATA"] },
            message: { type: "string" },
          },
        },
      },
      securitySchemes: {
        oauth: {
          type: "oauth2",
          flows: {
            clientCredentials: { tokenUrl: "https://accounts.example.com/oauth/token", scopes: {} },
          },
        },
      },
    },
  };
}

type Json = Record<string, unknown>;

/**
 * The document without parameter references to parameters it does not define (Zoho's
 * notes.json has one): openapi-typescript stops on them, invokekit leaves them out with
 * --skip-unresolved, so both tools see the same operations.
 */
function withoutBrokenParameters(text: string): Json {
  const document = JSON.parse(text) as Json;
  const components = (document.components ?? {}) as Json;
  const defined = (components.parameters ?? {}) as Json;
  for (const item of Object.values((document.paths ?? {}) as Json)) {
    for (const operation of Object.values(item as Json)) {
      const op = operation as Json;
      if (!Array.isArray(op.parameters)) continue;
      op.parameters = op.parameters.filter((p: Json) => {
        const ref = typeof p.$ref === "string" ? p.$ref : "";
        const local = /^#\/components\/parameters\/(.+)$/.exec(ref)?.[1];
        return local === undefined || Object.hasOwn(defined, local);
      });
    }
  }
  return document;
}

/** Zoho's documents with their absolute references pointed at the sibling files. */
async function localZohoCopy(dir: string): Promise<string> {
  const folder = path.join(dir, "zoho-local");
  await mkdir(folder, { recursive: true });
  for (const name of await readdir(ZOHO)) {
    const text = (await readFile(path.join(ZOHO, name), "utf8")).replace(
      /"https:\/\/[^"#]*\/([^/"#]+\.json)#/g,
      '"./$1#',
    );
    if (/"\$ref":\s*"https?:/.test(text)) throw new Error(`${name} keeps a remote reference`);
    await writeFile(path.join(folder, name), JSON.stringify(withoutBrokenParameters(text)));
  }
  return folder;
}

/** One tool of the comparison, as the figures name and describe it. */
interface Tool {
  readonly mode: string;
  /** Figure name part, e.g. `openapi-typescript` in `vs-openapi-typescript-2000-ops`. */
  readonly slug: string;
  readonly label: string;
  readonly emits: string;
}

const INVOKEKIT: Tool = {
  mode: "invokekit",
  slug: "invokekit",
  label: "invokekit",
  emits: "import + validate + build of 6 targets",
};

const GENERATORS: readonly Tool[] = [
  {
    mode: "openapi-typescript",
    slug: "openapi-typescript",
    label: "openapi-typescript 7.13.0",
    emits: "types only, one .ts file per document",
  },
  {
    mode: "hey-api-openapi-ts",
    slug: "hey-api-openapi-ts",
    label: "@hey-api/openapi-ts 0.95.0",
    emits: "types + SDK functions + its fetch client, one folder per document",
  },
];

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

/** What one tool did over the runs of one case, for the context string. */
function toolSummary(tool: Tool, runs: readonly Measured[]): string {
  const at = (pick: (r: Measured) => number) => median(runs.map(pick)).toFixed(0);
  const phases =
    tool === INVOKEKIT
      ? ` (import ${at((r) => r.importMs ?? 0)}, validate ${at((r) => r.validateMs ?? 0)}, ` +
        `build ${at((r) => r.buildMs ?? 0)})`
      : "";
  const bytes = mb(median(runs.map((r) => r.bytes)));
  const files = at((r) => r.files);
  return (
    `${tool.label} (${tool.emits}): ${at((r) => r.ms)} ms${phases}, peak RSS ` +
    `${at((r) => r.rssMb)} MB, wrote ${files} ${files === "1" ? "file" : "files"}, ${bytes}`
  );
}

/**
 * The OpenAPI figures: per case the wall time of invokekit, and invokekit's time over each
 * generator's (per run, both measured in the same round).
 */
export async function openApiFigures(): Promise<Figure[]> {
  await ensureGenerators();
  const dir = await mkdtemp(path.join(os.tmpdir(), "ik-bench-openapi-"));
  try {
    const synthetic = path.join(dir, "synthetic");
    await mkdir(synthetic);
    await writeFile(path.join(synthetic, "api.json"), JSON.stringify(syntheticDocument(2000)));
    const zohoLocal = await localZohoCopy(dir);
    const cases = [
      { name: "zoho-62", ik: ZOHO, other: zohoLocal },
      { name: "2000-ops", ik: synthetic, other: synthetic },
    ];
    const tools = [INVOKEKIT, ...GENERATORS];
    const figures: Figure[] = [];
    for (const c of cases) {
      const measured = new Map<Tool, Measured[]>(tools.map((t) => [t, []]));
      for (let i = 0; i < RUNS; i++) {
        // Each round starts with another tool, so drift over the runs is shared.
        for (let k = 0; k < tools.length; k++) {
          const tool = tools[(i + k) % tools.length] as Tool;
          const input = tool === INVOKEKIT ? c.ik : c.other;
          measured.get(tool)?.push(await measure(tool.mode, input, path.join(dir, tool.slug)));
        }
      }
      const ik = measured.get(INVOKEKIT) ?? [];
      const ms = median(ik.map((r) => r.ms));
      const context = [
        "wall time from spawn to exit, Node start included",
        ...tools.map((t) => toolSummary(t, measured.get(t) ?? [])),
      ].join("; ");
      figures.push({
        name: `import-build-${c.name}`,
        value: Math.round(ms),
        unit: "ms",
        target: "< 60000",
        holds: ms < 60_000,
        runs: ik.map((r) => Math.round(r.ms)),
        context,
      });
      for (const tool of GENERATORS) {
        const other = measured.get(tool) ?? [];
        const ratios = ik.map((r, i) => r.ms / (other[i]?.ms ?? r.ms));
        const value = Math.round(median(ratios) * 1000) / 1000;
        figures.push({
          name: `vs-${tool.slug}-${c.name}`,
          value,
          unit: `ratio (invokekit time / ${tool.label.replace(/ [^ ]+$/, "")} time)`,
          target: "<= 1.00",
          holds: value <= 1,
          runs: ratios.map((r) => Math.round(r * 1000) / 1000),
          context,
        });
      }
    }
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
