/**
 * Extra 2xx replies of an operation: a 204 without content is no loss (every endpoint reads
 * 204 as an empty result, case C06), so it becomes a note for admins, not a "left out" line;
 * any other extra 2xx is still reported as left out.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { importOpenApi } from "../../src/openapi/index.ts";

let dir = "";
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Imports one GET operation whose responses are `responses`. */
async function importWith(responses: Record<string, unknown>) {
  dir ||= await mkdtemp(path.join(os.tmpdir(), "ik-openapi-replies-"));
  const file = path.join(dir, `api-${Object.keys(responses).join("-")}.json`);
  const document = {
    openapi: "3.1.0",
    info: { title: "Replies", version: "1" },
    servers: [{ url: "https://api.example.com/v1" }],
    paths: {
      "/things": {
        get: { operationId: "things.list", responses, security: [{ o: ["Svc.things.READ"] }] },
      },
    },
    components: {
      securitySchemes: {
        o: {
          type: "oauth2",
          flows: { clientCredentials: { tokenUrl: "https://auth.example.com/t", scopes: {} } },
        },
      },
    },
  };
  await writeFile(file, JSON.stringify(document));
  const result = await importOpenApi(file, { name: "replies" });
  return { endpoint: result.endpoints[0], notes: result.summary.operations[0]?.notes };
}

const json = {
  description: "ok",
  content: { "application/json": { schema: { type: "object" } } },
};

describe("extra success replies", () => {
  it("a 204 without content is noted for admins and not reported as left out", async () => {
    const { endpoint, notes } = await importWith({ "200": json, "204": { description: "none" } });
    expect(endpoint?.response).toBe("json");
    expect(endpoint?.notes).toEqual([
      "It may also answer 204 with no body, when there is nothing to return.",
    ]);
    expect(notes).toEqual([]);
  });

  it("a 202 besides the 200 is still reported as left out", async () => {
    const { endpoint, notes } = await importWith({ "200": json, "202": json });
    expect(endpoint?.notes).toBe(undefined);
    expect(notes).toEqual(["success response 202 left out: 200 is the endpoint's reply"]);
  });

  it("a 204 that names content is reported as left out", async () => {
    const { notes } = await importWith({ "200": json, "204": json });
    expect(notes).toEqual(["success response 204 left out: 200 is the endpoint's reply"]);
  });

  it("codes one level down, per item of a list, become errors that say so", async () => {
    const error = (code: string) => ({
      type: "object",
      properties: { code: { type: "string", enum: [code] }, message: { type: "string" } },
    });
    const wrapper = {
      type: "object",
      properties: {
        fields: { type: "array", items: { oneOf: [error("MANDATORY_NOT_FOUND"), error("X")] } },
        info: { type: "object" },
      },
    };
    const { endpoint, notes } = await importWith({
      "200": json,
      "400": {
        description: "bad",
        content: { "application/json": { schema: { oneOf: [wrapper, { type: "object" }] } } },
      },
    });
    const perItem = "It is reported for each item of `fields` it concerns.";
    expect(endpoint?.errors).toEqual([
      {
        code: "MANDATORY_NOT_FOUND",
        status: 400,
        message: "mandatory not found",
        resolution: `The OpenAPI document gives no resolution for MANDATORY_NOT_FOUND. ${perItem}`,
      },
      {
        code: "X",
        status: 400,
        message: "x",
        resolution: `The OpenAPI document gives no resolution for X. ${perItem}`,
      },
    ]);
    expect(notes).toEqual(["error schema 1 (400) left out: it names no code"]);
  });

  it("a reply schema keeps int32 and int64 formats, with no note", async () => {
    const counted = {
      type: "object",
      properties: {
        count: { type: "integer", format: "int32" },
        size: { type: "integer", format: "int64" },
        ratio: { type: "number", format: "float" },
      },
    };
    const { endpoint, notes } = await importWith({
      "200": { description: "ok", content: { "application/json": { schema: counted } } },
    });
    expect(endpoint?.response_schema).toEqual({
      type: "object",
      properties: {
        count: { type: "integer", format: "int32" },
        size: { type: "integer", format: "int64" },
        ratio: { type: "number" },
      },
    });
    expect(notes).toEqual(["schema keyword format: float not carried over (1x)"]);
  });
});
