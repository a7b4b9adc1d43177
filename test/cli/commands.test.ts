import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cliEnv, runCli } from "./call-helpers.ts";

// Commands load on demand; these runs check that every way in still finds every command.
const names = ["validate", "build", "call", "auth", "docs", "sandbox", "lint", "import", "export"];
const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

describe("invokekit command loading", () => {
  it("lists all nine commands in help order", async () => {
    const run = await runCli(["--help"], await cliEnv());
    expect(run.code).toBe(0);
    const listed = [...run.stdout.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]);
    expect(listed).toEqual([...names, "help"]);
  });

  it("prints the package version without loading any command", async () => {
    const run = await runCli(["--version"], await cliEnv());
    expect(run).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("shows one command's help through `help <command>`", async () => {
    const run = await runCli(["help", "lint"], await cliEnv());
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("Usage: invokekit lint [options] <files...>");
  });

  it("suggests the command a typo meant, exit 2", async () => {
    const run = await runCli(["buld"], await cliEnv());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: unknown command 'buld'\n(Did you mean build?)\n");
  });
});
