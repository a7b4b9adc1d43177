/**
 * The triple equivalence test: for every endpoint of every shipped connector, with its
 * example arguments and with awkward ones (spaces, `&`, `+`, `#`, quotes, `${...}`, unicode,
 * a long id, awkward file names, the C16 COQL queries for a `format: coql` body), the Deluge
 * snippet run by the interpreter, the generated SDK call and the generated curl sample
 * (parsed, not run by a shell) must send the same request: method, path, query multiset, body
 * bytes and non-auth headers (see `captured-request.ts`). Every snippet must also lint clean.
 * The sandbox logs the requests, bodies included (`logBodies`).
 */
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDeluge } from "../../src/deluge/interpreter.ts";
import { lintDeluge } from "../../src/deluge/lint.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { loadConnectors } from "../../src/spec/index.ts";
import {
  type Endpoint,
  endpointBasePath,
  type JsonSchema,
  type Parameter,
} from "../../src/spec/model.ts";
import { buildConnector, writeOutput } from "../../src/targets/build.ts";
import { renderCurlSample } from "../../src/targets/curl.ts";
import { renderDelugeSnippet } from "../../src/targets/deluge.ts";
import { camelCase, pascalCase } from "../../src/targets/names.ts";
import { sampleArguments } from "../../src/targets/sample-arguments.ts";
import { type CapturedRequest, captured, requestDifferences } from "./captured-request.ts";
import { sendCurlSample } from "./curl-sample.ts";

const connectors = await loadConnectors("connectors");
const workDir = path.resolve("out-test", randomUUID());

// biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${...} is test input
const awkwardText = 'a b&c+d#e=f?g/h %20 "q" \\ ${x} Ünï 😀';
const longId = "4876876000000123457".repeat(6);
const awkwardFiles = ["Ünïcödé & co #1.pdf", "report .pdf", "a+b=c;d.txt"];

interface ValueSet {
  readonly name: string;
  readonly params: Record<string, string>;
  readonly files: Record<string, string[]>;
  /** The JSON body, for JSON endpoints. */
  readonly body?: unknown;
}

// Values of the parameter types that the awkward text cannot be.
const typedValues: Partial<Record<Parameter["type"], string>> = {
  integer: "7",
  number: "7.5",
  boolean: "true",
  date: "2024-03-10",
  datetime: "2024-03-10T09:30:00-04:00",
};

/**
 * `body` with every free text value (no enum, format or pattern in its schema) replaced by
 * `text`, so that awkward characters travel in JSON bodies too.
 */
function withText(body: unknown, schema: JsonSchema | undefined, text: string): unknown {
  if (Array.isArray(body)) return body.map((item) => withText(item, schema?.items, text));
  if (typeof body === "object" && body !== null) {
    return Object.fromEntries(
      Object.entries(body).map(([k, v]) => [k, withText(v, schema?.properties?.[k], text)]),
    );
  }
  const free = schema && !schema.enum && !schema.format && !schema.pattern;
  return typeof body === "string" && free ? text : body;
}

/** The example's values, then awkward text, then a long id, for every endpoint. */
function valueSets(endpoint: Endpoint): ValueSet[] {
  const example = sampleArguments(endpoint);
  const exampleSet: ValueSet = {
    name: "example",
    params: Object.fromEntries(example.params.map((a) => [a.parameter.name, a.value])),
    files: groupFiles(example.files.map((f) => [f.part.name, f.fileName])),
    ...(example.body === undefined ? {} : { body: example.body }),
  };
  const parts = endpoint.body.kind === "multipart" ? endpoint.body.files : [];
  const schema = endpoint.body.kind === "json" ? endpoint.body.schema : undefined;
  // A page walk sets its own page and token; the first requests compare, as sent.
  const walked = new Set(["page", endpoint.pagination?.tokenParam ?? "page"]);
  const params = (value: string) =>
    Object.fromEntries(
      endpoint.parameters
        .filter((p) => !(endpoint.pagination && walked.has(p.name)))
        .map((p) => [p.name, p.enum?.[0] ?? typedValues[p.type] ?? value]),
    );
  const body = (text: string) =>
    example.body === undefined ? {} : { body: withText(example.body, schema, text) };
  const files = (names: string[]) =>
    Object.fromEntries(parts.map((part) => [part.name, names.slice(0, part.maxCount)]));
  return [
    exampleSet,
    ...coqlSets(schema),
    {
      name: "awkward text",
      params: params(awkwardText),
      files: files(awkwardFiles),
      ...body(awkwardText),
    },
    {
      name: "long id",
      params: params(longId),
      files: files([awkwardFiles[0] as string]),
      ...body(longId),
    },
  ];
}

