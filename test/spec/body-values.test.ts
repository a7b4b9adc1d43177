/**
 * Case C21 in JSON bodies: unquoted `Yes`, `NO`, `01`, `0123`, `1e3`, `0x1F` and a 19-digit id
 * in an example body keep their exact source text where the body schema says string (with a
 * warning to quote them), reach the request the runtime sends as that text, and are errors
 * with fitting advice where the schema says number or says nothing.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { planRequest } from "../../src/plan/request.ts";
import { formatDiagnostic, validateConnector } from "../../src/spec/index.ts";
import { type Connector, findEndpoint } from "../../src/spec/model.ts";
import { apiRequests, sendJson, startLoopbackRuntime, tokenThen } from "../runtime/loopback.ts";

const temps: string[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** The fixture connector plus `fundings/insert.yaml` with `body` as the example body. */
async function withFundings(properties: string[], body: string[]): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), "ik-body-values-"));
  temps.push(root);
  const dir = path.join(root, "zoho-crm");
  await cp("test/fixtures/spec/zoho-crm", dir, { recursive: true });
  await mkdir(path.join(dir, "fundings"));
  const lines = [
    "id: fundings.insert",
    "title: Insert Fundings",
    "purpose: Create funding records.",
    "method: POST",
    "path: /Fundings",
    "scopes:",
    "  - name: ZohoCRM.modules.Fundings.CREATE",
    "    description: Create fundings.",
    "body:",
    "  json:",
    "    schema:",
    "      type: object",
    "      properties:",
    "        data:",
    "          type: array",
    "          items:",
    "            type: object",
    "            additionalProperties: true",
    "            properties:",
    ...properties.map((line) => `              ${line}`),
    "response: json",
    "examples:",
    "  - name: C21 values",
    "    body:",
    "      data:",
    ...body.map((line, i) => `        ${i === 0 ? "- " : "  "}${line}`),
  ];
  await writeFile(path.join(dir, "fundings", "insert.yaml"), `${lines.join("\n")}\n`);
  return dir;
}

const textFields = [
  'Merchant_Accepted: { type: string, enum: ["Yes", "No"] }',
  "Country: { type: string }",
  "Position: { type: string, enum: [01, 02] }",
  "Zip_Code: { type: string, examples: [0123] }",
  "Ref_Code: { type: string }",
  "Hex_Tag: { type: string }",
  "Record_Id: { type: string }",
];
const c21Body = [
  "Merchant_Accepted: Yes",
  "Country: NO",
  "Position: 01",
  "Zip_Code: 0123",
  "Ref_Code: 1e3",
  "Hex_Tag: 0x1F",
  "Record_Id: 4876876000000123457",
];
const exactBody =
  '{"data":[{"Merchant_Accepted":"Yes","Country":"NO","Position":"01","Zip_Code":"0123",' +
  '"Ref_Code":"1e3","Hex_Tag":"0x1F","Record_Id":"4876876000000123457"}]}';

