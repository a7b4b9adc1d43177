/**
 * OpenAPI benchmarks: import + build of Zoho's 62 CRM v8 documents and of a synthetic
 * 2,000-operation document, each run in a child process (wall time, peak RSS), side by side
 * with openapi-typescript on the same documents. Both tools start the same way (a fresh
 * `node --import tsx` worker) and are timed the same way: from spawning the child to its
 * exit, as the parent sees it, so Node's start and each tool's module loading count. openapi-typescript would fetch Zoho's
 * absolute `raw.githubusercontent.com` references, so it gets copies whose references name
 * the sibling files directly (same content, nothing fetched).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { type Figure, median } from "./report.ts";

const run = promisify(execFile);
const RUNS = 3;

const ZOHO = path.resolve("..", "shared", "zoho-oas", "v8.0");

async function ensureOpenApiTypescript(): Promise<void> {
  if (existsSync("bench/openapi-ts/node_modules/openapi-typescript")) return;
  await run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], {
    cwd: "bench/openapi-ts",
  });
}

interface Measured {
  ms: number;
  rssMb: number;
  importMs?: number;
  validateMs?: number;
  buildMs?: number;
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
  return { ...(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Measured), ms };
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

/** The three OpenAPI figures. */
export async function openApiFigures(): Promise<Figure[]> {
  await ensureOpenApiTypescript();
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
    const figures: Figure[] = [];
    for (const c of cases) {
      const ik: Measured[] = [];
      const ot: Measured[] = [];
      for (let i = 0; i < RUNS; i++) {
        const a = () => measure("invokekit", c.ik, path.join(dir, "ik"));
        const b = () => measure("openapi-typescript", c.other, path.join(dir, "ot"));
        if (i % 2 === 0) {
          ik.push(await a());
          ot.push(await b());
        } else {
          ot.push(await b());
          ik.push(await a());
        }
      }
      const ms = median(ik.map((r) => r.ms));
      const otMs = median(ot.map((r) => r.ms));
      const context =
        `wall time from spawn to exit, Node start included; ` +
        `invokekit import + validate + build of 6 targets: ${ms.toFixed(0)} ms (import ` +
        `${median(ik.map((r) => r.importMs ?? 0)).toFixed(0)}, validate ` +
        `${median(ik.map((r) => r.validateMs ?? 0)).toFixed(0)}, build ` +
        `${median(ik.map((r) => r.buildMs ?? 0)).toFixed(0)}), peak RSS ` +
        `${median(ik.map((r) => r.rssMb)).toFixed(0)} MB; openapi-typescript (types only): ` +
        `${otMs.toFixed(0)} ms, peak RSS ${median(ot.map((r) => r.rssMb)).toFixed(0)} MB`;
      figures.push({
        name: `import-build-${c.name}`,
        value: Math.round(ms),
        unit: "ms",
        target: "< 60000",
        holds: ms < 60_000,
        runs: ik.map((r) => Math.round(r.ms)),
        context,
      });
      if (c.name === "2000-ops") {
        const ratios = ik.map((r, i) => r.ms / (ot[i]?.ms ?? r.ms));
        const value = Math.round(median(ratios) * 1000) / 1000;
        figures.push({
          name: "vs-openapi-typescript-2000-ops",
          value,
          unit: "ratio (invokekit time / openapi-typescript time)",
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
