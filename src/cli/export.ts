/** `invokekit export openapi <connector> [--out file]`: a connector as OpenAPI 3.1 (JSON/YAML). */
import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { stringify } from "yaml";
import { exportOpenApi } from "../openapi/index.ts";
import { formatDiagnostic, validateConnector } from "../spec/index.ts";

/** Registers `export openapi`. Writes YAML when --out ends in .yaml/.yml, else JSON. */
export function registerExport(program: Command): void {
  program
    .command("export")
    .description("write a connector in other formats (OpenAPI 3.1)")
    .argument("<format>", "output format: openapi")
    .argument("<connector>", "connector folder, e.g. connectors/zoho-crm")
    .option("--out <file>", "file to write (default: standard output)")
    .action(async (format: string, dir: string, flags: { out?: string }) => {
      if (format !== "openapi") {
        process.stderr.write(`unknown format "${format}"; the export knows: openapi\n`);
        process.exitCode = 2;
        return;
      }
      const validation = await validateConnector(dir);
      if (!validation.connector) {
        for (const d of validation.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
        process.exitCode = 1;
        return;
      }
      const document = exportOpenApi(validation.connector);
      const text = /\.ya?ml$/i.test(flags.out ?? "")
        ? stringify(document, { lineWidth: 100, aliasDuplicateObjects: false })
        : `${JSON.stringify(document, null, 2)}\n`;
      if (flags.out) await writeFile(flags.out, text);
      else process.stdout.write(text);
    });
}
