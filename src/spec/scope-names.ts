/**
 * Known Zoho scope names (case C25): a scope that Zoho does not have is granted to no token,
 * so an endpoint that names one fails with `OAUTH_SCOPE_MISMATCH` however the connection is
 * set up. The list (`zoho-scope-stems.ts`) comes from Zoho's v8 OpenAPI documents; a few
 * stems come from Zoho's API pages (below). Only the services it covers are judged
 * (`ZohoCRM`, `ZohoFiles`); scopes of other services pass as they are.
 *
 * A stem's `{module}` takes any module API name (`ZohoCRM.modules.Leads.READ`, custom modules
 * included); `ZohoCRM.settings.<thing>` takes only the settings things Zoho lists. Names are
 * compared without regard to case: Zoho's own pages write `ZohoCRM.Files.READ` and
 * `ZohoCRM.files.CREATE`, `ZohoCRM.modules.ALL` and `ZohoCRM.Modules.Events.ALL`.
 *
 * Limitations: the operation type is checked against the connector's `scope_format`, not per
 * stem (Zoho lists `READ` and `ALL` for most settings things; `CREATE` on one is accepted).
 */
import { didYouMean } from "./did-you-mean.ts";
import { DOCUMENTED_SCOPE_STEMS } from "./zoho-scope-stems.ts";

/** Stems Zoho's API pages give that its OpenAPI documents lack, each with its source. */
const PAGE_SCOPE_STEMS: readonly string[] = [
  // Zoho CRM API v3 "Get Records through a COQL Query": scope=ZohoCRM.coql.READ.
  "ZohoCRM.coql",
];

const KNOWN_STEMS = [...DOCUMENTED_SCOPE_STEMS, ...PAGE_SCOPE_STEMS];
/** The known stems split into their parts, once: every scope of every endpoint is judged. */
const patterns = KNOWN_STEMS.map((known) => known.split("."));

/** Services whose scopes the list covers, in lower case. */
const JUDGED_SERVICES = new Set(
  KNOWN_STEMS.map((stem) => stem.slice(0, stem.indexOf(".")).toLowerCase()),
);

const ANY_MODULE = "{module}";

/** The verdict on one scope name. */
export type ScopeVerdict =
  | { readonly known: true }
  /** Not a service the list covers: nothing is said about the name. */
  | { readonly known: undefined }
  /** Unknown; `suggestion` is the nearest known scope with the same operation type. */
  | { readonly known: false; readonly suggestion?: string };

/** Whether `stem` fits `pattern`: same parts without regard to case, `{module}` any part. */
function fits(pattern: readonly string[], stem: readonly string[]): boolean {
  return (
    pattern.length === stem.length &&
    pattern.every((part, i) => part === ANY_MODULE || part.toLowerCase() === stem[i]?.toLowerCase())
  );
}

/**
 * Judges a scope name of the form `<service>.<group...>.<operation>` (the form is checked
 * first, elsewhere): known, unknown (with the nearest known scope), or not judged.
 */
export function judgeScope(name: string): ScopeVerdict {
  const parts = name.split(".");
  if (!JUDGED_SERVICES.has((parts[0] ?? "").toLowerCase())) return { known: undefined };
  const stem = parts.slice(0, -1);
  const operation = parts.at(-1) ?? "";
  if (patterns.some((pattern) => fits(pattern, stem))) return { known: true };

  // Candidates: every stem of the same length, `{module}` filled with the name's own part,
  // so `ZohoCRM.modles.Leads` comes out as `ZohoCRM.modules.Leads`.
  const candidates = patterns
    .filter((pattern) => pattern.length === stem.length)
    .map((pattern) => pattern.map((part, i) => (part === ANY_MODULE ? stem[i] : part)).join("."));
  const guess = didYouMean(stem.join("."), [...new Set(candidates)]);
  return guess === undefined
    ? { known: false }
    : { known: false, suggestion: `${guess}.${operation}` };
}
