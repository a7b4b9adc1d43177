import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CrmFixture, startCrm, zohoError } from "./crm-helpers.ts";

const leadId = (n: number) => (4876876000000123457n + BigInt(n)).toString();
const contactId = (n: number) => (4876876000000300001n + BigInt(n)).toString();

describe("sandbox records", () => {
  let crm: CrmFixture;
  beforeAll(async () => {
    crm = await startCrm();
  });
  afterAll(() => crm.sandbox.close());

  it("pages 450 Leads on v2 as 200, 200, 50 with exact ids in order and no token", async () => {
    const ids: string[] = [];
    const infos: unknown[] = [];
    for (let page = 1; page <= 3; page++) {
      const reply = await crm.call("GET", `/crm/v2/Leads?fields=Last_Name&page=${page}`);
      expect(reply.status).toBe(200);
      ids.push(...reply.json.data.map((r: { id: string }) => r.id));
      infos.push(reply.json.info);
    }
    expect(infos).toEqual([
      { per_page: 200, count: 200, page: 1, more_records: true },
      { per_page: 200, count: 200, page: 2, more_records: true },
      { per_page: 200, count: 50, page: 3, more_records: false },
    ]);
    expect(ids).toEqual(Array.from({ length: 450 }, (_, i) => leadId(i)));
    expect(new Set(ids).size).toBe(450);
  });

  it("answers 204 with no body past the last page (case C06)", async () => {
    const reply = await crm.call("GET", "/crm/v2/Leads?page=4");
    expect(reply.status).toBe(204);
    expect(reply.bytes.byteLength).toBe(0);
  });

  it("returns only id and the asked fields", async () => {
    const reply = await crm.call("GET", "/crm/v2/Leads?fields=Email,Company&per_page=1");
    expect(reply.json.data).toEqual([
      { id: leadId(0), Email: "person1@example.com", Company: "Company 1" },
    ]);
  });

  it("case-C18 refuses page 11 of 200 with DISCRETE_PAGINATION_LIMIT_EXCEEDED", async () => {
    const last = await crm.call("GET", "/crm/v2/Contacts?fields=Last_Name&page=10");
    expect(last.status).toBe(200);
    expect(last.json.data.at(-1).id).toBe(contactId(1999));
    const wall = await crm.call("GET", "/crm/v2/Contacts?fields=Last_Name&page=11");
    expect(wall.status).toBe(400);
    expect(wall.json).toEqual(
      zohoError(
        "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
        "records past the first 2000 can be fetched only with page_token",
        { limit: 2000 },
      ),
    );
  });

  it("case-C18 continues past 2,000 on v3 with page_token until more_records is false", async () => {
    const ten = await crm.call("GET", "/crm/v3/Contacts?fields=Last_Name&page=10");
    let token: string = ten.json.info.next_page_token;
    const ids: string[] = [];
    for (;;) {
      const reply = await crm.call("GET", `/crm/v3/Contacts?fields=Last_Name&page_token=${token}`);
      expect(reply.status).toBe(200);
      ids.push(...reply.json.data.map((r: { id: string }) => r.id));
      if (!reply.json.info.more_records) break;
      token = reply.json.info.next_page_token;
    }
    expect(ids).toEqual(Array.from({ length: 400 }, (_, i) => contactId(2000 + i)));
  });

  it("refuses page with page_token, an unknown token, 201 per page and 51 fields", async () => {
    const first = await crm.call("GET", "/crm/v3/Leads?fields=Email&per_page=1");
    const token = first.json.info.next_page_token;
    const both = await crm.call("GET", `/crm/v3/Leads?fields=Email&page=2&page_token=${token}`);
    expect([both.status, both.json.code]).toEqual([400, "INVALID_DATA"]);
    const unknown = await crm.call("GET", "/crm/v3/Leads?fields=Email&page_token=nope");
    expect([unknown.status, unknown.json.code]).toEqual([400, "INVALID_DATA"]);
    const wide = await crm.call("GET", "/crm/v2/Leads?per_page=201");
    expect(wide.json).toEqual(
      zohoError("INVALID_DATA", "invalid data", { api_name: "per_page", maximum: 200 }),
    );
    const fields = Array.from({ length: 51 }, (_, i) => `F${i}`).join(",");
    const many = await crm.call("GET", `/crm/v2/Leads?fields=${fields}`);
    expect(many.json).toEqual(
      zohoError("LIMIT_EXCEEDED", "the number of items exceeds the allowed limit", {
        api_name: "fields",
        limit: 50,
      }),
    );
  });

  it("gives page tokens from v2.1 on, and wants fields from v3 on (zoho-facts §9)", async () => {
    const v2 = await crm.call("GET", "/crm/v2/Contacts?per_page=1&page_token=anything");
    expect(v2.json.info).toEqual({ per_page: 1, count: 1, page: 1, more_records: true });
    const v21 = await crm.call("GET", "/crm/v2.1/Contacts?per_page=1");
    expect(typeof v21.json.info.next_page_token).toBe("string");
    const next = await crm.call(
      "GET",
      `/crm/v2.1/Contacts?page_token=${v21.json.info.next_page_token}`,
    );
    expect(next.json.data[0].id).toBe(contactId(1));
    const v3 = await crm.call("GET", "/crm/v3/Contacts?per_page=1");
    expect(v3.json).toEqual(
      zohoError("REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", {
        param: "fields",
      }),
    );
    const v8 = await crm.call("GET", "/crm/v8/Contacts?fields=Email&per_page=1");
    expect(v8.json.data).toEqual([{ id: contactId(0), Email: v8.json.data[0].Email }]);
  });

  it("sorts by id descending", async () => {
    const reply = await crm.call("GET", "/crm/v2/Leads?sort_by=id&sort_order=desc&per_page=2");
    expect(reply.json.data.map((r: { id: string }) => r.id)).toEqual([leadId(449), leadId(448)]);
  });

  it("gets one record, 204 for an unknown id, INVALID_MODULE for an unknown module", async () => {
    const one = await crm.call("GET", `/crm/v2/Leads/${leadId(7)}?fields=Last_Name`);
    expect(one.json).toEqual({ data: [{ id: leadId(7), Last_Name: "Acme's Warehouse" }] });
    const none = await crm.call("GET", "/crm/v2/Leads/4876876000000000000");
    expect([none.status, none.bytes.byteLength]).toEqual([204, 0]);
    const module = await crm.call("GET", "/crm/v2/Leadz");
    expect(module.status).toBe(400);
    expect(module.json).toEqual(
      zohoError("INVALID_MODULE", "the module name given seems to be invalid"),
    );
  });

  it("case-C07: If-Modified-Since keeps later records and answers 304 when none changed", async () => {
    // Seeded Lead n was last modified 7n minutes after 2025-01-01T00:00:00+00:00.
    const list = (since: string) =>
      crm.call("GET", "/crm/v2/Leads?fields=Last_Name", undefined, {
        "If-Modified-Since": since,
      });
    for (const since of ["2025-01-03T04:09:00+00:00", "2025-01-03T09:39:00+05:30"]) {
      const reply = await list(since);
      expect(reply.status).toBe(200);
      expect(reply.json.data.map((r: { id: string }) => r.id)).toEqual([leadId(448), leadId(449)]);
    }
    for (const since of ["2025-01-03T04:23:00+00:00", "Fri, 03 Jan 2025 04:23:00 GMT"]) {
      const reply = await list(since);
      expect(reply.status).toBe(304);
      expect(reply.bytes.byteLength).toBe(0);
    }

    const get = (since: string) =>
      crm.call("GET", `/crm/v2/Leads/${leadId(0)}`, undefined, { "If-Modified-Since": since });
    expect((await get("2025-01-01T00:00:00+00:00")).status).toBe(304);
    const changed = await get("2024-12-31T23:59:59+00:00");
    expect(changed.status).toBe(200);
    expect(changed.json.data[0].id).toBe(leadId(0));

    const bad = await list("yesterday");
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual(
      zohoError("INVALID_DATA", "invalid data", { api_name: "If-Modified-Since" }),
    );
  });

  it("needs ZohoCRM.modules.READ", async () => {
    const narrow = await startCrm(["ZohoCRM.Files.READ"]);
    try {
      const reply = await narrow.call("GET", "/crm/v2/Leads");
      expect([reply.status, reply.json.code]).toEqual([401, "OAUTH_SCOPE_MISMATCH"]);
    } finally {
      await narrow.sandbox.close();
    }
  });
});
