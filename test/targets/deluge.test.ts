import { describe, expect, it } from "vitest";
import { tokenizeDeluge } from "../../src/deluge/lexer.ts";
import { planRequest } from "../../src/plan/request.ts";
import { loadConnector } from "../../src/spec/index.ts";
import { findEndpoint } from "../../src/spec/model.ts";
import { delugeTarget, renderDelugeSnippet } from "../../src/targets/deluge.ts";
import { attachEndpoint, fixtureConnector, showEndpoint } from "./fixture-connector.ts";
import { seedApiDomain, seedDeluge, seedFileId } from "./seed-samples.ts";

const tokens = (source: string) => tokenizeDeluge(source).map((t) => `${t.kind} ${t.text}`);
const crm = await loadConnector("connectors/zoho-crm");
const filesGet = findEndpoint(crm, "files.get");
if (!filesGet) throw new Error("files.get missing from connectors/zoho-crm");

describe("deluge target", () => {
  it("seed: the inline files.get snippet equals Zoho's sample token for token", () => {
    expect(filesGet.examples[0]?.params.id).toBe(seedFileId);
    const snippet = renderDelugeSnippet(crm, filesGet, { apiDomain: seedApiDomain, inline: true });
    expect(tokens(snippet)).toEqual(tokens(seedDeluge));
  });

  it("case-C23 writes GET query arguments into a parameters map, the domain in a variable", () => {
    expect(renderDelugeSnippet(crm, filesGet)).toBe(
      [
        "// Get Files (files.get)",
        "// Download a file from the Zoho File System (ZFS) by its encrypted ID.",
        "// Connection link name: crm_oauth_connection",
        "// Scopes: ZohoCRM.Files.READ",
        "// Deluge's invokeurl downloads at most 15 MB from Zoho domains (5 MB from other hosts) and gives",
        "// up after 40 s; fetch larger files with the Node client or the invokekit CLI.",
        "// API domain of your CRM account's data center:",
        "// us https://www.zohoapis.com, eu https://www.zohoapis.eu, in https://www.zohoapis.in",
        "// au https://www.zohoapis.com.au, jp https://www.zohoapis.jp, cn https://www.zohoapis.com.cn",
        "// ca https://www.zohoapis.ca, sa https://www.zohoapis.sa",
        'apiDomain = "https://www.zohoapis.com";',
        'id = "2cceafa194dxxxxxxxx4a20ed2";',
        "params = Map();",
        'params.put("id", id);',
        "response = invokeurl",
        "[",
        '\turl: apiDomain + "/crm/v2/files"',
        "\ttype: GET",
        "\tparameters: params",
        '\tconnection: "crm_oauth_connection"',
        "];",
        "// response holds the downloaded file as a FILE object.",
        "info response;",
        "",
      ].join("\n"),
    );
  });

  it("inline: folds hostile values into the URL exactly as the runtime encodes them", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${...} is the test input
    const values = { params: { thing_id: "a/b c", q: 'x "y" \\ ${z} `w` 😀\n' } };
    const snippet = renderDelugeSnippet(fixtureConnector, showEndpoint, { inline: true, values });
    const url = tokenizeDeluge(snippet).find((_, i, all) => all[i - 2]?.text === "url");
    const planned = planRequest(fixtureConnector, showEndpoint, values, {
      apiDomain: "https://api.example.test",
    });
    expect(url?.kind).toBe("string");
    expect(url?.value).toBe(planned.url);
    expect(snippet).not.toMatch(/^thing_id =/m);
  });

  it("variables: path, query and header arguments, values escaped and read back", () => {
    const snippet = renderDelugeSnippet(fixtureConnector, showEndpoint);
    const lines = snippet.split("\n");
    expect(lines.filter((line) => line.includes(" = ") && !line.startsWith("//"))).toEqual([
      'apiDomain = "https://api.example.test";',
      'thing_id = "a/b c";',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${...} is the test input
      'q = "say \\"hi\\" \\\\ ${HOME} `id` \'x\' 😀";',
      'X_Trace = "t-1";',
      "params = Map();",
      "response = invokeurl",
      'responseCode = response.get("responseCode");',
      '\treply = response.get("responseText").toString().toMap();',
    ]);
    expect(lines).toContain(
      '\turl: apiDomain + "/api/v1/things/" + zoho.encryption.urlEncode(thing_id)',
    );
    expect(lines).toContain('params.put("q", q);');
    expect(lines).toContain("\tparameters: params");
    expect(lines).toContain('\theaders: {"X-Trace": X_Trace}');
    // The header comment stays a comment although the title and purpose hold line breaks.
    const values = tokenizeDeluge(snippet)
      .filter((t) => t.kind === "string")
      .map((t) => t.value);
    expect(values[2]).toBe(showEndpoint.examples[0]?.params.q);
  });

  it("uploads: a FILE variable per file, named for its part, sent with files:", () => {
    const snippet = renderDelugeSnippet(fixtureConnector, attachEndpoint, {
      values: { files: { file: ["one.pdf", 'two "q".pdf'] } },
    });
    expect(snippet).toContain('file = "Sample content of one.pdf".toFile("one.pdf");\n');
    expect(snippet).toContain(
      'file_2 = "Sample content of two \\"q\\".pdf".toFile("two \\"q\\".pdf");',
    );
    expect(snippet).toContain('file_2.setParamName("file");\n');
    expect(snippet).toContain("\tfiles: {file, file_2}\n");
    expect(snippet).not.toContain("multipart");
    expect(() => tokenizeDeluge(snippet)).not.toThrow();
  });

  it("generates one file per endpoint, ending in exactly one newline", () => {
    const files = delugeTarget.generate(crm);
    expect(files.map((f) => f.path)).toEqual(crm.endpoints.map((e) => `deluge/${e.id}.dg`));
    for (const file of files) expect(file.content).toMatch(/[^\n]\n$/);
    const upload = files.find((f) => f.path === "deluge/files.upload.dg");
    expect(upload?.content).toContain("\tfiles: file\n");
  });

  it("rejects values for parameters the endpoint does not have", () => {
    expect(() => renderDelugeSnippet(crm, filesGet, { values: { params: { nope: "1" } } })).toThrow(
      /unknown parameter "nope"/,
    );
  });
});

describe("the 204 branch of a JSON snippet", () => {
  const snippet = (id: string) => {
    const endpoint = findEndpoint(crm, id);
    if (!endpoint) throw new Error(`no ${id}`);
    return renderDelugeSnippet(crm, endpoint);
  };
  const branch = (text: string) => text.match(/if\(responseCode == 204\)\n\{\n[^}]*\}/)?.[0];

  it("says what a 204 means for the endpoint, from its notes", () => {
    expect(branch(snippet("records.get"))).toBe(
      [
        "if(responseCode == 204)",
        "{",
        "\t// An id that names no record is answered with 204 and no body.",
        '\tinfo "No content";',
        "}",
      ].join("\n"),
    );
    expect(branch(snippet("coql.query"))).toContain(
      "\t// No matching row is answered with 204 and no body.\n",
    );
  });

  it("gives a GET without such a note Zoho's general meaning", () => {
    expect(branch(snippet("org.get"))).toContain(
      "\t// 204 No Content: Zoho has nothing to return for this request. An empty result, not an" +
        " error.\n",
    );
  });

  it("leaves the branch out of writes, for which Zoho documents no 204", () => {
    for (const id of ["records.insert", "records.update", "records.upsert", "records.delete"]) {
      const text = snippet(id);
      expect(text).not.toContain("204");
      expect(text).toContain(
        'responseCode = response.get("responseCode");\nif(responseCode >= 200',
      );
    }
  });
});
