import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConnector } from "../../src/spec/index.ts";
import { buildConnector, writeOutput } from "../../src/targets/build.ts";
import { sdkTarget } from "../../src/targets/sdk.ts";
import { attachEndpoint, fixtureConnector } from "./fixture-connector.ts";

const crm = await loadConnector("connectors/zoho-crm");

// Inside the package, so that the generated `import ... from "invokekit"` self-resolves.
const workDir = path.resolve("out-test", randomUUID());
const tsc = path.resolve("node_modules", "typescript", "bin", "tsc");

/** Type-checks `files` (relative to workDir) with the project's settings plus --strict. */
async function typeCheck(name: string, files: string[]) {
  const config = path.join(workDir, `tsconfig.${name}.json`);
  await writeFile(config, JSON.stringify({ extends: "../../tsconfig.json", include: files }));
  try {
    await promisify(execFile)(process.execPath, [tsc, "-p", config, "--strict", "--noEmit"], {
      timeout: 60_000,
    });
    return { code: 0, output: "" };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string };
    return { code: failure.code ?? -1, output: failure.stdout ?? "" };
  }
}

// At module level: the crm-lite tests below write into workDir too.
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe("sdk target", () => {
  beforeAll(async () => {
    await mkdir(workDir, { recursive: true });
    await writeOutput(workDir, crm, buildConnector(crm));
  });

  it("the generated client type-checks with its samples and a correct consumer", async () => {
    await writeFile(
      path.join(workDir, "consumer-ok.ts"),
      [
        'import { createZohoCrmClient, type DownloadedFile } from "./zoho-crm/sdk/index.ts";',
        'const client = createZohoCrmClient({ dataCenter: "eu" });',
        'const file: DownloadedFile = await client.files.get({ id: "x" }, { output: "dl/" });',
        "const name: string = file.fileName;",
        'const reply = await client.files.upload({ file: "a.pdf" });',
        'await client.files.upload({ file: ["a.pdf", "b.pdf"], type: "inline" });',
        'if (reply.kind === "json") console.log(reply.body, name);',
        // case-C07: a conditional get may be not-modified; the list reports 304 to onPage.
        "const got = await client.records.get({",
        '  module_api_name: "Leads",',
        '  record_id: "1",',
        '  "If-Modified-Since": new Date(0),',
        "});",
        'const unchanged: boolean = got.kind === "not-modified";',
        "const onPage = (page: number, records: number, status: number) =>",
        "  console.log(page, records, status);",
        'const params = { module_api_name: "Leads", fields: ["Last_Name"] };',
        "for await (const lead of client.records.list(params, { onPage })) {",
        "  console.log(lead.id, unchanged);",
        "}",
        "await client.close();",
        "",
      ].join("\n"),
    );
    const result = await typeCheck("ok", ["consumer-ok.ts", "zoho-crm/sdk/**/*.ts"]);
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });

  it("a call missing a required argument does not compile", async () => {
    await writeFile(
      path.join(workDir, "consumer-bad.ts"),
      [
        'import { createZohoCrmClient } from "./zoho-crm/sdk/index.ts";',
        "const client = createZohoCrmClient();",
        "await client.files.get({});",
        'await client.files.upload({ file: "a.pdf", type: "attachment" });',
        'const kind: "json" | "empty" = (',
        '  await client.records.get({ module_api_name: "Leads", record_id: "1" })',
        ").kind;",
        "",
      ].join("\n"),
    );
    const result = await typeCheck("bad", ["consumer-bad.ts"]);
    expect(result.code).toBe(2);
    expect(result.output).toContain(
      "consumer-bad.ts(3,24): error TS2345: Argument of type '{}' is not assignable to " +
        "parameter of type 'FilesGetParams'.",
    );
    expect(result.output).toContain(
      "consumer-bad.ts(4,44): error TS2322: " +
        `Type '"attachment"' is not assignable to type '"inline"'.`,
    );
    // case-C07: records.get takes If-Modified-Since, so its result may be not-modified.
    expect(result.output).toContain(
      "consumer-bad.ts(5,7): error TS2322: " +
        `Type '"json" | "empty" | "not-modified"' is not assignable to type '"json" | "empty"'.`,
    );
  });

  it("the model is the compiled connector, positions relative to the connectors folder", () => {
    const model = sdkTarget.generate(crm).find((f) => f.path === "sdk/model.json");
    const parsed = JSON.parse(model?.content ?? "");
    const ids = parsed.endpoints.map((e: { id: string }) => e.id);
    expect(ids).toEqual(crm.endpoints.map((e) => e.id));
    expect(ids).toContain("files.upload");
    const filesGet = parsed.endpoints[ids.indexOf("files.get")];
    expect(filesGet.source.file).toBe("zoho-crm/files/get.yaml");
    expect({ ...parsed, endpoints: [] }).toEqual({ ...crm, endpoints: [] });
  });

  it("names derive from ids; several-file parts take a path or an array", () => {
    const index = sdkTarget.generate(fixtureConnector)[0]?.content ?? "";
    expect(index).toContain("export function createFixtureClient(options?: RuntimeOptions)");
    expect(index).toContain("export interface ThingsAttachParams {");
    expect(index).toContain("  readonly file: string | readonly string[];");
    expect(index).toContain('  readonly "X-Trace"?: string;');
    expect(index).toContain("  readonly verbose?: boolean;");
    expect(index).toContain("attach(params: ThingsAttachParams, options?: CallOptions)");
    expect(attachEndpoint.body.kind).toBe("multipart");
  });
});

