/** The list of CLI commands; each module registers one command on the program. */
import type { Command } from "commander";
import { registerAuth } from "./auth.ts";
import { registerBuild } from "./build.ts";
import { registerCall } from "./call.ts";
import { registerDocs } from "./docs.ts";
import { registerExport } from "./export.ts";
import { registerImport } from "./import.ts";
import { registerLint } from "./lint.ts";
import { registerSandbox } from "./sandbox.ts";
import { registerValidate } from "./validate.ts";

/** A CLI command module: adds its command, options and action to `program`. */
export type RegisterCommand = (program: Command) => void;

const commands: RegisterCommand[] = [
  registerValidate,
  registerBuild,
  registerCall,
  registerAuth,
  registerDocs,
  registerSandbox,
  registerLint,
  registerImport,
  registerExport,
];

/** Registers every command on `program`, in help order. */
export function registerCommands(program: Command): void {
  for (const register of commands) register(program);
}
