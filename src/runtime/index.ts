/** The Node runtime's public surface: createRuntime, its option and result types, its errors. */

export type { BatchRecordResult, BatchResult } from "./batch.ts";
export type { Credentials } from "./config.ts";
export { CREDENTIAL_VARIABLES } from "./config.ts";
export type { RequestEvent, ResponseEvent, RetryEvent, WarningEvent } from "./diagnostics.ts";
export type { RedirectMode } from "./endpoint-caller.ts";
export {
  AuthError,
  CredentialsError,
  FileRuleError,
  ForeignHostError,
  HeaderValueError,
  NoFileContentError,
  OutputPathError,
  RateLimitError,
  RedirectError,
  RuntimeConfigError,
  ScopeError,
  TokenStoreError,
  TransportError,
  TruncatedDownloadError,
  UnexpectedResponseError,
  UnknownEndpointError,
  ZohoApiError,
} from "./errors.ts";
export {
  BatchAbortedError,
  FlowNotSupportedError,
  JobError,
  PaginationLoopError,
  PaginationReplyError,
} from "./flow-errors.ts";
export {
  exchangeGrantCode,
  type GrantOptions,
  readTokenStatus,
  type TokenStatus,
} from "./grant.ts";
export type { JobOptions, JobProgress, JobResult } from "./job.ts";
export { parseJsonSafe } from "./json-body.ts";
export {
  ConcurrencyLimiter,
  DEFAULT_CONCURRENCY,
  EDITION_CONCURRENCY,
  type Edition,
} from "./limiter.ts";
export type { PaginateOptions } from "./pagination.ts";
export { type RecordOutcome, recordOutcomes } from "./record-outcomes.ts";
export {
  type CreditsEvent,
  CreditsExhaustedError,
  type CreditsMeter,
  type CreditsOptions,
  LocalCreditsMeter,
  RedisCreditsMeter,
} from "./redis/credits-meter.ts";
export { RedisConnection, RedisUnavailableError } from "./redis/redis-connection.ts";
export { DEFAULT_LEASE_MS, RedisConcurrencyLimiter } from "./redis/redis-limiter.ts";
export { RedisTokenStore } from "./redis/redis-token-store.ts";
export type { RedisRuntimeOptions } from "./redis/shared-state.ts";
export { parseRetryAfter, type RetryOptions } from "./retry-policy.ts";
export {
  type CallOptions,
  type CallResult,
  createRuntime,
  type IssuedTokenSummary,
  type Runtime,
  type RuntimeOptions,
} from "./runtime.ts";
export {
  DEFAULT_PROFILE,
  defaultTokenStorePath,
  FileTokenStore,
  type StoredCredential,
  type TokenStore,
} from "./token-store.ts";
export { formatZohoDate, formatZohoDateTime } from "./zoho-date.ts";
