/**
 * Date and date-time values in the form Zoho CRM accepts (case C17): `yyyy-MM-ddTHH:mm:ss±HH:mm`
 * in a named time zone (no milliseconds, no `Z`), and `yyyy-MM-dd` for date fields, taken as
 * the calendar date in that zone, so a local midnight stored as the previous day's UTC time
 * does not shift a day. Sub-second parts are dropped (truncated, not rounded).
 */

/** Zoho's date-time text form, as `planRequest` checks it. */
export const ZOHO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

/** Zoho's date text form. */
export const ZOHO_DATE = /^\d{4}-\d{2}-\d{2}$/;

// Building a formatter costs far more than using one; a batch of records reuses them.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The parts of `date` as a wall clock in `timeZone`. */
function wallClock(date: Date, timeZone: string) {
  let format = formatters.get(timeZone);
  format ??= new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  formatters.set(timeZone, format);
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(date)) parts[part.type] = part.value;
  return {
    year: parts.year ?? "",
    month: parts.month ?? "",
    day: parts.day ?? "",
    hour: parts.hour ?? "",
    minute: parts.minute ?? "",
    second: parts.second ?? "",
  };
}

/** `2024-03-10T09:30:00-04:00` for `date` in `timeZone` (an IANA name, e.g. `Asia/Kolkata`). */
export function formatZohoDateTime(date: Date, timeZone: string): string {
  const wall = wallClock(date, timeZone);
  const asUtc = Date.UTC(
    Number(wall.year),
    Number(wall.month) - 1,
    Number(wall.day),
    Number(wall.hour),
    Number(wall.minute),
    Number(wall.second),
  );
  const offsetMinutes = Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const absolute = Math.abs(offsetMinutes);
  const offset = `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
  const day = `${wall.year}-${wall.month}-${wall.day}`;
  return `${day}T${wall.hour}:${wall.minute}:${wall.second}${offset}`;
}

/** `2024-03-10`: the calendar date of `date` in `timeZone`. */
export function formatZohoDate(date: Date, timeZone: string): string {
  const wall = wallClock(date, timeZone);
  return `${wall.year}-${wall.month}-${wall.day}`;
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}
