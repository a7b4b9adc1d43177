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

  it("case-C16: a third condition without its own parentheses is a SYNTAX_ERROR", async () => {
    const ungrouped = await query(
      "select Last_Name from Leads where Last_Name = 'Acme''s Warehouse' and " +
        "Email is not null and Lead_Source = 'Web' limit 200",
    );
    expect(ungrouped.status).toBe(400);
    expect(ungrouped.json).toEqual(
      zohoError("SYNTAX_ERROR", "error occurred while parsing the query", {
        near: "group more than two conditions pairwise, e.g. ((A and B) and C)",
      }),
    );
    const grouped = await query(
      "select Last_Name from Leads where (Last_Name like 'Haddad%' and Email is not null) " +
        "or (Last_Name = 'Acme''s Warehouse' or Lead_Source = 'Nope') limit 3",
    );
    expect(grouped.json.data.map((r: { id: string }) => r.id)).toEqual([
      leadId(6),
      leadId(7),
      leadId(13),
    ]);
  });

  it("orders by text and by 19-digit ids exactly, and compares with < and >=", async () => {
    const byName = await query(
      "select Last_Name from Leads where Last_Name like 'Haddad%' order by Last_Name desc limit 3",
    );
    expect(byName.json.data).toEqual([
      { Last_Name: "Haddad 98", id: leadId(97) },
      { Last_Name: "Haddad 91", id: leadId(90) },
      { Last_Name: "Haddad 84", id: leadId(83) },
    ]);
    const byId = await query(
      `select Last_Name from Leads where id >= ${leadId(447)} order by id desc limit 5`,
    );
    expect(byId.json.data.map((r: { id: string }) => r.id)).toEqual([
      leadId(449),
      leadId(448),
      leadId(447),
    ]);
    const early = await query(
      "select Created_Time from Leads where Created_Time < '2025-01-01T00:14:00+00:00' " +
        "and id not in (" +
        leadId(0) +
        ") limit 5",
    );
    expect(early.json.data).toEqual([{ Created_Time: "2025-01-01T00:07:00+00:00", id: leadId(1) }]);
  });

  it("answers LIMIT_EXCEEDED for 51 columns, 26 criteria and 51 in values", async () => {
    const columns = Array.from({ length: 51 }, (_, i) => `F${i}`).join(", ");
    const wide = await query(`select ${columns} from Leads limit 1`);
    expect(wide.json).toEqual(
      zohoError("LIMIT_EXCEEDED", "the number of items exceeds the allowed limit", {
        api_name: "select columns",
        limit: 50,
      }),
    );
    // 26 conditions, grouped pairwise as Zoho asks: (((A and A) and A) ... and A).
    let where = "Email is not null";
    for (let i = 1; i < 26; i++) where = `(${where} and Email is not null)`;
    const many = await query(`select Email from Leads where ${where} limit 1`);
    expect(many.json.details).toEqual({ api_name: "criteria", limit: 25 });
    let where25 = "Email is not null";
    for (let i = 1; i < 25; i++) where25 = `(${where25} and Email is not null)`;
    expect((await query(`select Email from Leads where ${where25} limit 1`)).status).toBe(200);
    const values = Array.from({ length: 51 }, (_, i) => `'v${i}'`).join(", ");
    const inList = await query(`select Email from Leads where Email in (${values}) limit 1`);
    expect([inList.status, inList.json.details.near]).toEqual([400, "more than 50 in values"]);
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
