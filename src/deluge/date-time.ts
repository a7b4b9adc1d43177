/**
 * DATE and DATE-TIME values of the interpreter (case C17): what a single-quoted literal in
 * Zoho's default form (`'10-Mar-2024'`, `'10-Mar-2024 09:30:00'`, `shared/deluge-facts.md`
 * s.3.1) evaluates to, and `toString(pattern)` with the Java-style pattern letters that date
 * formatting in Deluge uses (`yyyy-MM-dd'T'HH:mm:ss`). Generated snippets write date-times
 * for Zoho as `value.toString("yyyy-MM-dd'T'HH:mm:ss") + offset`, so these two are what the
 * equivalence test needs to run them.
 *
 * A value is a wall clock without a zone, as Deluge keeps it (the org's zone is implied).
 *
 * Limitations: only the default literal form is read (other text stays TEXT, as before);
 * pattern letters y M d H h m s a and E are known, any other unquoted letter is an error; no
 * time zone argument, no date arithmetic.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** A DATE (`hasTime` false) or DATE-TIME value: calendar fields of a wall clock. */
export class DelugeDateTime {
  constructor(
    readonly year: number,
    /** 1 to 12. */
    readonly month: number,
    readonly day: number,
    readonly hour: number,
    readonly minute: number,
    readonly second: number,
    readonly hasTime: boolean,
  ) {}

  /** Deluge's default text form: `10-Mar-2024 09:30:00`, or `10-Mar-2024` for a DATE. */
  toText(): string {
    return this.format(this.hasTime ? "dd-MMM-yyyy HH:mm:ss" : "dd-MMM-yyyy");
  }

  /**
   * The value written with `pattern`: runs of a letter are fields (`yyyy`, `MM`, `MMM`, `dd`,
   * `HH`, `hh`, `mm`, `ss`, `a`, `EEE`), `'...'` is literal text (`''` a quote), everything
   * else is copied. Throws `RangeError` naming an unknown pattern letter.
   */
  format(pattern: string): string {
    let out = "";
    let at = 0;
    while (at < pattern.length) {
      const char = pattern[at] ?? "";
      if (char === "'") {
        // `''` is a quote, inside quoted text or outside it.
        if (pattern[at + 1] === "'") {
          out += "'";
          at += 2;
          continue;
        }
        at++;
        for (;;) {
          const end = pattern.indexOf("'", at);
          if (end === -1) throw new RangeError(`unclosed quote in date pattern "${pattern}"`);
          out += pattern.slice(at, end);
          at = end + 1;
          if (pattern[at] !== "'") break;
          out += "'";
          at++;
        }
        continue;
      }
      if (!/[A-Za-z]/.test(char)) {
        out += char;
        at++;
        continue;
      }
      let run = 1;
      while (pattern[at + run] === char) run++;
      out += this.#field(char, run, pattern);
      at += run;
    }
    return out;
  }

  #field(letter: string, width: number, pattern: string): string {
    const pad = (value: number) => String(value).padStart(width, "0");
    switch (letter) {
      case "y":
        return width === 2 ? String(this.year % 100).padStart(2, "0") : pad(this.year);
      case "M":
        if (width >= 4) return MONTH_NAMES[this.month - 1] ?? "";
        return width === 3 ? (MONTHS[this.month - 1] ?? "") : pad(this.month);
      case "d":
        return pad(this.day);
      case "H":
        return pad(this.hour);
      case "h":
        return pad(this.hour % 12 === 0 ? 12 : this.hour % 12);
      case "m":
        return pad(this.minute);
      case "s":
        return pad(this.second);
      case "a":
        return this.hour < 12 ? "AM" : "PM";
      case "E": {
        const weekday = new Date(Date.UTC(this.year, this.month - 1, this.day)).getUTCDay();
        const name = DAYS[weekday] ?? "";
        return width >= 4 ? name : name.slice(0, 3);
      }
      default:
        throw new RangeError(`unknown letter "${letter}" in date pattern "${pattern}"`);
    }
  }
}

const LITERAL = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * The value of a date literal in Zoho's default form (`10-Mar-2024`, `10-Mar-2024 09:30`,
 * `10-Mar-2024 09:30:00`), or undefined for any other text or an impossible date.
 */
export function parseDateLiteral(text: string): DelugeDateTime | undefined {
  const match = LITERAL.exec(text.trim());
  if (!match) return undefined;
  const month = MONTHS.findIndex((m) => m.toLowerCase() === match[2]?.toLowerCase()) + 1;
  const [year, day] = [Number(match[3]), Number(match[1])];
  const hasTime = match[4] !== undefined;
  const [hour, minute, second] = [
    Number(match[4] ?? 0),
    Number(match[5] ?? 0),
    Number(match[6] ?? 0),
  ];
  const check = new Date(Date.UTC(year, month - 1, day));
  const real =
    month >= 1 &&
    check.getUTCDate() === day &&
    check.getUTCMonth() === month - 1 &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  return real ? new DelugeDateTime(year, month, day, hour, minute, second, hasTime) : undefined;
}
