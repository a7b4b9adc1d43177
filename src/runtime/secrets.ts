/**
 * The secrets one runtime knows (client secret, refresh token, access tokens, grant codes),
 * so any text that may echo them (a server's error page, an undici message) is scrubbed
 * before it reaches an error, a log line or the CLI's output.
 */

/** Shortest value treated as a secret; shorter ones would scrub ordinary words. */
const MIN_SECRET_LENGTH = 8;

/** Remembers secrets and replaces them in text with `REDACTED`. */
export class SecretSet {
  readonly #secrets = new Set<string>();

  /** Remembers each value that is long enough to be a secret. */
  add(...values: ReadonlyArray<string | undefined>): void {
    for (const value of values) {
      if (value !== undefined && value.length >= MIN_SECRET_LENGTH) this.#secrets.add(value);
    }
  }

  /** `text` with every remembered secret (and its URL-encoded form) replaced. */
  scrub(text: string): string {
    let out = text;
    for (const secret of this.#secrets) {
      for (const form of new Set([secret, encodeURIComponent(secret)])) {
        if (out.includes(form)) out = out.split(form).join("REDACTED");
      }
    }
    return out;
  }
}
