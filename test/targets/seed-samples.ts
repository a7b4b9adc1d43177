/**
 * The two request samples at the end of Zoho's "Get Files" page (shared/seed/
 * zoho-crm-v2-get-files.txt), kept verbatim as test oracles, with the seed's example values.
 */
export const seedApiDomain = "https://zylkercorp.zohoplatform.com";
export const seedFileId = "2cceafa194dxxxxxxxx4a20ed2";
export const seedToken = "100xx.8cb99dxxxxxxxxxxxxx9be93.9b8xxxxxxxxxxxxxxxf";

// The first line is split in two only to fit the line width.
export const seedCurl = [
  'curl "https://zylkercorp.zohoplatform.com/crm/v2/files?id=' + '2cceafa194dxxxxxxxx4a20ed2"',
  "-X GET",
  '-H "Authorization: Zoho-oauthtoken 100xx.8cb99dxxxxxxxxxxxxx9be93.9b8xxxxxxxxxxxxxxxf"',
  "",
].join("\n");

export const seedDeluge = `response = invokeurl
[
url: "https://zylkercorp.zohoplatform.com/crm/v2/files?id=2cceafa194dxxxxxxxx4a20ed2"
type: GET
connection:"crm_oauth_connection"
];
info response;
`;
