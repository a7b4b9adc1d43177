/**
 * Where OAuth credentials and tokens live between processes. `TokenStore` is the interface
 * (implement it for Redis, a database, a secret manager); `FileTokenStore` is the default, one
 * JSON file holding any number of named profiles.
 *
 * The file is replaced atomically: the new content goes to a temporary file in the same folder
 * (created with mode 0600), is fsync'ed, then renamed over the old file, and the folder is
 * fsync'ed. A process killed at any point leaves either the old or the new file, never a mix.
 *
 * Limitations: two processes saving at the same moment do not merge their changes (the last
 * rename wins; both hold valid tokens, so the loser only costs one extra refresh later); a
 * process killed mid-write may leave a `.tokens.json.*.tmp` file, which later saves ignore.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, open, readFile, rename, unlink } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import { InvokekitError } from "../errors.ts";
import type { IssuedToken } from "./access-token.ts";
import { publishWarning } from "./diagnostics.ts";
import { TokenStoreError } from "./errors.ts";

/** Everything needed to call Zoho for one account, as stored between processes. */
export interface StoredCredential {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  /** The last access token, reused while it is valid (saves a token request per process). */
  readonly accessToken?: string;
  /** When the access token expires, ms since the epoch. */
  readonly expiresAt?: number;
  /** Checked `api_domain` from the last token reply, e.g. `https://www.zohoapis.eu`. */
  readonly apiDomain?: string;
  /** Accounts server that issued the tokens (the one refreshes must go to). */
  readonly accountsServer?: string;
  /** Data center id the grant was made for, when known. */
  readonly dataCenter?: string;
  /** Scopes the token reply listed. */
  readonly scopes?: readonly string[];
}

/** A place to keep credentials by profile name. */
export interface TokenStore {
  /** The credential saved under `profile`, or undefined. */
  load(profile: string): Promise<StoredCredential | undefined>;
  /** Saves (replaces) the credential under `profile`. */
  save(profile: string, credential: StoredCredential): Promise<void>;
}

/** Profile used when none is named. */
export const DEFAULT_PROFILE = "default";

/**
 * The default token file: `INVOKEKIT_TOKEN_STORE` when set, else
 * `$XDG_CONFIG_HOME/invokekit/tokens.json`, else `~/.config/invokekit/tokens.json`.
 */
export function defaultTokenStorePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.INVOKEKIT_TOKEN_STORE) return env.INVOKEKIT_TOKEN_STORE;
  const config = env.XDG_CONFIG_HOME || join(homedir(), ".config");
  return join(config, "invokekit", "tokens.json");
}

interface StoreFile {
  readonly version: 1;
  readonly profiles: Record<string, StoredCredential>;
}

/** A `TokenStore` in one JSON file, written atomically with mode 0600. */
export class FileTokenStore implements TokenStore {
  /** Absolute or relative path of the JSON file. */
  readonly path: string;
  // Saves within one process run one after another, so none is lost to a read-modify race.
  #queue: Promise<void> = Promise.resolve();

  constructor(path: string = defaultTokenStorePath()) {
    this.path = path;
  }

  async load(profile: string): Promise<StoredCredential | undefined> {
    const file = await this.#read();
    return Object.hasOwn(file.profiles, profile) ? file.profiles[profile] : undefined;
  }

  save(profile: string, credential: StoredCredential): Promise<void> {
    const next = this.#queue.then(async () => {
      const file = await this.#read();
      const profiles = { ...file.profiles, [profile]: credential };
      await this.#write(JSON.stringify({ version: 1, profiles }, null, 2));
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #read(): Promise<StoreFile> {
    let text: string;
    try {
      text = await readFile(this.path, "utf8");
    } catch (error) {
      if ((error as { code?: unknown }).code === "ENOENT") return { version: 1, profiles: {} };
      throw new TokenStoreError(`Cannot read the token store ${this.path}.`, { cause: error });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new TokenStoreError(
        `The token store ${this.path} is not valid JSON; delete it and run ` +
          "`invokekit auth grant` again.",
        { cause: error },
      );
    }
    const profiles = (parsed as { profiles?: unknown } | null)?.profiles;
    if (typeof profiles !== "object" || profiles === null || Array.isArray(profiles)) {
      throw new TokenStoreError(`The token store ${this.path} has no "profiles" object.`);
    }
    return { version: 1, profiles: Object.assign(Object.create(null), profiles) };
  }

  async #write(text: string): Promise<void> {
    const folder = dirname(this.path);
    const temporary = join(folder, `.${basename(this.path)}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const handle = await open(temporary, "wx", 0o600);
      try {
        await handle.writeFile(text, "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
      // The umask cannot widen 0600, but an explicit chmod documents the intent.
      await chmod(temporary, 0o600);
      await rename(temporary, this.path);
      await syncFolder(folder);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw new TokenStoreError(`Cannot write the token store ${this.path}.`, { cause: error });
    }
  }
}

// A rename is durable only once the folder entry is flushed; some systems refuse to open a
// folder for syncing, which costs durability, not correctness.
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, "r").catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // EISDIR/EINVAL on platforms without directory fsync.
  } finally {
    await handle.close();
  }
}

/**
 * Saves a freshly issued token over `base` in `store`, with its expiry, API domain, scopes and
 * the accounts server and data center it came from. A failed save is reported as the
 * `IK_WARN_TOKEN_STORE` warning, not thrown.
 */
export async function saveIssuedToken(
  store: TokenStore,
  profile: string,
  base: StoredCredential,
  issued: IssuedToken,
  targets: { tokenUrl: string; dataCenter: string | undefined },
): Promise<void> {
  const next: StoredCredential = {
    ...base,
    accessToken: issued.accessToken,
    expiresAt: issued.expiresAt,
    ...(issued.apiDomain === undefined ? {} : { apiDomain: issued.apiDomain }),
    ...(issued.scopes.length > 0 ? { scopes: issued.scopes } : {}),
    ...(base.accountsServer === undefined
      ? { accountsServer: new URL(targets.tokenUrl).origin }
      : {}),
    ...(base.dataCenter === undefined && targets.dataCenter !== undefined
      ? { dataCenter: targets.dataCenter }
      : {}),
  };
  try {
    await store.save(profile, next);
  } catch (error) {
    // The call can go on with the token in memory; the next process refreshes again.
    const reason = error instanceof InvokekitError ? failureSummary(error) : "unknown failure";
    publishWarning({ code: "IK_WARN_TOKEN_STORE", message: `token not saved: ${reason}` });
  }
}

/** An invokekit error's message, or its `summary` when it has one (advice left out). */
function failureSummary(error: InvokekitError): string {
  const summary: unknown = (error as { summary?: unknown }).summary;
  return typeof summary === "string" ? summary : error.message;
}
