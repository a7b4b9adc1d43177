/**
 * An operation's security requirements (its own, else the document's) -> the endpoint's OAuth
 * scopes, with descriptions from `x-invokekit`, else from the scheme. Only OAuth 2.0 schemes
 * fit; scope operation types are written in upper case as the spec format wants them.
 */
import type { RawEndpoint } from "../spec/raw.ts";
import type { DocumentSet, SourceDocument } from "./documents.ts";
import { type Fields, fields, text } from "./fields.ts";
import { type OAuthScheme, readScheme } from "./security.ts";

/** The scopes of `operation`; the schemes they come from are added to `schemes`. */
export function readScopes(
  documents: DocumentSet,
  document: SourceDocument,
  pointer: string,
  operation: Fields,
  extension: Fields,
  notes: string[],
  schemes: OAuthScheme[],
): RawEndpoint["scopes"] {
  const root = fields(document.data);
  const own = operation.security !== undefined;
  const requirements = own ? operation.security : root.security;
  const at = own ? `${pointer}/security` : "/security";
  const list = Array.isArray(requirements) ? requirements : [];
  if (list.length > 1) notes.push("security alternatives merged into one scope list");
  const described = fields(extension.scopes);
  const scopes: RawEndpoint["scopes"] = [];
  list.forEach((requirement, index) => {
    for (const [schemeName, names] of Object.entries(fields(requirement))) {
      const scheme = readScheme(documents, document, schemeName, `${at}/${index}`);
      if (!scheme) {
        notes.push(`security scheme ${schemeName} left out: only OAuth 2.0 fits`);
        continue;
      }
      if (!schemes.some((s) => s.key === scheme.key)) schemes.push(scheme);
      for (const given of Array.isArray(names) ? names : []) {
        const name = normalizeScope(String(given), notes);
        if (!name || scopes.some((s) => s.name === name)) continue;
        const description =
          text(described[name]) ??
          text(scheme.scopes[String(given)]) ??
          text(scheme.scopes[name]) ??
          `OAuth scope ${name}.`;
        scopes.push({ name, description });
      }
    }
  });
  return scopes;
}

/** Zoho writes some operation types in lower case (`read`); the spec format wants `READ`. */
function normalizeScope(given: string, notes: string[]): string | undefined {
  const parts = given.split(".");
  if (parts.length < 3 || parts.some((part) => !/^[A-Za-z_]+$/.test(part))) {
    notes.push(`scope ${given} left out: not of the form service.group.OPERATION`);
    return undefined;
  }
  const operation = parts.at(-1) ?? "";
  if (operation !== operation.toUpperCase()) {
    notes.push(
      `scope ${given} written ${[...parts.slice(0, -1), operation.toUpperCase()].join(".")}`,
    );
  }
  return [...parts.slice(0, -1), operation.toUpperCase()].join(".");
}
