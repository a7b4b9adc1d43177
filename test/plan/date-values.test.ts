/**
 * Case C17 at the plan: Date arguments are written in Zoho's form with the field's zone, the
 * caller's zone, or UTC; a date-only field with no zone anywhere is refused.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArgumentError } from "../../src/errors.ts";
import { planRequest, resolveDateArguments } from "../../src/plan/request.ts";
import { loadConnector } from "../../src/spec/index.ts";
import { type Connector, findEndpoint } from "../../src/spec/model.ts";
import { problemsOf } from "./problems.ts";

const apiDomain = "https://www.zohoapis.com";

const connectorYaml = `name: dates
title: Dates
base_path: /crm/v2
auth: { type: oauth2, header_prefix: Zoho-oauthtoken, token_path: /oauth/v2/token }
scope_format: { services: [ZohoCRM], operations: [ALL, READ, CREATE] }
data_centers:
  us: { label: United States, api: https://www.zohoapis.com, accounts: https://accounts.zoho.com }
deluge: { connection: crm_dates }
`;

const insertYaml = `id: deals.insert
title: Insert Deals
purpose: Add deals.
method: POST
path: /Deals
scopes: [{ name: ZohoCRM.modules.CREATE, description: Create records. }]
parameters:
  Closing_Time: { in: query, type: datetime, tz: America/New_York, description: A moment. }
  Closing_Date: { in: query, type: date, tz: Asia/Kolkata, description: A day. }
  Visit_Time: { in: query, type: datetime, description: A moment in no named zone. }
  Visit_Date: { in: query, type: date, description: A day in no named zone. }
  Stage: { in: query, type: string, description: Text. }
body:
  json:
    schema:
      type: object
      properties:
        data:
          type: array
          items:
            type: object
            properties:
              Closing_Time: { type: string, format: date-time, x-tz: America/New_York }
              Closing_Date: { type: string, format: date, x-tz: Asia/Kolkata }
              Visit_Date: { type: string, format: date }
response: json
`;

let root = "";
let connector: Connector;

function endpoint() {
  const found = findEndpoint(connector, "deals.insert");
  if (!found) throw new Error("deals.insert missing");
  return found;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "ik-dates-"));
  const dir = path.join(root, "dates");
  await mkdir(path.join(dir, "deals"), { recursive: true });
  await writeFile(path.join(dir, "connector.yaml"), connectorYaml);
  await writeFile(path.join(dir, "deals", "insert.yaml"), insertYaml);
  connector = await loadConnector(dir);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

// The case's two instants: 09:30 in New York (DST began that morning) and local midnight of
// 2024-03-10 in Kolkata, which is still 2024-03-09 in UTC.
const closingTime = new Date("2024-03-10T13:30:00Z");
const kolkataMidnight = new Date("2024-03-09T18:30:00.000Z");

describe("case-C17 Date arguments", () => {
  it("writes body Dates with each field's zone: no milliseconds, no Z, no shifted day", () => {
    const plan = planRequest(
      connector,
      endpoint(),
      { body: { data: [{ Closing_Time: closingTime, Closing_Date: kolkataMidnight }] } },
      { apiDomain },
    );
    expect(plan.body?.text).toBe(
      '{"data":[{"Closing_Time":"2024-03-10T09:30:00-04:00","Closing_Date":"2024-03-10"}]}',
    );
  });

  it("writes query Dates with the parameter's tz, the offset's + as %2B", () => {
    const plan = planRequest(
      connector,
      endpoint(),
      { params: { Closing_Time: closingTime, Visit_Time: closingTime }, body: {} },
      { apiDomain, timeZone: "Asia/Kolkata" },
    );
    expect(plan.url).toBe(
      `${apiDomain}/crm/v2/Deals?Closing_Time=2024-03-10T09%3A30%3A00-04%3A00` +
        "&Visit_Time=2024-03-10T19%3A00%3A00%2B05%3A30",
    );
    expect(plan.query).toEqual([
      ["Closing_Time", "2024-03-10T09:30:00-04:00"],
      ["Visit_Time", "2024-03-10T19:00:00+05:30"],
    ]);
  });

  it("falls back to the caller's zone, then to UTC (+00:00) for date-times", () => {
    const utc = planRequest(
      connector,
      endpoint(),
      { params: { Visit_Time: new Date("2024-03-10T13:30:00.987Z") }, body: {} },
      { apiDomain },
    );
    expect(utc.query).toEqual([["Visit_Time", "2024-03-10T13:30:00+00:00"]]);
    const zoned = resolveDateArguments(
      connector,
      "deals.insert",
      {
        params: { Visit_Date: kolkataMidnight },
        body: { data: [{ Visit_Date: kolkataMidnight }] },
      },
      "Asia/Kolkata",
    );
    expect(zoned).toEqual({
      params: { Visit_Date: "2024-03-10" },
      body: { data: [{ Visit_Date: "2024-03-10" }] },
    });
  });

  it("refuses a Date for a date-only field with no zone anywhere, naming the field and fix", () => {
    const problems = problemsOf(
      () =>
        planRequest(
          connector,
          endpoint(),
          {
            params: { Visit_Date: kolkataMidnight },
            body: { data: [{ Visit_Date: kolkataMidnight }] },
          },
          { apiDomain },
        ),
      ArgumentError,
    );
    expect(problems).toEqual([
      'parameter "Visit_Date" is a date-only field given a Date, and no time zone says which ' +
        "day that instant falls on; set tz on the field in the spec, pass the runtime option " +
        'timeZone (e.g. "Asia/Kolkata"), or pass the date as text yyyy-MM-dd',
      "body.data.0.Visit_Date is a date-only field given a Date, and no time zone says which " +
        "day that instant falls on; set x-tz on the field in the spec, pass the runtime option " +
        'timeZone (e.g. "Asia/Kolkata"), or pass the date as text yyyy-MM-dd',
    ]);
  });

  it("refuses an Invalid Date, a Date for a text parameter, a bad zone and Z-form text", () => {
    const problems = problemsOf(
      () =>
        planRequest(
          connector,
          endpoint(),
          {
            params: { Visit_Time: new Date("nonsense"), Stage: closingTime },
            body: { data: [{ Closing_Time: "2024-03-10T13:30:00.000Z" }] },
          },
          { apiDomain },
        ),
      ArgumentError,
    );
    expect(problems).toEqual([
      'parameter "Visit_Time" is an Invalid Date',
      'parameter "Stage" is a string parameter; a Date fits only date and datetime ' +
        "parameters: pass text",
      "body.data.0.Closing_Time must be a date-time written yyyy-MM-ddTHH:mm:ss+HH:mm " +
        '(or a Date), got "2024-03-10T13:30:00.000Z"',
    ]);
    expect(
      problemsOf(
        () =>
          resolveDateArguments(
            connector,
            "deals.insert",
            { params: { Visit_Date: closingTime } },
            "Mars/Olympus_Mons",
          ),
        ArgumentError,
      ),
    ).toEqual([
      'the timeZone option "Mars/Olympus_Mons" is not a time zone known to the Intl API; ' +
        "write an IANA name such as America/New_York, Asia/Kolkata or UTC",
    ]);
  });

  it("leaves bodies without Dates as the very same objects", () => {
    const body = { data: [{ Closing_Date: "2024-03-10" }] };
    const resolved = resolveDateArguments(connector, "deals.insert", { body });
    expect(resolved.body).toBe(body);
  });
});