describe("sdk target on crm-lite (JSON bodies, pages, batches, jobs)", () => {
  const lite = path.join(workDir, "lite");

  beforeAll(async () => {
    const connector = await loadConnector("test/fixtures/connectors/crm-lite");
    await mkdir(lite, { recursive: true });
    await writeOutput(lite, connector, buildConnector(connector));
  });

  it("types bodies from their schemas and each flow's result, and type-checks with --strict", async () => {
    await writeFile(
      path.join(lite, "consumer-ok.ts"),
      [
        'import * as sdk from "./crm-lite/sdk/index.ts";',
        "const client = sdk.createCrmLiteClient();",
        "const records: sdk.RecordsListRecord[] = [];",
        'const list = client.records.list({ module_api_name: "Leads", fields: ["Last_Name"] });',
        "for await (const record of list) records.push(record);",
        "const batch: sdk.BatchResult = await client.records.insert({",
        '  module_api_name: "Leads",',
        '  body: { data: [{ Last_Name: "a", Custom_Field__c: 1 }], trigger: ["workflow"] },',
        "});",
        "const ok: string = batch.results[0]?.status ?? '';",
        "const job: sdk.JobResult = await client.bulkRead.create(",
        '  { body: { query: { module: "Leads" } } },',
        '  { output: "out/", onProgress: (p) => console.log(p.stage) },',
        ");",
        'const status = await client.bulkRead.status({ job_id: "3652397000000624046" });',
        'if (status.kind === "json") console.log(status.body, ok, job.jobId);',
        "await client.close();",
        "",
      ].join("\n"),
    );
    const result = await typeCheck("lite-ok", ["lite/consumer-ok.ts", "lite/crm-lite/sdk/**/*.ts"]);
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });

  it("a body that breaks its schema's required fields or enums does not compile", async () => {
    await writeFile(
      path.join(lite, "consumer-bad.ts"),
      [
        'import { createCrmLiteClient } from "./crm-lite/sdk/index.ts";',
        "const client = createCrmLiteClient();",
        'await client.records.insert({ module_api_name: "L", body: { data: [{ Email: "x" }] } });',
        'await client.records.insert({ module_api_name: "L", body: { data: [], trigger: ["x"] } });',
        'await client.records.insert({ module_api_name: "L" });',
        'await client.records.list({ module_api_name: "L", fields: "a" }).then(() => 1);',
        "",
      ].join("\n"),
    );
    const result = await typeCheck("lite-bad", ["lite/consumer-bad.ts"]);
    expect(result.code).toBe(2);
    const lines = result.output.split("\n").filter((l) => l.includes("error TS"));
    expect(lines.map((l) => l.replace(/:.*$/, "").replace(/^.*\/lite\//, ""))).toEqual([
      "consumer-bad.ts(3,68)",
      "consumer-bad.ts(4,81)",
      "consumer-bad.ts(5,29)",
      "consumer-bad.ts(6,66)",
    ]);
    expect(result.output).toContain("Property 'Last_Name' is missing");
    expect(result.output).toContain(
      `Type '"x"' is not assignable to type '"approval" | "workflow" | "blueprint"'`,
    );
    expect(result.output).toContain("Property 'body' is missing");
    expect(result.output).toContain("Property 'then' does not exist on type 'AsyncIterable<");
  });
});
