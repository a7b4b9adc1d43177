import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportOpenApi, importOpenApi, writeImport } from "../../src/openapi/index.ts";
import { connectorFolders, loadConnector } from "../../src/spec/index.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "ik-openapi-rt-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const shipped = [...(await connectorFolders("connectors")), "test/fixtures/connectors/crm-lite"];

describe("export openapi", () => {
  it("covers every shipped connector and the crm-lite fixture", () => {
    expect(shipped).toContain("connectors/zoho-crm");
    expect(shipped).toContain("test/fixtures/connectors/crm-lite");
  });

  it.each(shipped)("%s: OpenAPI 3.1 that the validator accepts", async (folder) => {
    const document = exportOpenApi(await loadConnector(folder));
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document) as never);
    expect(result).toEqual({ valid: true });
    expect(validator.version).toBe("3.1");
  });

  it("writes files.get with its scope, parameter and errors per status", async () => {
    const document = exportOpenApi(await loadConnector("connectors/zoho-crm")) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
      servers: { url: string }[];
    };
    const get = document.paths["/files"]?.get ?? {};
    expect(get.operationId).toBe("files.get");
    expect(get.security).toEqual([{ oauth2: ["ZohoCRM.Files.READ"] }]);
    expect(get.parameters).toEqual([
      expect.objectContaining({ name: "id", in: "query", required: true }),
    ]);
    const responses = get.responses as Record<string, { content?: unknown }>;
    expect(Object.keys(responses)).toEqual(["200", "400", "401", "403", "404", "429", "500"]);
    expect(document.servers[1]?.url).toBe("https://www.zohoapis.eu/crm/v2");
  });
});

describe("round trip export -> import -> export", () => {
  it.each(shipped)("%s gives an equal document", async (folder) => {
    const connector = await loadConnector(folder);
    const first = exportOpenApi(connector);
    const file = path.join(dir, `${connector.name}.json`);
    await writeFile(file, JSON.stringify(first));
    const result = await importOpenApi(file, { name: connector.name });
    const out = path.join(dir, "out", connector.name);
    await mkdir(path.dirname(out), { recursive: true });
    await writeImport(result, out, { replace: true });
    const second = exportOpenApi(await loadConnector(out));
    expect(second).toEqual(first);
    expect(result.summary.problems).toEqual([]);
  });

  it("zoho-crm keeps each endpoint's concurrency and expected_max_bytes (x-invokekit)", async () => {
    const connector = await loadConnector("connectors/zoho-crm");
    const document = exportOpenApi(connector) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    expect(document.paths["/coql"]?.post?.["x-invokekit"]).toMatchObject({ concurrency: 10 });
    const download = document.paths["/{module_api_name}/{record_id}/Attachments/{attachment_id}"];
    expect(download?.get?.["x-invokekit"]).toMatchObject({ expected_max_bytes: 104857600 });
    const file = path.join(dir, "zoho-crm-limits.json");
    await writeFile(file, JSON.stringify(document));
    const result = await importOpenApi(file, { name: "zoho-crm" });
    const out = path.join(dir, "limits", "zoho-crm");
    await writeImport(result, out, { replace: true });
    const back = await loadConnector(out);
    const limits = (c: typeof connector) =>
      c.endpoints
        .filter((e) => e.concurrency !== undefined || e.expectedMaxBytes !== undefined)
        .map((e) => [e.id, e.concurrency, e.expectedMaxBytes]);
    expect(limits(back)).toEqual([
      ["attachments.download", undefined, 104857600],
      ["bulk_read.result", undefined, 104857600],
      ["coql.query", 10, undefined],
    ]);
    expect(limits(back)).toEqual(limits(connector));
  });

  it("the YAML form round-trips too, and keeps crm-lite's job, batch and pagination", async () => {
    const { stringify } = await import("yaml");
    const first = exportOpenApi(await loadConnector("test/fixtures/connectors/crm-lite"));
    const file = path.join(dir, "crm-lite.yaml");
    await writeFile(file, stringify(first));
    const result = await importOpenApi(file, { name: "crm-lite" });
    const insert = result.endpoints.find((e) => e.id === "records.insert");
    expect(insert?.batch).toEqual({ field: "data", max_items: 100 });
    const create = result.endpoints.find((e) => e.id === "bulk_read.create");
    expect(create?.job?.status).toBe("bulk_read.status");
    const list = result.endpoints.find((e) => e.id === "records.list");
    expect(list?.parameters?.fields).toEqual({
      in: "query",
      type: "list",
      required: true,
      description: "Fields to return.",
      max_items: 50,
    });
    expect(list?.parameters?.modified_since?.type).toBe("datetime");
    // Time zones of dates (case C17) ride in x-tz, on parameters and on body fields alike.
    expect(list?.parameters?.modified_since?.tz).toBe("Asia/Kolkata");
    const item = JSON.stringify(insert?.body);
    expect(item).toContain(
      '"Closing_Time":{"type":"string","format":"date-time","x-tz":"America/New_York"}',
    );
  });
});
