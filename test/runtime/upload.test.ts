import { truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileRuleError, type Runtime } from "../../src/index.ts";
import type { Connector } from "../../src/spec/model.ts";
import {
  apiRequests,
  type Handler,
  loopbackRuntimes,
  sendJson,
  tempDir,
  tokenThen,
  zohoCrm,
} from "./loopback.ts";

const loopback = loopbackRuntimes();

async function start(connector?: Connector): Promise<Runtime> {
  const reply: Handler = (_request, res) => sendJson(res, 200, { data: [] });
  return loopback.start(tokenThen("1000.AT_1", reply), connector);
}

/** The zoho-crm connector with `.exe` forbidden on files.upload's part, as for attachments. */
async function withForbiddenExe(): Promise<Connector> {
  const connector = await zohoCrm();
  return {
    ...connector,
    endpoints: connector.endpoints.map((endpoint) =>
      endpoint.id === "files.upload" && endpoint.body.kind === "multipart"
        ? {
            ...endpoint,
            body: {
              kind: "multipart",
              files: endpoint.body.files.map((part) => ({
                ...part,
                forbiddenExtensions: [".exe"],
              })),
            },
          }
        : endpoint,
    ),
  };
}

/** Splits a multipart body into its parts' header blocks and contents. */
function parts(body: Buffer, contentType: string | undefined) {
  const boundary = /boundary=(.+)$/.exec(contentType ?? "")?.[1] ?? "";
  const text = body.toString("latin1");
  expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true);
  return text
    .slice(0, text.lastIndexOf(`--${boundary}--`))
    .split(`--${boundary}\r\n`)
    .slice(1)
    .map((part) => {
      const end = part.indexOf("\r\n\r\n");
      return {
        headers: Buffer.from(part.slice(0, end), "latin1").toString("utf8"),
        content: part.slice(end + 4, -2),
      };
    });
}

describe("multipart uploads", () => {
  it("case-C14: part file names are UTF-8 with %22 and %0D%0A escapes, bytes as sent", async () => {
    const rt = await start();
    const dir = await tempDir();
    const names = ['He said "ok".pdf', "Ünïcödé & co #1.pdf", "report .pdf", "a\r\nX: y.pdf"];
    const paths = names.map((name) => join(dir, name));
    await Promise.all(paths.map((path, i) => writeFile(path, `content ${i}`)));

    const result = await rt.call("files.upload", { files: { file: paths } });

    expect(result).toEqual({ kind: "json", status: 200, body: { data: [] } });
    const [request] = apiRequests(loopback.server);
    expect(request?.headers["content-type"]).toMatch(
      /^multipart\/form-data; boundary=----formdata-undici-0\d{11}$/,
    );
    expect(Number(request?.headers["content-length"])).toBe(request?.body.length);
    const disposition = (name: string) =>
      `Content-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      "Content-Type: application/octet-stream";
    expect(parts(request?.body ?? Buffer.alloc(0), request?.headers["content-type"])).toEqual([
      { headers: disposition("He said %22ok%22.pdf"), content: "content 0" },
      { headers: disposition("Ünïcödé & co #1.pdf"), content: "content 1" },
      { headers: disposition("report .pdf"), content: "content 2" },
      { headers: disposition("a%0D%0AX: y.pdf"), content: "content 3" },
    ]);
    // The non-ASCII name travels as raw UTF-8 bytes, not percent-encoded or replaced by "?".
    expect(request?.body.includes(Buffer.from('filename="Ünïcödé & co #1.pdf"', "utf8"))).toBe(
      true,
    );
  });

  it("reports upload progress in file bytes", async () => {
    const rt = await start();
    const path = join(await tempDir(), "big.bin");
    await writeFile(path, Buffer.alloc(300_000, 3));
    const progress: [number, number | undefined][] = [];

    await rt.call(
      "files.upload",
      { files: { file: [path] } },
      { onProgress: (done, total) => progress.push([done, total]) },
    );

    expect(progress.at(-1)).toEqual([300_000, 300_000]);
    expect(apiRequests(loopback.server)[0]?.body.includes(Buffer.alloc(300_000, 3))).toBe(true);
  });

  it.each(["setup.exe", "SETUP.EXE", "setup.exe.", "setup.exe ", "setup.exe . ."])(
    "case-C14: %j is refused before any request, naming the rule",
    async (name) => {
      const rt = await start(await withForbiddenExe());
      const path = join(await tempDir(), name);
      await writeFile(path, "MZ");
      const error = (await rt
        .call("files.upload", { files: { file: [path] } })
        .catch((e: unknown) => e)) as FileRuleError;

      expect(error).toBeInstanceOf(FileRuleError);
      expect(error.code).toBe("IK_FILE_RULE");
      expect(error.rule).toBe("forbiddenExtensions");
      expect(error.file).toBe(path);
      expect(error.message).toBe(
        `${path}: files.upload refuses .exe files in part "file" (forbidden: .exe).`,
      );
      expect(loopback.server.requests).toHaveLength(0);
    },
  );

  it("a file over maxBytes (20 MiB) is refused before any request", async () => {
    const rt = await start();
    const path = join(await tempDir(), "huge.pdf");
    await writeFile(path, "");
    await truncate(path, 20 * 1024 * 1024 + 1); // sparse: no 20 MiB written
    const error = (await rt
      .call("files.upload", { files: { file: [path] } })
      .catch((e: unknown) => e)) as FileRuleError;

    expect(error).toBeInstanceOf(FileRuleError);
    expect(error.rule).toBe("maxBytes");
    expect(error.message).toBe(
      `${path} is 20971521 bytes; part "file" of files.upload takes at most 20971520 bytes.`,
    );
    expect(loopback.server.requests).toHaveLength(0);
  });

  it("more than maxCount (10) files are refused before any request", async () => {
    const rt = await start();
    const dir = await tempDir();
    const paths = Array.from({ length: 11 }, (_, i) => join(dir, `f${i}.txt`));
    await Promise.all(paths.map((path) => writeFile(path, "x")));
    const error = (await rt
      .call("files.upload", { files: { file: paths } })
      .catch((e: unknown) => e)) as FileRuleError;

    expect(error.rule).toBe("maxCount");
    expect(error.message).toBe('Part "file" of files.upload takes at most 10 files; got 11.');
    expect(loopback.server.requests).toHaveLength(0);
  });

  it("a missing file is a FileRuleError (readable), not a crash mid-request", async () => {
    const rt = await start();
    const path = join(await tempDir(), "nope.pdf");
    const error = (await rt
      .call("files.upload", { files: { file: [path] } })
      .catch((e: unknown) => e)) as FileRuleError;

    expect(error.rule).toBe("readable");
    expect(error.message).toBe(`Cannot read ${path}.`);
    expect(loopback.server.requests).toHaveLength(0);
  });
});
