/**
 * The `sdk` target: a typed Node client (`sdk/index.ts`), the compiled connector model it runs
 * (`sdk/model.json`), and one usage sample per endpoint (`sdk/samples/<endpoint-id>.ts`, shown
 * in the docs). The client imports the runtime from the `invokekit` package, so it works in any
 * project that depends on invokekit, and inside this repository through self-reference.
 *
 * API shape: `create<Connector>Client(options?)` returns one object per resource with one
 * method per action (`client.files.get(params, options)`), plus `close()`. Parameter types
 * are derived from the spec: strings (or their enum values), numbers, booleans; multipart
 * parts take one local path, or several when the part accepts several files.
 *
 * JSON endpoints take their body as the `body` argument, typed from the body schema
 * (`<Endpoint>Body`, where `date`/`date-time` strings may also be `Date`s); a reply schema types
 * the reply's `body` (`<Endpoint>Response`). Date and datetime parameters take `string | Date`.
 * The flow decides the return type: a paginated endpoint returns
 * `AsyncIterable<<Endpoint>Record>` (every record, page after page), a batch endpoint
 * `Promise<BatchResult>` (one outcome per record, in order, however many requests it took), a
 * job endpoint `Promise<JobResult>` (created, polled until done, result downloaded).
 *
 * Conditional endpoints (an `If-Modified-Since` header) also return the 304 "not modified"
 * reply (case C07, `sdk-results.ts`).
 */
import type { Connector, Endpoint, FilePart, Parameter } from "../spec/model.ts";
import { formatByteSize } from "./byte-size.ts";
import { finishFile, type GeneratedFile, type Target } from "./generated-file.ts";
import { camelCase, pascalCase } from "./names.ts";
import { defaultDataCenter, GenerationError, sampleArguments } from "./sample-arguments.ts";
import {
  type Flow,
  flowOf,
  flowOptions,
  notModifiedDoc,
  replyKindsOf,
  resultTypeOf,
} from "./sdk-results.ts";
import { schemaAt, schemaType } from "./sdk-schema-types.ts";
import { loadTemplates } from "./templates.ts";
import { typeScriptDoc, typeScriptPropertyName, typeScriptString } from "./typescript-escape.ts";
import { wrapWords } from "./wrap-words.ts";

const templates = loadTemplates("sdk", {
  tsString: typeScriptString,
  tsProperty: typeScriptPropertyName,
  tsDoc: typeScriptDoc,
});

// TypeScript types of parameter values; numbers and booleans are sent as their text.
const baseTypes: Readonly<Record<Parameter["type"], string>> = {
  string: "string",
  integer: "number | string",
  number: "number | string",
  boolean: "boolean",
  // A Date is written in Zoho's form by the plan, in the field's time zone (case C17).
  date: "string | Date",
  datetime: "string | Date",
  list: "string | readonly string[]",
};

const docWidth = 90;

/** `createZohoCrmClient` for `zoho-crm`. */
export function clientFactoryName(connector: Connector): string {
  return `create${pascalCase(connector.name)}Client`;
}

function fileParts(endpoint: Endpoint): readonly FilePart[] {
  return endpoint.body.kind === "multipart" ? endpoint.body.files : [];
}

/** Named types generated from an endpoint's schemas: its body, its reply, its list records. */
function schemaTypesOf(endpoint: Endpoint) {
  const base = pascalCase(endpoint.id);
  const types: { name: string; text: string; doc: string }[] = [];
  if (endpoint.body.kind === "json") {
    const text = schemaType(endpoint.body.schema, 0, { dates: true });
    types.push({ name: `${base}Body`, text, doc: `JSON body of \`${endpoint.id}\`.` });
  }
  const record = endpoint.pagination
    ? schemaAt(endpoint.responseSchema, `${endpoint.pagination.items}.0`)
    : undefined;
  if (endpoint.pagination) {
    const text = record ? schemaType(record) : "Readonly<Record<string, unknown>>";
    types.push({ name: `${base}Record`, text, doc: `One record that \`${endpoint.id}\` lists.` });
  } else if (endpoint.responseSchema && endpoint.response === "json") {
    const text = schemaType(endpoint.responseSchema);
    types.push({ name: `${base}Response`, text, doc: `JSON reply of \`${endpoint.id}\`.` });
  }
  return types;
}

