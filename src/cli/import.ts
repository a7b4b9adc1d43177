/**
 * `invokekit import openapi <file-or-folder> --out connectors/<name>`: OpenAPI 3.0/3.1 in, a
 * connector folder out, validated after writing; prints what each operation left out.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { formatProblem, importOpenApi, OpenApiError, writeImport } from "../openapi/index.ts";
import { formatDiagnostic, validateConnector } from "../spec/index.ts";

interface ImportFlags {
  out: string;
  name?: string;
  title?: string;
  skipUnresolved?: boolean;
  force?: boolean;
  summary?: string;
  quiet?: boolean;
}

/** Registers `import openapi`. Exit 0 when the written connector validates, else 1. */
export function registerImport(program: Command): void {
  program
    .command("import")
    .description("create a connector from other descriptions (OpenAPI 3.0 / 3.1)")
    .argument("<format>", "input format: openapi")
    .argument("<input>", "an OpenAPI document (JSON or YAML), or a folder of them")
    .requiredOption("--out <dir>", "connector folder to create, e.g. connectors/my-api")
    .option("--name <name>", "connector name (default: the --out folder's name)")
    .option("--title <title>", "connector title")
    .option("--skip-unresolved", "leave out parts whose $ref cannot be resolved (reported)")
    .option("--force", "replace the --out folder when it is not empty")
    .option("--summary <file>", "also write the summary as JSON to this file")
    .option("--quiet", "print only the totals and problems, not each operation's notes")
    .action(async (format: string, input: string, flags: ImportFlags) => {
      if (format !== "openapi") {
        process.stderr.write(`unknown format "${format}"; the import knows: openapi\n`);
        process.exitCode = 2;
        return;
      }
      try {
        const name = flags.name ?? path.basename(path.resolve(flags.out));
        const result = await importOpenApi(input, {
          name,
          ...(flags.title ? { title: flags.title } : {}),
          ...(flags.skipUnresolved ? { skipUnresolved: true } : {}),
        });
        await writeImport(result, flags.out, { replace: flags.force === true });
        const { summary } = result;
        for (const problem of summary.problems) {
          process.stderr.write(`skipped: ${formatProblem(problem)}\n`);
        }
        const imported = summary.operations.filter((o) => o.id !== undefined).length;
        for (const op of summary.operations) {
          if (flags.quiet && op.id !== undefined) continue;
          if (op.notes.length === 0) continue;
          process.stdout.write(`${op.id ?? "(skipped)"}  <- ${op.source}\n`);
          for (const note of op.notes) process.stdout.write(`  - ${note}\n`);
        }
        for (const note of summary.notes) process.stdout.write(`connector: ${note}\n`);
        process.stdout.write(
          `imported ${imported} of ${summary.operations.length} operations from ` +
            `${summary.documents} document(s) into ${flags.out}\n`,
        );
        if (flags.summary) {
          await writeFile(flags.summary, `${JSON.stringify(summary, null, 2)}\n`);
        }
        const validation = await validateConnector(flags.out);
        for (const d of validation.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
        process.exitCode = validation.connector ? 0 : 1;
      } catch (error) {
        if (!(error instanceof OpenApiError)) throw error;
        process.stderr.write(`${error.message}\n`);
        process.exitCode = 1;
      }
    });
}
