/** Human-readable byte sizes for docs and JSDoc, in the binary units Zoho's limits use. */

/** `20971520` -> `20 MB`, `1536` -> `1.5 KB`, `100` -> `100 bytes`. */
export function formatByteSize(bytes: number): string {
  const units: [number, string][] = [
    [1024 ** 3, "GB"],
    [1024 ** 2, "MB"],
    [1024, "KB"],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(2))} ${unit}`;
  }
  return `${bytes} bytes`;
}