function fieldsOf(endpoint: Endpoint) {
  const parameters = endpoint.parameters.map((parameter) => ({
    name: parameter.name,
    required: parameter.required,
    literals: parameter.enum ?? [],
    baseType: baseTypes[parameter.type],
    docLines: wrapWords(parameter.description, docWidth),
  }));
  const files = fileParts(endpoint).map((part) => {
    const size =
      part.maxBytes === undefined ? "" : `, each at most ${formatByteSize(part.maxBytes)}`;
    const count = part.maxCount > 1 ? `At most ${part.maxCount} files${size}.` : `One file${size}.`;
    const how =
      part.maxCount > 1 ? "A local file path, or an array of paths." : "A local file path.";
    return {
      name: part.name,
      required: part.required,
      literals: [],
      baseType: part.maxCount > 1 ? "string | readonly string[]" : "string",
      docLines: wrapWords(`${part.description} ${count} ${how}`, docWidth),
    };
  });
  const body =
    endpoint.body.kind === "json"
      ? [
          {
            name: "body",
            required: true,
            literals: [],
            baseType: `${pascalCase(endpoint.id)}Body`,
            docLines: wrapWords(bodyDoc(endpoint), docWidth),
          },
        ]
      : [];
  for (const file of [...files, ...body]) {
    if (parameters.some((p) => p.name === file.name)) {
      throw new GenerationError(
        `${endpoint.id}: parameter and file part share the name "${file.name}"; rename one`,
      );
    }
  }
  return [...parameters, ...files, ...body];
}

function bodyDoc(endpoint: Endpoint): string {
  const batch = endpoint.batch;
  if (!batch) return "The JSON body.";
  return (
    `The JSON body. \`${batch.field}\` may hold any number of records: they are sent ` +
    `${batch.maxItems} per request, and the result lists one outcome per record, in order.`
  );
}

function methodDoc(endpoint: Endpoint, flow: Flow): string[] {
  const lines = [`${endpoint.title}: ${endpoint.purpose}`];
  const wrapped = wrapWords(lines[0] ?? "", docWidth);
  const scopes = `Scopes: ${endpoint.scopes.map((s) => s.name).join(", ")}.`;
  const errors = endpoint.errors.flatMap((error) =>
    wrapWords(`- ${error.code} (HTTP ${error.status}): ${error.resolution}`, docWidth).map(
      (line, index) => (index === 0 ? line : `  ${line}`),
    ),
  );
  const notes = [
    ...endpoint.notes.flatMap((note) => wrapWords(note, docWidth)),
    ...notModifiedDoc(endpoint, flow, docWidth),
  ];
  return [
    ...wrapped,
    ...(notes.length > 0 ? ["", ...notes] : []),
    "",
    ...wrapWords(scopes, docWidth),
    ...(errors.length > 0 ? ["", "Errors:", ...errors] : []),
  ];
}

/** The view of `templates/sdk/index.hbs`. */
function clientView(connector: Connector) {
  const endpoints = connector.endpoints.map((endpoint) => {
    const fields = fieldsOf(endpoint);
    const flow = flowOf(endpoint);
    return {
      schemaTypes: schemaTypesOf(endpoint),
      endpoint,
      id: endpoint.id,
      title: endpoint.title,
      paramsType: `${pascalCase(endpoint.id)}Params`,
      fields,
      method: {
        id: endpoint.id,
        name: camelCase(endpoint.action),
        paramsType: `${pascalCase(endpoint.id)}Params`,
        paramsOptional: !fields.some((field) => field.required),
        optionsType:
          flow === "call" && endpoint.response === "file" ? "DownloadOptions" : flowOptions[flow],
        resultType: resultTypeOf(endpoint, flow),
        paginate: flow === "paginate",
        batch: flow === "batch",
        job: flow === "job",
        hasBody: endpoint.body.kind === "json",
        replyKinds: replyKindsOf(endpoint),
        fileParts: fileParts(endpoint).map((part) => part.name),
        docLines: methodDoc(endpoint, flow),
      },
    };
  });
  checkUnique(
    endpoints.map((e) => e.paramsType),
    "type name",
  );

  const resourceNames = [...new Set(connector.endpoints.map((e) => e.resource))];
  const resources = resourceNames.map((name) => {
    const methods = endpoints.filter((e) => e.endpoint.resource === name).map((e) => e.method);
    checkUnique(
      methods.map((m) => `${name}.${m.name}`),
      "method name",
    );
    return { name, property: camelCase(name), methods };
  });
  checkUnique(
    resources.map((r) => r.property),
    "resource property",
  );

  return {
    title: connector.title,
    connectorName: connector.name,
    descriptionLines: wrapWords(connector.description, docWidth),
    factoryName: clientFactoryName(connector),
    clientType: `${pascalCase(connector.name)}Client`,
    defaultDataCenter: defaultDataCenter(connector).id,
    endpoints,
    resources,
  };
}

