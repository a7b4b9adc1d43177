/**
 * The list of CLI commands; each module registers one command on the program. Modules load on
 * demand: `invokekit validate` should not pay for the HTTP runtime, shiki or Handlebars, which
 * together took over a second to import before the first byte of output.
 */
import type { Command } from "commander";

/** A CLI command module: adds its command, options and action to `program`. */
export type RegisterCommand = (program: Command) => void;

// In help order. Each entry loads the module that defines the command of that name.
const commands: ReadonlyArray<readonly [string, () => Promise<RegisterCommand>]> = [
  ["validate", async () => (await import("./validate.ts")).registerValidate],
  ["build", async () => (await import("./build.ts")).registerBuild],
  ["call", async () => (await import("./call.ts")).registerCall],
  ["auth", async () => (await import("./auth.ts")).registerAuth],
  ["docs", async () => (await import("./docs.ts")).registerDocs],
  ["sandbox", async () => (await import("./sandbox.ts")).registerSandbox],
  ["lint", async () => (await import("./lint.ts")).registerLint],
  ["import", async () => (await import("./import.ts")).registerImport],
  ["export", async () => (await import("./export.ts")).registerExport],
];

/**
 * Registers the commands that `args` (the arguments after the program name) can reach: only the
 * named command when the first argument names one, none for a bare `--version`, and every
 * command otherwise, so that help, `help <command>` and "did you mean" see them all.
 */
export async function registerCommands(
  program: Command,
  args: readonly string[] = [],
): Promise<void> {
  const first = args[0];
  const named = commands.find(([name]) => name === first);
  if (named) {
    (await named[1]())(program);
    return;
  }
  if (args.length === 1 && (first === "-V" || first === "--version")) return;
  for (const register of await Promise.all(commands.map(([, load]) => load()))) {
    register(program);
  }
}
