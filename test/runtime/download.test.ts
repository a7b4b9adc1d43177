import { readdir, readFile, writeFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { join, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import {
  NoFileContentError,
  type Runtime,
  TransportError,
  TruncatedDownloadError,
} from "../../src/index.ts";
import { loopbackRuntimes, tempDir, tokenThen } from "./loopback.ts";

const loopback = loopbackRuntimes();

/** A runtime whose API answers every files.get with `reply`. */
async function start(reply: (res: ServerResponse) => void): Promise<Runtime> {
  const handler = tokenThen("1000.AT_1", (_request, res) => reply(res));
  return loopback.start(handler);
}

function fileReply(body: Buffer, disposition?: string) {
  return (res: ServerResponse) => {
    res.writeHead(200, {
      "content-type": "application/x-download",
      "content-length": body.length,
      ...(disposition ? { "content-disposition": disposition } : {}),
    });
    res.end(body);
  };
}

const BODY = Buffer.from("%PDF-1.7 sample body\n");

describe("downloads", () => {
  it.each([
    ['attachment; filename="../../.ssh/authorized_keys"', "authorized_keys"],
    ['attachment; filename="C:\\\\Windows\\\\win.ini"', "win.ini"],
    ["attachment; filename*=UTF-8''..%2F..%2Frun.sh", "run.sh"],
    ['attachment; filename=".."', "file-4f1d"],
    ['attachment; filename="   "', "file-4f1d"],
    ["attachment; filename*=UTF-8''a%0D%0AX-Evil%3A%201.txt", "aX-Evil_ 1.txt"],
    [`attachment; filename="${"a".repeat(296)}.pdf"`, `${"a".repeat(196)}.pdf`],
  ])("case-C11: %s is saved inside the target as %s", async (header, expected) => {
    const rt = await start(fileReply(BODY, header));
    const target = await tempDir();
    const result = await rt.call("files.get", { params: { id: "4f1d" } }, { output: target });

    expect(result).toEqual({
      kind: "file",
      status: 200,
      path: join(target, expected),
      fileName: expected,
      bytes: BODY.length,
      contentType: "application/x-download",
    });
    expect(resolve(join(target, expected)).startsWith(target + sep)).toBe(true);
    expect(await readdir(target)).toEqual([expected]);
    expect(await readFile(join(target, expected))).toEqual(BODY);
  });

  it("saves the RFC 5987 name and never overwrites: ' (1)', ' (2)'", async () => {
    const header = "attachment; filename*=UTF-8''R%C3%A9sum%C3%A9%202026.pdf";
    const rt = await start(fileReply(BODY, header));
    const target = await tempDir();
    await writeFile(join(target, "Résumé 2026.pdf"), "mine");

    const first = await rt.call("files.get", { params: { id: "x" } }, { output: `${target}/` });
    const second = await rt.call("files.get", { params: { id: "x" } }, { output: `${target}/` });

    expect(first.kind === "file" && first.fileName).toBe("Résumé 2026 (1).pdf");
    expect(second.kind === "file" && second.fileName).toBe("Résumé 2026 (2).pdf");
    expect(await readFile(join(target, "Résumé 2026.pdf"), "utf8")).toBe("mine");
    expect((await readdir(target)).sort()).toEqual([
      "Résumé 2026 (1).pdf",
      "Résumé 2026 (2).pdf",
      "Résumé 2026.pdf",
    ]);
  });

  it("an output that is not a folder is the exact path, overwritten", async () => {
    const rt = await start(fileReply(BODY, 'attachment; filename="ignored.pdf"'));
    const target = await tempDir();
    const exact = join(target, "copy.bin");
    await writeFile(exact, "old content");

    const result = await rt.call("files.get", { params: { id: "x" } }, { output: exact });

    expect(result.kind === "file" && result.path).toBe(exact);
    expect(await readFile(exact)).toEqual(BODY);
    expect(await readdir(target)).toEqual(["copy.bin"]);
  });

  it("case-C13: a body cut short -> TruncatedDownloadError and no file is left", async () => {
    const rt = await start((res) => {
      res.writeHead(200, { "content-type": "application/x-download", "content-length": 1000 });
      res.write(Buffer.alloc(300, 1), () => res.socket?.destroy());
    });
    const target = await tempDir();
    const error = await rt
      .call("files.get", { params: { id: "x" } }, { output: `${target}/` })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TruncatedDownloadError);
    expect((error as TruncatedDownloadError).code).toBe("IK_HTTP_TRUNCATED_DOWNLOAD");
    expect((error as TruncatedDownloadError).expected).toBe(1000);
    expect((error as TruncatedDownloadError).received).toBe(300);
    expect(await readdir(target)).toEqual([]);
  });

  it("case-C06: 204 on a download -> NoFileContentError and no file is written", async () => {
    const rt = await start((res) => {
      res.writeHead(204);
      res.end();
    });
    const target = await tempDir();
    const error = await rt
      .call("files.get", { params: { id: "x" } }, { output: `${target}/` })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(NoFileContentError);
    expect((error as NoFileContentError).code).toBe("IK_API_NO_CONTENT");
    expect(await readdir(target)).toEqual([]);
  });

  it("reports progress and saves a chunked body without Content-Length", async () => {
    const chunks = [Buffer.alloc(1000, 7), Buffer.alloc(500, 8)];
    const rt = await start((res) => {
      res.writeHead(200, { "content-disposition": 'attachment; filename="c.bin"' });
      for (const chunk of chunks) res.write(chunk);
      res.end();
    });
    const target = await tempDir();
    const progress: [number, number | undefined][] = [];
    const result = await rt.call(
      "files.get",
      { params: { id: "x" } },
      { output: target, onProgress: (done, total) => progress.push([done, total]) },
    );

    expect(result.kind === "file" && result.bytes).toBe(1500);
    expect(progress.at(-1)).toEqual([1500, undefined]);
    expect(await readFile(join(target, "c.bin"))).toEqual(Buffer.concat(chunks));
  });

  it("an abort mid-download -> IK_HTTP_ABORTED and the partial file is removed", async () => {
    const rt = await start((res) => {
      res.writeHead(200, { "content-length": 2000, "content-disposition": "attachment" });
      res.write(Buffer.alloc(1000, 1));
    });
    const target = await tempDir();
    const controller = new AbortController();
    const error = await rt
      .call(
        "files.get",
        { params: { id: "x" } },
        { output: target, signal: controller.signal, onProgress: () => controller.abort() },
      )
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe("IK_HTTP_ABORTED");
    expect(await readdir(target)).toEqual([]);
  });
});
