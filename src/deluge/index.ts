/**
 * Deluge tooling: lexer, parser, linter and a small interpreter for the `invokeurl` subset,
 * so that snippets can be checked and run off Zoho. See each module's header for its limits.
 */
export type * from "./ast.ts";
export { type DelugeRun, type RunOptions, runDeluge } from "./interpreter.ts";
export { InvokeUrlError, type InvokeUrlSettings } from "./invoke-url.ts";
export { DelugeSyntaxError, type DelugeToken, tokenizeDeluge } from "./lexer.ts";
export { INVOKEURL_KEYS, lintDeluge } from "./lint.ts";
export { parseDeluge } from "./parser.ts";
export {
  DelugeFile,
  DelugeList,
  DelugeMap,
  DelugeRuntimeError,
  type DelugeValue,
  fromJson,
  toJson,
  toText,
} from "./values.ts";
