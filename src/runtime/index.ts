/** The Node runtime's public surface: createRuntime, its option and result types, its errors. */
export type { Credentials } from "./config.ts";
export { CREDENTIAL_VARIABLES } from "./config.ts";
export type { RequestEvent, ResponseEvent } from "./diagnostics.ts";
export {
  AuthError,
  CredentialsError,
  FileRuleError,
  NoFileContentError,
  OutputPathError,
  RuntimeConfigError,
  TransportError,
  TruncatedDownloadError,
  UnexpectedResponseError,
  UnknownEndpointError,
  ZohoApiError,
} from "./errors.ts";
export {
  type CallOptions,
  type CallResult,
  createRuntime,
  type Runtime,
  type RuntimeOptions,
} from "./runtime.ts";
