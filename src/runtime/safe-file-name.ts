/**
 * Turns a file name chosen by someone else (whoever uploaded the file to Zoho) into a name
 * that is safe to create inside a target folder (case C11): never a path, never a control
 * character, never `.`/`..`/blank, never a Windows device name (`CON`, `NUL.txt`), never
 * longer than a file system accepts. So that a downloaded tree can be copied to any system,
 * the characters Windows forbids in names (`<>:"|?*`) become `_`, and a name that starts with
 * a dot gets a `_` in front (`.bashrc` -> `_.bashrc`): a download never makes a hidden file,
 * and the original name stays readable.
 */

/** Longest name kept, in UTF-8 bytes (= characters for ASCII names; file systems allow 255). */
export const MAX_NAME_BYTES = 200;

/** Extensions longer than this are treated as part of the name when truncating. */
const MAX_EXTENSION_BYTES = 20;

// Names Windows reserves for devices, with or without an extension.
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

// Characters Windows refuses in a file name (controls are removed before this applies).
const WINDOWS_RESERVED = /[<>:"|?*]/g;

// C0/C1 controls and DEL, plus the bidi overrides that can disguise an extension.
const UNSAFE_CHARACTERS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;

/**
 * Makes `name` safe, or returns `file-<fallbackSeed>` when nothing usable is left. Steps: drop
 * control characters, keep the last segment after `/` or `\`, trim surrounding white space, refuse
 * names made only of dots, replace `<>:"|?*` with `_`, prefix `_` to a leading dot or a device
 * name, then cap the length keeping the extension.
 */
export function safeFileName(name: string | undefined, fallbackSeed: string): string {
  const cleaned = (name ?? "").replace(UNSAFE_CHARACTERS, "");
  const lastSegment = cleaned.split(/[/\\]/).at(-1) ?? "";
  // Windows drops trailing dots and spaces, so `a.txt.` would become `a.txt` there.
  const trimmed = lastSegment.trim().replace(/[. ]+$/, "");
  if (trimmed === "" || /^\.+$/.test(trimmed)) return fallbackName(fallbackSeed);
  const portable = trimmed.replace(WINDOWS_RESERVED, "_");
  const needsPrefix = portable.startsWith(".") || WINDOWS_DEVICE.test(portable);
  return capLength(needsPrefix ? `_${portable}` : portable);
}

/**
 * The n-th alternative of `name` when it already exists: `report (1).pdf`, `report (2).pdf`,
 * still within the length cap.
 */
export function numberedFileName(name: string, n: number): string {
  const { stem, extension } = splitExtension(name);
  const suffix = ` (${n})${extension}`;
  return truncateUtf8(stem, MAX_NAME_BYTES - byteLength(suffix)) + suffix;
}

/** A fallback built from an id or endpoint id, reduced to characters safe everywhere. */
function fallbackName(seed: string): string {
  const safeSeed = seed.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "");
  return capLength(`file-${safeSeed || "download"}`);
}

function capLength(name: string): string {
  if (byteLength(name) <= MAX_NAME_BYTES) return name;
  const { stem, extension } = splitExtension(name);
  return truncateUtf8(stem, MAX_NAME_BYTES - byteLength(extension)) + extension;
}

function splitExtension(name: string): { stem: string; extension: string } {
  const dot = name.lastIndexOf(".");
  // A leading dot starts a hidden name, not an extension.
  if (dot <= 0 || byteLength(name.slice(dot)) > MAX_EXTENSION_BYTES) {
    return { stem: name, extension: "" };
  }
  return { stem: name.slice(0, dot), extension: name.slice(dot) };
}

/** Cuts `text` to at most `limit` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, limit: number): string {
  // One UTF-16 unit is at most 3 UTF-8 bytes: most names fit without counting each character.
  if (text.length * 3 <= limit || byteLength(text) <= limit) return text;
  let out = "";
  let size = 0;
  for (const character of text) {
    const length = byteLength(character);
    if (size + length > limit) break;
    out += character;
    size += length;
  }
  return out;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
