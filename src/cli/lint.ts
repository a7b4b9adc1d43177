/**
 * `invokekit lint <file.dg ...>`: lint Deluge scripts and print every problem, located. The
 * help lists every rule from `LINT_RULES`, so it names exactly the rules the linter has.
 */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { lintDeluge } from "../deluge/lint.ts";
import { LINT_RULES } from "../deluge/lint-rules.ts";
import { type Diagnostic, formatDiagnostic } from "../spec/diagnostics.ts";

/** Registers `lint`. Exit 0 when no file has an error (warnings allowed), 1 otherwise. */
export function registerLint(program: Command): void {
  program
    .command("lint")
    .description(
      "lint Deluge scripts: invokeurl keys, methods, GET bodies and headers, connections, " +
        "hosts, variables, deprecated tasks, detailed replies, lists in maps, JSON bodies, " +
        "URL encoding, hand-written Authorization, COQL quoting and grouping",
    )
    .addHelpText("after", rulesHelp())
    .argument("<files...>", "Deluge files (.dg) to lint")
    .option("--json", "print diagnostics as JSON")
    .action(async (files: string[], options: { json?: boolean }) => {
      const diagnostics: Diagnostic[] = [];
      for (const file of files) {
        let source: string;
        try {
          source = await readFile(file, "utf8");
        } catch (error) {
          const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
          const message = `Cannot read the file (${reason})`;
          diagnostics.push({
            severity: "error",
            code: "IK_DELUGE_READ",
            message,
            file,
            line: 1,
            column: 1,
          });
          continue;
        }
        diagnostics.push(...lintDeluge(source, file));
      }
      const errors = diagnostics.filter((d) => d.severity === "error").length;
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ diagnostics }, null, 2)}\n`);
      } else {
        for (const diagnostic of diagnostics) {
          process.stdout.write(`${formatDiagnostic(diagnostic)}\n`);
        }
        const warnings = diagnostics.length - errors;
        process.stdout.write(
          `${files.length} file(s): ${errors} error(s), ${warnings} warning(s)\n`,
        );
      }
      process.exitCode = errors > 0 ? 1 : 0;
    });
}

/** The rules as `--help` lists them: code, severity and what each finds, one per line. */
function rulesHelp(): string {
  const width = Math.max(...LINT_RULES.map((rule) => rule.code.length));
  const lines = LINT_RULES.map(
    (rule) => `  ${rule.code.padEnd(width)}  ${rule.severity.padEnd(7)}  ${rule.summary}`,
  );
  return `\nRules:\n${lines.join("\n")}`;
}
