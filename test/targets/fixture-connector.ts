/**
 * Connectors for target tests, built by hand so that edge cases (path and header parameters,
 * several files, hostile text) are covered whatever the shipped spec holds.
 */
import type { Connector, Endpoint } from "../../src/spec/model.ts";

const source = { file: "connectors/fixture/things/show.yaml", line: 1, column: 1 };

/** An endpoint with a path, a query and a header parameter, and hostile descriptions. */
export const showEndpoint: Endpoint = {
  id: "things.show",
  resource: "things",
  action: "show",
  title: "Show | Thing",
  purpose: "Show a thing. Uses `a|b` and <script>alert(1)</script>\nsecond line.",
  method: "GET",
  path: "/things/{thing_id}",
  scopes: [
    {
      name: "Fixture.things.READ",
      group: "Fixture.things",
      operation: "READ",
      description: "Read",
    },
  ],
  parameters: [
    {
      name: "thing_id",
      in: "path",
      type: "string",
      required: true,
      description: "Id of the thing.",
    },
    { name: "q", in: "query", type: "string", required: false, description: "Search | text." },
    { name: "X-Trace", in: "header", type: "string", required: false, description: "Trace id." },
    { name: "verbose", in: "query", type: "boolean", required: false, description: "More." },
  ],
  body: { kind: "none" },
  response: "json",
  idempotent: true,
  credits: 1,
  errors: [
    { code: "BAD|CODE", status: 400, message: "a|b", resolution: "Use `x|y`.\nThen retry." },
  ],
  examples: [
    {
      name: "nasty",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${...} is the test input
      params: { thing_id: "a/b c", q: "say \"hi\" \\ ${HOME} `id` 'x' 😀", "X-Trace": "t-1" },
      files: {},
    },
  ],
  notes: [],
  source,
};

/** A multipart endpoint taking several files. */
export const attachEndpoint: Endpoint = {
  id: "things.attach",
  resource: "things",
  action: "attach",
  title: "Attach",
  purpose: "Attach files.",
  method: "POST",
  path: "/things/attachments",
  scopes: [
    {
      name: "Fixture.things.CREATE",
      group: "Fixture.things",
      operation: "CREATE",
      description: "Create",
    },
  ],
  parameters: [],
  body: {
    kind: "multipart",
    files: [
      {
        name: "file",
        required: true,
        description: "A file.",
        maxCount: 3,
        maxBytes: 1024,
        forbiddenExtensions: [".exe"],
      },
    ],
  },
  response: "json",
  idempotent: false,
  credits: 1,
  errors: [],
  examples: [{ name: "one", params: {}, files: { file: "a;b.txt" } }],
  notes: ["Small files only."],
  source,
};

/** A connector holding both endpoints and two data centers. */
export const fixtureConnector: Connector = {
  name: "fixture",
  title: "Fixture API",
  description: "A connector for tests.",
  basePath: "/api/v1",
  auth: { type: "oauth2", headerPrefix: "Zoho-oauthtoken", tokenPath: "/oauth/v2/token" },
  dataCenters: [
    {
      id: "us",
      label: "US",
      apiDomain: "https://api.example.test",
      accountsDomain: "https://accounts.example.test",
    },
    {
      id: "eu",
      label: "EU",
      apiDomain: "https://api.example.test.eu",
      accountsDomain: "https://accounts.example.test.eu",
    },
  ],
  deluge: { connection: "fixture_conn" },
  errors: [],
  endpoints: [attachEndpoint, showEndpoint],
};
