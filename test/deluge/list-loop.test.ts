/**
 * The Deluge list loop (case C18), run by the interpreter against the sandbox: a list endpoint
 * whose only query argument is `page` still builds its `parameters:` map and asks for pages 1,
 * 2 and 3; `records.list` reads 2,400 Contacts by page number up to 2,000 and by `page_token`
 * after; an endpoint with no token stops at 2,000 and says that more records remain.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDeluge } from "../../src/deluge/interpreter.ts";
import { lintDeluge } from "../../src/deluge/lint.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { loadConnector } from "../../src/spec/index.ts";
import { type Connector, type Endpoint, findEndpoint } from "../../src/spec/model.ts";
import { renderDelugeSnippet } from "../../src/targets/deluge.ts";
import { accessToken } from "../sandbox/sandbox-helpers.ts";

const connector = await loadConnector("connectors/zoho-crm");
const list = findEndpoint(connector, "records.list") as Endpoint;

/** records.list cut down to the module and `page`, on v2, with no page token. */
const pageOnly: Endpoint = {
  ...list,
  id: "records.pages",
  basePath: "/crm/v2",
  parameters: list.parameters.filter((p) => p.name === "module_api_name" || p.name === "page"),
  pagination: { items: "data", morePath: "info.more_records", nextTokenPath: "" },
  examples: [{ name: "leads", params: { module_api_name: "Leads" }, files: {} }],
};
const pageOnlyConnector: Connector = { ...connector, endpoints: [pageOnly] };

const expectedPageOnly = `// Get Records (records.pages)
// List the records of one module, 200 at a time. Pages are numbered from 1; past the first 2,000
// records the next page is asked for with the token of the previous reply.
// Connection link name: crm_oauth_connection
// Scopes: ZohoCRM.modules.READ
// API domain of your CRM account's data center:
// us https://www.zohoapis.com, eu https://www.zohoapis.eu, in https://www.zohoapis.in
// au https://www.zohoapis.com.au, jp https://www.zohoapis.jp, cn https://www.zohoapis.com.cn
// ca https://www.zohoapis.ca, sa https://www.zohoapis.sa
apiDomain = "https://www.zohoapis.com";
module_api_name = "Leads";
params = Map();
records = List();
// Zoho's page parameter reaches the first 2,000 records, and this endpoint has no page token to go
// further: past them the loop stops and says so.
moreRecords = false;
for each pageNumber in {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
{
	params.put("page", pageNumber);
	response = invokeurl
	[
		url: apiDomain + "/crm/v2/" + zoho.encryption.urlEncode(module_api_name)
		type: GET
		parameters: params
		connection: "crm_oauth_connection"
		detailed: true
	];
	responseCode = response.get("responseCode");
	if(responseCode != 200)
	{
		moreRecords = false;
		// 204 No Content: no records on this page, so the list is complete. Anything else is
		// an error.
		if(responseCode != 204)
		{
			info "HTTP " + responseCode + ": " + response.get("responseText");
		}
		break;
	}
	reply = response.get("responseText").toString().toMap();
	pageRecords = reply.get("data");
	records.addAll(pageRecords);
	moreRecords = reply.get("info").get("more_records") == true;
	if(!moreRecords)
	{
		break;
	}
}
if(moreRecords)
{
	info "Stopped after " + records.size() + " records: more remain, past the 2,000 that page reaches.";
}
info records.size();
`;

