import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough, Readable, Transform } from "node:stream";
import { createGunzip, createGzip } from "node:zlib";
import { describe, expect, it } from "vitest";
import { chainStreams } from "../../src/runtime/stream-chain.ts";
import { tempDir } from "./loopback.ts";

describe("chainStreams", () => {
  it("copies through a stage and settles once the file is closed", async () => {
    const dir = await tempDir();
    const target = join(dir, "out.txt");
    const text = "line of text\n".repeat(5000);
    const gzipped = Readable.from([text]).pipe(createGzip());
    const file = createWriteStream(target);

    await chainStreams(gzipped, [createGunzip()], file);

    expect(file.closed).toBe(true);
    expect(await readFile(target, "utf8")).toBe(text);
  });

  it("a failing source destroys every stream and rejects with its error", async () => {
    const dir = await tempDir();
    const source = new PassThrough();
    const stage = new PassThrough();
    const file = createWriteStream(join(dir, "out.bin"));
    const done = chainStreams(source, [stage], file);
    source.write(Buffer.alloc(100, 1));
    const failure = Object.assign(new Error("socket gone"), { code: "UND_ERR_SOCKET" });
    source.destroy(failure);

    await expect(done).rejects.toBe(failure);
    expect([source.destroyed, stage.destroyed, file.destroyed, file.closed]).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  it("a source closed before its end rejects as a premature close", async () => {
    const dir = await tempDir();
    const source = new PassThrough();
    const done = chainStreams(source, [], createWriteStream(join(dir, "out.bin")));
    source.destroy();

    await expect(done).rejects.toMatchObject({ code: "ERR_STREAM_PREMATURE_CLOSE" });
  });

  it("a failing stage rejects with the stage's error", async () => {
    const dir = await tempDir();
    const failure = new Error("bad data");
    const stage = new Transform({
      transform(_chunk, _encoding, done) {
        done(failure);
      },
    });
    const done = chainStreams(
      Readable.from([Buffer.from("x")]),
      [stage],
      createWriteStream(join(dir, "o")),
    );

    await expect(done).rejects.toBe(failure);
  });

  it("an abort rejects with an AbortError whose cause is the signal's reason", async () => {
    const dir = await tempDir();
    const controller = new AbortController();
    const source = new PassThrough();
    const done = chainStreams(
      source,
      [],
      createWriteStream(join(dir, "out.bin")),
      controller.signal,
    );
    source.write(Buffer.alloc(10));
    const reason = new Error("user cancelled");
    controller.abort(reason);

    const error = await done.catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "AbortError", code: "ABORT_ERR", cause: reason });
    expect(source.destroyed).toBe(true);
  });

  it("an already aborted signal sends nothing to the file", async () => {
    const dir = await tempDir();
    const controller = new AbortController();
    controller.abort();
    const file = createWriteStream(join(dir, "out.bin"));
    const error = await chainStreams(
      Readable.from([Buffer.from("data")]),
      [],
      file,
      controller.signal,
    ).catch((e: unknown) => e);

    expect(error).toMatchObject({ name: "AbortError", code: "ABORT_ERR" });
    expect(file.bytesWritten).toBe(0);
  });
});
