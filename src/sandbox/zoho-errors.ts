/**
 * The error replies the sandbox sends, in Zoho's single-error envelope
 * `{"code","details","message","status":"error"}` (zoho-facts §4). Messages are the ones Zoho's
 * docs print for each code where a doc prints one; clients must branch on `code` only.
 */

/** One Zoho error reply: HTTP status plus the envelope fields. */
export interface ZohoErrorReply {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Zoho's envelope as sent on the wire. */
export function errorEnvelope(reply: ZohoErrorReply): Record<string, unknown> {
  return {
    code: reply.code,
    details: reply.details ?? {},
    message: reply.message,
    status: "error",
  };
}

/** A reply with no details; the constant's name is its code. */
function fixedReply(status: number, code: string, message: string): ZohoErrorReply {
  return { status, code, message };
}

export const AUTHENTICATION_FAILURE = fixedReply(
  401,
  "AUTHENTICATION_FAILURE",
  "Authentication failed",
);

export const INVALID_TOKEN = fixedReply(401, "INVALID_TOKEN", "invalid oauth token");

export const OAUTH_SCOPE_MISMATCH = fixedReply(
  401,
  "OAUTH_SCOPE_MISMATCH",
  "invalid oauth scope to access this URL",
);

export const TOO_MANY_REQUESTS = fixedReply(429, "TOO_MANY_REQUESTS", "too many requests");

export const INVALID_URL_PATTERN = fixedReply(
  404,
  "INVALID_URL_PATTERN",
  "Please check if the URL trying to access is a correct one",
);

export const INVALID_REQUEST_METHOD = fixedReply(
  400,
  "INVALID_REQUEST_METHOD",
  "The http request method type is not a valid one",
);

export const INTERNAL_ERROR = fixedReply(500, "INTERNAL_ERROR", "Internal Server Error");

/** A mandatory parameter (`param`) is absent. */
export function requiredParamMissing(param: string): ZohoErrorReply {
  return {
    status: 400,
    code: "REQUIRED_PARAM_MISSING",
    message: "One of the expected parameter is missing",
    details: { param },
  };
}

/** The request body or a parameter is not what the endpoint accepts. */
export function invalidData(details: Readonly<Record<string, unknown>> = {}): ZohoErrorReply {
  return { status: 400, code: "INVALID_DATA", message: "invalid data", details };
}

/**
 * The code a fault reply carries when the test names only a status: the code Zoho documents
 * for that status (zoho-facts §3.3, §4.1), or INTERNAL_ERROR for server-side statuses.
 */
export function defaultCodeForStatus(status: number): string {
  const codes: Record<number, string> = {
    400: "INVALID_DATA",
    401: "INVALID_TOKEN",
    403: "NO_PERMISSION",
    404: "INVALID_URL_PATTERN",
    429: "TOO_MANY_REQUESTS",
  };
  return codes[status] ?? "INTERNAL_ERROR";
}
