import { describe, expect, it } from "vitest";
import { loadConnector } from "../../src/spec/index.ts";
import { buildConnector } from "../../src/targets/build.ts";
import { curlTarget } from "../../src/targets/curl.ts";
import { delugeTarget } from "../../src/targets/deluge.ts";
import { docsTarget, renderEndpointPage } from "../../src/targets/docs.ts";
import { sdkTarget } from "../../src/targets/sdk.ts";
import { fixtureConnector, showEndpoint } from "./fixture-connector.ts";

const crm = await loadConnector("connectors/zoho-crm");

/** The content of every fenced block, by info string, in order. */
function fencedBlocks(markdown: string): [string, string][] {
  const blocks: [string, string][] = [];
  const pattern = /^(`{3,})(\S*)\n([\s\S]*?)^\1$/gm;
  for (const match of markdown.matchAll(pattern)) blocks.push([match[2] ?? "", match[3] ?? ""]);
  return blocks;
}

describe("docs target", () => {
  const files = buildConnector(crm);
  const content = (file: string) => files.find((f) => f.path === file)?.content ?? "";

  it("endpoint pages follow Zoho's section order", () => {
    const headings = content("docs/files.get.md")
      .split("\n")
      .filter((line) => line.startsWith("## "));
    expect(headings).toEqual([
      "## Purpose",
      "## Request URL",
      "## Header",
      "## Scope",
      "## Parameters",
      "## Request body",
      "## Possible Errors",
      "## Sample Request",
      "## Notes",
    ]);
    const page = content("docs/files.get.md");
    expect(page).toContain("\n`GET {api-domain}/crm/v2/files`\n");
    expect(page).toContain("\n`Authorization: Zoho-oauthtoken <access token>`\n");
    expect(page).toContain("\n`scope=ZohoCRM.Files.{operation_type}`\n");
    expect(page).toContain("\n- `READ`: Read files stored in ZFS.\n");
  });

  it.each(["files.get", "files.upload"])("%s: samples are the generated files exactly", (id) => {
    expect(fencedBlocks(content(`docs/${id}.md`))).toEqual([
      ["sh", content(`curl/${id}.sh`)],
      ["ts", content(`sdk/samples/${id}.ts`)],
      ["deluge", content(`deluge/${id}.dg`)],
    ]);
  });

  it("index lists data centers, the connection, minimal scopes and endpoint links", () => {
    const index = content("docs/index.md");
    expect(index).toContain(
      "| Canada | `ca` | `https://www.zohoapis.ca` | `https://accounts.zohocloud.ca` | " +
        "[connections/ca.json](../connections/ca.json) |",
    );
    expect(index).toContain("link name `crm_oauth_connection`");
    expect(index).toContain("\n- `ZohoCRM.Files.CREATE`\n- `ZohoCRM.Files.READ`\n");
    expect(index).toContain("| [Get Files](files.get.md) (`files.get`) | GET |");
  });

  it("escapes hostile spec text in tables and paragraphs", () => {
    const page = renderEndpointPage(fixtureConnector, showEndpoint);
    expect(page).toContain("# Show \\| Thing\n");
    expect(page).toContain(
      "Show a thing. Uses `a|b` and &lt;script&gt;alert(1)&lt;/script&gt; second line.",
    );
    expect(page).toContain("| `BAD\\|CODE` | 400 | a\\|b | Use `x\\|y`.<br>Then retry. |");
    expect(page).toContain("| `q` | query | string | no | Search \\| text. |");
    expect(page).toContain("`GET {api-domain}/api/v1/things/{thing_id}`");
    // Only code blocks (shown literally) may hold the raw text.
    expect(page.replace(/^(`{3,})\S*\n[\s\S]*?^\1$/gm, "")).not.toContain("<script>");
  });

  it("case-C05: the COQL page and API Limits state the endpoint's own concurrency", () => {
    const note =
      "- At most 10 calls of this endpoint run at once (`concurrency`; Zoho limits heavy APIs " +
      "below the organization's cap and answers more with 429 `TOO_MANY_REQUESTS`). The Node " +
      "client holds further calls until one ends.";
    expect(content("docs/coql.query.md").split("\n")).toContain(note);
    expect(content("docs/files.get.md")).not.toContain("calls of this endpoint run at once");
    expect(content("site/coql.query.html")).toContain("At most 10 calls of this endpoint run");
    expect(content("docs/api-limits.md")).toContain(
      "The generated Node client runs at most 10 calls of [`coql.query`](coql.query.md) at " +
        "once (`concurrency` in the spec); the organization's limit applies as well.",
    );
  });

  it("takes the samples from the files the same build made, and renders them alone", () => {
    const earlier = new Map(
      [curlTarget, delugeTarget, sdkTarget].map((t) => [t.name, t.generate(crm)] as const),
    );
    expect(docsTarget.generate(crm, earlier)).toEqual(docsTarget.generate(crm));
    // The page shows exactly what the earlier targets gave: their files are the samples.
    const marked = new Map(
      [...earlier].map(([name, generated]) => [
        name,
        generated.map((f) => ({ ...f, content: `${f.path} from ${name}\n` })),
      ]),
    );
    const page = docsTarget.generate(crm, marked).find((f) => f.path === "docs/files.get.md");
    expect(fencedBlocks(page?.content ?? "").slice(-3)).toEqual([
      ["sh", "curl/files.get.sh from curl\n"],
      ["ts", "sdk/samples/files.get.ts from sdk\n"],
      ["deluge", "deluge/files.get.dg from deluge\n"],
    ]);
  });
});
