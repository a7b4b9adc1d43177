/**
 * The Deluge linter's rules in one table: each diagnostic code `lint.ts`, `lint-requests.ts`
 * and `lint-coql.ts` report, its severity and what it finds, in one line. `invokekit lint
 * --help` prints it, so the help lists exactly the rules the linter has; a test keeps the
 * table and the codes in the source in step. Summaries stay within 39 characters so each help
 * line fits 80 columns.
 */

/** One lint rule as the help lists it. */
export interface LintRule {
  readonly code: string;
  readonly severity: "error" | "warning";
  readonly summary: string;
}

/** Every rule of `lintDeluge`, in the order of the help. */
export const LINT_RULES: readonly LintRule[] = [
  { code: "IK_DELUGE_SYNTAX", severity: "error", summary: "the script does not parse" },
  {
    code: "IK_DELUGE_UNKNOWN_KEY",
    severity: "error",
    summary: "an invokeurl key Zoho does not document",
  },
  { code: "IK_DELUGE_DUPLICATE_KEY", severity: "error", summary: "an invokeurl key given twice" },
  { code: "IK_DELUGE_MISSING_URL", severity: "error", summary: "an invokeurl without url:" },
  { code: "IK_DELUGE_METHOD", severity: "error", summary: "a type: that is not an HTTP method" },
  {
    code: "IK_DELUGE_GET_BODY",
    severity: "error",
    summary: "a body (or text parameters) on a GET",
  },
  {
    code: "IK_DELUGE_GET_CONTENT_TYPE",
    severity: "error",
    summary: "a Content-Type header on a GET (C23)",
  },
  {
    code: "IK_DELUGE_CONNECTION_NAME",
    severity: "error",
    summary: "a connection link name Zoho refuses",
  },
  {
    code: "IK_DELUGE_UNDEFINED_VARIABLE",
    severity: "error",
    summary: "a variable read before it is assigned",
  },
  {
    code: "IK_DELUGE_DEPRECATED",
    severity: "warning",
    summary: "getUrl/postUrl instead of invokeurl",
  },
  {
    code: "IK_DELUGE_HOST",
    severity: "warning",
    summary: "a URL host that is no Zoho API domain",
  },
  {
    code: "IK_DELUGE_URL_ENCODE",
    severity: "warning",
    summary: "unencoded value in a URL query (C23)",
  },
  {
    code: "IK_DELUGE_MAP_AS_JSON",
    severity: "error",
    summary: "a Map as JSON body, no toString() (C24)",
  },
  {
    code: "IK_DELUGE_LIST_IN_MAP",
    severity: "error",
    summary: "a [...] list inside a map literal (C24)",
  },
  {
    code: "IK_DELUGE_DETAILED_REPLY",
    severity: "error",
    summary: "detailed: true reply read raw (C22)",
  },
  {
    code: "IK_DELUGE_MANUAL_AUTH",
    severity: "error",
    summary: "hand-written Authorization header (C01)",
  },
  {
    code: "IK_DELUGE_COQL_QUOTE",
    severity: "error",
    summary: "unescaped value in COQL quotes (C16)",
  },
  {
    code: "IK_DELUGE_COQL_GROUPING",
    severity: "error",
    summary: "3+ COQL conditions in one group (C16)",
  },
];
