import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CrmFixture, startCrm, zohoError } from "./crm-helpers.ts";

const leadId = (n: number) => (4876876000000123457n + BigInt(n)).toString();

describe("sandbox COQL", () => {
  let crm: CrmFixture;
  beforeAll(async () => {
    crm = await startCrm();
  });
  afterAll(() => crm.sandbox.close());

  const query = (select_query: string) => crm.call("POST", "/crm/v2/coql", { select_query });

  it("case-C16 matches a value with a doubled apostrophe", async () => {
    const reply = await query(
      "select Last_Name, Email from Leads where ((Last_Name = 'Acme''s Warehouse' and " +
        "Email is not null) and Lead_Source = 'Web') limit 200",
    );
    // Lead 8's Lead_Source is "Partner", so the third condition removes it; without it the
    // lead matches.
    expect(reply.status).toBe(204);
    const two = await query(
      "select Last_Name, Email from Leads " +
        "where Last_Name = 'Acme''s Warehouse' and Email is not null",
    );
    expect(two.status).toBe(200);
    expect(two.json).toEqual({
      data: [{ Last_Name: "Acme's Warehouse", Email: "person8@example.com", id: leadId(7) }],
      info: { count: 1, more_records: false },
    });
  });

  it("walks limit and offset, and reads is null", async () => {
    const reply = await query("select Email from Leads where Email is null limit 2 offset 1");
    expect(reply.json).toEqual({
      data: [
        { Email: null, id: leadId(19) },
        { Email: null, id: leadId(29) },
      ],
      info: { count: 2, more_records: true },
    });
    const inList = await query(
      "select Last_Name from Leads where Last_Name in ('Boyle 1', 'Costa 2') " +
        "or Last_Name like 'Haddad 7%' limit 5",
    );
    expect(inList.json.data.map((r: { id: string }) => r.id)).toEqual([
      leadId(0),
      leadId(1),
      leadId(6),
      leadId(69),
      leadId(76),
    ]);
  });

  it("answers SYNTAX_ERROR, INVALID_QUERY, LIMIT_EXCEEDED and a missing select_query", async () => {
    const syntax = await query("select Last_Name from Leads where Last_Name = 'open");
    expect([syntax.status, syntax.json.code]).toEqual([400, "SYNTAX_ERROR"]);
    const unquoted = await query("select Last_Name from Leads where Last_Name = 'a' 'b'");
    expect(unquoted.json.code).toBe("SYNTAX_ERROR");
    const module = await query("select Last_Name from Nope limit 1");
    expect(module.json).toEqual(
      zohoError("INVALID_QUERY", "invalid query formed", {
        reason: "invalid module",
        module: "Nope",
      }),
    );
    const limit = await query("select Last_Name from Leads limit 201");
    expect([limit.status, limit.json.code]).toEqual([400, "LIMIT_EXCEEDED"]);
    const missing = await crm.call("POST", "/crm/v2/coql", { query: "x" });
    expect(missing.json).toEqual(
      zohoError("REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", {
        param: "select_query",
      }),
    );
  });

  it("needs ZohoCRM.coql.READ", async () => {
    const narrow = await startCrm(["ZohoCRM.modules.ALL"]);
    try {
      const reply = await narrow.call("POST", "/crm/v2/coql", {
        select_query: "select id from Leads",
      });
      expect([reply.status, reply.json.code]).toEqual([401, "OAUTH_SCOPE_MISMATCH"]);
    } finally {
      await narrow.sandbox.close();
    }
  });
});