// Case C16: the case's query, and one whose value holds a double quote and an apostrophe.
const coqlQueries = [
  "select Last_Name, 'External' from Contacts where ((Last_Name = 'Acme''s Warehouse' and " +
    "Email is not null) and Lead_Source = 'Web') limit 200",
  `select Last_Name from Leads where Last_Name = 'The "Quoted" Co''s' limit 5`,
];

/** For a body with a `format: coql` text: one value set per C16 query. */
function coqlSets(schema: JsonSchema | undefined): ValueSet[] {
  const property = Object.entries(schema?.properties ?? {}).find(([, s]) => s.format === "coql");
  if (!property) return [];
  return coqlQueries.map((query, index) => ({
    name: `case-C16 query ${index + 1}`,
    params: {},
    files: {},
    body: { [property[0]]: query },
  }));
}

function groupFiles(entries: [string, string][]): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const [part, name] of entries) grouped[part] = [...(grouped[part] ?? []), name];
  return grouped;
}

interface GeneratedClient {
  [resource: string]: Record<string, (params: object, options?: object) => Promise<unknown>>;
}

describe.each(connectors.map((c) => [c.name, c] as const))("connector %s", (_, connector) => {
  let sandbox: Sandbox;
  let scratch = "";
  let token = "";
  let client: GeneratedClient & { close(): Promise<void> };

  beforeAll(async () => {
    sandbox = await startSandbox({ logBodies: true });
    scratch = await mkdtemp(path.join(os.tmpdir(), "invokekit-triple-"));
    await mkdir(workDir, { recursive: true });
    await writeOutput(workDir, connector, buildConnector(connector));
    const sdkUrl = pathToFileURL(path.join(workDir, connector.name, "sdk", "index.ts")).href;
    const sdk = (await import(sdkUrl)) as Record<string, (options: object) => typeof client>;
    const factory = sdk[`create${pascalCase(connector.name)}Client`];
    if (!factory) throw new Error("the generated SDK has no client factory");
    client = factory({ baseUrl: sandbox.url, credentials: sandbox.credentials });

    // The connection's token, as Zoho would hold it for the Deluge connection.
    const form = new URLSearchParams({
      grant_type: "refresh_token",
      client_id: sandbox.credentials.clientId,
      client_secret: sandbox.credentials.clientSecret,
      refresh_token: sandbox.credentials.refreshToken,
    });
    const reply = await request(`${sandbox.url}${connector.auth.tokenPath}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    token = ((await reply.body.json()) as { access_token: string }).access_token;
  });
  afterAll(async () => {
    await client?.close();
    await sandbox?.close();
    await rm(scratch, { recursive: true, force: true });
    await rm(workDir, { recursive: true, force: true });
  });

  // Every prefix an API request may start with: the connector's and endpoints' own (bulk read).
  const basePaths = [...new Set(connector.endpoints.map((e) => endpointBasePath(connector, e)))];

  /** The API requests (not token requests) logged since `from`, comparable. */
  function apiRequestsSince(from: number): CapturedRequest[] {
    return sandbox.log
      .slice(from)
      .filter((entry) => basePaths.some((base) => entry.path.startsWith(`${base}/`)))
      .map(captured);
  }
  const mark = () => sandbox.log.length;

  const cases = connector.endpoints.flatMap((endpoint) =>
    valueSets(endpoint).map((set) => [endpoint.id, set.name, endpoint, set] as const),
  );
  it.each(cases)("%s with %s values: Deluge = SDK = curl", async (_id, _set, endpoint, set) => {
    for (const names of Object.values(set.files)) {
      for (const name of names)
        await writeFile(path.join(scratch, name), `Sample content of ${name}`);
    }
    const values = { params: set.params, files: set.files, body: set.body };
    // A page walk or a job sends more requests after the first; the first ones must agree.
    const flow = endpoint.pagination !== undefined || endpoint.job !== undefined;

    // The request itself is compared, also where the snippet is too big for Deluge (C13).
    const snippet = renderDelugeSnippet(connector, endpoint, { values, ignoreDownloadLimit: true });
    expect(lintDeluge(snippet, `${endpoint.id}.dg`)).toEqual([]);
    let from = mark();
    await runDeluge(snippet, {
      baseUrl: sandbox.url,
      connections: { [connector.deluge.connection]: token },
    });
    const [deluge, ...extraDeluge] = apiRequestsSince(from).slice(0, flow ? 1 : undefined);

    from = mark();
    const [resource, method] = [camelCase(endpoint.resource), camelCase(endpoint.action)];
    const call = client[resource]?.[method];
    if (!call) throw new Error(`the SDK has no ${resource}.${method}`);
    const sdkParams: Record<string, unknown> = { ...set.params };
    for (const [part, names] of Object.entries(set.files)) {
      sdkParams[part] = names.map((name) => path.join(scratch, name));
    }
    if (set.body !== undefined) sdkParams.body = set.body;
    const output = endpoint.response === "file" ? { output: `${scratch}/` } : {};
    const jobOptions = { sleep: async () => undefined, timeoutMs: 0 };
    const reply = call(sdkParams, endpoint.job ? jobOptions : output) as unknown;
    if (endpoint.pagination) {
      // One page is enough: stop the walk after the first request.
      // The sandbox may refuse the call (scopes, made-up ids); the request is what counts.
      try {
        for await (const _ of reply as AsyncIterable<unknown>) break;
      } catch {}
    } else {
      // The sandbox answers made-up ids with 204 (an error to the SDK); the request counts.
      await (reply as Promise<unknown>).catch(() => undefined);
    }
    const [sdk, ...extraSdk] = apiRequestsSince(from).slice(0, flow ? 1 : undefined);

    from = mark();
    const sample = renderCurlSample(connector, endpoint, { values, token });
    await sendCurlSample(sample, sandbox.url, scratch);
    const [curl, ...extraCurl] = apiRequestsSince(from);

    expect([extraDeluge.length, extraSdk.length, extraCurl.length]).toEqual([0, 0, 0]);
    if (!deluge || !sdk || !curl) throw new Error(`missing: ${!!deluge} ${!!sdk} ${!!curl}`);
    expect([
      ...requestDifferences("deluge", deluge, "sdk", sdk),
      ...requestDifferences("curl", curl, "sdk", sdk),
    ]).toEqual([]);
  });
});

describe("requestDifferences", () => {
  const base: CapturedRequest = {
    method: "GET",
    path: "/crm/v2/files",
    query: ["id=1"],
    headers: { "x-a": "1" },
    body: "(none)",
  };
  it("names the field that differs", () => {
    const other = { ...base, query: ["id=1", "id=1"], headers: { "x-a": "2" }, body: "bytes 00" };
    expect(requestDifferences("deluge", base, "sdk", other)).toEqual([
      'query: deluge ["id=1"] | sdk ["id=1","id=1"]',
      "header x-a: deluge 1 | sdk 2",
      "body: deluge (none) | sdk bytes 00",
    ]);
    expect(requestDifferences("a", base, "b", { ...base, method: "POST" })).toEqual([
      "method: a GET | b POST",
    ]);
  });
});
