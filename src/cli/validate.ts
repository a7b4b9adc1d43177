/** `invokekit validate [dir]`: check connector specs and print every problem, located. */
import type { Command } from "commander";
import { formatDiagnostic, validateConnectors } from "../spec/index.ts";

/** Registers `validate`. Exit 0 when valid (warnings allowed), 1 when any error was found. */
export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("validate connector specs (a connector folder or a folder of connectors)")
    .argument("[dir]", "connector folder, or a folder holding connector folders", "connectors")
    .option("--json", "print diagnostics as JSON")
    .action(async (dir: string, options: { json?: boolean }) => {
      const results = await validateConnectors(dir);
      const diagnostics = results.flatMap((r) => r.diagnostics);
      const errors = diagnostics.filter((d) => d.severity === "error").length;
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ diagnostics }, null, 2)}\n`);
      } else if (results.length === 0) {
        process.stderr.write(`no connector found in ${dir} (looked for */connector.yaml)\n`);
      } else {
        for (const diagnostic of diagnostics)
          process.stdout.write(`${formatDiagnostic(diagnostic)}\n`);
        const summary = results
          .map(
            (r) =>
              `${r.dir}: ${r.connector ? `${r.connector.endpoints.length} endpoints` : "invalid"}`,
          )
          .join("\n");
        process.stdout.write(
          `${summary}\n${errors} error(s), ${diagnostics.length - errors} warning(s)\n`,
        );
      }
      process.exitCode = errors > 0 || results.length === 0 ? 1 : 0;
    });
}
