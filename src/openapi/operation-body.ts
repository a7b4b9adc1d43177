/**
 * An operation's request body -> the spec format's body: a JSON body keeps its schema (as the
 * spec's subset), a multipart body becomes file parts with the limits that `x-invokekit`
 * gives. Other media types, and bodies of GET and DELETE, go to the notes.
 */
import type { RawEndpoint, RawFilePart } from "../spec/raw.ts";
import type { DocumentSet, SourceDocument } from "./documents.ts";
import { type Fields, fields, text } from "./fields.ts";
import { escapeSegment, follow } from "./references.ts";
import { type SubsetReport, toSubset } from "./schema-subset.ts";

/** The body of `operation` (at `pointer`), or undefined when it has none that fits. */
export function readBody(
  documents: DocumentSet,
  document: SourceDocument,
  pointer: string,
  operation: Fields,
  method: string,
  notes: string[],
  report: SubsetReport,
): RawEndpoint["body"] | undefined {
  if (operation.requestBody === undefined) return undefined;
  const body = follow(documents, document, `${pointer}/requestBody`, operation.requestBody);
  const content = fields(fields(body.value).content);
  const types = Object.keys(content);
  if (method === "get" || method === "delete") {
    notes.push(`request body of a ${method.toUpperCase()} left out: the spec format has none`);
    return undefined;
  }
  const contentPointer = `${body.pointer}/content`;
  const json = types.find((t) => /^application\/([a-z.+-]*\+)?json\b/.test(t));
  const multipart = types.find((t) => t.startsWith("multipart/form-data"));
  const chosen = json ?? multipart;
  for (const other of types.filter((t) => t !== chosen)) {
    notes.push(`request body as ${other} left out: the spec format takes JSON or multipart`);
  }
  if (!chosen) return undefined;
  const mediaPointer = `${contentPointer}/${escapeSegment(chosen)}`;
  const schemaValue = fields(content[chosen]).schema;
  if (json) {
    const schema = toSubset(
      documents,
      body.document,
      `${mediaPointer}/schema`,
      schemaValue,
      report,
    );
    return { json: { schema } };
  }
  const schema = fields(
    toSubset(documents, body.document, `${mediaPointer}/schema`, schemaValue ?? {}, report),
  );
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const files = fields(fields(fields(operation["x-invokekit"]).files));
  const parts: Record<string, RawFilePart> = {};
  for (const [name, value] of Object.entries(fields(schema.properties))) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
      notes.push(`multipart field "${name}" left out: the spec format cannot name it`);
      continue;
    }
    const part = fields(value);
    const limits = fields(files[name]);
    let count = 1;
    if (part.type === "array") {
      if (typeof part.maxItems === "number" && part.maxItems >= 1) count = part.maxItems;
      else notes.push(`multipart field ${name}: a list without maxItems, written max_count 1`);
    } else if (part.type !== "string" && part.type !== "object" && part.type !== undefined) {
      notes.push(`multipart field ${name}: a ${String(part.type)} value sent as a file part`);
    }
    parts[name] = {
      ...(required.includes(name) ? { required: true } : {}),
      description: text(part.description) ?? `The ${name} file.`,
      ...(count !== 1 ? { max_count: count } : {}),
      ...(typeof limits.max_bytes === "number" ? { max_bytes: limits.max_bytes } : {}),
      ...(Array.isArray(limits.forbidden_extensions)
        ? { forbidden_extensions: limits.forbidden_extensions as string[] }
        : {}),
    };
  }
  if (Object.keys(parts).length === 0) {
    notes.push("multipart body without fields left out");
    return undefined;
  }
  return { multipart: parts };
}
