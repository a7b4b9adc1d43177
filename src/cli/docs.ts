/**
 * `invokekit docs [dir] --out out [--serve] [--port N]`: build every target of every connector
 * (the docs site embeds the others' artefacts) and the index across connectors
 * (`<out>/index.html`). With `--serve`, serve `<out>` on 127.0.0.1 and rebuild whenever a spec
 * file changes, until SIGINT or SIGTERM.
 */
import { InvalidArgumentError } from "commander";
import { InvokekitError } from "../errors.ts";
import { buildSites } from "../targets/site-build.ts";
import { startSiteServer } from "../targets/site-server.ts";
import type { RegisterCommand } from "./commands.ts";
import { watchSpecs } from "./watch-specs.ts";

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new InvalidArgumentError("expected a port number from 0 to 65535.");
  }
  return port;
}

/** Builds once and prints a line per connector; false when a spec is invalid. */
async function buildOnce(dir: string, out: string): Promise<boolean> {
  try {
    const results = await buildSites(dir, out);
    if (results.length === 0) {
      process.stderr.write(`no connector found in ${dir} (looked for */connector.yaml)\n`);
      return false;
    }
    for (const { connector, differences } of results) {
      const changed = differences.length === 0 ? "up to date" : `${differences.length} changed`;
      process.stdout.write(`${connector.name}: ${out}/${connector.name}/site/ (${changed})\n`);
    }
    return true;
  } catch (error) {
    if (!(error instanceof InvokekitError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return false;
  }
}

/** Registers `docs`. Exit 0 when built (or served until stopped), 1 on invalid specs. */
export const registerDocs: RegisterCommand = (program) => {
  program
    .command("docs")
    .description("generate the docs site and Markdown docs; --serve to preview on 127.0.0.1")
    .argument("[dir]", "connector folder, or a folder holding connector folders", "connectors")
    .option("--out <dir>", "output folder; the site of each connector is <dir>/<name>/site/", "out")
    .option("--serve", "serve the output folder on 127.0.0.1 and rebuild when a spec changes")
    .option("--port <n>", "port for --serve (0 picks a free one)", parsePort, 8080)
    .action(async (dir: string, options: { out: string; serve?: boolean; port: number }) => {
      const built = await buildOnce(dir, options.out);
      if (!options.serve) {
        process.exitCode = built ? 0 : 1;
        return;
      }

      const server = await startSiteServer({ root: options.out, port: options.port });
      process.stdout.write(`serving ${options.out} at ${server.url} (Ctrl+C to stop)\n`);
      // One rebuild at a time; a change during a rebuild schedules one more.
      let running: Promise<void> | undefined;
      let again = false;
      const rebuild = (): void => {
        if (running) {
          again = true;
          return;
        }
        running = (async () => {
          do {
            again = false;
            process.stdout.write("spec changed; rebuilding\n");
            await buildOnce(dir, options.out);
          } while (again);
          running = undefined;
        })();
      };
      const stopWatching = await watchSpecs(dir, rebuild);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await stopWatching();
      await running;
      await server.close();
      process.exitCode = 0;
    });
};
