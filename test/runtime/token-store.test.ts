import { spawn } from "node:child_process";
import { readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileTokenStore, TokenStoreError } from "../../src/index.ts";
import { tempDir } from "./loopback.ts";

const credential = { clientId: "id", clientSecret: "secret-value", refreshToken: "1000.refresh" };

/** Starts the writer child, waits until it writes, lets it run `turns` event-loop turns, kills it. */
function writeThenKill(file: string, writes: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "test/runtime/store-writer.ts", file],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    child.on("error", reject);
    child.on("exit", () => resolve());
    child.stdout.once("data", async () => {
      // Wait until the file has been replaced `writes` times, then kill without warning.
      let seen = 0;
      let last = -1;
      while (seen < writes) {
        const info = await stat(file).catch(() => undefined);
        const stamp = info ? info.ino : -1;
        if (stamp !== last) seen++;
        last = stamp;
        await new Promise((done) => setImmediate(done));
      }
      child.kill("SIGKILL");
    });
  });
}

describe("FileTokenStore", () => {
  it("saves and loads profiles, file mode 0600, folder created", async () => {
    const file = join(await tempDir(), "a", "b", "tokens.json");
    const store = new FileTokenStore(file);
    await store.save("default", credential);
    await store.save("eu", { ...credential, dataCenter: "eu" });

    expect(await new FileTokenStore(file).load("default")).toEqual(credential);
    expect((await store.load("eu"))?.dataCenter).toBe("eu");
    expect(await store.load("missing")).toBeUndefined();
    expect(await store.load("__proto__")).toBeUndefined();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(file, ".."))).toEqual(["tokens.json"]);
  });

  it("concurrent saves in one process all land", async () => {
    const store = new FileTokenStore(join(await tempDir(), "tokens.json"));
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.save(`p${i}`, credential)));
    for (let i = 0; i < 20; i++) expect(await store.load(`p${i}`)).toEqual(credential);
  });

  it("an invalid file is a TokenStoreError that says what to do", async () => {
    const file = join(await tempDir(), "tokens.json");
    await writeFile(file, "{ not json");
    const error = await new FileTokenStore(file).load("default").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenStoreError);
    expect((error as TokenStoreError).message).toBe(
      `The token store ${file} is not valid JSON; delete it and run \`invokekit auth grant\` again.`,
    );
  });

  it("a writer killed with SIGKILL mid-write never leaves a store that fails to load", async () => {
    const file = join(await tempDir(), "tokens.json");
    for (let round = 1; round <= 4; round++) {
      await writeThenKill(file, round * 3);
      const loaded = await new FileTokenStore(file).load("profile-1");
      expect(loaded?.clientSecret).toBe("x".repeat(20_000));
      expect(loaded?.clientId).toMatch(/^client-\d+$/);
    }
  });
});
