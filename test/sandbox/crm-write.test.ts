import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CrmFixture, startCrm, zohoError } from "./crm-helpers.ts";

const leadId = (n: number) => (4876876000000123457n + BigInt(n)).toString();
const admin = { name: "Sandbox Admin", id: "4876876000000000101" };
const time = "2026-01-01T00:00:00+00:00";

describe("sandbox record writes and search", () => {
  let crm: CrmFixture;
  beforeAll(async () => {
    crm = await startCrm();
  });
  afterAll(() => crm.sandbox.close());

  it("inserts records with one outcome each, in order, 207 when one fails", async () => {
    const reply = await crm.call("POST", "/crm/v2/Deals", {
      data: [{ Deal_Name: "First" }, { Stage: "Won" }, { Deal_Name: "Third", Email: "x" }],
      trigger: ["workflow"],
    });
    expect(reply.status).toBe(207);
    expect(reply.json.data).toEqual([
      {
        code: "SUCCESS",
        details: {
          Modified_Time: time,
          Modified_By: admin,
          Created_Time: time,
          Created_By: admin,
          id: "4876876000000900001",
        },
        message: "record added",
        status: "success",
      },
      {
        code: "MANDATORY_NOT_FOUND",
        details: { api_name: "Deal_Name" },
        message: "required field not found",
        status: "error",
      },
      {
        code: "INVALID_DATA",
        details: { expected_data_type: "email", api_name: "Email" },
        message: "invalid data",
        status: "error",
      },
    ]);
    const stored = await crm.call("GET", "/crm/v2/Deals?fields=Deal_Name");
    expect(stored.json.data).toEqual([{ id: "4876876000000900001", Deal_Name: "First" }]);
  });

  it("answers 201 when every record is created, and refuses 101 records", async () => {
    const ok = await crm.call("POST", "/crm/v2/Accounts", { data: [{ Account_Name: "Z" }] });
    expect(ok.status).toBe(201);
    const data = Array.from({ length: 101 }, (_, i) => ({ Account_Name: `A${i}` }));
    const tooMany = await crm.call("POST", "/crm/v2/Accounts", { data });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json).toEqual(
      zohoError("LIMIT_EXCEEDED", "the number of items exceeds the allowed limit", {
        api_name: "data",
        limit: 100,
      }),
    );
    const notJson = await crm.call("POST", "/crm/v2/Accounts", "not json");
    expect([notJson.status, notJson.json.code]).toEqual([400, "INVALID_DATA"]);
    const badTrigger = await crm.call("POST", "/crm/v2/Accounts", {
      data: [{ Account_Name: "B" }],
      trigger: ["everything"],
    });
    expect(badTrigger.json).toEqual(
      zohoError("INVALID_DATA", "invalid data", { api_name: "trigger" }),
    );
  });

  it("updates by id and reports an unknown id per record", async () => {
    const reply = await crm.call("PUT", "/crm/v2/Leads", {
      data: [
        { id: leadId(1), Phone: "+1 555 0199" },
        { id: "4876876000000000000", Phone: "1" },
      ],
    });
    expect(reply.status).toBe(207);
    expect(reply.json.data.map((d: { status: string }) => d.status)).toEqual(["success", "error"]);
    const lead = await crm.call("GET", `/crm/v2/Leads/${leadId(1)}?fields=Phone`);
    expect(lead.json.data).toEqual([{ id: leadId(1), Phone: "+1 555 0199" }]);
  });

  it("upserts: a matching Email updates, another inserts", async () => {
    const reply = await crm.call("POST", "/crm/v2/Contacts/upsert", {
      data: [
        { Last_Name: "Haddad", Email: "person2@example.com" },
        { Last_Name: "New", Email: "new@example.com" },
      ],
      duplicate_check_fields: ["Email"],
    });
    expect(reply.status).toBe(200);
    expect(
      reply.json.data.map((d: { action: string; details: { id: string } }) => [
        d.action,
        d.details.id,
      ]),
    ).toEqual([
      ["update", "4876876000000300002"],
      ["insert", expect.stringMatching(/^48768760000009\d{5}$/)],
    ]);
  });

  it("deletes by ids, then the record is gone; refuses no ids and 101 ids", async () => {
    const reply = await crm.call("DELETE", `/crm/v2/Leads?ids=${leadId(400)},4876876000000000000`);
    expect(reply.status).toBe(207);
    expect(reply.json.data[0]).toEqual({
      code: "SUCCESS",
      details: { id: leadId(400) },
      message: "record deleted",
      status: "success",
    });
    expect((await crm.call("GET", `/crm/v2/Leads/${leadId(400)}`)).status).toBe(204);
    const none = await crm.call("DELETE", "/crm/v2/Leads");
    expect(none.json).toEqual(
      zohoError("REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", {
        param: "ids",
      }),
    );
    const ids = Array.from({ length: 101 }, (_, i) => leadId(i)).join(",");
    expect((await crm.call("DELETE", `/crm/v2/Leads?ids=${ids}`)).json.code).toBe("LIMIT_EXCEEDED");
  });

  it("searches with criteria, email and word; 204 when nothing matches (case C06)", async () => {
    const criteria = encodeURIComponent(
      "((Last_Name:starts_with:boyle)and(Lead_Source:equals:Web))",
    );
    const reply = await crm.call(
      "GET",
      `/crm/v2/Leads/search?criteria=${criteria}&fields=Last_Name`,
    );
    expect(reply.status).toBe(200);
    // Boyle is every 7th lead and Web every 4th: indexes 0, 28, 56, ...
    expect(reply.json.data.slice(0, 3)).toEqual([
      { id: leadId(0), Last_Name: "Boyle 1" },
      { id: leadId(28), Last_Name: "Boyle 29" },
      { id: leadId(56), Last_Name: "Boyle 57" },
    ]);
    const email = await crm.call(
      "GET",
      "/crm/v2/Leads/search?email=PERSON3@example.com&fields=Email",
    );
    expect(email.json.data).toEqual([{ id: leadId(2), Email: "person3@example.com" }]);
    const word = await crm.call(
      "GET",
      `/crm/v2/Leads/search?word=${encodeURIComponent("acme's")}&fields=Last_Name`,
    );
    expect(word.json.data).toEqual([{ id: leadId(7), Last_Name: "Acme's Warehouse" }]);
    const none = await crm.call("GET", "/crm/v2/Leads/search?email=nobody@example.com");
    expect([none.status, none.bytes.byteLength]).toEqual([204, 0]);
  });

  it("refuses a search without a condition or with malformed criteria", async () => {
    const missing = await crm.call("GET", "/crm/v2/Leads/search");
    expect(missing.json).toEqual(
      zohoError("REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", {
        param: "criteria",
      }),
    );
    const bad = await crm.call("GET", "/crm/v2/Leads/search?criteria=Last_Name:equals:x");
    expect([bad.status, bad.json.code]).toEqual([400, "INVALID_QUERY"]);
  });

  it("search needs ZohoSearch.securesearch.READ besides the module scope", async () => {
    const narrow = await startCrm(["ZohoCRM.modules.ALL"]);
    try {
      const reply = await narrow.call("GET", "/crm/v2/Leads/search?word=x");
      expect([reply.status, reply.json.code]).toEqual([401, "OAUTH_SCOPE_MISMATCH"]);
    } finally {
      await narrow.sandbox.close();
    }
  });
});
