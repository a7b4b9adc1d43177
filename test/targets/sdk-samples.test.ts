/**
 * SDK samples for endpoints without examples: the values `sampleArguments` makes up for
 * required parameters and JSON bodies fit the schema (AJV), pass `planRequest`, and the
 * generated samples type-check with tsc --strict.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planRequest } from "../../src/plan/request.ts";
import { bodyProblems } from "../../src/spec/body-schema.ts";
import type { Connector, Endpoint, JsonSchema } from "../../src/spec/model.ts";
import { writeOutput } from "../../src/targets/build.ts";
import { minimalBody, sampleArguments } from "../../src/targets/sample-arguments.ts";
import { renderSdkSample, sdkTarget } from "../../src/targets/sdk.ts";
import { fixtureConnector } from "./fixture-connector.ts";

// Enums, nested required objects, arrays with minItems, formats, bounds, a type list, and
// schema examples (one that fits, one that does not).
const orderSchema: JsonSchema = {
  type: "object",
  required: ["data", "mode", "trigger"],
  properties: {
    mode: { type: "string", enum: ["draft", "final"] },
    trigger: { type: "array", minItems: 2, items: { type: "string", enum: ["workflow", "x"] } },
    note: { type: "string" },
    data: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["Due_Date", "Placed_At", "Quantity", "Price", "Paid", "Customer", "Tags"],
        properties: {
          Due_Date: { type: "string", format: "date" },
          Placed_At: { type: "string", format: "date-time" },
          Quantity: { type: "integer", minimum: 2.5 },
          Price: { type: "number", maximum: -1.5 },
          Paid: { type: "boolean" },
          Priority: { type: "integer", enum: [3, 1] },
          Tags: { type: "array", items: { type: "string" } },
          Customer: {
            type: "object",
            additionalProperties: false,
            required: ["Email", "Code", "Level", "Site", "Region", "Nick"],
            properties: {
              Email: { type: "string", format: "email" },
              Code: { type: "string", minLength: 3 },
              Level: { type: ["null", "integer"] },
              Site: { type: "string", format: "uri" },
              Region: { type: "string", examples: ["EMEA"] },
              Nick: { type: "string", maxLength: 2, examples: ["too long"] },
            },
          },
        },
      },
    },
  },
};

const expectedBody = {
  data: [
    {
      Due_Date: "2025-01-31",
      Placed_At: "2025-01-31T09:00:00+05:30",
      Quantity: 3,
      Price: -1.5,
      Paid: false,
      Customer: {
        Email: "someone@example.com",
        Code: "xxx",
        Level: 0,
        Site: "https://example.com/",
        Region: "EMEA",
        Nick: "",
      },
      Tags: [],
    },
  ],
  mode: "draft",
  trigger: ["workflow", "workflow"],
};

const scope = { name: "Fixture.orders.CREATE", group: "Fixture.orders", operation: "CREATE" };
const placeEndpoint: Endpoint = {
  id: "orders.place",
  resource: "orders",
  action: "place",
  title: "Place",
  purpose: "Place an order.",
  method: "POST",
  path: "/orders/{kind}",
  scopes: [{ ...scope, description: "Create" }],
  parameters: [
    { name: "kind", in: "path", type: "string", required: true, description: "Kind.", enum: ["a"] },
    { name: "count", in: "query", type: "integer", required: true, description: "Count." },
    { name: "ratio", in: "query", type: "number", required: true, description: "Ratio." },
    { name: "dry", in: "query", type: "boolean", required: true, description: "Dry run." },
    { name: "on", in: "query", type: "date", required: true, description: "Day." },
    { name: "since", in: "query", type: "datetime", required: true, description: "Since." },
    { name: "fields", in: "query", type: "list", required: true, description: "Fields." },
    { name: "note", in: "query", type: "string", required: false, description: "Note." },
  ],
  body: { kind: "json", schema: orderSchema },
  response: "json",
  idempotent: false,
  credits: 1,
  errors: [],
  examples: [],
  notes: [],
  source: { file: "connectors/fixture/orders/place.yaml", line: 1, column: 1 },
};
// The same endpoint with an example body (which wins over the schema), and with a silent schema.
const exampleBody = { ...expectedBody, mode: "final", trigger: ["x", "workflow", "x"] };
const quoteEndpoint: Endpoint = {
  ...placeEndpoint,
  id: "orders.quote",
  action: "quote",
  examples: [{ name: "one", params: { kind: "a" }, files: {}, body: exampleBody }],
};
const pingEndpoint: Endpoint = {
  ...placeEndpoint,
  id: "orders.ping",
  action: "ping",
  parameters: [],
  body: { kind: "json", schema: {} },
};
const connector: Connector = {
  ...fixtureConnector,
  endpoints: [pingEndpoint, placeEndpoint, quoteEndpoint],
};

describe("made-up sample values", () => {
  it("fill a body with enums, nested required objects, minItems and formats, and fit it", () => {
    expect(minimalBody(orderSchema)).toEqual(expectedBody);
    expect(bodyProblems(orderSchema, expectedBody)).toEqual([]);
    expect(minimalBody({})).toEqual({});
    expect(minimalBody({ type: "array", items: { enum: [7] }, minItems: 1 })).toEqual([7]);
  });

  it("give required parameters a value of their type, and planRequest accepts them", () => {
    const args = sampleArguments(placeEndpoint);
    const params = Object.fromEntries(args.params.map((a) => [a.parameter.name, a.value]));
    expect(params).toEqual({
      kind: "a",
      count: "0",
      ratio: "0",
      dry: "false",
      on: "2025-01-31",
      since: "2025-01-31T09:00:00+05:30",
      fields: "",
    });
    expect(args.body).toEqual(expectedBody);
    const planned = planRequest(
      connector,
      placeEndpoint,
      { params, body: args.body },
      { apiDomain: "https://api.example.test" },
    );
    expect(planned.url).toBe(
      "https://api.example.test/api/v1/orders/a?count=0&ratio=0&dry=false&on=2025-01-31" +
        "&since=2025-01-31T09%3A00%3A00%2B05%3A30&fields=",
    );
  });

  it("prefer the example body, and write {} for a schema that says nothing", () => {
    expect(sampleArguments(quoteEndpoint).body).toEqual(exampleBody);
    expect(sampleArguments(pingEndpoint).body).toEqual({});
  });

  it("appear in the SDK sample with their types", () => {
    const sample = renderSdkSample(connector, placeEndpoint);
    expect(sample).toContain(
      [
        "  const reply = await client.orders.place({",
        '    kind: "a",',
        '    count: "0",',
        '    ratio: "0",',
        "    dry: false,",
        '    on: "2025-01-31",',
        '    since: "2025-01-31T09:00:00+05:30",',
        '    fields: "",',
        "    body: {",
        "      data: [",
        "        {",
        '          Due_Date: "2025-01-31",',
      ].join("\n"),
    );
  });
});

describe("samples made of made-up values", () => {
  const workDir = path.resolve("out-test", randomUUID());
  beforeAll(async () => {
    await mkdir(workDir, { recursive: true });
    await writeOutput(workDir, connector, sdkTarget.generate(connector));
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it("type-check with tsc --strict", async () => {
    const config = path.join(workDir, "tsconfig.json");
    await writeFile(
      config,
      JSON.stringify({ extends: "../../tsconfig.json", include: ["fixture/sdk/**/*.ts"] }),
    );
    const tsc = path.resolve("node_modules", "typescript", "bin", "tsc");
    const run = await promisify(execFile)(
      process.execPath,
      [tsc, "-p", config, "--strict", "--noEmit"],
      { timeout: 60_000 },
    ).then(
      () => ({ code: 0, stdout: "" }),
      (error: { code?: number; stdout?: string }) => ({
        code: error.code ?? -1,
        stdout: error.stdout ?? "",
      }),
    );
    expect(run.stdout).toBe("");
    expect(run.code).toBe(0);
  }, 90_000);
});
