/**
 * Golden files: the reviewed output of `build` for every artefact of `files.get` (plus the
 * shared ones: connections, SDK client and model, docs index), compared byte for byte.
 * After an intended change, regenerate with `INVOKEKIT_UPDATE_GOLDEN=1 npx vitest run
 * test/golden`, then review the diff (`git diff test/golden`) before committing.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConnector } from "../../src/spec/index.ts";
import { buildConnector } from "../../src/targets/build.ts";
import { TOPIC_PAGES } from "../../src/targets/docs-content.ts";

const goldenRoot = path.resolve("test", "golden", "zoho-crm");
const update = process.env.INVOKEKIT_UPDATE_GOLDEN === "1";

const crm = await loadConnector("connectors/zoho-crm");
const golden = buildConnector(crm).filter(
  (file) =>
    file.path.startsWith("connections/") ||
    file.path.startsWith("sdk/model.json") ||
    file.path === "sdk/index.ts" ||
    file.path === "docs/index.md" ||
    TOPIC_PAGES.some((page) => file.path === `docs/${page}.md`) ||
    /(^|\/)files\.get\.[a-z]+$/.test(file.path),
);

/** Where two texts first differ, as a short hint. */
function firstDifference(expected: string, actual: string): string {
  const want = expected.split("\n");
  const got = actual.split("\n");
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    if (want[i] !== got[i]) {
      const golden = JSON.stringify(want[i]);
      return `line ${i + 1}:\n  golden: ${golden}\n  built:  ${JSON.stringify(got[i])}`;
    }
  }
  return "same lines; the difference is in line endings";
}

describe("golden output of connectors/zoho-crm", () => {
  it("covers every files.get artefact", () => {
    expect(golden.map((file) => file.path)).toEqual([
      "connections/au.json",
      "connections/ca.json",
      "connections/cn.json",
      "connections/eu.json",
      "connections/in.json",
      "connections/jp.json",
      "connections/sa.json",
      "connections/us.json",
      "curl/files.get.sh",
      "deluge/files.get.dg",
      "docs/api-limits.md",
      "docs/connection-guide.md",
      "docs/files.get.md",
      "docs/index.md",
      "docs/multi-dc-support.md",
      "docs/oauth-authentication.md",
      "docs/status-codes.md",
      "sdk/index.ts",
      "sdk/model.json",
      "sdk/samples/files.get.ts",
      "site/files.get.html",
    ]);
  });

  it.each(golden.map((file) => [file.path, file.content]))("%s", async (file, content) => {
    const target = path.join(goldenRoot, file);
    if (update) {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, content);
    }
    const expected = await readFile(target, "utf8");
    if (expected !== content) {
      const hint = firstDifference(expected, content);
      expect.fail(
        `${file} differs from test/golden/zoho-crm/${file} at ${hint}\n` +
          "If the change is intended, run INVOKEKIT_UPDATE_GOLDEN=1 npx vitest run test/golden " +
          "and review git diff test/golden.",
      );
    }
  });
});
