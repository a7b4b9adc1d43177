/**
 * The runtime's error family. Each class has a stable `code` to branch on and a message that
 * stands alone (what failed, on what, what to do). No message, property or `cause` built here
 * carries an access token, a refresh token or a client secret.
 *
 * API errors keep one stable code, `IK_API_ERROR`, and carry Zoho's own code in `zohoCode`:
 * Zoho codes are open-ended and not all upper case (`failure_in_attachment_handling`), so
 * callers branch on `zohoCode` rather than on a code string assembled from it.
 */
import { InvokekitError } from "../errors.ts";

/** Credentials are missing: none were passed, the environment lacks them, no stored profile. */
export class CredentialsError extends InvokekitError {
  /** Names of the missing environment variables. */
  readonly missing: readonly string[];

  constructor(missing: readonly string[], store?: string) {
    const stored = store === undefined ? "" : `, or no profile in the token store ${store}`;
    super(
      "IK_AUTH_CREDENTIALS",
      `Zoho OAuth credentials are missing: set ${missing.join(", ")} in the environment ` +
        `(or pass \`credentials\` to createRuntime)${stored}. Create a Self Client in Zoho's ` +
        "API console of your data center, then run `invokekit auth grant --code <code>` or " +
        "set the variables.",
    );
    this.missing = missing;
  }
}

/** The runtime configuration is wrong (unknown data center, bad base URL). */
export class RuntimeConfigError extends InvokekitError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("IK_RUNTIME_CONFIG", message, options);
  }
}

/** The endpoint id is not one of the connector's endpoints. */
export class UnknownEndpointError extends InvokekitError {
  constructor(connector: string, endpointId: string, known: readonly string[]) {
    super(
      "IK_RUNTIME_ENDPOINT",
      `${connector} has no endpoint "${endpointId}"; known endpoints: ${known.join(", ")}.`,
    );
  }
}

/** The accounts server refused to issue an access token. */
export class AuthError extends InvokekitError {
  /** The `error` value of the token reply (e.g. `invalid_client`), when there was one. */
  readonly oauthError: string | undefined;
  /**
   * The same `error` value under the name API errors use for Zoho's code, so a caller (and
   * `invokekit call --json`) reads `invalid_code` or `invalid_client` from one field.
   */
  readonly zohoCode: string | undefined;
  /** HTTP status of the token reply (Zoho reports OAuth failures with 200). */
  readonly status: number;

  constructor(
    message: string,
    details: { oauthError?: string | undefined; status: number; code?: string },
    options?: { cause?: unknown },
  ) {
    super(details.code ?? "IK_AUTH_TOKEN", message, options);
    this.oauthError = details.oauthError;
    this.zohoCode = details.oauthError;
    this.status = details.status;
  }
}

/** What a `ZohoApiError` is built from. */
export interface ZohoApiErrorFields {
  readonly status: number;
  readonly zohoCode: string;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly endpointId: string;
  readonly resolution: string | undefined;
}

/** Zoho answered with its JSON error envelope `{code, details, message, status: "error"}`. */
export class ZohoApiError extends InvokekitError {
  readonly status: number;
  /** Zoho's error code, e.g. `NO_PERMISSION`. */
  readonly zohoCode: string;
  /** Zoho's `message` text as sent (the error's own `message` adds context and advice). */
  readonly zohoMessage: string;
  /** Zoho's `details` object (empty object when absent). */
  readonly details: Readonly<Record<string, unknown>>;
  readonly endpointId: string;
  /** What to do, from the endpoint's documented errors; undefined for undocumented codes. */
  readonly resolution: string | undefined;

  constructor(fields: ZohoApiErrorFields, code = "IK_API_ERROR", extra = "") {
    const advice = fields.resolution ? ` ${fields.resolution}` : "";
    super(
      code,
      `${fields.endpointId} failed: HTTP ${fields.status} ${fields.zohoCode}: ${fields.message}.` +
        advice +
        extra,
    );
    this.status = fields.status;
    this.zohoCode = fields.zohoCode;
    this.zohoMessage = fields.message;
    this.details = fields.details;
    this.endpointId = fields.endpointId;
    this.resolution = fields.resolution;
  }
}

/** A reply whose body is not what the endpoint promises (HTML page, broken JSON, no JSON). */
export class UnexpectedResponseError extends InvokekitError {
  readonly status: number;
  readonly contentType: string;
  /** The first 200 characters of the body. */
  readonly bodySnippet: string;
  /**
   * True for statuses that are worth retrying (429, 502, 503, 504: a gateway page in front of
   * Zoho); the runtime has already retried idempotent requests when this is set.
   */
  readonly retryable: boolean;

  constructor(
    fields: { status: number; contentType: string; bodySnippet: string; what: string },
    options?: { cause?: unknown },
  ) {
    super(
      "IK_HTTP_UNEXPECTED_RESPONSE",
      `${fields.what}: HTTP ${fields.status}, content type "${fields.contentType || "none"}", ` +
        `body starts with: ${JSON.stringify(fields.bodySnippet)}. Check that the base URL is ` +
        "the API domain of your data center (https://www.zohoapis.*), not a web host.",
      options,
    );
    this.status = fields.status;
    this.contentType = fields.contentType;
    this.bodySnippet = fields.bodySnippet;
    this.retryable = [429, 502, 503, 504].includes(fields.status);
  }
}

/** The request never got a complete reply: connection refused, reset, timed out, aborted. */
export class TransportError extends InvokekitError {
  readonly method: string;
  /** The URL with secrets redacted. */
  readonly url: string;

  constructor(code: string, method: string, url: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(code, `${method} ${url} failed: ${reason}`, { cause });
    this.method = method;
    this.url = url;
  }
}

