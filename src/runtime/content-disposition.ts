/**
 * Reads the file name from a `Content-Disposition` reply header (RFC 6266), preferring the
 * RFC 5987/8187 `filename*` form, with the `content-disposition` package.
 */
import { parse } from "content-disposition";

/**
 * The decoded file name of a `Content-Disposition` header, or undefined when it has none.
 * The name is NOT safe to use as a path: pass it through `safeFileName`.
 */
export function fileNameFromContentDisposition(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === "") return undefined;
  try {
    // parse() sets `filename` from `filename*` when that decodes, whatever the order.
    const name = parse(keepLoneBackslashes(header)).parameters.filename;
    return name === undefined || name === "" ? undefined : name;
  } catch {
    return undefined;
  }
}

/**
 * Servers (and old browsers) send Windows paths unescaped: `filename="C:\dir\a.txt"`. Read as
 * an RFC quoted-string, `\d` would become `d` and glue the path segments together, so a
 * backslash that escapes neither `"` nor `\` is kept as a literal backslash.
 */
function keepLoneBackslashes(header: string): string {
  return header.replace(/\\([\s\S]?)/g, (match, next: string) =>
    next === '"' || next === "\\" ? match : `\\\\${next}`,
  );
}
