/**
 * Lint rules for COQL queries written in Deluge (case C16; Kaizen #171 "FAQs on COQL API"):
 *
 * - `IK_DELUGE_COQL_QUOTE`: a value joined inside the single quotes of a query without
 *   `.replaceAll("'", "''")`, so an apostrophe in it (`Acme's`) ends the quotes early.
 * - `IK_DELUGE_COQL_GROUPING`: more than two conditions side by side in one group of the
 *   `where` clause; Zoho wants them grouped pairwise, `((A and B) and C)`.
 *
 * A query is a text literal, or a `+` chain starting with one, whose text starts with `select`
 * and holds `from`. Values joined into it are read as placeholders for the grouping rule.
 *
 * Limitations: a query built over several statements (`q = q + " and ..."`) is not put
 * together; a joined value outside quotes (a number, a column name) is taken as is.
 */
import type { Expression } from "./ast.ts";
import { textOf } from "./lint-facts.ts";
import { concatenation, nameOf, type Report, startOf } from "./lint-requests.ts";

const coqlStart = /^\s*select\s[\s\S]*\sfrom\s/i;

/** Runs the COQL rules on `node` when it is the whole of a text expression. */
export function checkCoqlText(node: Expression, report: Report): void {
  const parts = concatenation(node);
  const first = textOf(parts[0]);
  if (first === undefined || !coqlStart.test(textOf(node) ?? joinedText(parts))) return;

  let shape = "";
  let quoted = false;
  for (const part of parts) {
    const text = textOf(part);
    if (text !== undefined) {
      // A doubled quote toggles twice: it stays inside the literal, as COQL reads it.
      for (const char of text) if (char === "'") quoted = !quoted;
      shape += text;
      continue;
    }
    shape += quoted ? "x" : "0";
    if (quoted && !doublesQuotes(part)) {
      const doubled = `.replaceAll("'", "''")`;
      const fix = part.kind === "identifier" ? `${part.name}${doubled}` : `${doubled} after it`;
      const message =
        `${nameOf(part)} is joined inside the quotes of a COQL query as it is: write ${fix} ` +
        "so a quote in the value cannot end the text early";
      report(startOf(part), "error", "IK_DELUGE_COQL_QUOTE", message);
    }
  }
  if (ungroupedConditions(shape) > 2) {
    const message =
      "COQL takes at most two conditions side by side: group them pairwise, e.g. " +
      "((A and B) and C)";
    report(node, "error", "IK_DELUGE_COQL_GROUPING", message);
  }
}

/** The chain's text parts with a placeholder for each joined value. */
function joinedText(parts: readonly Expression[]): string {
  return parts.map((part) => textOf(part) ?? "0").join("");
}

/** `value.replaceAll("'", "''")`. */
function doublesQuotes(node: Expression): boolean {
  return (
    node.kind === "call" &&
    node.name.toLowerCase() === "replaceall" &&
    textOf(node.args[0]) === "'" &&
    textOf(node.args[1]) === "''"
  );
}

/** The most conditions that sit side by side in one group of the query's `where` clause. */
export function ungroupedConditions(query: string): number {
  const where = /\bwhere\b([\s\S]*)$/i.exec(query.replace(/'(?:[^']|'')*'/g, "''"));
  if (!where?.[1]) return 0;
  const clause = where[1].split(/\b(?:order\s+by|group\s+by|limit|offset)\b/i)[0] ?? "";
  // One counter of `and`/`or` joints per open parenthesis; `between a and b` is one condition.
  const joints = [0];
  let most = 0;
  let between = false;
  for (const token of clause.match(/[()]|[A-Za-z_]+/g) ?? []) {
    if (token === "(") {
      joints.push(0);
    } else if (token === ")") {
      most = Math.max(most, (joints.pop() ?? 0) + 1);
      if (joints.length === 0) joints.push(0);
    } else {
      const word = token.toLowerCase();
      if (word === "between") between = true;
      else if (word === "and" && between) between = false;
      else if (word === "and" || word === "or")
        joints[joints.length - 1] = (joints.at(-1) ?? 0) + 1;
    }
  }
  return Math.max(most, (joints.at(-1) ?? 0) + 1);
}
