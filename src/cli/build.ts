/**
 * `invokekit build [dir] --out out [--check]`: generate every target for every connector and
 * keep `out/<connector>/` in step; with `--check`, write nothing and exit 1 when it is stale.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { InvokekitError } from "../errors.ts";
import { formatDiagnostic, validateConnectors } from "../spec/index.ts";
import {
  type BuiltFile,
  buildConnector,
  connectorOutputDir,
  writeOutput,
} from "../targets/build.ts";
import { targets } from "../targets/registry.ts";
import { renderConnectorsIndex, writeConnectorsIndex } from "../targets/site-index.ts";

const writtenLabels = { missing: "created", different: "updated", stale: "removed" } as const;

/** Per target: how many files and bytes it produced. */
function summarize(files: readonly BuiltFile[]): string[] {
  return targets.map((target) => {
    const own = files.filter((file) => file.target === target.name);
    const bytes = own.reduce((sum, file) => sum + Buffer.byteLength(file.content), 0);
    const count = `${own.length} file${own.length === 1 ? "" : "s"}`;
    const size = bytes.toLocaleString("en-US").padStart(10);
    return `  ${target.name.padEnd(12)}${count.padStart(9)}${size} bytes`;
  });
}

/** Registers `build`. Exit 0 when done or up to date; 1 on invalid specs or stale output. */
export function registerBuild(program: Command): void {
  program
    .command("build")
    .description("generate Deluge snippets, curl samples, connection configs, SDK and docs")
    .argument("[dir]", "connector folder, or a folder holding connector folders", "connectors")
    .option("--out <dir>", "output folder; each connector goes to <dir>/<name>/", "out")
    .option("--check", "write nothing; exit 1 when the output folder is not up to date")
    .action(async (dir: string, options: { out: string; check?: boolean }) => {
      let failed = false;
      try {
        const validations = await validateConnectors(dir);
        const diagnostics = validations.flatMap((v) => v.diagnostics);
        for (const diagnostic of diagnostics) {
          process.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
        }
        if (diagnostics.some((d) => d.severity === "error")) {
          process.exitCode = 1;
          return;
        }
        const connectors = validations.flatMap((v) => (v.connector ? [v.connector] : []));
        if (connectors.length === 0) {
          process.stderr.write(`no connector found in ${dir} (looked for */connector.yaml)\n`);
          process.exitCode = 1;
          return;
        }
        for (const connector of connectors) {
          const files = buildConnector(connector);
          const check = options.check === true;
          const differences = await writeOutput(options.out, connector, files, { check });
          const folder = connectorOutputDir(options.out, connector);
          process.stdout.write(`${connector.name} -> ${folder}${path.sep}\n`);
          process.stdout.write(`${summarize(files).join("\n")}\n`);
          for (const difference of differences) {
            const label = check ? difference.status : writtenLabels[difference.status];
            process.stdout.write(`  ${label}: ${difference.path}\n`);
          }
          if (check && differences.length > 0) failed = true;
          const state =
            differences.length === 0
              ? "up to date"
              : check
                ? `${differences.length} file(s) out of date; run invokekit build`
                : `${differences.length} file(s) written or removed`;
          process.stdout.write(`  ${state}\n`);
        }
        // The index across connectors lives beside them, in the output folder itself.
        const index = path.join(options.out, "index.html");
        if (options.check) {
          const current = await readFile(index, "utf8").catch(() => undefined);
          if (current !== renderConnectorsIndex(connectors)) {
            process.stdout.write(`${current === undefined ? "missing" : "different"}: ${index}\n`);
            failed = true;
          }
        } else if (await writeConnectorsIndex(options.out, connectors)) {
          process.stdout.write(`written: ${index}\n`);
        }
      } catch (error) {
        if (!(error instanceof InvokekitError)) throw error;
        process.stderr.write(`${error.message}\n`);
        failed = true;
      }
      process.exitCode = failed ? 1 : 0;
    });
}
