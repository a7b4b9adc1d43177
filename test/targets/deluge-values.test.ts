/**
 * Deluge for values that must not be plain text literals: dates and date-times written with an
 * explicit pattern and offset (case C17), COQL queries with their quotes doubled at run time
 * (case C16). Each snippet lints clean and evaluates to the sample text in the interpreter.
 */
import { describe, expect, it } from "vitest";
import { runDeluge } from "../../src/deluge/interpreter.ts";
import { lintDeluge } from "../../src/deluge/lint.ts";
import { loadConnector } from "../../src/spec/index.ts";
import { findEndpoint } from "../../src/spec/model.ts";
import { renderDelugeSnippet } from "../../src/targets/deluge.ts";
import { delugeCoqlValue, delugeDateValue } from "../../src/targets/deluge-values.ts";
import { delugeVariableNamer } from "../../src/targets/names.ts";

const crm = await loadConnector("connectors/zoho-crm");

/** Runs the statements and returns the value of `variable`. */
async function evaluate(lines: readonly string[], expression: string): Promise<unknown> {
  const script = [...lines, `result = ${expression};`].join("\n");
  expect(lintDeluge(script, "value.dg")).toEqual([]);
  const run = await runDeluge(script, { baseUrl: "http://127.0.0.1:9", connections: {} });
  return run.variables.get("result");
}

describe("case-C17 Deluge dates", () => {
  it("writes a date-time with a pattern and an offset naming the zone", async () => {
    const built = delugeDateValue(
      "Closing_Time",
      "datetime",
      "2024-03-10T09:30:00-04:00",
      delugeVariableNamer(),
      "America/New_York",
    );
    expect(built).toEqual({
      lines: [
        "// Closing_Time: a date-time, sent as yyyy-MM-ddTHH:mm:ss±HH:mm (Zoho refuses Deluge's " +
          "own text",
        "// form). Put your DATE-TIME (a record's field, zoho.currenttime) in place of the " +
          "literal.",
        "// Closing_Time_offset is the UTC offset of America/New_York on that date: set it " +
          "again when",
        "// daylight saving time starts or ends.",
        'Closing_Time_offset = "-04:00";',
      ],
      expression:
        "'10-Mar-2024 09:30:00'.toString(\"yyyy-MM-dd'T'HH:mm:ss\") + Closing_Time_offset",
    });
    if (!built) throw new Error("no date-time built");
    expect(await evaluate(built.lines, built.expression)).toBe("2024-03-10T09:30:00-04:00");
  });

  it('writes a date with toString("yyyy-MM-dd") and leaves other text alone', async () => {
    const namer = delugeVariableNamer();
    const built = delugeDateValue("Closing_Date", "date", "2024-03-10", namer, "Asia/Kolkata");
    expect(built?.expression).toBe(`'10-Mar-2024'.toString("yyyy-MM-dd")`);
    expect(built?.lines).toEqual([
      "// Closing_Date: a date, sent as yyyy-MM-dd (the calendar day in Asia/Kolkata).",
    ]);
    expect(await evaluate(built?.lines ?? [], built?.expression ?? "")).toBe("2024-03-10");
    expect(delugeDateValue("X", "datetime", "2024-03-10T13:30:00Z", namer, undefined)).toBe(
      undefined,
    );
  });

  it("renders a datetime header argument of records.get that way", () => {
    const get = findEndpoint(crm, "records.get");
    if (!get) throw new Error("records.get missing");
    const values = { params: { "If-Modified-Since": "2024-03-10T09:30:00+05:30" } };
    const snippet = renderDelugeSnippet(crm, get, { values });
    expect(snippet).toContain(
      'If_Modified_Since_offset = "+05:30";\n' +
        "If_Modified_Since = '10-Mar-2024 09:30:00'.toString(\"yyyy-MM-dd'T'HH:mm:ss\") + " +
        "If_Modified_Since_offset;\n",
    );
    expect(snippet).toContain('headers: {"If-Modified-Since": If_Modified_Since}');
  });
});

describe("case-C16 Deluge COQL", () => {
  it("builds the query with replaceAll on each value, sent as JSON text", async () => {
    const query =
      "select Last_Name, 'External' from Contacts where ((Last_Name = 'Acme''s Warehouse' and " +
      "Email is not null) and Lead_Source = 'Web') limit 200";
    const built = delugeCoqlValue(query, delugeVariableNamer());
    expect(built?.lines.slice(-2)).toEqual([
      'Last_Name = "Acme\'s Warehouse";',
      'Lead_Source = "Web";',
    ]);
    expect(built?.expression).toBe(
      `"select Last_Name, 'External' from Contacts where ((Last_Name = '" + ` +
        `Last_Name.replaceAll("'", "''") + "' and Email is not null) and Lead_Source = '" + ` +
        `Lead_Source.replaceAll("'", "''") + "') limit 200"`,
    );
    expect(await evaluate(built?.lines ?? [], built?.expression ?? "")).toBe(query);

    const coql = findEndpoint(crm, "coql.query");
    if (!coql) throw new Error("coql.query missing");
    const snippet = renderDelugeSnippet(crm, coql, { values: { body: { select_query: query } } });
    expect(snippet).toContain('payload.put("select_query", select_query);');
    expect(snippet).toContain('headerMap.put("Content-Type", "application/json");');
    expect(snippet).toContain("parameters: payload.toString()");
  });
});
