/** invokekit's public API: the connector model, request planning and the Node runtime. */
export { ArgumentError, InvokekitError } from "./errors.ts";
export { type PlannedRequest, planRequest, type RequestArguments } from "./plan/request.ts";
export {
  AuthError,
  type CallOptions,
  type CallResult,
  type Credentials,
  CredentialsError,
  createRuntime,
  FileRuleError,
  NoFileContentError,
  OutputPathError,
  type RequestEvent,
  type ResponseEvent,
  type Runtime,
  RuntimeConfigError,
  type RuntimeOptions,
  TransportError,
  TruncatedDownloadError,
  UnexpectedResponseError,
  UnknownEndpointError,
  ZohoApiError,
} from "./runtime/index.ts";
export type {
  AuthScheme,
  Connector,
  DataCenter,
  Endpoint,
  ErrorDefinition,
  Example,
  FilePart,
  MultipartBody,
  Parameter,
  ParameterLocation,
  ParameterType,
  RequestBody,
  ResponseKind,
  Scope,
  SourcePosition,
} from "./spec/model.ts";
export { connectorScopes, findDataCenter, findEndpoint } from "./spec/model.ts";
