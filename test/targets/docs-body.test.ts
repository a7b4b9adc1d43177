import { describe, expect, it } from "vitest";
import { loadConnector } from "../../src/spec/index.ts";
import { type Endpoint, findEndpoint } from "../../src/spec/model.ts";
import { renderEndpointPage } from "../../src/targets/docs.ts";
import { bodyFields, flowNotes } from "../../src/targets/docs-body-fields.ts";
import { siteTarget } from "../../src/targets/site.ts";

const lite = await loadConnector("test/fixtures/connectors/crm-lite");
const endpoint = (id: string): Endpoint => {
  const found = findEndpoint(lite, id);
  if (!found) throw new Error(`no ${id}`);
  return found;
};

describe("body fields table", () => {
  it("lists fields with dotted names, types, required and allowed values", () => {
    const insert = endpoint("records.insert");
    if (insert.body.kind !== "json") throw new Error("not a JSON endpoint");
    expect(bodyFields(insert.body.schema)).toEqual([
      {
        name: "data",
        type: "array of objects, at least 1 item",
        required: "yes",
        description: "",
        allowed: [],
      },
      { name: "data.Last_Name", type: "string", required: "yes", description: "", allowed: [] },
      {
        name: "data.Closing_Time",
        type: "string (date-time, America/New_York)",
        required: "no",
        description: "",
        allowed: [],
      },
      {
        name: "trigger",
        type: "array of strings",
        required: "no",
        description: "",
        allowed: ['"approval"', '"workflow"', '"blueprint"'],
      },
    ]);
  });

  it("goes through nested objects and arrays of arrays, with bounds and descriptions", () => {
    const rows = bodyFields({
      type: "object",
      required: ["a"],
      properties: {
        a: {
          type: "object",
          description: "Outer | pipe.",
          properties: { b: { type: ["integer", "null"], description: "B." } },
        },
        m: { type: "array", maxItems: 5, items: { type: "array", items: { type: "number" } } },
      },
    });
    expect(rows.map((r) => [r.name, r.type, r.required, r.description])).toEqual([
      ["a", "object", "yes", "Outer | pipe."],
      ["a.b", "integer or null", "no", "B."],
      ["m", "array of arrays of numbers, at most 5 items", "no", ""],
    ]);
  });

  it("renders the table in Markdown and on the site page", async () => {
    const page = renderEndpointPage(lite, endpoint("records.insert"));
    expect(page).toContain(
      "| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n" +
        "| `data` | array of objects, at least 1 item | yes |  |\n" +
        "| `data.Last_Name` | string | yes |  |\n",
    );
    expect(page).toContain(
      '| `trigger` | array of strings | no | Allowed values: `"approval"`, `"workflow"`, ' +
        '`"blueprint"`. |\n',
    );
    const files = await siteTarget.generate(lite);
    const html = files.find((f) => f.path === "site/records.insert.html")?.content ?? "";
    expect(html).toContain(
      "<tr><td><code>data.Closing_Time</code></td><td>string (date-time, America/New_York)</td><td>no</td>",
    );
  });
});

describe("flow notes", () => {
  const title = (id: string) => `T(${id})`;

  it("pagination: the 2,000-record reach of page and the token after it", () => {
    const [pages] = flowNotes(endpoint("records.list"), title);
    expect(pages).toContain("Page numbers reach only the first 2,000 records");
    expect(pages).toContain("`page_token` set to `info.next_page_token`");
  });

  it("batches and jobs", () => {
    expect(flowNotes(endpoint("records.insert"), title)[0]).toMatch(
      /^One request takes at most 100 records in `data`\. The Node client splits/,
    );
    expect(flowNotes(endpoint("bulk_read.create"), title)[0]).toContain(
      "Poll T(bulk_read.status) (`bulk_read.status`) until `data.0.state` is COMPLETED " +
        "(FAILURE means it failed), then download the result with T(bulk_read.result)",
    );
    expect(flowNotes(endpoint("bulk_read.status"), title)).toEqual([]);
  });
});
