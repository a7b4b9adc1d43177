#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so a checkout works right after `npm ci` with no build.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
