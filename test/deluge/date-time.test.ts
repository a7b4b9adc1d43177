/**
 * DATE and DATE-TIME values in the interpreter (case C17): literals in Zoho's default form,
 * `toString(pattern)`, and everything else staying as it was (TEXT).
 */
import { describe, expect, it } from "vitest";
import { runDeluge } from "../../src/deluge/interpreter.ts";

async function infoOf(script: string): Promise<readonly string[]> {
  const run = await runDeluge(script, { baseUrl: "http://127.0.0.1:9", connections: {} });
  return run.info;
}

describe("Deluge dates", () => {
  it("formats a DATE-TIME literal with a pattern, quoted text, default form", async () => {
    expect(
      await infoOf(
        [
          "dt = '10-Mar-2024 09:30:00';",
          `info dt.toString("yyyy-MM-dd'T'HH:mm:ss") + "-04:00";`,
          `info dt.toString("EEE, dd MMM yy hh:mm a 'o''clock' ''");`,
          "info dt;",
          `info '29-Feb-2024'.toString("yyyy-MM-dd");`,
          `info '01-Jan-2025 7:05'.toString("MMMM d, HH:mm:ss");`,
        ].join("\n"),
      ),
    ).toEqual([
      "2024-03-10T09:30:00-04:00",
      "Sun, 10 Mar 24 09:30 AM o'clock '",
      "10-Mar-2024 09:30:00",
      "2024-02-29",
      "January 1, 07:05:00",
    ]);
  });

  it("keeps other single-quoted text as TEXT and refuses an unknown pattern letter", async () => {
    expect(await infoOf(`info '30-Feb-2024'; info '2024-03-10' + "!";`)).toEqual([
      "30-Feb-2024",
      "2024-03-10!",
    ]);
    await expect(infoOf(`info '10-Mar-2024'.toString("yyyy-QQ");`)).rejects.toThrow(
      'unknown letter "Q" in date pattern "yyyy-QQ" at line 1',
    );
  });
});
