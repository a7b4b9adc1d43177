/**
 * A Zoho-compatible local server for tests and demos: OAuth token endpoint, the Files
 * endpoints, Zoho's error envelope, scope checks, fault injection and a request log.
 */

export { CONTROL_PREFIX } from "./control.ts";
export type { LoggedRequest } from "./exchange.ts";
export type {
  ExpiredTokenFault,
  Fault,
  HoldFault,
  HtmlFault,
  ResetFault,
  SlowBodyFault,
  SlowFault,
  StatusFault,
  TruncateFault,
} from "./faults.ts";
export { FAULT_KINDS, MAX_SLOW_DELAY_MS } from "./faults.ts";
export { MAX_FILE_BYTES, MAX_FILES_PER_UPLOAD } from "./files.ts";
export { ACCESS_TOKEN_LIFETIME_SECONDS } from "./oauth.ts";
export { SandboxError } from "./sandbox-error.ts";
export {
  DEFAULT_SANDBOX_CREDENTIALS,
  SANDBOX_SCOPES,
  type Sandbox,
  type SandboxOptions,
  startSandbox,
} from "./server.ts";
