import { crc32 } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CrmFixture, startCrm, zohoError } from "./crm-helpers.ts";

/** The single stored entry of a ZIP archive, read from its local header, CRC checked. */
function onlyZipEntry(zip: Buffer): { name: string; text: string } {
  expect(zip.readUInt32LE(0)).toBe(0x04034b50);
  expect(zip.readUInt16LE(8)).toBe(0); // stored
  const size = zip.readUInt32LE(18);
  const nameLength = zip.readUInt16LE(26);
  const name = zip.subarray(30, 30 + nameLength).toString("utf8");
  const data = zip.subarray(30 + nameLength, 30 + nameLength + size);
  expect(crc32(data)).toBe(zip.readUInt32LE(14));
  const end = zip.subarray(zip.length - 22);
  expect([end.readUInt32LE(0), end.readUInt16LE(10)]).toEqual([0x06054b50, 1]);
  return { name, text: data.toString("utf8") };
}

describe("sandbox bulk read, users and org", () => {
  let crm: CrmFixture;
  beforeAll(async () => {
    crm = await startCrm();
  });
  afterAll(() => crm.sandbox.close());

  it("a job goes ADDED, IN PROGRESS, COMPLETED over three polls, then yields a ZIP", async () => {
    const created = await crm.call("POST", "/crm/bulk/v2/read", {
      query: {
        module: "Leads",
        fields: ["Last_Name", "Email"],
        criteria: { api_name: "Last_Name", comparator: "equal", value: "Acme's Warehouse" },
      },
    });
    expect(created.status).toBe(201);
    const id: string = created.json.data[0].details.id;
    expect(created.json.data[0]).toMatchObject({ code: "ADDED_SUCCESSFULLY", status: "success" });
    expect(created.json.data[0].details.state).toBe("ADDED");

    const early = await crm.call("GET", `/crm/bulk/v2/read/${id}/result`);
    expect(early.json).toEqual(zohoError("INVALID_REQUEST", "the job has not completed yet"));

    const states: string[] = [];
    let last: { result?: unknown } = {};
    for (let poll = 0; poll < 4; poll++) {
      const status = await crm.call("GET", `/crm/bulk/v2/read/${id}`);
      expect(status.status).toBe(200);
      states.push(status.json.data[0].state);
      last = status.json.data[0];
    }
    expect(states).toEqual(["ADDED", "IN PROGRESS", "COMPLETED", "COMPLETED"]);
    expect(last.result).toEqual({
      page: 1,
      count: 1,
      download_url: `/crm/bulk/v2/read/${id}/result`,
      per_page: 200000,
      more_records: false,
    });

    const result = await crm.call("GET", `/crm/bulk/v2/read/${id}/result`);
    expect(result.status).toBe(200);
    expect(result.headers["content-type"]).toBe("application/zip");
    expect(onlyZipEntry(result.bytes)).toEqual({
      name: `${id}.csv`,
      text: "Id,Last_Name,Email\r\n4876876000000123464,Acme's Warehouse,person8@example.com\r\n",
    });
  });

  it("the seeded job is complete with all 450 Leads; unknown jobs are 404", async () => {
    const result = await crm.call("GET", "/crm/bulk/v2/read/4876876000000700001/result");
    const lines = onlyZipEntry(result.bytes).text.trimEnd().split("\r\n");
    expect(lines.length).toBe(451);
    expect(lines[1]).toBe("4876876000000123457,Boyle 1,person1@example.com");
    const unknown = await crm.call("GET", "/crm/bulk/v2/read/4876876000000000000");
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual(
      zohoError("RESOURCE_NOT_FOUND", "the requested resource doesn't exist"),
    );
    const badModule = await crm.call("POST", "/crm/bulk/v2/read", { query: { module: "Nope" } });
    expect(badModule.json).toEqual(
      zohoError("INVALID_DATA", "invalid data", { api_name: "module" }),
    );
  });

  it("lists users by type under `users`, gets one, 204 for an unknown id", async () => {
    const all = await crm.call("GET", "/crm/v2/users");
    expect(all.json.users.map((u: { id: string }) => u.id)).toEqual([
      "4876876000000000101",
      "4876876000000000102",
      "4876876000000000103",
    ]);
    expect(all.json.info).toEqual({ per_page: 200, count: 3, page: 1, more_records: false });
    const admins = await crm.call("GET", "/crm/v2/users?type=AdminUsers");
    expect(admins.json.users.map((u: { full_name: string }) => u.full_name)).toEqual([
      "Sandbox Admin",
    ]);
    const deleted = await crm.call("GET", "/crm/v2/users?type=DeletedUsers");
    expect(deleted.status).toBe(204);
    const bad = await crm.call("GET", "/crm/v2/users?type=Everyone");
    expect(bad.json).toEqual(zohoError("INVALID_DATA", "invalid data", { api_name: "type" }));
    const one = await crm.call("GET", "/crm/v2/users/4876876000000000102");
    expect(one.json.users[0].email).toBe("mira@sandbox.example.com");
    expect((await crm.call("GET", "/crm/v2/users/4876876000000000999")).status).toBe(204);
  });

  it("answers the organization under `org`", async () => {
    const reply = await crm.call("GET", "/crm/v2/org");
    expect(reply.status).toBe(200);
    expect(reply.json.org).toHaveLength(1);
    expect(reply.json.org[0]).toMatchObject({ id: "4876876000000000011", currency: "USD" });
  });

  it("bulk, users and org each need their scope", async () => {
    const narrow = await startCrm(["ZohoCRM.modules.ALL"]);
    try {
      for (const path of [
        "/crm/bulk/v2/read/4876876000000700001",
        "/crm/v2/users",
        "/crm/v2/org",
      ]) {
        const reply = await narrow.call("GET", path);
        expect([path, reply.status, reply.json.code]).toEqual([path, 401, "OAUTH_SCOPE_MISMATCH"]);
      }
    } finally {
      await narrow.sandbox.close();
    }
  });
});