describe("case-C21: ambiguous scalars in body values", () => {
  it("case-C21: text where the body schema says string, with one warning each", async () => {
    const dir = await withFundings(textFields, c21Body);
    const result = await validateConnector(dir);
    const file = `${dir}/fundings/insert.yaml`;
    const quote = "write it in quotes to say so";
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      `${file}:22:48  warning: body.json.schema.properties.data.items.properties.Position.enum.0: ` +
        `unquoted 01 is kept as the text "01" (a leading zero is dropped when read as a ` +
        `number); ${quote}`,
      `${file}:22:52  warning: body.json.schema.properties.data.items.properties.Position.enum.1: ` +
        `unquoted 02 is kept as the text "02" (a leading zero is dropped when read as a ` +
        `number); ${quote}`,
      `${file}:23:52  warning: body.json.schema.properties.data.items.properties.Zip_Code.` +
        `examples.0: unquoted 0123 is kept as the text "0123" (a leading zero is dropped when ` +
        `read as a number); ${quote}`,
      `${file}:32:30  warning: examples.0.body.data.0.Merchant_Accepted: unquoted Yes is kept ` +
        `as the text "Yes", but YAML 1.1 tools read it as a boolean; ${quote}`,
      `${file}:33:20  warning: examples.0.body.data.0.Country: unquoted NO is kept as the text ` +
        `"NO", but YAML 1.1 tools read it as a boolean; ${quote}`,
      `${file}:34:21  warning: examples.0.body.data.0.Position: unquoted 01 is kept as the ` +
        `text "01" (a leading zero is dropped when read as a number); ${quote}`,
      `${file}:35:21  warning: examples.0.body.data.0.Zip_Code: unquoted 0123 is kept as the ` +
        `text "0123" (a leading zero is dropped when read as a number); ${quote}`,
      `${file}:36:21  warning: examples.0.body.data.0.Ref_Code: unquoted 1e3 is kept as the ` +
        `text "1e3" (it is read as a number in exponent notation); ${quote}`,
      `${file}:37:20  warning: examples.0.body.data.0.Hex_Tag: unquoted 0x1F is kept as the ` +
        `text "0x1F" (it is read as a hexadecimal or octal number); ${quote}`,
      `${file}:38:22  warning: examples.0.body.data.0.Record_Id: unquoted 4876876000000123457 ` +
        `is kept as the text "4876876000000123457" (it exceeds 2^53 and loses digits when ` +
        `read as a number); ${quote}`,
    ]);

    const connector = result.connector as Connector;
    const endpoint = findEndpoint(connector, "fundings.insert");
    if (endpoint?.body.kind !== "json") throw new Error("fundings.insert has no JSON body");
    const item = endpoint.body.schema.properties?.data?.items?.properties;
    expect(item?.Position?.enum).toEqual(["01", "02"]);
    expect(item?.Zip_Code?.examples).toEqual(["0123"]);
    const body = endpoint.examples[0]?.body;
    const apiDomain = "https://www.zohoapis.com";
    expect(planRequest(connector, endpoint, { body }, { apiDomain }).body?.text).toBe(exactBody);

    // And the runtime sends exactly those bytes.
    const { server, runtime } = await startLoopbackRuntime(
      tokenThen("token-1", (_request, res) => sendJson(res, 201, { data: [] })),
      connector,
    );
    closers.push(() => runtime.close(), server.close);
    await runtime.call("fundings.insert", { body });
    expect(apiRequests(server).map((r) => [r.path, r.body.toString("utf8")])).toEqual([
      ["/crm/v2/Fundings", exactBody],
    ]);
  });

  it("case-C21: an error with fitting advice where the schema says number or nothing", async () => {
    const fields = ["Amount: { type: number }", "Count: { type: integer }"];
    const body = ["Amount: 0123", "Count: 4876876000000123457", "Custom_Code: 0x1F"];
    const dir = await withFundings(fields, body);
    const file = `${dir}/fundings/insert.yaml`;
    const lines = (await validateConnector(dir)).diagnostics.map(formatDiagnostic);
    expect(lines).toEqual([
      `${file}:27:19  examples.0.body.data.0.Amount: 0123 is ambiguous (a leading zero is ` +
        "dropped when read as a number); the body schema wants a number here: write it in " +
        "plain decimal digits (123), or type the field string if it is text",
      `${file}:28:18  examples.0.body.data.0.Count: 4876876000000123457 is ambiguous (it ` +
        "exceeds 2^53 and loses digits when read as a number); the body schema wants a number " +
        "here, and no number holds it exactly: if it is an id or a code, type the field " +
        "string and quote the value",
      `${file}:29:24  examples.0.body.data.0.Custom_Code: 0x1F is ambiguous (it is read as a ` +
        "hexadecimal or octal number); the body schema gives no type here: quote it if it is " +
        "text, or write it in plain decimal digits (31)",
    ]);
  });

  it("case-C21: a property whose name holds / or ~ keeps its text too", async () => {
    const fields = ['"a/b~c": { type: string, enum: [01] }'];
    const dir = await withFundings(fields, ['"a/b~c": 01']);
    const result = await validateConnector(dir);
    const pointer = "body.json.schema.properties.data.items.properties.a/b~c.enum.0";
    expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      `20:47 ${pointer}: unquoted 01 is kept as the text "01" (a leading zero is dropped when ` +
        "read as a number); write it in quotes to say so",
      '26:20 examples.0.body.data.0.a/b~c: unquoted 01 is kept as the text "01" (a leading ' +
        "zero is dropped when read as a number); write it in quotes to say so",
    ]);
    const endpoint = findEndpoint(result.connector as Connector, "fundings.insert");
    if (endpoint?.body.kind !== "json") throw new Error("fundings.insert has no JSON body");
    const item = endpoint.body.schema.properties?.data?.items?.properties;
    expect(item?.["a/b~c"]?.enum).toEqual(["01"]);
    expect(endpoint.examples[0]?.body).toEqual({ data: [{ "a/b~c": "01" }] });
  });
});
