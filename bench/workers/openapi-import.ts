/**
 * One OpenAPI generation run in its own process: `invokekit` imports the documents and builds
 * every target (written to disk); `openapi-typescript` turns each document into TypeScript
 * types (written to disk); `hey-api-openapi-ts` makes @hey-api/openapi-ts's default client
 * of each document (types, SDK functions and its fetch client, written to disk, one folder
 * per document). Prints the time of each phase (invokekit) and peak RSS; the parent times the
 * whole process, from spawn to exit.
 */
import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { report } from "./shared.ts";

const input = JSON.parse(process.argv[2] ?? "{}") as { input: string; out: string; mode: string };
const started = performance.now();
const phases: Record<string, number> = {};
let mark = started;
const phase = (name: string) => {
  const now = performance.now();
  phases[`${name}Ms`] = now - mark;
  mark = now;
};
if (input.mode === "invokekit") {
  // Loaded here, not at the top: the generators' runs are timed from spawn to exit, and
  // invokekit's modules (shiki, Handlebars, AJV) took 0.3 s of each of them to load.
  const { importOpenApi, writeImport } = await import("../../src/openapi/index.ts");
  const { loadConnector } = await import("../../src/spec/index.ts");
  const { buildConnector, writeOutput } = await import("../../src/targets/build.ts");
  phase("load"); // kept out of the import phase, which timed the import alone before
  const result = await importOpenApi(input.input, { name: "bench-api", skipUnresolved: true });
  const folder = path.join(input.out, "spec", "bench-api");
  await writeImport(result, folder, { replace: true });
  phase("import");
  const connector = await loadConnector(folder);
  phase("validate");
  await writeOutput(path.join(input.out, "out"), connector, buildConnector(connector));
  phase("build");
} else if (input.mode === "hey-api-openapi-ts") {
  const heyApi = (await import(
    pathToFileURL(path.resolve("bench/openapi-ts/node_modules/@hey-api/openapi-ts/dist/index.mjs"))
      .href
  )) as { createClient: (config: object) => Promise<unknown> };
  const names = (await readdir(input.input)).filter((n) => n.endsWith(".json")).sort();
  // One job per document, the tool's own way (as many outputs as inputs). Absolute paths:
  // a relative "a/b" would name a project on the tool's online registry.
  await heyApi.createClient({
    input: names.map((name) => path.resolve(input.input, name)),
    output: names.map((name) => path.resolve(input.out, name.replace(/\.json$/, ""))),
    logs: { level: "silent", file: false },
    interactive: false,
  });
} else if (input.mode === "openapi-typescript") {
  const generator = (await import(
    pathToFileURL(path.resolve("bench/openapi-ts/node_modules/openapi-typescript/dist/index.mjs"))
      .href
  )) as {
    default: (source: URL) => Promise<unknown>;
    astToString: (ast: unknown) => string;
  };
  await mkdir(input.out, { recursive: true });
  const names = (await readdir(input.input)).filter((n) => n.endsWith(".json")).sort();
  for (const name of names) {
    const ast = await generator.default(pathToFileURL(path.join(input.input, name)));
    await writeFile(
      path.join(input.out, name.replace(/\.json$/, ".ts")),
      generator.astToString(ast),
    );
  }
} else {
  throw new Error(`unknown mode ${input.mode}`);
}
report({
  ...phases,
  ms: performance.now() - started,
  rssMb: process.resourceUsage().maxRSS / 1024,
});
