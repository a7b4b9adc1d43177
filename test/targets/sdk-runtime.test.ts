/**
 * The generated client, run for real: built into the package, imported, and called against the
 * sandbox on 127.0.0.1. The download it makes is the request the curl sample and the inline
 * Deluge snippet describe for the same id.
 */
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenizeDeluge } from "../../src/deluge/lexer.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { loadConnector } from "../../src/spec/index.ts";
import { findEndpoint } from "../../src/spec/model.ts";
import { buildConnector, writeOutput } from "../../src/targets/build.ts";
import { renderCurlSample } from "../../src/targets/curl.ts";
import { renderDelugeSnippet } from "../../src/targets/deluge.ts";
import { splitShellWords } from "./shell-words.ts";

const crm = await loadConnector("connectors/zoho-crm");
const filesGet = findEndpoint(crm, "files.get");
if (!filesGet) throw new Error("files.get missing from connectors/zoho-crm");
const workDir = path.resolve("out-test", randomUUID());

interface GeneratedClient {
  files: {
    get(params: { id: string }, options?: { output?: string }): Promise<{ path: string }>;
    upload(params: { file: string }): Promise<{ kind: string; body: unknown }>;
  };
  close(): Promise<void>;
}

describe("generated client against the sandbox", () => {
  let sandbox: Sandbox;
  let scratch = "";
  beforeAll(async () => {
    sandbox = await startSandbox();
    scratch = await mkdtemp(path.join(os.tmpdir(), "invokekit-sdk-"));
    await mkdir(workDir, { recursive: true });
    await writeOutput(workDir, crm, buildConnector(crm));
  });
  afterAll(async () => {
    await sandbox.close();
    await rm(scratch, { recursive: true, force: true });
    await rm(workDir, { recursive: true, force: true });
  });

  it("uploads, then downloads the same bytes; the download is the samples' request", async () => {
    const url = pathToFileURL(path.join(workDir, "zoho-crm", "sdk", "index.ts")).href;
    const sdk = (await import(url)) as {
      createZohoCrmClient(options: object): GeneratedClient;
    };
    const client = sdk.createZohoCrmClient({
      baseUrl: sandbox.url,
      credentials: sandbox.credentials,
    });
    const source = path.join(scratch, "report.txt");
    await writeFile(source, "quarterly numbers\n");
    try {
      const uploaded = await client.files.upload({ file: source });
      expect(uploaded.kind).toBe("json");
      const id = (uploaded.body as { data: { details: { id: string } }[] }).data[0]?.details.id;
      expect(typeof id).toBe("string");

      const downloaded = await client.files.get({ id: id ?? "" }, { output: `${scratch}/` });
      expect(await readFile(downloaded.path, "utf8")).toBe("quarterly numbers\n");

      const sent = sandbox.log.filter((entry) => entry.method === "GET").at(-1);
      const values = { params: { id: id ?? "" } };
      const curl = renderCurlSample(crm, filesGet, { apiDomain: sandbox.url, values });
      const curlUrl = splitShellWords(curl)[1];
      const deluge = renderDelugeSnippet(crm, filesGet, {
        apiDomain: sandbox.url,
        values,
        inline: true,
      });
      const delugeUrl = tokenizeDeluge(deluge).find((_, i, all) => all[i - 2]?.text === "url");
      expect(sent?.query).toEqual({ id });
      expect(curlUrl).toBe(`${sandbox.url}${sent?.path}?id=${encodeURIComponent(id ?? "")}`);
      expect(delugeUrl?.value).toBe(curlUrl);
    } finally {
      await client.close();
    }
  });
});
