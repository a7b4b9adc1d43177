/**
 * Topic pages list a scope or an error code that several endpoints share with each endpoint's
 * own text: endpoints giving the same text share a row, the others get rows of their own. The
 * connector is the frozen Files connector with three endpoints whose scope and error texts are
 * set here, so the expected rows are exact.
 */
import { describe, expect, it } from "vitest";
import { loadConnector } from "../../src/spec/index.ts";
import type { Connector, Endpoint, ErrorDefinition, Scope } from "../../src/spec/model.ts";
import { docsTarget } from "../../src/targets/docs.ts";
import { allErrors, scopeEntries } from "../../src/targets/docs-topics.ts";
import { renderSite } from "../../src/targets/site.ts";

const files = await loadConnector("test/fixtures/spec/zoho-crm");
const [getFiles, uploadFiles] = files.endpoints as [Endpoint, Endpoint];

const scope = (name: string, description: string): Scope => ({
  name,
  group: name.slice(0, name.lastIndexOf(".")),
  operation: name.slice(name.lastIndexOf(".") + 1),
  description,
});
const error = (code: string, status: number, message: string, resolution: string) =>
  ({ code, status, message, resolution }) satisfies ErrorDefinition;

const invalidData = error("INVALID_DATA", 400, "invalid data", "Send a `file` part.");
const connector: Connector = {
  ...files,
  errors: [error("UNUSED_CODE", 500, "unused", "Nothing to do.")],
  endpoints: [
    {
      ...getFiles,
      scopes: [scope("ZohoCRM.modules.READ", "Read records of every module.")],
      errors: [error("INVALID_DATA", 400, "invalid data", "The id names no file.")],
    },
    {
      ...uploadFiles,
      scopes: [scope("ZohoCRM.modules.READ", "Read the record the attachment belongs to.")],
      errors: [invalidData, error("NO_PERMISSION", 403, "Permission denied", "Ask an admin.")],
    },
    {
      ...uploadFiles,
      id: "files.replace",
      action: "replace",
      title: "Replace Files",
      scopes: [scope("ZohoCRM.modules.READ", "Read records of every module.")],
      errors: [invalidData],
    },
  ],
};

const markdown = (page: string) =>
  docsTarget.generate(connector).find((f) => f.path === `docs/${page}.md`)?.content ?? "";
const html = (page: string) =>
  renderSite(connector).find((f) => f.path === `site/${page}.html`)?.content ?? "";
const rows = (text: string, start: string) => text.split("\n").filter((l) => l.startsWith(start));

describe("shared scopes and error codes on topic pages", () => {
  it("groups a scope's endpoints by the description each gives it", () => {
    expect(
      scopeEntries(connector).map(({ name, entries }) => ({
        name,
        entries: entries.map((e) => [e.value, e.endpoints.map((x) => x.id)]),
      })),
    ).toEqual([
      {
        name: "ZohoCRM.modules.READ",
        entries: [
          ["Read records of every module.", ["files.get", "files.replace"]],
          ["Read the record the attachment belongs to.", ["files.upload"]],
        ],
      },
    ]);
    expect(rows(markdown("oauth-authentication"), "| `ZohoCRM")).toEqual([
      "| `ZohoCRM.modules.READ` | Read records of every module. | " +
        "[Get Files (files.get)](files.get.md), " +
        "[Replace Files (files.replace)](files.replace.md) |",
      "| `ZohoCRM.modules.READ` | Read the record the attachment belongs to. | " +
        "[Upload Files (files.upload)](files.upload.md) |",
    ]);
  });

  it("lists each endpoint's own status, message and resolution for a shared code", () => {
    expect(
      allErrors(connector).map((e) => [
        e.value.code,
        e.value.resolution,
        e.endpoints.map((x) => x.id),
      ]),
    ).toEqual([
      ["INVALID_DATA", "The id names no file.", ["files.get"]],
      ["INVALID_DATA", "Send a `file` part.", ["files.upload", "files.replace"]],
      ["NO_PERMISSION", "Ask an admin.", ["files.upload"]],
      ["UNUSED_CODE", "Nothing to do.", []],
    ]);
    expect(rows(markdown("status-codes"), "| `")).toEqual([
      "| `INVALID_DATA` | 400 | invalid data | The id names no file. | " +
        "[Get Files (files.get)](files.get.md) |",
      "| `INVALID_DATA` | 400 | invalid data | Send a `file` part. | " +
        "[Upload Files (files.upload)](files.upload.md), " +
        "[Replace Files (files.replace)](files.replace.md) |",
      "| `NO_PERMISSION` | 403 | Permission denied | Ask an admin. | " +
        "[Upload Files (files.upload)](files.upload.md) |",
      "| `UNUSED_CODE` | 500 | unused | Nothing to do. | any endpoint |",
    ]);
  });

  it("gives the site's first row of a code its anchor, and later rows none", () => {
    expect(rows(html("status-codes"), "<tr").slice(5)).toEqual([
      '<tr id="error-invalid-data"><td><code>INVALID_DATA</code></td><td>400</td>' +
        "<td>invalid data</td><td>The id names no file.</td>" +
        '<td><a href="files.get.html">Get Files (files.get)</a></td></tr>',
      "<tr><td><code>INVALID_DATA</code></td><td>400</td><td>invalid data</td>" +
        "<td>Send a <code>file</code> part.</td>" +
        '<td><a href="files.upload.html">Upload Files (files.upload)</a>, ' +
        '<a href="files.replace.html">Replace Files (files.replace)</a></td></tr>',
      '<tr id="error-no-permission"><td><code>NO_PERMISSION</code></td><td>403</td>' +
        "<td>Permission denied</td><td>Ask an admin.</td>" +
        '<td><a href="files.upload.html">Upload Files (files.upload)</a></td></tr>',
      '<tr id="error-unused-code"><td><code>UNUSED_CODE</code></td><td>500</td>' +
        "<td>unused</td><td>Nothing to do.</td><td>any endpoint</td></tr>",
    ]);
  });
});
