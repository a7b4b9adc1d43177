import { describe, expect, it } from "vitest";
import { parseJsonSafe } from "../../src/runtime/json-body.ts";

describe("parseJsonSafe", () => {
  it("keeps integers past 2^53 as their exact digits", () => {
    const text = '{"id":3652397000000624046,"n":-9007199254740993,"ok":9007199254740991}';
    expect(parseJsonSafe(text)).toEqual({
      id: "3652397000000624046",
      n: "-9007199254740993",
      ok: 9007199254740991,
    });
    // What JSON.parse would have done to the same id:
    expect((JSON.parse(text) as { id: number }).id).toBe(3652397000000624000);
  });

  it("leaves digits inside strings, escaped quotes, decimals and exponents alone", () => {
    const text =
      '{"s":"a \\" 12345678901234567890","d":1234567890123456789.5,"e":1e400,' +
      '"list":[1,2,12345678901234567890],"t":true,"z":null}';
    expect(parseJsonSafe(text)).toEqual({
      s: 'a " 12345678901234567890',
      d: Number("1234567890123456789.5"),
      e: Number.POSITIVE_INFINITY,
      list: [1, 2, "12345678901234567890"],
      t: true,
      z: null,
    });
  });

  it("matches JSON.parse when no long digit run is present, and throws on bad text", () => {
    const text = '{"a":[1,2.5,-3],"b":{"c":"x"}}';
    expect(parseJsonSafe(text)).toEqual(JSON.parse(text));
    expect(() => parseJsonSafe('{"id":12345678901234567890')).toThrow(SyntaxError);
  });
});
