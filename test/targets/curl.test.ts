import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import busboy from "busboy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planRequest } from "../../src/plan/request.ts";
import { loadConnector } from "../../src/spec/index.ts";
import { findEndpoint } from "../../src/spec/model.ts";
import { curlTarget, renderCurlSample } from "../../src/targets/curl.ts";
import { attachEndpoint, fixtureConnector, showEndpoint } from "./fixture-connector.ts";
import { seedApiDomain, seedCurl, seedFileId, seedToken } from "./seed-samples.ts";
import { splitShellWords } from "./shell-words.ts";

const crm = await loadConnector("connectors/zoho-crm");
const filesGet = findEndpoint(crm, "files.get");
if (!filesGet) throw new Error("files.get missing from connectors/zoho-crm");

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  files: { part: string; fileName: string; content: string }[];
}

describe("curl target", () => {
  it("seed: the files.get sample equals Zoho's sample word for word", () => {
    const sample = renderCurlSample(crm, filesGet, {
      apiDomain: seedApiDomain,
      values: { params: { id: seedFileId } },
      token: seedToken,
    });
    expect(splitShellWords(sample)).toEqual(splitShellWords(seedCurl));
  });

  it("writes the default sample with the token from ZOHO_ACCESS_TOKEN", () => {
    const sample = renderCurlSample(crm, filesGet);
    expect(sample.split("\n").slice(-4)).toEqual([
      'curl "https://www.zohoapis.com/crm/v2/files?id=2cceafa194dxxxxxxxx4a20ed2" \\',
      "  -X GET \\",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${...} is the test input
      '  -H "Authorization: Zoho-oauthtoken ${ZOHO_ACCESS_TOKEN}"',
      "",
    ]);
  });

  it("generates one runnable script per endpoint", () => {
    const files = curlTarget.generate(crm);
    expect(files.map((f) => f.path)).toEqual(crm.endpoints.map((e) => `curl/${e.id}.sh`));
    const upload = files.find((f) => f.path === "curl/files.upload.sh");
    expect(upload?.content).toContain('  -F "file=@Résumé 2026.pdf"\n');
    for (const file of files) expect(file.content.startsWith("#!/bin/sh\n")).toBe(true);
  });

  describe("run by sh with real curl against a loopback server", () => {
    let received: Received[] = [];
    let origin = "";
    let directory = "";
    const server = createServer((request, response) => {
      const entry: Received = {
        method: request.method ?? "",
        url: request.url ?? "",
        headers: request.headers,
        files: [],
      };
      received.push(entry);
      if (!request.headers["content-type"]?.startsWith("multipart/")) {
        request.resume();
        request.on("end", () => response.end("{}"));
        return;
      }
      const parser = busboy({ headers: request.headers });
      parser.on("file", (part, stream, info) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const content = Buffer.concat(chunks).toString("utf8");
          entry.files.push({ part, fileName: info.filename ?? "", content });
        });
      });
      parser.on("close", () => response.end("{}"));
      request.pipe(parser);
    });

    beforeAll(async () => {
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      directory = await mkdtemp(path.join(os.tmpdir(), "invokekit-curl-"));
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(directory, { recursive: true, force: true });
    });

    const run = async (script: string, env: Record<string, string> = {}) => {
      received = [];
      const file = path.join(directory, "sample.sh");
      await writeFile(file, script);
      const { PATH = "" } = process.env;
      await promisify(execFile)("sh", [file], {
        cwd: directory,
        env: { PATH, ...env },
        timeout: 10_000,
      });
      expect(received).toHaveLength(1);
      return received[0] as Received;
    };

    it("sends the planned request: hostile path, query and header values", async () => {
      const values = {
        params: { thing_id: "a/b c", q: "say \"hi\" $HOME `id` 'x' 😀!", "X-Trace": 't $1 "q"' },
      };
      const script = renderCurlSample(fixtureConnector, showEndpoint, {
        apiDomain: origin,
        values,
      });
      const got = await run(script, { ZOHO_ACCESS_TOKEN: "tok$en" });
      const planned = planRequest(fixtureConnector, showEndpoint, values, { apiDomain: origin });
      expect(got.method).toBe("GET");
      expect(origin + got.url).toBe(planned.url);
      expect(got.headers.authorization).toBe("Zoho-oauthtoken tok$en");
      expect(got.headers["x-trace"]).toBe('t $1 "q"');
    });

    it("uploads the example file under its part name, even with ; in its name", async () => {
      await writeFile(path.join(directory, "a;b.txt"), "hello");
      const script = renderCurlSample(fixtureConnector, attachEndpoint, {
        apiDomain: origin,
        token: "literal 'token'",
      });
      const got = await run(script);
      expect(got.method).toBe("POST");
      expect(got.url).toBe("/api/v1/things/attachments");
      expect(got.headers.authorization).toBe("Zoho-oauthtoken literal 'token'");
      expect(got.files).toEqual([{ part: "file", fileName: "a;b.txt", content: "hello" }]);
    });
  });
});
