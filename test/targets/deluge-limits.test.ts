/**
 * Case C13 in the Deluge target: every download snippet states Deluge's limits (15 MB from Zoho
 * domains, 5 MB from others, 40 s); an endpoint whose `expected_max_bytes` exceeds them gets a
 * warning naming the Node client and the CLI instead of a snippet, in the `.dg` file, the
 * Markdown page and the site page.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lintDeluge } from "../../src/deluge/lint.ts";
import { formatDiagnostic, loadConnector, validateConnector } from "../../src/spec/index.ts";
import { type Connector, type Endpoint, findEndpoint } from "../../src/spec/model.ts";
import { buildConnector } from "../../src/targets/build.ts";
import { renderDelugeSnippet } from "../../src/targets/deluge.ts";
import {
  DELUGE_OTHER_DOWNLOAD_BYTES,
  DELUGE_ZOHO_DOWNLOAD_BYTES,
  delugeDownloadLimit,
} from "../../src/targets/deluge-limits.ts";
import { renderEndpointPage } from "../../src/targets/docs.ts";
import { fixtureConnector, showEndpoint } from "./fixture-connector.ts";

const crm = await loadConnector("connectors/zoho-crm");
const temps: string[] = [];
afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

const limitLines = [
  "// Deluge's invokeurl downloads at most 15 MB from Zoho domains (5 MB from other hosts) and gives",
  "// up after 40 s; fetch larger files with the Node client or the invokekit CLI.",
];

/** The shipped connector with `files.get` expecting replies of `bytes`. */
function withExpected(bytes: number, connector: Connector = crm): [Connector, Endpoint] {
  const filesGet = findEndpoint(crm, "files.get") as Endpoint;
  const endpoint = { ...filesGet, expectedMaxBytes: bytes };
  return [{ ...connector, endpoints: [endpoint] }, endpoint];
}

describe("case-C13: Deluge's download limits", () => {
  it("case-C13: every download snippet's leading comment states 15 MB / 5 MB and 40 s", () => {
    const downloads = crm.endpoints.filter((e) => e.response === "file");
    expect(downloads.map((e) => e.id)).toEqual([
      "attachments.download",
      "bulk_read.result",
      "files.get",
    ]);
    for (const endpoint of downloads) {
      const snippet = renderDelugeSnippet(crm, endpoint, { ignoreDownloadLimit: true });
      expect(snippet.split("\n").slice(4, 6), endpoint.id).toEqual(limitLines);
    }
  });

  it("case-C13: expected_max_bytes 62914560 gives a warning instead of a snippet", () => {
    const [connector, endpoint] = withExpected(62914560);
    const warning = renderDelugeSnippet(connector, endpoint);
    expect(warning).toBe(
      [
        "// Get Files (files.get)",
        "// Download a file from the Zoho File System (ZFS) by its encrypted ID.",
        "// Connection link name: crm_oauth_connection",
        "// Scopes: ZohoCRM.Files.READ",
        "//",
        "// WARNING: no Deluge snippet for this endpoint.",
        "// Replies of files.get can reach 60 MB (expected_max_bytes: 62914560). Deluge's invokeurl",
        "// downloads at most 15 MB from Zoho domains (5 MB from other hosts) and gives up after 40 s, so a",
        "// snippet would fail at run time.",
        "// Call it with the Node client instead (sdk/samples/files.get.ts), or with the CLI:",
        '// npx invokekit call zoho-crm files.get --param "id=2cceafa194dxxxxxxxx4a20ed2" ' +
          "--output downloads/",
        "",
      ].join("\n"),
    );
    expect(lintDeluge(warning, "files.get.dg")).toEqual([]);
    expect(warning).not.toContain("invokeurl\n[");
    // A test that runs the request can still have the snippet.
    const forced = renderDelugeSnippet(connector, endpoint, { ignoreDownloadLimit: true });
    expect(forced).toContain("response = invokeurl\n[");
  });

  it("case-C13: 15 MB is the line for Zoho domains, 5 MB for other hosts", () => {
    expect(delugeDownloadLimit(crm)).toBe(15 * 1024 * 1024);
    expect(delugeDownloadLimit(fixtureConnector)).toBe(5 * 1024 * 1024);
    const at = (bytes: number, connector?: Connector) => {
      const [c, e] = withExpected(bytes, connector);
      return renderDelugeSnippet(c, e).includes("WARNING: no Deluge snippet");
    };
    expect([at(DELUGE_ZOHO_DOWNLOAD_BYTES), at(DELUGE_ZOHO_DOWNLOAD_BYTES + 1)]).toEqual([
      false,
      true,
    ]);
    const other = { ...fixtureConnector, name: "zoho-crm" };
    expect([
      at(DELUGE_OTHER_DOWNLOAD_BYTES, other),
      at(DELUGE_OTHER_DOWNLOAD_BYTES + 1, other),
    ]).toEqual([false, true]);
    // A JSON endpoint with no expectation is never warned about.
    expect(renderDelugeSnippet(fixtureConnector, showEndpoint)).toContain("invokeurl");
  });

  it("case-C13: the shipped bulk read result and attachment download get warnings everywhere", () => {
    const files = new Map(buildConnector(crm).map((file) => [file.path, file.content]));
    for (const id of ["attachments.download", "bulk_read.result"]) {
      const dg = files.get(`deluge/${id}.dg`) ?? "";
      expect(dg, id).toContain("// WARNING: no Deluge snippet for this endpoint.\n");
      expect(dg, id).toContain(`(expected_max_bytes: 104857600)`);
      expect(dg, id).toContain(`(sdk/samples/${id}.ts), or with the CLI:\n// npx invokekit call`);
      const markdown = files.get(`docs/${id}.md`) ?? "";
      expect(markdown).toContain(`\`\`\`deluge\n${dg}\`\`\``);
      expect(markdown).toContain(
        `: a warning instead of a snippet, as replies of this endpoint can be larger than ` +
          "Deluge downloads (see Notes):",
      );
      expect(markdown).toContain(
        `- No Deluge snippet: Replies of \`${id}\` can reach 100 MB (\`expected_max_bytes: ` +
          "104857600`). Deluge's invokeurl downloads at most 15 MB from Zoho domains (5 MB " +
          "from other hosts) and gives up after 40 s, so a snippet would fail at run time. " +
          "Use the Node client or the CLI.",
      );
      const site = files.get(`site/${id}.html`) ?? "";
      expect(site).toContain("WARNING: no Deluge snippet for this endpoint.");
      expect(site).toContain("No Deluge snippet: Replies of");
      expect(markdown).not.toContain("The Deluge snippet calls through the connection");
    }
    expect(renderEndpointPage(crm, findEndpoint(crm, "files.get") as Endpoint)).toContain(
      ", to paste into a Zoho CRM function",
    );
  });

  it("validates expected_max_bytes and concurrency as positive integers", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "ik-limits-"));
    temps.push(root);
    const dir = path.join(root, "zoho-crm");
    await cp("test/fixtures/spec/zoho-crm", dir, { recursive: true });
    const file = path.join(dir, "files", "get.yaml");
    const text = await readFile(file, "utf8");
    await writeFile(
      file,
      text.replace("response: file\n", "response: file\nexpected_max_bytes: 0\nconcurrency: 2.5\n"),
    );
    const lines = (await validateConnector(dir)).diagnostics.map(formatDiagnostic);
    expect(lines).toEqual([
      `${file}:19:21  expected_max_bytes must be >= 1, found number 0`,
      `${file}:20:14  concurrency must be integer, found number 2.5`,
    ]);
  });
});
