/**
 * The `format`s a body schema may name, as the runtime checks a body before sending it:
 * `int32` bounds an integer to 32 bits and `int64` asks for a whole number (ajv-formats: any
 * JavaScript integer passes), as Zoho's own documents use them; `email` as before.
 */
import { describe, expect, it } from "vitest";
import { bodyProblems } from "../../src/spec/body-schema.ts";
import type { JsonSchema } from "../../src/spec/model.ts";

const schema: JsonSchema = {
  type: "object",
  properties: {
    count: { type: "integer", format: "int32" },
    total: { type: "integer", format: "int64" },
    email: { type: "string", format: "email" },
  },
};

describe("body formats", () => {
  it("takes integers within 32 bits and any whole number as int64", () => {
    const value = { count: 2 ** 31 - 1, total: Number.MAX_SAFE_INTEGER, email: "a@b.example" };
    expect(bodyProblems(schema, value)).toEqual([]);
  });

  it("refuses an int32 past 2^31 - 1 and a fraction as int64, naming each field", () => {
    const value = { count: 2 ** 31, total: 1.5, email: "not mail" };
    expect(bodyProblems(schema, value)).toEqual([
      'body.count must match format "int32"',
      "body.total must be integer",
      'body.total must match format "int64"',
      'body.email must match format "email"',
    ]);
  });
});
