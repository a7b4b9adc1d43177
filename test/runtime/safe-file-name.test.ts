import { describe, expect, it } from "vitest";
import { fileNameFromContentDisposition } from "../../src/runtime/content-disposition.ts";
import { numberedFileName, safeFileName } from "../../src/runtime/safe-file-name.ts";

/** The name a download with this header is saved under, for file id `4f1d`. */
function savedName(header: string): string {
  return safeFileName(fileNameFromContentDisposition(header), "4f1d");
}

const LONG_NAME = `${"a".repeat(296)}.pdf`;

describe("case-C11: names from Content-Disposition are made safe", () => {
  it.each([
    ['attachment; filename="../../.ssh/authorized_keys"', "authorized_keys"],
    ['attachment; filename="C:\\\\Windows\\\\win.ini"', "win.ini"],
    ['attachment; filename="C:\\Windows\\win.ini"', "win.ini"],
    ["attachment; filename*=UTF-8''..%2F..%2Frun.sh", "run.sh"],
    ['attachment; filename=".."', "file-4f1d"],
    ['attachment; filename="   "', "file-4f1d"],
    ["attachment; filename*=UTF-8''a%0D%0AX-Evil%3A%201.txt", "aX-Evil_ 1.txt"],
    [`attachment; filename="${LONG_NAME}"`, `${"a".repeat(196)}.pdf`],
    ["attachment; filename*=UTF-8''R%C3%A9sum%C3%A9%202026.pdf", "Résumé 2026.pdf"],
  ])("%s -> %s", (header, expected) => {
    expect(savedName(header)).toBe(expected);
  });

  it("prefers filename* over filename, in either order", () => {
    const star = "filename*=UTF-8''R%C3%A9sum%C3%A9%202026.pdf";
    expect(savedName(`attachment; filename="Resume 2026.pdf"; ${star}`)).toBe("Résumé 2026.pdf");
    expect(savedName(`attachment; ${star}; filename="Resume 2026.pdf"`)).toBe("Résumé 2026.pdf");
  });

  it("keeps quoted-string escapes and falls back when there is no name", () => {
    expect(savedName('attachment; filename="He said \\"ok\\".pdf"')).toBe("He said _ok_.pdf");
    expect(savedName("attachment")).toBe("file-4f1d");
    expect(safeFileName(undefined, "files.get")).toBe("file-files.get");
    expect(safeFileName(undefined, "../x y")).toBe("file-_x_y");
  });

  it("drops bidi overrides that could disguise an extension", () => {
    expect(safeFileName("invoice\u202Efdp.exe", "x")).toBe("invoicefdp.exe");
  });

  it("caps non-ASCII names at 200 UTF-8 bytes without splitting a character", () => {
    const name = safeFileName(`${"é".repeat(150)}.pdf`, "x");
    expect(name).toBe(`${"é".repeat(98)}.pdf`);
    expect(Buffer.byteLength(name)).toBe(200);
  });

  it("numbers alternatives before the extension, within the cap", () => {
    expect(numberedFileName("Résumé 2026.pdf", 1)).toBe("Résumé 2026 (1).pdf");
    expect(numberedFileName(".env", 2)).toBe(".env (2)");
    expect(numberedFileName(`${"a".repeat(196)}.pdf`, 3)).toBe(`${"a".repeat(192)} (3).pdf`);
  });

  it("replaces the characters Windows forbids with _, so a saved tree copies anywhere", () => {
    expect(safeFileName('a<b>c:d"e|f?g*h.txt', "x")).toBe("a_b_c_d_e_f_g_h.txt");
    expect(safeFileName("C:report.pdf", "x")).toBe("C_report.pdf");
    expect(safeFileName("12:30 notes?.md", "x")).toBe("12_30 notes_.md");
  });

  it("never makes a hidden file: a leading dot gets a _ in front", () => {
    expect(safeFileName(".bashrc", "x")).toBe("_.bashrc");
    expect(safeFileName("..hidden.txt", "x")).toBe("_..hidden.txt");
    expect(savedName('attachment; filename="../../.ssh/.env"')).toBe("_.env");
  });

  it("prefixes Windows device names and drops trailing dots and spaces", () => {
    expect(safeFileName("CON", "x")).toBe("_CON");
    expect(safeFileName("nul.txt", "x")).toBe("_nul.txt");
    expect(safeFileName("a.txt. .", "x")).toBe("a.txt");
    expect(safeFileName("/etc/passwd", "x")).toBe("passwd");
    expect(safeFileName("a\\b", "x")).toBe("b");
    expect(safeFileName("a\u0000b.txt", "x")).toBe("ab.txt");
  });
});
