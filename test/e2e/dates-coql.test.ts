import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LoggedRequest } from "../../src/sandbox/index.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { loadConnector } from "../../src/spec/index.ts";
import { type GeneratedSdk, importGeneratedSdk } from "./generated-sdk.ts";

const looseRecord = `          items:
            type: object
            additionalProperties: true`;
const datedRecord = `          items:
            type: object
            additionalProperties: true
            properties:
              Closing_Time: { type: string, format: date-time, x-tz: America/New_York }
              Closing_Date: { type: string, format: date, x-tz: Asia/Kolkata }`;

let sandbox: Sandbox;
let specDir = "";
let generated: GeneratedSdk | undefined;
// biome-ignore lint/suspicious/noExplicitAny: the generated module is imported at run time.
let sdk: any;
// biome-ignore lint/suspicious/noExplicitAny: the generated client is imported at run time.
const clients: any[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ logBodies: true });
  specDir = await mkdtemp(path.join(tmpdir(), "ik-dates-e2e-"));
  const connectorDir = path.join(specDir, "zoho-crm");
  await cp("connectors/zoho-crm", connectorDir, { recursive: true });
  const insert = path.join(connectorDir, "records", "insert.yaml");
  const text = await readFile(insert, "utf8");
  if (!text.includes(looseRecord)) throw new Error("records/insert.yaml changed its items");
  await writeFile(insert, text.replace(looseRecord, datedRecord));
  const crm = await loadConnector(connectorDir);
  generated = await importGeneratedSdk(crm);
  sdk = generated.sdk;
});

afterAll(async () => {
  for (const client of clients) await client.close();
  await sandbox?.close();
  await rm(specDir, { recursive: true, force: true });
  await generated?.remove();
});

function client(options: object = {}) {
  const created = sdk.createZohoCrmClient({
    baseUrl: sandbox.url,
    credentials: sandbox.credentials,
    ...options,
  });
  clients.push(created);
  return created;
}

/** The last API request (not a token request) the sandbox received. */
function lastApiRequest(): LoggedRequest {
  const entry = sandbox.log.filter((e) => e.path.startsWith("/crm/")).at(-1);
  if (!entry) throw new Error("no API request logged");
  return entry;
}

describe("case-C17 through the generated SDK", () => {
  it("sends body Dates in Zoho's form with each field's zone", async () => {
    const reply = await client().records.insert({
      module_api_name: "Deals",
      body: {
        data: [
          {
            Deal_Name: "C17",
            Closing_Time: new Date("2024-03-10T13:30:00Z"),
            Closing_Date: new Date("2024-03-09T18:30:00.000Z"),
          },
        ],
      },
    });
    expect(reply.results.map((r: { status: string }) => r.status)).toEqual(["success"]);
    const sent = lastApiRequest();
    expect([sent.method, sent.path, sent.headers["content-type"]]).toEqual([
      "POST",
      "/crm/v2/Deals",
      "application/json",
    ]);
    expect(sent.body?.toString("utf8")).toBe(
      '{"data":[{"Deal_Name":"C17","Closing_Time":"2024-03-10T09:30:00-04:00",' +
        '"Closing_Date":"2024-03-10"}]}',
    );
  });

  it("writes zone-less Dates in the client's timeZone, else UTC", async () => {
    const moment = new Date("2024-03-10T13:30:00.250Z");
    await client({ timeZone: "Asia/Kolkata" })
      .records.get({
        module_api_name: "Leads",
        record_id: "4876876000000123457",
        "If-Modified-Since": moment,
      })
      .catch(() => undefined);
    expect(lastApiRequest().headers["if-modified-since"]).toBe("2024-03-10T19:00:00+05:30");

    await client().records.insert({
      module_api_name: "Deals",
      body: { data: [{ Deal_Name: "UTC", Follow_Up: moment }] },
    });
    expect(lastApiRequest().body?.toString("utf8")).toBe(
      '{"data":[{"Deal_Name":"UTC","Follow_Up":"2024-03-10T13:30:00+00:00"}]}',
    );
  });
});

describe("case-C16 through the generated SDK", () => {
  it("sends buildCoqlQuery's text as a JSON body, the case's exact bytes", async () => {
    const selectQuery = sdk.buildCoqlQuery({
      select: ["Last_Name", "External"],
      from: "Contacts",
      where: [
        { field: "Last_Name", op: "=", value: "Acme's Warehouse" },
        { field: "Email", op: "is not null" },
        { field: "Lead_Source", op: "=", value: "Web" },
      ],
      limit: 200,
    });
    const reply = await client().coql.query({ body: { select_query: selectQuery } });
    expect(reply.status).toBe(204);
    const sent = lastApiRequest();
    expect([sent.method, sent.path, sent.query, sent.headers["content-type"]]).toEqual([
      "POST",
      "/crm/v2/coql",
      {},
      "application/json",
    ]);
    expect(sent.body?.toString("utf8")).toBe(
      `{"select_query":"select Last_Name, 'External' from Contacts where ((Last_Name = ` +
        `'Acme''s Warehouse' and Email is not null) and Lead_Source = 'Web') limit 200"}`,
    );
  });

  it('JSON-escapes a " in a value once, and the sandbox finds the record', async () => {
    const leads = client();
    await leads.records.insert({
      module_api_name: "Leads",
      body: { data: [{ Last_Name: 'The "Quoted" Co\'s' }] },
    });
    const selectQuery = sdk.buildCoqlQuery({
      select: ["Last_Name"],
      from: "Leads",
      where: { field: "Last_Name", op: "=", value: 'The "Quoted" Co\'s' },
    });
    const reply = await leads.coql.query({ body: { select_query: selectQuery } });
    expect(lastApiRequest().body?.toString("utf8")).toBe(
      `{"select_query":"select Last_Name from Leads where Last_Name = 'The \\"Quoted\\" Co''s'"}`,
    );
    expect(reply.body.data.map((row: { Last_Name: string }) => row.Last_Name)).toEqual([
      'The "Quoted" Co\'s',
    ]);
  });
});