/** A download ended before `Content-Length` bytes arrived; nothing was saved. */
export class TruncatedDownloadError extends InvokekitError {
  readonly expected: number;
  readonly received: number;

  constructor(url: string, expected: number, received: number, options?: { cause?: unknown }) {
    super(
      "IK_HTTP_TRUNCATED_DOWNLOAD",
      `Download from ${url} ended after ${received} of ${expected} bytes; nothing was saved. ` +
        "Retry the call.",
      options,
    );
    this.expected = expected;
    this.received = received;
  }
}

/** A file endpoint answered 204 No Content: there is no file to save. */
export class NoFileContentError extends InvokekitError {
  readonly endpointId: string;

  constructor(endpointId: string) {
    super(
      "IK_API_NO_CONTENT",
      `${endpointId} answered 204 No Content: there is no downloadable file (the id may be ` +
        "wrong, or the item is a link rather than a file). Nothing was saved.",
    );
    this.endpointId = endpointId;
  }
}

/** A local file breaks one of the part's rules (size, count, extension) before any request. */
export class FileRuleError extends InvokekitError {
  /** `maxBytes`, `maxCount`, `forbiddenExtensions` or `readable`. */
  readonly rule: string;
  readonly file: string;

  constructor(rule: string, file: string, message: string, options?: { cause?: unknown }) {
    super("IK_FILE_RULE", message, options);
    this.rule = rule;
    this.file = file;
  }
}

/** The download target is unusable (not writable, or a name that would leave the folder). */
export class OutputPathError extends InvokekitError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("IK_FILE_OUTPUT", message, options);
  }
}

/**
 * Zoho kept answering 429 `TOO_MANY_REQUESTS` after every retry the policy allowed (case C05):
 * the org is over its concurrency or credit limit.
 */
export class RateLimitError extends ZohoApiError {
  /** Requests sent, the first one included. */
  readonly attempts: number;
  /**
   * The wait in ms that the last reply's `Retry-After` asked for, when it had one: longer than
   * the retry policy's `maxDelayMs`, or past its time budget, so schedule the call after it.
   */
  readonly retryAfterMs: number | undefined;

  constructor(fields: ZohoApiErrorFields, attempts: number, retryAfterMs?: number) {
    const wait =
      retryAfterMs === undefined
        ? "lower the concurrency (RuntimeOptions.concurrency) or wait for the org's API " +
          "credits to recover."
        : `Zoho asked to wait ${Math.ceil(retryAfterMs / 1000)} s (Retry-After): call again ` +
          "after that.";
    const tries = `${attempts} attempt${attempts === 1 ? "" : "s"}`;
    super(fields, "IK_API_RATE_LIMIT", ` Gave up after ${tries}; ${wait}`);
    this.attempts = attempts;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * 401 `OAUTH_SCOPE_MISMATCH`: the token lacks a scope the endpoint needs (case C25). This is a
 * configuration problem, so the runtime neither refreshes nor retries.
 */
export class ScopeError extends ZohoApiError {
  /** Scopes the endpoint declares. */
  readonly required: readonly string[];
  /** Scopes the token was granted, as the token reply listed them (empty when unknown). */
  readonly granted: readonly string[];
  /** Required scopes not covered by a granted one (all required ones when grants are unknown). */
  readonly missing: readonly string[];

  constructor(
    fields: ZohoApiErrorFields,
    scopes: { required: readonly string[]; granted: readonly string[]; missing: readonly string[] },
  ) {
    const granted = scopes.granted.length > 0 ? scopes.granted.join(", ") : "unknown";
    super(
      fields,
      "IK_AUTH_SCOPE",
      ` Required scopes: ${scopes.required.join(", ") || "none declared"}; granted: ${granted}; ` +
        `missing: ${scopes.missing.join(", ") || "none known"}. Generate a new grant code ` +
        "that includes the missing scopes and run `invokekit auth grant` again.",
    );
    this.required = scopes.required;
    this.granted = scopes.granted;
    this.missing = scopes.missing;
  }
}

/** The token store cannot be read or written (unreadable file, invalid JSON, no permission). */
export class TokenStoreError extends InvokekitError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("IK_AUTH_STORE", message, options);
  }
}

/**
 * A host the runtime refuses to send a token to: an `api_domain` in a token reply that is not
 * one of the connector's API domains (or the base URL), or an accounts server that is not one
 * of its accounts servers.
 */
export class ForeignHostError extends InvokekitError {
  /** The refused origin. */
  readonly origin: string;
  /** Origins that would have been accepted. */
  readonly allowed: readonly string[];

  constructor(what: string, origin: string, allowed: readonly string[]) {
    super(
      "IK_AUTH_FOREIGN_HOST",
      `Refusing ${what} ${origin}: it is not a Zoho host of this connector, so no token or ` +
        `secret is sent there. Allowed: ${allowed.join(", ")}. Pass --dc (or --base-url for a ` +
        "local server) if the account lives elsewhere.",
    );
    this.origin = origin;
    this.allowed = allowed;
  }
}

/** A redirect the runtime will not follow (foreign or non-https host, too many hops). */
export class RedirectError extends InvokekitError {
  /** The redirect target, redacted. */
  readonly location: string;

  constructor(message: string, location: string) {
    super("IK_HTTP_REDIRECT", message);
    this.location = location;
  }
}

/** A header parameter value holds CR, LF or NUL, which would split or end the header. */
export class HeaderValueError extends InvokekitError {
  /** The header's name. */
  readonly header: string;

  constructor(header: string) {
    super(
      "IK_PLAN_HEADER_VALUE",
      `The value of header "${header}" contains CR, LF or NUL; such values could inject ` +
        "headers and are refused before sending.",
    );
    this.header = header;
  }
}
