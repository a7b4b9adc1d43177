import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importOpenApi, OpenApiError } from "../../src/openapi/index.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "ik-openapi-structure-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Json = Record<string, unknown>;

/** A valid document of OpenAPI `version` with one operation; `change` edits a copy. */
function documentOf(version: string, change: (document: Json & { op: Json }) => void = () => {}) {
  const op: Json = {
    operationId: "things.list",
    responses: { "200": { description: "ok" } },
    security: [{ o: ["Svc.things.READ"] }],
  };
  const document = {
    openapi: version,
    info: { title: "Shape", version: "1" },
    servers: [{ url: "https://api.example.com/v1" }],
    paths: { "/things": { get: op } },
    components: {
      securitySchemes: {
        o: {
          type: "oauth2",
          flows: {
            clientCredentials: { tokenUrl: "https://auth.example.com/token", scopes: {} },
          },
        },
      },
    },
  };
  change(Object.assign(document, { op }));
  const { op: _, ...rest } = document as Json;
  return rest;
}

/** The problems (code, pointer, message, line) of importing `text` as file `name`. */
async function problemsOf(name: string, text: string) {
  const file = path.join(dir, name);
  await writeFile(file, text);
  const error = await importOpenApi(file, { name: "shape" }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OpenApiError);
  return (error as OpenApiError).problems.map((p) => ({
    code: p.code,
    pointer: p.pointer,
    message: p.message,
    ...(p.line !== undefined ? { line: p.line, column: p.column } : {}),
  }));
}

const PARAMETER = "/paths/~1things/get/parameters/0";

describe("documents checked against the OpenAPI JSON Schemas", () => {
  it("3.1 and 3.0: a missing info.version is named with the schema's version", async () => {
    for (const version of ["3.1.0", "3.0.3"]) {
      const document = documentOf(version, (d) => {
        d.info = { title: "Shape" };
      });
      expect(await problemsOf(`no-version-${version}.json`, JSON.stringify(document))).toEqual([
        {
          code: "IK_OPENAPI_INVALID",
          pointer: "/info",
          message: `must have required property 'version' (OpenAPI ${version} schema)`,
        },
      ]);
    }
  });

  it("3.0: a body parameter gives the schema's first five complaints, in its order", async () => {
    const document = documentOf("3.0.3", (d) => {
      d.op.parameters = [{ name: "x", in: "body" }];
    });
    const messages = [
      "must have required property 'schema'",
      "must have required property 'content'",
      "must match exactly one schema in oneOf",
      "must have required property '$ref'",
      "must match exactly one schema in oneOf",
    ];
    expect(await problemsOf("body-30.json", JSON.stringify(document))).toEqual(
      messages.map((m) => ({
        code: "IK_OPENAPI_INVALID",
        pointer: PARAMETER,
        message: `${m} (OpenAPI 3.0.3 schema)`,
      })),
    );
  });

  it("3.1 YAML: the complaints are located by line and column", async () => {
    const text = [
      "openapi: 3.1.0",
      "info: {title: Shape, version: '1'}",
      "servers: [{url: 'https://api.example.com/v1'}]",
      "paths:",
      "  /things:",
      "    get:",
      "      operationId: things.list",
      "      parameters:",
      "        - name: x",
      "          in: body",
      "      responses:",
      "        '200': {description: ok}",
      "",
    ].join("\n");
    expect(await problemsOf("bad-31.yaml", text)).toEqual(
      [
        "must have required property 'schema'",
        "must have required property 'content'",
        "must match exactly one schema in oneOf",
        'must match "else" schema',
      ].map((m) => ({
        code: "IK_OPENAPI_INVALID",
        pointer: PARAMETER,
        message: `${m} (OpenAPI 3.1.0 schema)`,
        line: 9,
        column: 11,
      })),
    );
  });

  it("a reference the JSON Schema cannot judge is left to the importer's resolver", async () => {
    const document = documentOf("3.1.0", (d) => {
      d.op.responses = { "200": { $ref: "#/components/responses/Missing" } };
    });
    expect(await problemsOf("dangling.json", JSON.stringify(document))).toEqual([
      {
        code: "IK_OPENAPI_REF_UNRESOLVED",
        pointer: "/paths/~1things/get/responses/200/$ref",
        message:
          "reference #/components/responses/Missing names nothing: dangling.json has no " +
          "/components/responses/Missing",
      },
    ]);
  });
});
