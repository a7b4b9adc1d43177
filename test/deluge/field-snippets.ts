/**
 * Deluge snippets from the field cases (shared/cases/cases.md C22, C23, C24) and the seed page
 * (shared/seed/zoho-crm-v2-get-files.txt), copied verbatim as parser and interpreter inputs.
 */
export const seedSnippet = `response = invokeurl
[
url: "https://zylkercorp.zohoplatform.com/crm/v2/files?id=2cceafa194dxxxxxxxx4a20ed2"
type: GET
connection:"crm_oauth_connection"
];
info response;
`;

export const c22Snippet = `resp = invokeurl
[
  url: "https://www.zohoapis.eu/crm/v2/Leads/" + leadId
  type: GET
  connection: "zcrm_conn"
  detailed: true
];
code = resp.get("responseCode");
body = resp.get("responseText").toString().toMap();
if(code == 200) { rec = body.get("data").get(0); info rec.get("id"); }
`;

export const c23Snippet = `params = Map();
params.put("criteria", "(Email:equals:" + email + ")");
params.put("per_page", 200);
resp = invokeurl
[
  url: "https://www.zohoapis.eu/crm/v2/Leads/search"
  type: GET
  parameters: params
  connection: "zcrm_conn"
];
`;

export const c24Snippet = `rec = Map();
rec.put("Last_Name", "Acme's Warehouse");
rec.put("Company", "Smith & Sons (UK), Ltd");
rec.put("No_of_Employees", 12);
rec.put("Email_Opt_Out", false);
dataList = List();
dataList.add(rec);
trig = List();
trig.add("workflow");
payload = Map();
payload.put("data", dataList);
payload.put("trigger", trig);
hdr = Map();
hdr.put("Content-Type", "application/json");
resp = invokeurl
[
  url: "https://www.zohoapis.eu/crm/v2/Leads"
  type: POST
  parameters: payload.toString()
  headers: hdr
  connection: "zcrm_conn"
];
`;
