/**
 * The `invokekit` command line. Each command lives in its own file and only parses options,
 * calls the library and prints; exit codes: 0 ok, 1 invalid input or API error, 2 usage error.
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { registerCommands } from "./commands.ts";

const { version } = JSON.parse(
  readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
) as { version: string };

const program = new Command("invokekit")
  .description("Zoho CRM connectors from one YAML spec: Deluge, connections, SDK, docs, runtime.")
  .version(version, "-V, --version", "print the invokekit version")
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });
await registerCommands(program, process.argv.slice(2));

// `invokekit ... | head` closes the pipe early; that ends the output, not the program in error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version are "errors" in commander's flow but successful runs for the user.
    process.exitCode = error.exitCode === 0 ? 0 : 2;
  } else {
    throw error;
  }
}
