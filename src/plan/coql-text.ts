/**
 * COQL text rules shared by the query builder (`src/runtime/coql.ts`) and the Deluge target
 * (case C16): how a text value is quoted, which column names need quotes, and how a finished
 * query splits into literal text and quoted values.
 *
 * - A text value is enclosed in single quotes and a single quote inside it is doubled
 *   (`'Acme''s Warehouse'`): Zoho, Kaizen #171 "FAQs on COQL API", question 3.
 * - A column whose name is an SQL reserved word is enclosed in single quotes
 *   (`select 'External' from Contacts`): Kaizen #171, question 1, which names `External` and
 *   says SQL reserved keywords in general. Zoho publishes no list, so `RESERVED_WORDS` holds
 *   the reserved words of SQL-92 (ISO/IEC 9075:1992, section 5.2 `<reserved word>`, which
 *   includes EXTERNAL) plus COQL's own clause words that SQL-92 lacks (`limit`, `offset`,
 *   from Zoho's COQL API pages; zoho-facts.md section 6.3). Matching ignores case.
 *
 * Limitations: Zoho shows the name quoting only in a select list; the builder quotes a
 * reserved name the same way where it starts a condition, which Zoho does not document. A
 * dotted lookup name (`Owner.last_name`) is never quoted.
 */

const SQL_92_RESERVED = `
  absolute action add all allocate alter and any are as asc assertion at authorization avg
  begin between bit bit_length both by cascade cascaded case cast catalog char character
  char_length character_length check close coalesce collate collation column commit connect
  connection constraint constraints continue convert corresponding count create cross current
  current_date current_time current_timestamp current_user cursor date day deallocate dec
  decimal declare default deferrable deferred delete desc describe descriptor diagnostics
  disconnect distinct domain double drop else end escape except exception exec execute exists
  external extract false fetch first float for foreign found from full get global go goto grant
  group having hour identity immediate in indicator initially inner input insensitive insert int
  integer intersect interval into is isolation join key language last leading left level like
  local lower match max min minute module month names national natural nchar next no not null
  nullif numeric octet_length of on only open option or order outer output overlaps pad partial
  position precision prepare preserve primary prior privileges procedure public read real
  references relative restrict revoke right rollback rows schema scroll second section select
  session session_user set size smallint some space sql sqlcode sqlerror sqlstate substring sum
  system_user table temporary then time timestamp timezone_hour timezone_minute to trailing
  transaction translate translation trim true union unique unknown update upper usage user
  using value values varchar varying view when whenever where with work write year zone`;

/** Words a column name must not be written bare as (lower case; see the module header). */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  ...SQL_92_RESERVED.split(/\s+/).filter((word) => word !== ""),
  "limit",
  "offset",
]);

/** `'Acme''s Warehouse'` for `Acme's Warehouse`: a COQL text literal. */
export function coqlText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A column name as a query writes it: quoted when it is a reserved word, else as is. */
export function coqlName(name: string): string {
  return RESERVED_WORDS.has(name.toLowerCase()) ? coqlText(name) : name;
}

/** One piece of a query: literal query text, or the value of a quoted literal. */
export type CoqlPiece =
  | { readonly kind: "text"; readonly text: string }
  | {
      readonly kind: "value";
      /** The literal's value, quotes removed and doubled quotes made single. */
      readonly value: string;
      /** The column it is compared with (`Last_Name` in `Last_Name = 'x'`), when known. */
      readonly field?: string;
    };

// Words that sit between a column and its value (`Email not like '%x'`, `Stage in ('a', ...`).
const OPERATOR_WORDS = new Set(["not", "like", "in", "between", "and", "or", "is", "where"]);

/**
 * Splits a query into query text and quoted values: a quoted literal after `where` is a value
 * (it gets a `field` when a column name comes before its operator); one before is a quoted
 * column name and stays query text. Returns undefined when a quote is not closed.
 */
export function splitCoqlQuery(query: string): CoqlPiece[] | undefined {
  const pieces: CoqlPiece[] = [];
  let text = "";
  let inWhere = false;
  let index = 0;
  while (index < query.length) {
    const quote = query.indexOf("'", index);
    const before = query.slice(index, quote === -1 ? query.length : quote);
    text += before;
    inWhere ||= /\bwhere\b/i.test(before);
    if (quote === -1) break;
    const end = closingQuote(query, quote + 1);
    if (end === -1) return undefined;
    const literal = query.slice(quote, end + 1);
    if (!inWhere) {
      text += literal;
    } else {
      if (text !== "") pieces.push({ kind: "text", text });
      text = "";
      const value = literal.slice(1, -1).replaceAll("''", "'");
      const field = fieldBefore(pieces);
      pieces.push({ kind: "value", value, ...(field === undefined ? {} : { field }) });
    }
    index = end + 1;
  }
  if (text !== "") pieces.push({ kind: "text", text });
  return pieces;
}

/** Index of the quote that closes a literal opened before `from` (`''` is not a close). */
function closingQuote(query: string, from: number): number {
  let at = from;
  for (;;) {
    const next = query.indexOf("'", at);
    if (next === -1) return -1;
    if (query[next + 1] !== "'") return next;
    at = next + 2;
  }
}

/** The column of the value that comes next: the last name-like word before its operator. */
function fieldBefore(pieces: readonly CoqlPiece[]): string | undefined {
  // `in ('a', 'b')` and `between 'a' and 'b'`: a later value has the field of the first.
  for (let p = pieces.length - 1; p >= 0; p--) {
    const piece = pieces[p];
    if (piece?.kind === "value") return piece.field;
    const words = piece?.text.match(/[A-Za-z_][A-Za-z0-9_.]*/g) ?? [];
    for (let i = words.length - 1; i >= 0; i--) {
      const word = words[i] ?? "";
      if (!OPERATOR_WORDS.has(word.toLowerCase())) return word;
    }
  }
  return undefined;
}
