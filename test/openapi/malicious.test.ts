import { once } from "node:events";
import { mkdir, mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importOpenApi, OpenApiError } from "../../src/openapi/index.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "ik-openapi-bad-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A minimal valid document whose one operation's 200 reply schema is `schema`. */
function documentWith(schema: unknown, components: Record<string, unknown> = {}) {
  return {
    openapi: "3.1.0",
    info: { title: "Evil", version: "1" },
    servers: [{ url: "https://api.example.com/v1" }],
    paths: {
      "/things": {
        get: {
          operationId: "things.list",
          responses: {
            "200": { description: "ok", content: { "application/json": { schema } } },
          },
          security: [{ o: ["Svc.things.READ"] }],
        },
      },
    },
    components: {
      schemas: components,
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
}

async function importError(name: string, document: unknown, text?: string) {
  const folder = path.join(dir, name);
  await mkdir(folder, { recursive: true });
  const file = path.join(folder, text ? "api.yaml" : "api.json");
  await writeFile(file, text ?? JSON.stringify(document));
  const error = await importOpenApi(file, { name: "evil" }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OpenApiError);
  return error as OpenApiError;
}

describe("malicious documents", () => {
  it("a $ref to a loopback URL is refused, located, and nothing connects", async () => {
    let connections = 0;
    const server = createServer((_, res) => res.end("{}"));
    server.on("connection", () => connections++);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    try {
      for (const url of [`http://127.0.0.1:${port}/x#/a`, "http://127.0.0.1:9/evil#/a"]) {
        const error = await importError(`loopback-${connections}`, documentWith({ $ref: url }));
        expect(error.problems).toEqual([
          expect.objectContaining({
            code: "IK_OPENAPI_REF_REFUSED",
            pointer: "/paths/~1things/get/responses/200/content/application~1json/schema/$ref",
          }),
        ]);
        expect(error.problems[0]?.file).toMatch(/api\.json$/);
      }
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
  });

  it("file:///etc/passwd and paths leaving the folder are refused", async () => {
    for (const ref of ["file:///etc/passwd#/x", "../../../../etc/passwd#/x", "/etc/passwd"]) {
      const error = await importError("files", documentWith({ $ref: ref }));
      expect(error.code).toBe("IK_OPENAPI_REF_REFUSED");
      expect(error.message).toContain(ref.split("#")[0]);
    }
  });

  it("an unresolvable reference in YAML is located by line and column", async () => {
    const yaml = [
      "openapi: 3.0.3",
      "info: { title: Evil, version: '1' }",
      "servers: [{ url: 'https://api.example.com/v1' }]",
      "paths:",
      "  /things:",
      "    get:",
      "      responses:",
      "        '200':",
      "          description: ok",
      "          content:",
      "            application/json:",
      "              schema: { $ref: '#/components/schemas/Missing' }",
      "",
    ].join("\n");
    const error = await importError("yaml", undefined, yaml);
    expect(error.problems[0]).toMatchObject({
      code: "IK_OPENAPI_REF_UNRESOLVED",
      line: 12,
      column: 31,
    });
  });

  it("a self-containing schema is expanded to a bound, with a note", async () => {
    const folder = path.join(dir, "cycle");
    await mkdir(folder, { recursive: true });
    const node = {
      type: "object",
      properties: { name: { type: "string" }, child: { $ref: "#/components/schemas/Node" } },
    };
    const file = path.join(folder, "api.json");
    await writeFile(
      file,
      JSON.stringify(documentWith({ $ref: "#/components/schemas/Node" }, { Node: node })),
    );
    const result = await importOpenApi(file, { name: "cycle" });
    const schema = result.endpoints[0]?.response_schema;
    expect(schema).toEqual({
      type: "object",
      properties: {
        name: { type: "string" },
        child: { type: "object", description: "Node, nested further (cut: it contains itself)" },
      },
    });
    expect(result.summary.operations[0]?.notes).toContain(
      "schema Node contains itself; expanded 1 levels, then cut",
    );
  });

  it("a reference loop ($ref to $ref to itself) fails instead of hanging", async () => {
    const error = await importError(
      "loop",
      documentWith(
        { $ref: "#/components/schemas/A" },
        {
          A: { $ref: "#/components/schemas/B" },
          B: { $ref: "#/components/schemas/A" },
        },
      ),
    );
    expect(error.code).toBe("IK_OPENAPI_REF_CYCLE");
  });

  it("a 50 MB document is refused before it is read", async () => {
    const folder = path.join(dir, "big");
    await mkdir(folder, { recursive: true });
    const file = path.join(folder, "api.json");
    await writeFile(file, "");
    await truncate(file, 50 * 1024 * 1024);
    const error = await importOpenApi(file, { name: "big" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenApiError);
    expect((error as OpenApiError).code).toBe("IK_OPENAPI_TOO_LARGE");
  });

  it("a folder without documents says so, and names a subfolder that has some", async () => {
    const folder = path.join(dir, "parent");
    await mkdir(path.join(folder, "notes"), { recursive: true });
    await mkdir(path.join(folder, "v8.0"), { recursive: true });
    await writeFile(path.join(folder, "README.md"), "# not a document\n");
    const none = "no OpenAPI document (.json, .yaml or .yml with an `openapi` key) in this folder";
    const empty = await importOpenApi(folder, { name: "p" }).catch((e: unknown) => e);
    expect((empty as OpenApiError).message).toBe(`${folder}#: IK_OPENAPI_INPUT ${none}`);
    await writeFile(path.join(folder, "v8.0", "api.json"), JSON.stringify(documentWith({})));
    const hinted = await importOpenApi(folder, { name: "p" }).catch((e: unknown) => e);
    expect((hinted as OpenApiError).message).toBe(
      `${folder}#: IK_OPENAPI_INPUT ${none}; its subfolder v8.0/ has such files: ` +
        `import ${path.join(folder, "v8.0")}`,
    );
  });
});
