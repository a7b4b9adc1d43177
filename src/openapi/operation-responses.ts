/**
 * An operation's responses -> the endpoint's reply (the lowest 2xx: JSON with its schema, or
 * a file) and its error list: each 4xx/5xx schema, or each branch of its `oneOf`/`anyOf`,
 * that names a code becomes an error with that code, status, message and resolution, and so
 * does each code a wrapper names per item of one of its lists (Zoho's field and record errors).
 */
import type { JsonSchema } from "../spec/model.ts";
import type { RawEndpoint, RawError } from "../spec/raw.ts";
import type { DocumentSet, SourceDocument } from "./documents.ts";
import { type LocatedProblem, OpenApiError } from "./errors.ts";
import { type Fields, fields, text } from "./fields.ts";
import { escapeSegment, follow, type Resolved, refOf } from "./references.ts";
import { type SubsetReport, toSubset } from "./schema-subset.ts";

/** The reply kind, its schema and the errors of one operation. */
export interface Replies {
  response: RawEndpoint["response"];
  schema?: JsonSchema;
  errors: RawError[];
  /** A 204 without content besides the reply: the runtime and Deluge read it as "nothing". */
  noContentToo?: boolean;
}

/** Reads every response of `operation`; reference problems go to `problems`. */
export function readResponses(
  documents: DocumentSet,
  document: SourceDocument,
  pointer: string,
  operation: Fields,
  notes: string[],
  problems: LocatedProblem[],
  report: SubsetReport,
): Replies {
  const responses = fields(operation.responses);
  const statuses = Object.keys(responses).sort();
  const replies: Replies = { response: "empty", errors: [] };
  let success: string | undefined;
  for (const status of statuses) {
    const at = `${pointer}/responses/${escapeSegment(status)}`;
    try {
      const reply = follow(documents, document, at, responses[status]);
      const content = fields(fields(reply.value).content);
      const code = Number(status);
      if (!/^[1-5]\d\d$/.test(status)) {
        notes.push(`response ${status} left out: only numeric statuses fit`);
      } else if (code >= 200 && code < 300) {
        if (success !== undefined) {
          if (status === "204" && Object.keys(content).length === 0) {
            // Every endpoint already reads 204 as an empty result (case C06): nothing is lost,
            // and the admins' docs say it may come.
            replies.noContentToo = true;
          } else {
            notes.push(`success response ${status} left out: ${success} is the endpoint's reply`);
          }
          continue;
        }
        success = status;
        readSuccess(documents, reply, content, replies, notes, report);
      } else if (code >= 400) {
        readErrors(documents, reply, code, content, replies, notes);
      } else {
        notes.push(`response ${status} left out: only 2xx, 4xx and 5xx fit`);
      }
    } catch (error) {
      if (!(error instanceof OpenApiError)) throw error;
      problems.push(...error.problems);
      notes.push(`response ${status} left out: ${error.problems[0]?.message ?? error.message}`);
    }
  }
  return replies;
}

function readSuccess(
  documents: DocumentSet,
  reply: Resolved,
  content: Fields,
  replies: Replies,
  notes: string[],
  report: SubsetReport,
): void {
  const types = Object.keys(content);
  const json = types.find((t) => /^application\/([a-z.+-]*\+)?json\b/.test(t));
  const chosen = json ?? types[0];
  for (const other of types.filter((t) => t !== chosen)) {
    notes.push(`reply as ${other} left out: one reply kind per endpoint`);
  }
  if (chosen === undefined) return;
  if (!json) {
    replies.response = "file";
    return;
  }
  replies.response = "json";
  const schema = fields(content[json]).schema;
  if (schema === undefined) return;
  const at = `${reply.pointer}/content/${escapeSegment(json)}/schema`;
  const converted = toSubset(documents, reply.document, at, schema, report);
  if (Object.keys(converted).length > 0) replies.schema = converted;
}

