/**
 * The lint rules for the field cases' own Deluge mistakes (C01, C16, C22, C23, C24): each bad
 * snippet (as a reviewer wrote it) gives its exact findings, and the same snippet written the
 * way the case expects lints clean.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { lintDeluge } from "../../src/deluge/lint.ts";
import { ungroupedConditions } from "../../src/deluge/lint-coql.ts";

const lint = (source: string) =>
  lintDeluge(source, "s.dg").map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);

const c22Bad = `leadId = "1";
resp = invokeurl
[
	url: "https://www.zohoapis.eu/crm/v2/Leads/" + leadId
	type: GET
	connection: "zcrm_conn"
	detailed: true
];
rec = resp.get("data").get(0);
info rec.get("id");
`;

const c23Bad = `email = "a@b.c";
params = Map();
params.put("criteria", "(Email:equals:" + email + ")");
hdr = Map();
hdr.put("Content-Type", "application/json");
resp = invokeurl
[
	url: "https://www.zohoapis.eu/crm/v2/Leads/search"
	type: GET
	parameters: params
	headers: hdr
	connection: "zcrm_conn"
];
resp2 = invokeurl
[
	url: "https://www.zohoapis.eu/crm/v2/Leads/search?criteria=(Email:equals:" + email + ")"
	type: GET
	connection: "zcrm_conn"
];
info resp;
`;

const c24Bad = `rec = Map();
rec.put("Last_Name", "Acme's Warehouse");
payload = {"data": [rec], "trigger": ["workflow"]};
hdr = Map();
hdr.put("Content-Type", "application/json");
resp = invokeurl
[
	url: "https://www.zohoapis.eu/crm/v2/Leads"
	type: POST
	parameters: payload
	headers: hdr
	connection: "zcrm_conn"
];
info resp;
`;

const c01Bad = `token = "1000.abc";
hdr = Map();
hdr.put("Authorization", "Zoho-oauthtoken " + token);
resp = invokeurl
[
	url: "https://www.zohoapis.com/crm/v2/Leads"
	type: GET
	headers: hdr
];
info resp;
`;

const c16Select =
  "select Last_Name, External from Contacts where Last_Name = '\" + name + \"' and Email is " +
  "not null and Lead_Source = 'Web' limit 200";
const c16Bad = `name = "Acme's Warehouse";
payload = Map();
payload.put("select_query", "${c16Select}");
resp = invokeurl
[
	url: "https://www.zohoapis.com/crm/v2/coql"
	type: POST
	parameters: payload.toString()
	connection: "zcrm_conn"
];
info resp;
`;

describe("case-C22: a detailed reply is read through toString().toMap()", () => {
  it("flags get on the reply itself", () => {
    expect(lint(c22Bad)).toEqual([
      "9:12 IK_DELUGE_DETAILED_REPLY resp is the reply of an invokeurl with detailed: true " +
        '(responseCode, responseText, responseHeader): read resp.get("responseText")' +
        '.toString().toMap() before get("data")',
    ]);
  });

  it("flags get on responseText, directly or through a variable", () => {
    const source = c22Bad.replace(
      'rec = resp.get("data").get(0);',
      'rec = resp.get("responseText").get("data");\ntext = resp.get("responseText");\n' +
        'info text.get("data");',
    );
    const fix = 'is the text of a detailed reply: call toString().toMap() before get("data")';
    expect(lint(source)).toEqual([
      `9:32 IK_DELUGE_DETAILED_REPLY responseText ${fix}`,
      `11:11 IK_DELUGE_DETAILED_REPLY text ${fix}`,
    ]);
  });

  it("the case's form lints clean", () => {
    const source = c22Bad.replace(
      'rec = resp.get("data").get(0);',
      'code = resp.get("responseCode");\nbody = resp.get("responseText").toString().toMap();\n' +
        'if(code == 200) { rec = body.get("data").get(0); }',
    );
    expect(lint(source)).toEqual([]);
  });
});

describe("case-C23: a GET sends a parameters map, no content type, encoded query values", () => {
  it("flags the Content-Type header on a GET and the raw value in the URL's query", () => {
    expect(lint(c23Bad)).toEqual([
      "11:2 IK_DELUGE_GET_CONTENT_TYPE A GET request carries no body: remove the " +
        "Content-Type: application/json header from hdr",
      "16:79 IK_DELUGE_URL_ENCODE email joins the URL's query unencoded: write " +
        "zoho.encryption.urlEncode(email), or pass the value in a parameters: map",
    ]);
    expect(lintDeluge(c23Bad, "s.dg").map((d) => d.severity)).toEqual(["error", "warning"]);
  });

  it("flags an inline header map, and a raw value behind a variable's URL", () => {
    const source = [
      'base = "https://www.zohoapis.eu/crm/v2/Leads/search";',
      'email = "a@b.c";',
      "resp = invokeurl",
      "[",
      '	url: base + "?email=" + email.trim() + "&per_page=" + 200',
      "	type: GET",
      '	headers: {"Content-Type": "application/json"}',
      "];",
    ].join("\n");
    expect(lint(source)).toEqual([
      "5:26 IK_DELUGE_URL_ENCODE A value joins the URL's query unencoded: write " +
        "zoho.encryption.urlEncode(...), or pass the value in a parameters: map",
      "7:2 IK_DELUGE_GET_CONTENT_TYPE A GET request carries no body: remove the " +
        "Content-Type: application/json header from the headers: map",
    ]);
  });

  it("the case's form, and encoded values in a URL, lint clean", () => {
    const source = c23Bad
      .replace('hdr.put("Content-Type", "application/json");\n', "")
      .replace("\theaders: hdr\n", "")
      .replaceAll('" + email + ")"', '" + zoho.encryption.urlEncode(email) + encodeUrl(")")');
    expect(lint(source)).toEqual([]);
  });
});

describe("case-C24: a JSON body is map.toString(), lists are built with List()", () => {
  it("flags [...] lists in a map literal and a Map sent with a JSON content type", () => {
    const nested =
      "IK_DELUGE_LIST_IN_MAP A [...] list inside a map literal may be turned into a map when " +
      "Zoho's editor saves the script: build it with List() and add(), then put() it into the map";
    expect(lint(c24Bad)).toEqual([
      `3:20 ${nested}`,
      `3:38 ${nested}`,
      "10:2 IK_DELUGE_MAP_AS_JSON parameters: payload is a Map, which Deluge sends " +
        "form-encoded whatever the Content-Type: pass payload.toString() to send JSON",
    ]);
  });

  it("looks into {...} lists of a map literal and reads a content-type: key", () => {
    const source = [
      'payload = {"data": {{"tags": ["a"]}, ["b"]}};',
      "resp = invokeurl",
      "[",
      '	url: "https://www.zohoapis.eu/crm/v2/Leads"',
      "	type: POST",
      '	body: {"a": 1}',
      '	content-type: "application/json"',
      "];",
    ].join("\n");
    expect(lint(source).map((line) => line.split(" ").slice(0, 2).join(" "))).toEqual([
      "1:30 IK_DELUGE_LIST_IN_MAP",
      "1:38 IK_DELUGE_LIST_IN_MAP",
      "6:2 IK_DELUGE_MAP_AS_JSON",
    ]);
    expect(lint(source)[2]).toBe(
      "6:2 IK_DELUGE_MAP_AS_JSON body: a map is a Map, which Deluge sends form-encoded " +
        "whatever the Content-Type: pass its toString() to send JSON",
    );
  });

  it("the case's form lints clean; a form-encoded Map or a {...} list is fine", () => {
    const source = c24Bad
      .replace(
        'payload = {"data": [rec], "trigger": ["workflow"]};',
        'dataList = List();\ndataList.add(rec);\ntrig = {"workflow"};\n' +
          'payload = {"data": dataList, "trigger": trig};',
      )
      .replace("parameters: payload\n", "parameters: payload.toString()\n");
    expect(lint(source)).toEqual([]);
    expect(lint(c24Bad.replace("\theaders: hdr\n", "")).map((l) => l.slice(0, 26))).toEqual([
      "3:20 IK_DELUGE_LIST_IN_MAP",
      "3:38 IK_DELUGE_LIST_IN_MAP",
    ]);
  });
});

describe("case-C01: Zoho calls go through a connection, not a pasted token", () => {
  it("flags an Authorization header written by hand without connection:", () => {
    expect(lint(c01Bad)).toEqual([
      "8:2 IK_DELUGE_MANUAL_AUTH hdr sets the Authorization header by hand and the invokeurl " +
        'has no connection: use connection: "<link name>" instead, whose token Zoho refreshes ' +
        "(a pasted token expires within the hour)",
    ]);
  });

  it("flags a Zoho-oauthtoken value to an unknown host; leaves other APIs' keys alone", () => {
    const toUnknown = c01Bad.replace(
      '"https://www.zohoapis.com/crm/v2/Leads"',
      'apiBase + "/crm/v2/Leads"',
    );
    expect(lint(`apiBase = getBase();\n${toUnknown}`).map((l) => l.slice(0, 25))).toEqual([
      "9:2 IK_DELUGE_MANUAL_AUTH",
    ]);
    const otherApi = c01Bad
      .replace('"Zoho-oauthtoken " + token', '"Bearer " + token')
      .replace("https://www.zohoapis.com/crm/v2/Leads", "https://api.example.com/v1/items");
    expect(lintDeluge(otherApi, "s.dg").map((d) => d.code)).toEqual(["IK_DELUGE_HOST"]);
  });

  it("the case's form lints clean", () => {
    const source = c01Bad
      .replace('hdr.put("Authorization", "Zoho-oauthtoken " + token);\n', "")
      .replace("\theaders: hdr\n", '\tconnection: "zcrm_conn"\n');
    expect(lint(source)).toEqual([]);
  });
});

describe("case-C16: COQL values are quote-doubled and conditions grouped pairwise", () => {
  it("flags the raw value and the three ungrouped conditions", () => {
    expect(lint(c16Bad)).toEqual([
      "3:29 IK_DELUGE_COQL_GROUPING COQL takes at most two conditions side by side: group " +
        "them pairwise, e.g. ((A and B) and C)",
      "3:94 IK_DELUGE_COQL_QUOTE name is joined inside the quotes of a COQL query as it is: " +
        `write name.replaceAll("'", "''") so a quote in the value cannot end the text early`,
    ]);
  });

  it("points at a joined expression's start; a number outside the quotes is fine", () => {
    const source = [
      'rec = {"Name": "x"};',
      "size = 10;",
      'q = "select id from Leads where Last_Name = \'" + rec.get("Name") + "\' limit " + size;',
      "info q;",
    ].join("\n");
    expect(lint(source)).toEqual([
      "3:50 IK_DELUGE_COQL_QUOTE A value is joined inside the quotes of a COQL query as it is: " +
        `write .replaceAll("'", "''") after it so a quote in the value cannot end the text early`,
    ]);
  });

  it("the case's form lints clean", () => {
    const grouped = c16Select
      .replace("where Last_Name", "where ((Last_Name")
      .replace("name + \"'", `name.replaceAll("'", "''") + "'`)
      .replace("not null and", "not null) and")
      .replace("'Web' limit", "'Web') limit");
    const source = c16Bad.replace(c16Select, grouped);
    expect(source).toContain(
      `where ((Last_Name = '" + name.replaceAll("'", "''") + "' and Email is not null) and ` +
        "Lead_Source = 'Web') limit 200",
    );
    expect(lint(source)).toEqual([]);
  });

  it.each([
    ["select a from M where x = 1 and y = 2 limit 5", 2],
    ["select a from M where x = 1 and y = 2 or z = 3", 3],
    ["select a from M where ((x = 1 and y = 2) and z = 3) limit 200", 2],
    ["select a from M where (x = 1 and y = 2 and z = 3)", 3],
    ["select a from M where x between 1 and 5 and y in ('a', 'b')", 2],
    ["select a from M where x = 'p and q or r' and y = 2", 2],
    ["select a from M", 0],
  ])("counts side-by-side conditions: %s", (query, count) => {
    expect(ungroupedConditions(query)).toBe(count);
  });
});

describe("invokekit lint on the field cases' bad snippets", () => {
  const run = promisify(execFile);
  it("exits 1 and prints every finding as file:line:col", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "invokekit-lint-cases-"));
    const files = { "c01-bad.dg": c01Bad, "c16-bad.dg": c16Bad, "c22-bad.dg": c22Bad };
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    try {
      const args = [
        "tsx",
        "src/cli/main.ts",
        "lint",
        ...Object.keys(files).map((f) => path.join(dir, f)),
      ];
      const failed = await run("npx", args).catch((e) => e);
      expect(failed.code).toBe(1);
      const lines = (failed.stdout as string).split("\n").map((l) => l.split("  ")[0]);
      expect(lines).toEqual([
        `${path.join(dir, "c01-bad.dg")}:8:2`,
        `${path.join(dir, "c16-bad.dg")}:3:29`,
        `${path.join(dir, "c16-bad.dg")}:3:94`,
        `${path.join(dir, "c22-bad.dg")}:9:12`,
        "3 file(s): 4 error(s), 0 warning(s)",
        "",
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
