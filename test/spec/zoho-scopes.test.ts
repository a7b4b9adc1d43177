/**
 * The known Zoho scope list (case C25): `src/spec/zoho-scope-stems.ts` is derived from Zoho's
 * 62 CRM v8 OpenAPI documents. This test derives it again and fails when the committed file
 * differs; `INVOKEKIT_UPDATE_SCOPES=1 npx vitest run test/spec/zoho-scopes.test.ts` rewrites it.
 * It also checks that every scope the documents name passes the spec check.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { judgeScope } from "../../src/spec/scope-names.ts";
import { DOCUMENTED_SCOPE_STEMS } from "../../src/spec/zoho-scope-stems.ts";

const ZOHO = path.resolve("..", "shared", "zoho-oas", "v8.0");
const stemsFile = path.resolve("src", "spec", "zoho-scope-stems.ts");
const update = process.env.INVOKEKIT_UPDATE_SCOPES === "1";

type Json = unknown;
type Scheme = { flows?: Record<string, { scopes?: Record<string, string> }> };

/** Every scope name the documents give: operations' `security` and OAuth scheme tables. */
async function documentedScopes(): Promise<string[]> {
  const names = new Set<string>();
  const files = (await readdir(ZOHO)).filter((f) => f.endsWith(".json")).sort();
  const walk = (value: Json): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
    } else if (value && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        if (key === "security" && Array.isArray(child)) {
          for (const requirement of child) {
            for (const list of Object.values(requirement ?? {})) {
              for (const name of list as string[]) names.add(name);
            }
          }
        } else {
          walk(child);
        }
      }
    }
  };
  for (const file of files) {
    const document = JSON.parse(await readFile(path.join(ZOHO, file), "utf8"));
    walk(document);
    for (const scheme of Object.values<Scheme>(document.components?.securitySchemes ?? {})) {
      for (const flow of Object.values(scheme.flows ?? {})) {
        for (const name of Object.keys(flow.scopes ?? {})) names.add(name);
      }
    }
  }
  return [...names].sort();
}

/**
 * A scope's stem as the list keeps it: without the operation type, the service as written, the
 * rest in lower case, `{...}` placeholders as `{module}`. Undefined for names that are not
 * scopes: no `Zoho...` service first (`settings.fiscal_year.UPDATE`), the service twice
 * (`ZohoCRM.settings.ZohoCRM.settings.currencies.ALL`), fewer than three parts.
 */
function stemOf(name: string): string | undefined {
  const parts = name.split(".");
  const service = parts[0] ?? "";
  if (!/^Zoho[A-Za-z]+$/.test(service) || parts.length < 3) return undefined;
  if (parts.slice(1).includes(service)) return undefined;
  const rest = parts.slice(1, -1).map((p) => (/^\{.*\}$/.test(p) ? "{module}" : p.toLowerCase()));
  return [service, ...rest].join(".");
}

/** Whether `general` covers `stem`: same length, equal parts or `{module}`. */
function covers(general: string, stem: string): boolean {
  const a = general.split(".");
  const b = stem.split(".");
  return a.length === b.length && a.every((part, i) => part === b[i] || part === "{module}");
}

function deriveStems(names: readonly string[]): string[] {
  const stems = [...new Set(names.flatMap((name) => stemOf(name) ?? []))];
  return stems.filter((stem) => !stems.some((other) => other !== stem && covers(other, stem)));
}

function stemsSource(stems: readonly string[]): string {
  return [
    "/**",
    " * Zoho OAuth scopes known to exist, as stems: a scope without its operation type",
    " * (`ZohoCRM.settings.fields` for `ZohoCRM.settings.fields.READ`). `{module}` stands for any",
    " * module API name. `scope-names.ts` compares them without regard to case, as Zoho writes",
    " * both `ZohoCRM.Files` and `ZohoCRM.files`.",
    " *",
    " * Generated; do not edit by hand. Source: Zoho's OpenAPI documents for CRM v8 (crm-oas,",
    " * v8.0; the 62 files in shared/zoho-oas/v8.0): every scope an operation's `security` names",
    " * and the scope table of common.json's OAuth scheme, less two malformed entries of that",
    " * table. Regenerate with `INVOKEKIT_UPDATE_SCOPES=1 npx vitest run test/spec/zoho-scopes`.",
    " */",
    "export const DOCUMENTED_SCOPE_STEMS: readonly string[] = [",
    ...stems.map((stem) => `  ${JSON.stringify(stem)},`),
    "];",
    "",
  ].join("\n");
}

describe("the known Zoho scope list", () => {
  it("case-C25: equals what Zoho's 62 v8 documents name, derived again", async () => {
    const stems = deriveStems(await documentedScopes());
    if (update) await writeFile(stemsFile, stemsSource(stems));
    expect(await readFile(stemsFile, "utf8")).toBe(stemsSource(stems));
    // The module was imported before a rewrite; it is compared on the next run.
    if (!update) expect(DOCUMENTED_SCOPE_STEMS).toEqual(stems);
    expect(stems).toContain("ZohoCRM.settings.fields");
    expect(stems).toContain("ZohoCRM.modules.{module}");
    expect(stems).not.toContain("ZohoCRM.modules.leads");
  });

  it("case-C25: every well-formed scope the documents name is known", async () => {
    const named = (await documentedScopes()).filter((name) => stemOf(name) !== undefined);
    expect(named.length).toBeGreaterThan(100);
    const operation = /\.\{operation_type\}$/;
    const unknown = named
      .map((name) => name.replace(operation, ".ALL").replace(/\{[^}]+\}/g, "Leads"))
      .filter((name) => judgeScope(name).known === false);
    expect(unknown).toEqual([]);
  });
});
