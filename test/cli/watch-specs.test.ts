/**
 * The `docs --serve` spec watcher sees every way a spec changes: written in place, replaced by
 * a rename (how many editors and `sed -i` save), deleted with its folder. Each step waits for
 * its own change to be reported, so a missed event fails the test by its timeout.
 */
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { watchSpecs } from "../../src/cli/watch-specs.ts";

let stop: (() => Promise<void>) | undefined;
let work = "";

afterEach(async () => {
  await stop?.();
  stop = undefined;
  await rm(work, { recursive: true, force: true });
});

describe("watchSpecs", () => {
  it("reports in-place writes, replacements by rename, and a deleted folder", async () => {
    work = await mkdtemp(path.join(tmpdir(), "invokekit-watch-"));
    const folder = path.join(work, "zoho-crm", "files");
    await mkdir(folder, { recursive: true });
    const spec = path.join(folder, "get.yaml");
    await writeFile(spec, "id: files.get\n");

    let changes = 0;
    let waiting: (() => void) | undefined;
    stop = await watchSpecs(work, () => {
      changes++;
      waiting?.();
    });
    const change = (act: () => Promise<void>) =>
      new Promise<void>((resolve, reject) => {
        waiting = resolve;
        act().catch(reject);
      });

    await change(() => writeFile(spec, "id: files.get\ntitle: A\n"));
    for (const title of ["B", "C"]) {
      await change(async () => {
        const copy = path.join(folder, `.get.yaml.${title}.tmp`);
        await writeFile(copy, `id: files.get\ntitle: ${title}\n`);
        await rename(copy, spec);
      });
    }
    await change(() => rm(path.join(work, "zoho-crm"), { recursive: true }));
    await change(async () => {
      await mkdir(folder, { recursive: true });
      await writeFile(spec, "id: files.get\n");
    });
    expect(changes).toBeGreaterThanOrEqual(5);
  }, 20_000);
});
