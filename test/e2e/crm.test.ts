import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { loadConnector } from "../../src/spec/index.ts";
import type { Connector, Endpoint } from "../../src/spec/model.ts";
import { camelCase } from "../../src/targets/names.ts";
import { runCli } from "../cli/call-helpers.ts";
import { type GeneratedSdk, importGeneratedSdk, sandboxCliEnv } from "./generated-sdk.ts";

let crm: Connector;
let sandbox: Sandbox;
let work = "";
let env: NodeJS.ProcessEnv;
let generated: GeneratedSdk | undefined;
// biome-ignore lint/suspicious/noExplicitAny: the generated client is imported at run time.
let client: any;
/** Example params that name server state (a stored file) get the sandbox's real ids. */
const stateful: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  crm = await loadConnector("connectors/zoho-crm");
  sandbox = await startSandbox();
  work = await mkdtemp(path.join(tmpdir(), "ik-e2e-"));
  env = await sandboxCliEnv(sandbox);
  generated = await importGeneratedSdk(crm);
  client = generated.sdk.createZohoCrmClient({
    baseUrl: sandbox.url,
    credentials: sandbox.credentials,
  });
  const stored = sandbox.storeFile("Résumé 2026.pdf", new TextEncoder().encode("%PDF-1.7\n"));
  stateful["files.get"] = { id: stored };
});

afterAll(async () => {
  await client?.close();
  await sandbox?.close();
  await rm(work, { recursive: true, force: true });
  await generated?.remove();
});

/** Local files named as the example's file parts say, with a little content. */
async function exampleFiles(endpoint: Endpoint): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const [part, name] of Object.entries(endpoint.examples[0]?.files ?? {})) {
    const dir = path.join(work, "uploads", endpoint.id);
    await mkdir(dir, { recursive: true });
    files[part] = path.join(dir, name);
    await writeFile(files[part], `sample for ${endpoint.id}\n`);
  }
  return files;
}

describe("flows over several requests", () => {
  it("lists 450 Leads as 450 distinct ids in order, through the CLI and the SDK", async () => {
    const run = await runCli(
      [
        "call",
        "zoho-crm",
        "records.list",
        "--param",
        "module_api_name=Leads",
        "--param",
        "fields=Last_Name,Email",
        "--all",
        "--json",
        "--base-url",
        sandbox.url,
      ],
      env,
    );
    expect(run.code).toBe(0);
    const listed = JSON.parse(run.stdout) as { count: number; records: { id: string }[] };
    const ids = listed.records.map((r) => r.id);
    expect(listed.count).toBe(450);
    expect(new Set(ids).size).toBe(450);
    expect(ids[0]).toBe("4876876000000123457");
    expect([...ids].sort()).toEqual(ids);

    const viaSdk: string[] = [];
    for await (const record of client.records.list({
      module_api_name: "Leads",
      fields: ["Last_Name", "Email"],
    })) {
      viaSdk.push(record.id);
    }
    expect(viaSdk).toEqual(ids);
  });

  it("inserts 250 records in 3 requests and reports 250 results in input order", async () => {
    const data = Array.from({ length: 250 }, (_, i) => ({ Last_Name: `Bulk ${i}` }));
    const before = sandbox.log.filter((r) => r.method === "POST" && r.path === "/crm/v2/Leads");
    const run = await runCli(
      [
        "call",
        "zoho-crm",
        "records.insert",
        "--param",
        "module_api_name=Leads",
        "--body",
        JSON.stringify({ data }),
        "--json",
        "--base-url",
        sandbox.url,
      ],
      env,
    );
    expect(run.code).toBe(0);
    const batch = JSON.parse(run.stdout) as {
      requests: number;
      results: { index: number; status: string; details: { id: string } }[];
    };
    const after = sandbox.log.filter((r) => r.method === "POST" && r.path === "/crm/v2/Leads");
    expect(after.length - before.length).toBe(3);
    expect(batch.requests).toBe(3);
    expect(batch.results.map((r) => r.index)).toEqual(data.map((_, i) => i));
    expect(batch.results.every((r) => r.status === "success")).toBe(true);
    expect(batch.results.every((r) => /^\d{19}$/.test(r.details.id))).toBe(true);
  });
});

describe("every zoho-crm endpoint, with its example", () => {
  it("succeeds through the CLI", async () => {
    const failures: string[] = [];
    for (const endpoint of crm.endpoints) {
      const example = endpoint.examples[0];
      if (!example) {
        failures.push(`${endpoint.id}: no example`);
        continue;
      }
      const args = ["call", "zoho-crm", endpoint.id, "--base-url", sandbox.url, "--json"];
      const params = { ...example.params, ...stateful[endpoint.id] };
      for (const [name, value] of Object.entries(params)) args.push("--param", `${name}=${value}`);
      if (example.body !== undefined) args.push("--body", JSON.stringify(example.body));
      for (const [part, file] of Object.entries(await exampleFiles(endpoint))) {
        args.push("--file", `${part}=${file}`);
      }
      if (endpoint.response === "file" || endpoint.job) {
        args.push("--output", `${path.join(work, "cli", endpoint.id)}/`);
      }
      const run = await runCli(args, env);
      if (run.code !== 0) {
        failures.push(`${endpoint.id}: exit ${run.code}: ${run.stderr.trim()} (${args.join(" ")})`);
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it("succeeds through the generated SDK", async () => {
    const failures: string[] = [];
    for (const endpoint of crm.endpoints) {
      const example = endpoint.examples[0];
      if (!example) continue;
      const args = {
        ...example.params,
        ...stateful[endpoint.id],
        ...(example.body === undefined ? {} : { body: example.body }),
        ...(await exampleFiles(endpoint)),
      };
      const output = `${path.join(work, "sdk", endpoint.id)}/`;
      try {
        const method = client[camelCase(endpoint.resource)][camelCase(endpoint.action)];
        const reply = method(args, { output });
        if (endpoint.pagination) {
          let count = 0;
          for await (const _ of reply) count++;
          if (count === 0) failures.push(`${endpoint.id}: no records`);
        } else {
          const result = await reply;
          const status = result.status ?? result.result?.status ?? (result.results ? 200 : 0);
          if (status < 200 || status > 299) failures.push(`${endpoint.id}: status ${status}`);
        }
      } catch (error) {
        failures.push(`${endpoint.id}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