function readErrors(
  documents: DocumentSet,
  reply: Resolved,
  status: number,
  content: Fields,
  replies: Replies,
  notes: string[],
): void {
  const json = Object.keys(content).find((t) => /json/.test(t));
  const schemaValue = json ? fields(content[json]).schema : undefined;
  if (schemaValue === undefined) {
    notes.push(`response ${status} left out: it names no error schema`);
    return;
  }
  const at = `${reply.pointer}/content/${escapeSegment(json ?? "")}/schema`;
  const top = follow(documents, reply.document, at, schemaValue);
  for (const candidate of alternatives(top)) {
    const schema = follow(documents, candidate.document, candidate.pointer, candidate.value);
    const name = refOf(candidate.value)?.split("/").at(-1) ?? schema.pointer.split("/").at(-1);
    const error = readError(schema.value, status, name ?? "error");
    const found = error ? [error] : itemErrors(documents, schema, status);
    if (found.length === 0) {
      notes.push(`error schema ${name} (${status}) left out: it names no code`);
    }
    for (const each of found) {
      const previous = replies.errors.find((e) => e.code === each.code);
      if (!previous) {
        replies.errors.push(each);
      } else if (previous.status !== status) {
        notes.push(`error ${each.code} under ${status} left out: kept under ${previous.status}`);
      }
    }
  }
}

/**
 * The errors of a wrapper that names its codes one level down, per item of a list: Zoho's
 * `{"fields": [MandatoryError | DependeeError]}` and `{"data": [...]}` replies report one
 * error per field or record.
 */
function itemErrors(documents: DocumentSet, wrapper: Resolved, status: number): RawError[] {
  const errors: RawError[] = [];
  const properties = fields(fields(wrapper.value).properties);
  for (const [key, value] of Object.entries(properties)) {
    const at = `${wrapper.pointer}/properties/${escapeSegment(key)}`;
    const list = follow(documents, wrapper.document, at, value);
    const items = fields(list.value).items;
    if (fields(list.value).type !== "array" || items === undefined) continue;
    const item = follow(documents, list.document, `${list.pointer}/items`, items);
    for (const branch of alternatives(item)) {
      const schema = follow(documents, branch.document, branch.pointer, branch.value);
      const name = refOf(branch.value)?.split("/").at(-1);
      const error = readError(schema.value, status, name, key);
      if (error) errors.push(error);
    }
  }
  return errors;
}

/** Each branch of a schema's `oneOf`/`anyOf`, located; the schema itself when it has none. */
function alternatives(schema: Resolved): Resolved[] {
  const kind = fields(schema.value).oneOf ? "oneOf" : "anyOf";
  const branches = fields(schema.value)[kind];
  if (!Array.isArray(branches)) return [schema];
  return branches.map((value, index) => ({
    document: schema.document,
    pointer: `${schema.pointer}/${kind}/${index}`,
    value,
  }));
}

/** The error a schema names in its `code`; `perItemOf`: the list it is reported in. */
function readError(
  value: unknown,
  status: number,
  name: string | undefined,
  perItemOf?: string,
): RawError | undefined {
  const schema = fields(value);
  const properties = fields(schema.properties);
  const codeSchema = fields(properties.code);
  const code = Array.isArray(codeSchema.enum) ? codeSchema.enum[0] : codeSchema.const;
  if (typeof code !== "string" || !/^[A-Za-z][A-Za-z0-9_]*$/.test(code)) return undefined;
  const messageSchema = fields(properties.message);
  const message =
    firstText(messageSchema.examples) ??
    firstText(messageSchema.enum) ??
    text(messageSchema.const) ??
    text(schema.title) ??
    (name ?? code.toLowerCase()).replaceAll("_", " ");
  const given = text(schema.description) ?? `The OpenAPI document gives no resolution for ${code}.`;
  const resolution = perItemOf
    ? `${given} It is reported for each item of \`${perItemOf}\` it concerns.`
    : given;
  return { code, status, message, resolution };
}

function firstText(value: unknown): string | undefined {
  return Array.isArray(value) ? text(value[0]) : undefined;
}
