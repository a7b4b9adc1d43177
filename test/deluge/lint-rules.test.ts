/**
 * `LINT_RULES` (what `invokekit lint --help` lists) holds exactly the codes the linter's source
 * reports, each with the severity it is reported with.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LINT_RULES } from "../../src/deluge/lint-rules.ts";

/** `code -> severity` for every `report(..., "severity", "IK_DELUGE_...")` in lint*.ts. */
async function reportedCodes(): Promise<Map<string, string>> {
  const dir = "src/deluge";
  const files = (await readdir(dir)).filter((f) => /^lint.*\.ts$/.test(f) && f !== "lint-rules.ts");
  const codes = new Map<string, string>();
  for (const file of files) {
    const source = await readFile(path.join(dir, file), "utf8");
    for (const match of source.matchAll(/"(error|warning)",\s*"(IK_DELUGE_[A-Z_]+)"/g)) {
      codes.set(match[2] as string, match[1] as string);
    }
    // The syntax error is built as an object, not through report().
    if (source.includes('code: "IK_DELUGE_SYNTAX"')) codes.set("IK_DELUGE_SYNTAX", "error");
  }
  return codes;
}

describe("LINT_RULES", () => {
  it("lists every code the linter reports, once, with its severity", async () => {
    const codes = await reportedCodes();
    expect(codes.size).toBe(18);
    const listed = new Map(LINT_RULES.map((rule) => [rule.code, rule.severity]));
    expect(listed.size).toBe(LINT_RULES.length);
    expect(Object.fromEntries(listed)).toEqual(Object.fromEntries(codes));
  });
});
