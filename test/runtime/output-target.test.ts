import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InvokekitError } from "../../src/index.ts";
import { OutputResolver, resolveOutput } from "../../src/runtime/output-target.ts";
import { apiRequests, loopbackRuntimes, tempDir, tokenThen } from "./loopback.ts";

describe("resolveOutput", () => {
  it("an existing folder, a path ending in a separator and an exact path", async () => {
    const root = await tempDir();
    await writeFile(join(root, "old.bin"), "x");

    expect(await resolveOutput(root)).toEqual({ kind: "directory", directory: root });
    expect(await resolveOutput(`${root}/made/`)).toEqual({
      kind: "directory",
      directory: join(root, "made"),
    });
    expect((await stat(join(root, "made"))).isDirectory()).toBe(true);
    expect(await resolveOutput(join(root, "old.bin"))).toEqual({
      kind: "file",
      directory: root,
      fileName: "old.bin",
    });
    expect(await resolveOutput(join(root, "new.bin"))).toEqual({
      kind: "file",
      directory: root,
      fileName: "new.bin",
    });
  });

  it("refuses an exact path whose folder does not exist", async () => {
    const root = await tempDir();
    const error = await resolveOutput(join(root, "missing", "a.bin")).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvokekitError);
    expect((error as InvokekitError).code).toBe("IK_FILE_OUTPUT");
    expect((error as Error).message).toBe(
      `Cannot save to ${join(root, "missing", "a.bin")}: the folder ${join(root, "missing")} ` +
        "does not exist.",
    );
  });
});

describe("OutputResolver", () => {
  it("answers a repeated output from memory until told to forget", async () => {
    const root = await tempDir();
    const folder = join(root, "sub");
    await mkdir(folder);
    const resolver = new OutputResolver();
    const exact = join(folder, "a.bin");
    const expected = { kind: "file", directory: folder, fileName: "a.bin" };

    expect(await resolver.resolve(exact)).toEqual(expected);
    await rm(folder, { recursive: true });
    // Remembered: the folder is not looked at again.
    expect(await resolver.resolve(exact)).toEqual(expected);

    resolver.forget();
    const error = await resolver.resolve(exact).catch((e: unknown) => e);
    expect((error as InvokekitError).code).toBe("IK_FILE_OUTPUT");
  });

  it("checks a new file name in a folder it has seen with one look at the name", async () => {
    const root = await tempDir();
    const resolver = new OutputResolver();
    await resolver.resolve(join(root, "a.bin"));
    await mkdir(join(root, "b.bin"));

    // b.bin is a folder now: saved into, not over.
    expect(await resolver.resolve(join(root, "b.bin"))).toEqual({
      kind: "directory",
      directory: join(root, "b.bin"),
    });
    expect(await resolver.resolve(join(root, "c.bin"))).toEqual({
      kind: "file",
      directory: root,
      fileName: "c.bin",
    });
  });

  it("starts over when full, so many distinct paths do not grow it without bound", async () => {
    const root = await tempDir();
    const folder = join(root, "sub");
    await mkdir(folder);
    const resolver = new OutputResolver(2);
    await resolver.resolve(join(folder, "a.bin"));
    await resolver.resolve(join(folder, "b.bin"));
    await resolver.resolve(join(folder, "c.bin"));
    await rm(folder, { recursive: true });

    // The third answer cleared the first two; only c.bin is still remembered.
    expect((await resolver.resolve(join(folder, "c.bin"))).kind).toBe("file");
    const error = await resolver.resolve(join(folder, "a.bin")).catch((e: unknown) => e);
    expect((error as InvokekitError).code).toBe("IK_FILE_OUTPUT");
  });
});

describe("a runtime's remembered output", () => {
  const loopback = loopbackRuntimes();

  it("a removed folder fails one save, then is refused before any request", async () => {
    const body = Buffer.from("file body");
    const handler = tokenThen("1000.AT_1", (_request, res) => {
      res.writeHead(200, { "content-type": "text/plain", "content-length": body.length });
      res.end(body);
    });
    const runtime = await loopback.start(handler);
    const root = await tempDir();
    const folder = join(root, "out");
    await mkdir(folder);
    const exact = join(folder, "a.bin");
    const call = () => runtime.call("files.get", { params: { id: "1" } }, { output: exact });

    await call();
    await call();
    expect(apiRequests(loopback.server)).toHaveLength(2);
    await rm(folder, { recursive: true });

    // Remembered: sent, then the save fails and the memory is dropped.
    const first = await call().catch((e: unknown) => e);
    expect((first as InvokekitError).code).toBe("IK_FILE_OUTPUT");
    expect(apiRequests(loopback.server)).toHaveLength(3);
    // Looked at again: refused locally.
    const second = await call().catch((e: unknown) => e);
    expect((second as InvokekitError).code).toBe("IK_FILE_OUTPUT");
    expect((second as Error).message).toContain("does not exist");
    expect(apiRequests(loopback.server)).toHaveLength(3);
    expect(await readdir(root)).toEqual([]);
  });
});
