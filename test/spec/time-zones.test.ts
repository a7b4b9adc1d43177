/**
 * Case C17 in the spec: `tz` on date/datetime parameters and `x-tz` on date/date-time body
 * strings are IANA zones checked with Intl when the spec is validated, with located errors.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { formatDiagnostic, validateConnector } from "../../src/spec/index.ts";

const connectorYaml = `name: zones
title: Zones
base_path: /crm/v2
auth: { type: oauth2, header_prefix: Zoho-oauthtoken, token_path: /oauth/v2/token }
scope_format: { services: [ZohoCRM], operations: [ALL, READ, CREATE] }
data_centers:
  us: { label: United States, api: https://www.zohoapis.com, accounts: https://accounts.zoho.com }
deluge: { connection: crm_zones }
`;

function endpointYaml(parameters: string, properties: string): string {
  return `id: deals.insert
title: Insert Deals
purpose: Add deals.
method: POST
path: /Deals
scopes: [{ name: ZohoCRM.modules.CREATE, description: Create records. }]
parameters:
${parameters}
body:
  json:
    schema:
      type: object
      properties:
${properties}
response: json
`;
}

const temps: string[] = [];

async function validate(parameters: string, properties: string) {
  const root = await mkdtemp(path.join(os.tmpdir(), "ik-zones-"));
  temps.push(root);
  const dir = path.join(root, "zones");
  await mkdir(path.join(dir, "deals"), { recursive: true });
  await writeFile(path.join(dir, "connector.yaml"), connectorYaml);
  await writeFile(path.join(dir, "deals", "insert.yaml"), endpointYaml(parameters, properties));
  const result = await validateConnector(dir);
  const file = path.join(dir, "deals", "insert.yaml");
  return {
    result,
    lines: result.diagnostics.map((d) => formatDiagnostic(d).replace(file, "insert.yaml")),
  };
}

afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("case-C17 time zones in specs", () => {
  it("compiles tz into Parameter.timeZone and keeps x-tz in the body schema", async () => {
    const { result } = await validate(
      "  Closing_Time: { in: query, type: datetime, tz: America/New_York, description: A. }",
      "        Closing_Date: { type: string, format: date, x-tz: Asia/Kolkata }",
    );
    expect(result.diagnostics).toEqual([]);
    const insert = result.connector?.endpoints[0];
    expect(insert?.parameters[0]?.timeZone).toBe("America/New_York");
    const schema = insert?.body.kind === "json" ? insert.body.schema : undefined;
    expect(schema?.properties?.Closing_Date?.["x-tz"]).toBe("Asia/Kolkata");
  });

  it("locates an unknown zone, tz on a text parameter, x-tz without a date format", async () => {
    const { lines } = await validate(
      [
        "  Closing_Time: { in: query, type: datetime, tz: Mars/Olympus_Mons, description: A. }",
        "  Stage: { in: query, type: string, tz: UTC, description: B. }",
      ].join("\n"),
      [
        "        Closing_Date: { type: string, format: date, x-tz: Asia/Kolkatta }",
        "        Note: { type: string, x-tz: UTC }",
      ].join("\n"),
    );
    expect(lines).toEqual([
      'insert.yaml:8:50  parameters.Closing_Time.tz "Mars/Olympus_Mons" is not a time zone ' +
        "known to the Intl API; write an IANA name such as America/New_York, Asia/Kolkata or UTC",
      "insert.yaml:9:41  parameters.Stage has tz, but only date and datetime parameters take " +
        "a time zone; remove tz or change the type",
      'insert.yaml:15:59  body.json.schema.properties.Closing_Date.x-tz "Asia/Kolkatta" is not ' +
        "a time zone known to the Intl API; write an IANA name such as America/New_York, " +
        "Asia/Kolkata or UTC",
      "insert.yaml:16:37  body.json.schema.properties.Note has x-tz, but only a string with " +
        "format: date or format: date-time takes a time zone; add the format or remove x-tz",
    ]);
  });

  it("refuses a zone that is not name-shaped through the schema, with its hint", async () => {
    const { lines } = await validate(
      "  Closing_Time: { in: query, type: datetime, tz: '+05:30', description: A. }",
      "        Closing_Date: { type: string, format: date }",
    );
    expect(lines, lines.join("\n")).toHaveLength(1);
    expect(lines[0]).toMatch(/^insert\.yaml:8:50 .*write an IANA time zone name, e\.g\. /);
  });
});