function checkUnique(names: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new GenerationError(`Two endpoints map to the same ${what} ${name}`);
    seen.add(name);
  }
}

/** Renders the usage sample of one endpoint (`sdk/samples/<endpoint-id>.ts`). */
export function renderSdkSample(connector: Connector, endpoint: Endpoint): string {
  const args = sampleArguments(endpoint);
  const byPart = new Map<string, string[]>();
  for (const file of args.files) {
    byPart.set(file.part.name, [...(byPart.get(file.part.name) ?? []), file.fileName]);
  }
  const bare = (parameter: Parameter, value: string) =>
    parameter.type === "boolean" && (value === "true" || value === "false");
  const members = [
    ...args.params.map(
      (arg) =>
        `${typeScriptPropertyName(arg.parameter.name)}: ` +
        (bare(arg.parameter, arg.value) ? arg.value : typeScriptString(arg.value)),
    ),
    ...[...byPart].map(
      ([name, fileNames]) =>
        `${typeScriptPropertyName(name)}: ` +
        (fileNames.length > 1
          ? `[${fileNames.map(typeScriptString).join(", ")}]`
          : typeScriptString(fileNames[0] ?? "")),
    ),
  ];
  // The call sits at two levels of indentation; a body's members go one level deeper.
  const withBody =
    args.body === undefined ? members : [...members, `body: ${tsLiteral(args.body, 2)}`];
  const argumentsText =
    withBody.length === 0
      ? ""
      : args.body === undefined
        ? `{ ${withBody.join(", ")} }`
        : `{\n${withBody.map((m) => `    ${m},`).join("\n")}\n  }`;
  return finishFile(
    templates.render("sample", {
      id: endpoint.id,
      title: endpoint.title,
      factoryName: clientFactoryName(connector),
      resourceProperty: camelCase(endpoint.resource),
      methodName: camelCase(endpoint.action),
      paginate: endpoint.pagination !== undefined,
      argumentsText,
    }),
  );
}

/** A JSON value as a TypeScript literal, laid out for a position `depth` levels deep. */
function tsLiteral(value: unknown, depth: number): string {
  const pad = "  ".repeat(depth + 1);
  const close = "  ".repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const items = value.map((item) => `${pad}${tsLiteral(item, depth + 1)},`);
    return `[\n${items.join("\n")}\n${close}]`;
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const lines = entries.map(
      ([key, item]) => `${pad}${typeScriptPropertyName(key)}: ${tsLiteral(item, depth + 1)},`,
    );
    return `{\n${lines.join("\n")}\n${close}}`;
  }
  return typeof value === "string" ? typeScriptString(value) : String(JSON.stringify(value));
}

/**
 * The model as the client loads it. Source positions are made relative to the connectors
 * folder (`zoho-crm/files/get.yaml`), so the file does not depend on where `build` ran.
 */
export function renderModel(connector: Connector): string {
  const marker = `${connector.name}/`;
  const model = {
    ...connector,
    endpoints: connector.endpoints.map((endpoint) => {
      const file = endpoint.source.file.replaceAll("\\", "/");
      const at = file.lastIndexOf(`/${marker}`);
      const relative = at >= 0 ? file.slice(at + 1) : file;
      return { ...endpoint, source: { ...endpoint.source, file: relative } };
    }),
  };
  return finishFile(JSON.stringify(model, null, 2));
}

/** Writes `sdk/index.ts`, `sdk/model.json` and `sdk/samples/<endpoint-id>.ts`. */
export const sdkTarget: Target = {
  name: "sdk",
  description: "typed Node client, its model and usage samples",
  generate(connector: Connector): GeneratedFile[] {
    return [
      {
        path: "sdk/index.ts",
        content: finishFile(templates.render("index", clientView(connector))),
      },
      { path: "sdk/model.json", content: renderModel(connector) },
      ...connector.endpoints.map((endpoint) => ({
        path: `sdk/samples/${endpoint.id}.ts`,
        content: renderSdkSample(connector, endpoint),
      })),
    ];
  },
};
