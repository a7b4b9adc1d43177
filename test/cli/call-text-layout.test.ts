/**
 * `replyText` on replies the sandbox does not produce: control characters in a value, an
 * outcome without message, a list whose items lack ids.
 */
import { describe, expect, it } from "vitest";
import { replyText } from "../../src/cli/call-text.ts";

describe("replyText", () => {
  it("replaces control characters, so a record cannot clear or move the terminal", () => {
    const body = { data: [{ id: "1", Last_Name: "Eve\u001b[2J\r\nMallory" }] };
    expect(replyText(body)).toBe("1  Eve [2J  Mallory");
  });

  it("an outcome without message or details shows '-' in those columns", () => {
    expect(replyText({ data: [{ status: "success", code: "SUCCESS" }] })).toBe(
      "success  SUCCESS  -  -",
    );
  });

  it("a list whose items lack ids, or an empty object, prints as JSON", () => {
    expect(replyText({ data: [{ name: "x" }] })).toBe(
      '{\n  "data": [\n    {\n      "name": "x"\n    }\n  ]\n}',
    );
    expect(replyText({})).toBe("{}");
  });
});
