import { FormData } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CrmFixture, startCrm, zohoError } from "./crm-helpers.ts";

const lead = "4876876000000123457";
const base = `/crm/v2/Leads/${lead}/Attachments`;

function oneFile(name: string, bytes: Uint8Array): FormData {
  const form = new FormData();
  form.append("file", new Blob([bytes]), name);
  return form;
}

describe("sandbox attachments", () => {
  let crm: CrmFixture;
  beforeAll(async () => {
    crm = await startCrm();
  });
  afterAll(() => crm.sandbox.close());

  it("lists the seeded attachment with the asked fields", async () => {
    const reply = await crm.call("GET", `${base}?fields=File_Name,Size`);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      data: [{ id: "4876876000000600001", File_Name: "brochure.pdf", Size: "52" }],
      info: { per_page: 200, count: 1, page: 1, more_records: false },
    });
  });

  it("uploads a file with a non-ASCII name and downloads the same bytes", async () => {
    const bytes = Buffer.from("contract body\n", "utf8");
    const upload = await crm.call("POST", base, oneFile("Vertrag Ü 2026.pdf", bytes));
    expect(upload.status).toBe(200);
    const [item] = upload.json.data;
    expect([item.code, item.status, item.message]).toEqual([
      "SUCCESS",
      "success",
      "attachment uploaded",
    ]);
    const id: string = item.details.id;
    expect(id).toMatch(/^\d{19}$/);

    const download = await crm.call("GET", `${base}/${id}`);
    expect(download.status).toBe(200);
    expect(download.headers["content-type"]).toBe("application/x-download");
    expect(download.headers["content-disposition"]).toBe(
      "attachment; filename=\"Vertrag ? 2026.pdf\"; filename*=UTF-8''Vertrag%20%C3%9C%202026.pdf",
    );
    expect(download.bytes.equals(bytes)).toBe(true);
  });

  it("case-C14 refuses .exe; a link attachment downloads as 204 (case C06)", async () => {
    for (const name of ["setup.EXE", "setup.exe.", "setup.exe "]) {
      const exe = await crm.call("POST", base, oneFile(name, Buffer.from("MZ")));
      expect(exe.json).toEqual(
        zohoError("INVALID_DATA", "invalid data", {
          api_name: "file",
          reason: ".exe files are refused",
        }),
      );
    }
    const url = encodeURIComponent("https://example.com/spec.pdf");
    const link = await crm.call("POST", `${base}?attachmentUrl=${url}`);
    expect(link.status).toBe(200);
    const download = await crm.call("GET", `${base}/${link.json.data[0].details.id}`);
    expect([download.status, download.bytes.byteLength]).toEqual([204, 0]);
  });

  it("answers 204 when a record has no attachments, 400 for an unknown record", async () => {
    const empty = await crm.call("GET", "/crm/v2/Leads/4876876000000123458/Attachments");
    expect([empty.status, empty.bytes.byteLength]).toEqual([204, 0]);
    const unknown = await crm.call("GET", "/crm/v2/Leads/4876876000000000000/Attachments");
    expect(unknown.json).toEqual(
      zohoError("INVALID_DATA", "invalid data", {
        api_name: "record_id",
        reason: "no such record",
      }),
    );
  });

  it("needs the attachments scope and the module scope", async () => {
    const onlyModules = await startCrm(["ZohoCRM.modules.ALL"]);
    const onlyAttachments = await startCrm(["ZohoCRM.modules.attachments.ALL"]);
    try {
      for (const fixture of [onlyModules, onlyAttachments]) {
        const reply = await fixture.call("GET", base);
        expect([reply.status, reply.json.code]).toEqual([401, "OAUTH_SCOPE_MISMATCH"]);
      }
    } finally {
      await onlyModules.sandbox.close();
      await onlyAttachments.sandbox.close();
    }
  });
});
