/**
 * Case C16: COQL written from structured input (`buildCoqlQuery`) and the text rules it shares
 * with the Deluge target (`coql-text.ts`).
 */
import { describe, expect, it } from "vitest";
import { coqlName, coqlText, splitCoqlQuery } from "../../src/plan/coql-text.ts";
import { buildCoqlQuery, CoqlQueryError } from "../../src/runtime/coql.ts";
import { problemsOf } from "./problems.ts";

describe("case-C16 buildCoqlQuery", () => {
  it("quotes a reserved column, doubles a quote and groups three conditions pairwise", () => {
    expect(
      buildCoqlQuery({
        select: ["Last_Name", "External"],
        from: "Contacts",
        where: [
          { field: "Last_Name", op: "=", value: "Acme's Warehouse" },
          { field: "Email", op: "is not null" },
          { field: "Lead_Source", op: "=", value: "Web" },
        ],
        limit: 200,
      }),
    ).toBe(
      "select Last_Name, 'External' from Contacts where ((Last_Name = 'Acme''s Warehouse' and " +
        "Email is not null) and Lead_Source = 'Web') limit 200",
    );
  });

  it("writes numbers bare, Dates in Zoho form, nested groups, in and between", () => {
    expect(
      buildCoqlQuery({
        select: ["Deal_Name"],
        from: "Deals",
        where: {
          and: [
            { field: "Amount", op: ">=", value: 1500.5 },
            { field: "Closed", op: "=", value: false },
            { or: [{ field: "Stage", op: "in", value: ["Won", "Can't say"] }] },
            {
              or: [
                { field: "Created_Time", op: ">", value: new Date("2024-03-10T13:30:00Z") },
                { field: "Amount", op: "between", value: [1, 2] },
                { field: "Description", op: "is null" },
              ],
            },
          ],
        },
        offset: 400,
        timeZone: "America/New_York",
      }),
    ).toBe(
      "select Deal_Name from Deals where (((Amount >= 1500.5 and Closed = false) and " +
        "Stage in ('Won', 'Can''t say')) and ((Created_Time > '2024-03-10T09:30:00-04:00' or " +
        "Amount between 1 and 2) or Description is null)) limit 200 offset 400",
    );
    expect(buildCoqlQuery({ select: ["id"], from: "Leads", where: [] })).toBe(
      "select id from Leads",
    );
  });

  it("lists every problem of the input at once", () => {
    expect(
      problemsOf(
        () =>
          buildCoqlQuery({
            select: ["Last Name"],
            from: "Leads; drop",
            where: [
              { field: "Stage", op: "in", value: [] },
              { field: "Amount", op: "=", value: Number.NaN },
              { or: [] },
            ],
            limit: 0,
            timeZone: "Nowhere/Land",
          }),
        CoqlQueryError,
      ),
    ).toEqual([
      'timeZone "Nowhere/Land" is not a time zone known to the Intl API',
      'select: "Last Name" is not a field API name (letters, digits, _, .)',
      'from "Leads; drop" is not a module API name (letters, digits, _)',
      "Stage in () needs at least one value",
      "Amount is compared with NaN",
      'an "or" group holds no condition',
      "limit must be a whole number from 1, got 0",
    ]);
  });
});

describe("COQL text rules", () => {
  it("doubles quotes in text and quotes reserved names, whatever their case", () => {
    expect(coqlText(`It's "quoted"`)).toBe(`'It''s "quoted"'`);
    expect([coqlName("External"), coqlName("date"), coqlName("Last_Name")]).toEqual([
      "'External'",
      "'date'",
      "Last_Name",
    ]);
  });

  it("splits a query into text and the values after where, each with its column", () => {
    expect(
      splitCoqlQuery(
        "select 'External' from Contacts where (Name = 'Acme''s' and Stage in ('a', 'b')) " +
          "or Amount between '1' and '2' limit 5",
      ),
    ).toEqual([
      { kind: "text", text: "select 'External' from Contacts where (Name = " },
      { kind: "value", value: "Acme's", field: "Name" },
      { kind: "text", text: " and Stage in (" },
      { kind: "value", value: "a", field: "Stage" },
      { kind: "text", text: ", " },
      { kind: "value", value: "b", field: "Stage" },
      { kind: "text", text: ")) or Amount between " },
      { kind: "value", value: "1", field: "Amount" },
      { kind: "text", text: " and " },
      { kind: "value", value: "2", field: "Amount" },
      { kind: "text", text: " limit 5" },
    ]);
    expect(splitCoqlQuery("select a from B where C = 'open")).toBeUndefined();
  });
});
