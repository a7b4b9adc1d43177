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

/** Credentials are missing: none were passed and the environment variables are unset. */
export class CredentialsError extends InvokekitError {
  /** Names of the missing environment variables. */
  readonly missing: readonly string[];

  constructor(missing: readonly string[]) {
    super(
      "IK_AUTH_CREDENTIALS",
      `Zoho OAuth credentials are missing: set ${missing.join(", ")} in the environment ` +
        "(or pass `credentials` to createRuntime). Create them as a Self Client in Zoho's " +
        "API console of your data center.",
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
  /** HTTP status of the token reply (Zoho reports OAuth failures with 200). */
  readonly status: number;

  constructor(
    message: string,
    details: { oauthError?: string | undefined; status: number; code?: string },
    options?: { cause?: unknown },
  ) {
    super(details.code ?? "IK_AUTH_TOKEN", message, options);
    this.oauthError = details.oauthError;
    this.status = details.status;
  }
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

  constructor(fields: {
    status: number;
    zohoCode: string;
    message: string;
    details: Readonly<Record<string, unknown>>;
    endpointId: string;
    resolution: string | undefined;
  }) {
    const advice = fields.resolution ? ` ${fields.resolution}` : "";
    super(
      "IK_API_ERROR",
      `${fields.endpointId} failed: HTTP ${fields.status} ${fields.zohoCode}: ${fields.message}.` +
        advice,
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