describe("the Deluge list loop against the sandbox", () => {
  let sandbox: Sandbox;
  let token = "";
  beforeAll(async () => {
    sandbox = await startSandbox();
    token = await accessToken(sandbox);
  });
  afterAll(() => sandbox.close());

  /** Runs `snippet`; returns its info lines and the list requests it sent. */
  async function run(snippet: string): Promise<{ info: readonly string[]; sent: string[] }> {
    const from = sandbox.log.length;
    const result = await runDeluge(snippet, {
      baseUrl: sandbox.url,
      connections: { [connector.deluge.connection]: token },
    });
    const sent = sandbox.log.slice(from).map((entry) => {
      const query = new URLSearchParams(entry.query as Record<string, string>).toString();
      return `${entry.status} ${entry.path}?${query}`;
    });
    return { info: result.info, sent };
  }

  it("a list endpoint with only page: the parameters map is made, and pages 1, 2, 3 asked", async () => {
    const snippet = renderDelugeSnippet(pageOnlyConnector, pageOnly);
    expect(snippet).toBe(expectedPageOnly);
    expect(lintDeluge(snippet, "records.pages.dg")).toEqual([]);
    const { info, sent } = await run(snippet);
    expect(sent).toEqual([
      "200 /crm/v2/Leads?page=1",
      "200 /crm/v2/Leads?page=2",
      "200 /crm/v2/Leads?page=3",
    ]);
    expect(info).toEqual(["450"]);
  });

  it("without a page token, stops at 2,000 of 2,400 Contacts and says so", async () => {
    const values = { params: { module_api_name: "Contacts" } };
    const { info, sent } = await run(renderDelugeSnippet(pageOnlyConnector, pageOnly, { values }));
    expect(sent).toEqual(
      Array.from({ length: 10 }, (_, i) => `200 /crm/v2/Contacts?page=${i + 1}`),
    );
    expect(info).toEqual([
      "Stopped after 2000 records: more remain, past the 2,000 that page reaches.",
      "2000",
    ]);
  });

  it("records.list reads 2,400 Contacts: pages 1 to 10 on v3, then page_token", async () => {
    const values = {
      params: { module_api_name: "Contacts", fields: "Last_Name", per_page: "200" },
    };
    const snippet = renderDelugeSnippet(connector, list, { values });
    expect(lintDeluge(snippet, "records.list.dg")).toEqual([]);
    const { info, sent } = await run(snippet);
    const numbered = Array.from(
      { length: 10 },
      (_, i) => `200 /crm/v3/Contacts?fields=Last_Name&per_page=200&page=${i + 1}`,
    );
    expect(sent.slice(0, 10)).toEqual(numbered);
    expect(sent.slice(10).map((line) => line.replace(/page_token=[^&]+/, "page_token=T"))).toEqual(
      Array(2).fill("200 /crm/v3/Contacts?fields=Last_Name&per_page=200&page_token=T"),
    );
    expect(new Set(sent.slice(10)).size).toBe(2);
    expect(info).toEqual(["2400"]);
  });

  it("records.list at 50 a page: 40 numbered pages, then 8 with a token", async () => {
    const values = { params: { module_api_name: "Contacts", fields: "Last_Name", per_page: "50" } };
    // The loop's list holds 100 numbers (5,000 records at 50 a page).
    const { info, sent } = await run(renderDelugeSnippet(connector, list, { values }));
    expect(sent).toHaveLength(48);
    expect(sent[39]).toBe("200 /crm/v3/Contacts?fields=Last_Name&per_page=50&page=40");
    expect(sent[40]).toMatch(/^200 \/crm\/v3\/Contacts\?fields=Last_Name&per_page=50&page_token=/);
    expect(info).toEqual(["2400"]);
  });

  it("records.list stops when its list of requests runs out and says that more remain", async () => {
    const values = { params: { module_api_name: "Contacts", fields: "Last_Name", per_page: "20" } };
    // 20 a page: the list holds 100 numbers, which read 2,000 of the 2,400 records.
    const { info, sent } = await run(renderDelugeSnippet(connector, list, { values }));
    expect(sent).toHaveLength(100);
    expect(sent.every((line) => /&page=\d+$/.test(line))).toBe(true);
    expect(info).toEqual([
      "Stopped after 2000 records; more remain: lengthen the for each list.",
      "2000",
    ]);
  });
});
