/** OAuth 2.0 security schemes of an OpenAPI document, with their scopes and token URLs. */
import type { DocumentSet, SourceDocument } from "./documents.ts";
import { OpenApiError } from "./errors.ts";
import { escapeSegment, follow } from "./references.ts";

/** What an OAuth 2.0 scheme tells about the service. */
export interface OAuthScheme {
  /** Where it is defined (document and pointer), to tell schemes apart. */
  readonly key: string;
  readonly tokenUrl?: string;
  /** Scope name -> description, over all flows. */
  readonly scopes: Readonly<Record<string, string>>;
  /** `x-invokekit.header_prefix`, when the document is one of our exports. */
  readonly headerPrefix?: string;
}

type Fields = Record<string, unknown>;

function fields(value: unknown): Fields {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Fields) : {};
}

/**
 * The scheme `name` of `document`, or undefined when it is not OAuth 2.0 (API keys and HTTP
 * authentication do not fit the spec format). `at` locates the requirement that names it.
 */
export function readScheme(
  documents: DocumentSet,
  document: SourceDocument,
  name: string,
  at: string,
): OAuthScheme | undefined {
  const schemes = fields(fields(fields(document.data).components).securitySchemes);
  if (!Object.hasOwn(schemes, name)) {
    throw new OpenApiError([
      {
        ...documents.locate(document, at),
        code: "IK_OPENAPI_REF_UNRESOLVED",
        message: `security scheme ${name} is not defined under components.securitySchemes`,
      },
    ]);
  }
  const pointer = `/components/securitySchemes/${escapeSegment(name)}`;
  const resolved = follow(documents, document, pointer, schemes[name]);
  const scheme = fields(resolved.value);
  if (scheme.type !== "oauth2") return undefined;
  const scopes: Record<string, string> = {};
  let tokenUrl: string | undefined;
  for (const flow of Object.values(fields(scheme.flows))) {
    const f = fields(flow);
    for (const [scope, description] of Object.entries(fields(f.scopes))) {
      if (typeof description === "string") scopes[scope] ??= description;
    }
    if (typeof f.tokenUrl === "string") tokenUrl ??= f.tokenUrl;
  }
  const prefix = fields(scheme["x-invokekit"]).header_prefix;
  return {
    key: `${resolved.document.name}#${resolved.pointer}`,
    ...(tokenUrl ? { tokenUrl } : {}),
    scopes,
    ...(typeof prefix === "string" ? { headerPrefix: prefix } : {}),
  };
}
