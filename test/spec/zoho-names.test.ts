/**
 * Zoho-specific spec checks: scope names Zoho has (case C25) and API hosts, not web hosts, in
 * data centers (case C08). Each test edits a copy of the frozen fixture connector and reads
 * the diagnostics `invokekit validate` prints.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { formatDiagnostic, validateConnector } from "../../src/spec/index.ts";
import { judgeScope } from "../../src/spec/scope-names.ts";

const fixture = "test/fixtures/spec/zoho-crm";
const temps: string[] = [];

afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A copy of the fixture with `from` replaced by `to` in each named file. */
async function edited(edits: Record<string, [from: string, to: string][]>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), "ik-spec-names-"));
  temps.push(root);
  const dir = path.join(root, "zoho-crm");
  await cp(fixture, dir, { recursive: true });
  for (const [file, replacements] of Object.entries(edits)) {
    let text = await readFile(path.join(dir, file), "utf8");
    for (const [from, to] of replacements) {
      if (!text.includes(from)) throw new Error(`"${from}" not in ${file}`);
      text = text.replace(from, to);
    }
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

async function report(dir: string): Promise<string[]> {
  return (await validateConnector(dir)).diagnostics.map(formatDiagnostic);
}

const uploadScope = "name: ZohoCRM.Files.CREATE";

describe("case-C25: scope names are checked against Zoho's list", () => {
  it("case-C25: ZohoCRM.fles.CREATE is an error at its position, with a did-you-mean", async () => {
    const dir = await edited({ "files/upload.yaml": [[uploadScope, "name: ZohoCRM.fles.CREATE"]] });
    expect(await report(dir)).toEqual([
      `${dir}/files/upload.yaml:11:11  scope "ZohoCRM.fles.CREATE" is not a known ZohoCRM ` +
        'scope; did you mean "ZohoCRM.files.CREATE"?',
    ]);
  });

  it("case-C25: settings things are known by name, modules by any name", async () => {
    const dir = await edited({
      "files/upload.yaml": [
        [
          uploadScope,
          [
            "name: ZohoCRM.settings.feilds.READ",
            "    description: x",
            "  - name: ZohoCRM.settings.nonsense_thing.READ",
            "    description: x",
            "  - name: ZohoCRM.modules.My_Custom_Module.ALL",
            "    description: x",
            "  - name: ZohoCRM.modles.Leads.READ",
            "    description: x",
            "  - name: ZohoFiles.fils.ALL",
            "    description: x",
            "  - name: ZohoSearch.anything_at_all.READ",
          ].join("\n"),
        ],
      ],
    });
    expect(await report(dir)).toEqual([
      `${dir}/files/upload.yaml:11:11  scope "ZohoCRM.settings.feilds.READ" is not a known ` +
        'ZohoCRM scope; did you mean "ZohoCRM.settings.fields.READ"?',
      `${dir}/files/upload.yaml:13:11  scope "ZohoCRM.settings.nonsense_thing.READ" is not a ` +
        "known ZohoCRM scope; copy it from the Scope section of Zoho's API page for this endpoint",
      `${dir}/files/upload.yaml:17:11  scope "ZohoCRM.modles.Leads.READ" is not a known ` +
        'ZohoCRM scope; did you mean "ZohoCRM.modules.Leads.READ"?',
      `${dir}/files/upload.yaml:19:11  scope "ZohoFiles.fils.ALL" is not a known ZohoFiles ` +
        'scope; did you mean "ZohoFiles.files.ALL"?',
    ]);
  });

  it("case-C25: judges without regard to case and leaves other services alone", () => {
    for (const name of [
      "ZohoCRM.Files.READ",
      "ZohoCRM.files.CREATE",
      "ZohoCRM.Modules.Events.ALL",
      "ZohoCRM.modules.ALL",
      "ZohoCRM.settings.modules.READ",
      "ZohoCRM.coql.READ",
      "ZohoCRM.bulk.READ",
      "ZohoCRM.share.Deals.UPDATE",
      "ZohoFiles.files.ALL",
    ]) {
      expect(judgeScope(name), name).toEqual({ known: true });
    }
    expect(judgeScope("ZohoSearch.securesearch.READ")).toEqual({ known: undefined });
    expect(judgeScope("aaaserver.profile.READ")).toEqual({ known: undefined });
    expect(judgeScope("ZohoCRM.Files.READ.extra")).toEqual({ known: false });
  });

  it("case-C25: the shipped connector and the fixtures still validate", async () => {
    for (const dir of ["connectors/zoho-crm", fixture, "test/fixtures/connectors/crm-lite"]) {
      expect(await report(dir), dir).toEqual([]);
    }
  });
});

describe("case-C08: data centers name API hosts, not Zoho web hosts", () => {
  it("case-C08: crm.zoho.com as the US API is an error naming https://www.zohoapis.com", async () => {
    const dir = await edited({
      "connector.yaml": [["api: https://www.zohoapis.com\n", "api: https://crm.zoho.com\n"]],
    });
    expect(await report(dir)).toEqual([
      `${dir}/connector.yaml:21:10  data_centers.us.api https://crm.zoho.com is Zoho CRM's web ` +
        "host (version 1 of the API lived there), not an API host: API calls there get web " +
        "pages; write the data center's API domain, https://www.zohoapis.com",
    ]);
  });

  it("case-C08: www.zoho.*, accounts and Canada's zohocloud.ca hosts, each with its domain", async () => {
    const dir = await edited({
      "connector.yaml": [
        ["api: https://www.zohoapis.eu", "api: https://www.zoho.eu"],
        ["api: https://www.zohoapis.in", "api: https://accounts.zoho.in"],
        ["api: https://www.zohoapis.ca", "api: https://crm.zohocloud.ca"],
        ["api: https://www.zohoapis.jp", "api: https://sandbox.zohoapis.jp"],
        ["api: https://www.zohoapis.com.au", "api: https://api.example.test"],
      ],
    });
    const lines = await report(dir);
    expect(lines).toEqual([
      `${dir}/connector.yaml:25:10  data_centers.eu.api https://www.zoho.eu is a Zoho web host, ` +
        "not an API host: API calls there get web pages; write the data center's API domain, " +
        "https://www.zohoapis.eu",
      `${dir}/connector.yaml:29:10  data_centers.in.api https://accounts.zoho.in is Zoho's ` +
        "accounts (OAuth) server (it goes in accounts), not an API host: API calls there get " +
        "web pages; write the data center's API domain, https://www.zohoapis.in",
      `${dir}/connector.yaml:45:10  data_centers.ca.api https://crm.zohocloud.ca is Zoho CRM's ` +
        "web host (version 1 of the API lived there), not an API host: API calls there get web " +
        "pages; write the data center's API domain, https://www.zohoapis.ca",
    ]);
  });

  it("case-C08: a data center id outside Zoho's table gets the API domain's form", async () => {
    const dir = await edited({
      "connector.yaml": [
        [
          "data_centers:\n",
          "data_centers:\n  uk:\n    label: UK\n    api: https://crm.zoho.uk\n" +
            "    accounts: https://accounts.zoho.uk\n",
        ],
      ],
    });
    expect(await report(dir)).toEqual([
      `${dir}/connector.yaml:21:10  data_centers.uk.api https://crm.zoho.uk is Zoho CRM's web ` +
        "host (version 1 of the API lived there), not an API host: API calls there get web " +
        "pages; write the data center's API domain, https://www.zohoapis.<domain>",
    ]);
  });
});
