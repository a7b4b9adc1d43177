/**
 * Zoho's date and date-time forms for runtime users (case C17). The formatting lives in the
 * plan (`src/plan/zoho-date.ts`), which writes `Date` arguments with it; this module keeps the
 * runtime's public names.
 */
export { formatZohoDate, formatZohoDateTime } from "../plan/zoho-date.ts";
