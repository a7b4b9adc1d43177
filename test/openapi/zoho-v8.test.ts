/**
 * Zoho's own 62 CRM v8 documents, imported at once: one connector that validates, builds every
 * target and whose SDK type-checks with --strict; and v8 `Get File` against our v2 `files.get`.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lintDeluge } from "../../src/deluge/lint.ts";
import { type ImportResult, importOpenApi, writeImport } from "../../src/openapi/index.ts";
import { validateConnector } from "../../src/spec/index.ts";
import { type Connector, findEndpoint } from "../../src/spec/model.ts";
import { buildConnector, writeOutput } from "../../src/targets/build.ts";
import { delugeTarget } from "../../src/targets/deluge.ts";

const ZOHO = path.resolve("..", "shared", "zoho-oas", "v8.0");
// Inside the package, so that the SDK's `import ... from "invokekit"` resolves.
const outDir = path.resolve("out-test", randomUUID());
let specDir: string;
let result: ImportResult;
let connector: Connector;

beforeAll(async () => {
  specDir = await mkdtemp(path.join(os.tmpdir(), "ik-openapi-zoho-"));
  result = await importOpenApi(ZOHO, { name: "zoho-crm-v8", skipUnresolved: true });
  await writeImport(result, path.join(specDir, "zoho-crm-v8"));
  const validation = await validateConnector(path.join(specDir, "zoho-crm-v8"));
  expect(validation.diagnostics).toEqual([]);
  connector = validation.connector as Connector;
}, 60_000);
afterAll(async () => {
  await rm(specDir, { recursive: true, force: true });
  await rm(outDir, { recursive: true, force: true });
});

describe("importing Zoho's 62 v8 documents", () => {
  it("imports 253 of 263 operations and says why each other one was skipped", () => {
    expect(result.summary.documents).toBe(62);
    expect(result.summary.operations).toHaveLength(263);
    expect(connector.endpoints).toHaveLength(253);
    const skipped = result.summary.operations.filter((o) => o.id === undefined);
    const reasons = skipped.map((o) => o.notes[0]?.replace(/ \/.*$/, "")).sort();
    expect(reasons).toEqual([
      ...Array(8).fill("skipped: no OAuth scope; every endpoint needs one"),
      "skipped: path",
      "skipped: path",
    ]);
  });

  it("reports Zoho's one broken reference with its location, and fails without the flag", async () => {
    expect(result.summary.problems).toEqual([
      {
        file: path.join(ZOHO, "notes.json"),
        pointer: "/paths/~1crm~1v8~1Notes~1{id}/get/parameters/2/$ref",
        code: "IK_OPENAPI_REF_UNRESOLVED",
        message:
          "reference #/components/parameters/If-Modified-Since names nothing: notes.json " +
          "has no /components/parameters/If-Modified-Since",
      },
    ]);
    await expect(importOpenApi(ZOHO, { name: "zoho-crm-v8" })).rejects.toThrow(
      /notes\.json#\/paths\/~1crm~1v8~1Notes~1\{id\}\/get\/parameters\/2\/\$ref/,
    );
  }, 20_000);

  it("reads the remote common.json reference from the sibling file: OAuth and Zoho's US DC", () => {
    expect(connector.auth).toEqual({
      type: "oauth2",
      headerPrefix: "Zoho-oauthtoken",
      tokenPath: "/oauth/v2/token",
    });
    expect(connector.dataCenters).toEqual([
      {
        id: "us",
        label: "United States",
        apiDomain: "https://www.zohoapis.com",
        accountsDomain: "https://accounts.zoho.com",
      },
    ]);
    expect(connector.basePath).toBe("/crm");
  });

  it("builds every target, and the SDK type-checks with tsc --strict", async () => {
    const files = buildConnector(connector);
    const targets = new Set(files.map((f) => f.target));
    expect([...targets].sort()).toEqual(["connection", "curl", "deluge", "docs", "sdk", "site"]);
    await mkdir(outDir, { recursive: true });
    await writeOutput(outDir, connector, files);
    const config = path.join(outDir, "tsconfig.json");
    await writeFile(
      config,
      JSON.stringify({ extends: "../../tsconfig.json", include: ["zoho-crm-v8/sdk/**/*.ts"] }),
    );
    const tsc = path.resolve("node_modules", "typescript", "bin", "tsc");
    const run = await promisify(execFile)(
      process.execPath,
      [tsc, "-p", config, "--strict", "--noEmit"],
      { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
    // The client and every sample (253 of them, with enum, integer and date parameters and
    // minimal JSON bodies) type-check.
    const errors = run.stdout.split("\n").filter((line) => line.includes("error TS"));
    expect(errors).toEqual([]);
  }, 150_000);

  it("writes a Deluge snippet for each of the 253 endpoints, and every one lints clean", () => {
    const files = delugeTarget.generate(connector);
    expect(files).toHaveLength(253);
    const problems = files.flatMap((file) =>
      lintDeluge(file.content, file.path).map((d) => `${file.path}: ${d.message}`),
    );
    expect(problems).toEqual([]);
    // The paged lists whose only query argument is `page` build their parameters map too.
    const list = files.find((file) => file.path === "deluge/record.get_records.dg");
    expect(list?.content).toContain("params = Map();\nrecords = List();");
  });

  it("v8 Get File against our v2 files.get: where they agree and where they differ", async () => {
    const { loadConnector } = await import("../../src/spec/index.ts");
    const v2 = findEndpoint(await loadConnector("connectors/zoho-crm"), "files.get");
    const v8 = findEndpoint(connector, "files.get");
    if (!v2 || !v8) throw new Error("files.get missing");
    // Same method and same single parameter name and place.
    expect(v8.method).toBe(v2.method);
    expect(v8.parameters.map((p) => [p.name, p.in, p.type])).toEqual(
      v2.parameters.map((p) => [p.name, p.in, p.type]),
    );
    // v8 marks `id` optional (`required: false` in its shared parameter); v2's docs require it.
    expect([v2.parameters[0]?.required, v8.parameters[0]?.required]).toEqual([true, false]);
    // Scope: the same scope; Zoho's v8 document writes the group in lower case. Zoho's scope
    // names are case-insensitive, but our names are compared exactly, so they differ here.
    expect(v2.scopes.map((s) => s.name)).toEqual(["ZohoCRM.Files.READ"]);
    expect(v8.scopes.map((s) => s.name)).toEqual(["ZohoCRM.files.READ"]);
    expect(v8.scopes[0]?.name.toLowerCase()).toBe(v2.scopes[0]?.name.toLowerCase());
    // Reply: both a file download (v8 says application/x-download).
    expect([v2.response, v8.response]).toEqual(["file", "file"]);
    // Errors: no code in common. v8's Get File repeats its Upload's 400 list (virus, size,
    // attachment handling), which cannot happen on a download; v2 lists the documented
    // failures of a GET (wrong URL, scope, permission, method) and the shared ones.
    const codes = (e: typeof v2) => e.errors.map((x) => `${x.status} ${x.code}`).sort();
    expect(codes(v8)).toEqual([
      "400 FILE_SIZE_MORE_THAN_ALLOWED_SIZE",
      "400 INVALID_DATA",
      "400 INVALID_MODULE",
      "400 VIRUS_DETECTED",
      "400 failure_in_attachment_handling",
    ]);
    expect(codes(v2)).toEqual([
      "400 AUTHORIZATION_FAILED",
      "400 INVALID_REQUEST_METHOD",
      "401 AUTHENTICATION_FAILURE",
      "401 INVALID_TOKEN",
      "401 OAUTH_SCOPE_MISMATCH",
      "403 NO_PERMISSION",
      "404 INVALID_URL_PATTERN",
      "429 TOO_MANY_REQUESTS",
      "500 INTERNAL_ERROR",
    ]);
    // Paths: v2 /crm/v2 + /files, v8 /crm + /v8/files (one base path for /crm/v8 and the
    // bulk APIs under /crm/bulk/v8).
    expect([v2.path, v8.path]).toEqual(["/files", "/v8/files"]);
  });
});
