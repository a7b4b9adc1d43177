import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  formatDiagnostic,
  loadConnector,
  SpecError,
  validateConnector,
} from "../../src/spec/index.ts";

const shipped = "test/fixtures/spec/zoho-crm";
const temps: string[] = [];

/** Copies a connector (the test copy of zoho-crm) to a temp folder, applies edits. */
async function brokenCopy(
  edits: Record<string, (text: string) => string>,
  from = shipped,
): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), "ik-spec-"));
  temps.push(root);
  const dir = path.join(root, path.basename(from));
  await cp(from, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const target = path.join(dir, file);
    const before = await readFile(target, "utf8").catch(() => "");
    const after = edit(before);
    if (after === before) throw new Error(`edit of ${file} changed nothing`);
    await writeFile(target, after);
  }
  return dir;
}

function replace(from: string, to: string) {
  return (text: string) => {
    if (!text.includes(from)) throw new Error(`"${from}" not found`);
    return text.replace(from, to);
  };
}

async function report(dir: string): Promise<string[]> {
  const result = await validateConnector(dir);
  return result.diagnostics.map(formatDiagnostic);
}

afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("validateConnector", () => {
  it("accepts the shipped zoho-crm connector and the test copy with no diagnostics", async () => {
    const result = await validateConnector("connectors/zoho-crm");
    expect(result.diagnostics).toEqual([]);
    const ids = result.connector?.endpoints.map((e) => e.id);
    expect(ids).toContain("files.get");
    expect(ids).toContain("files.upload");
    const copy = await validateConnector(shipped);
    expect(copy.diagnostics).toEqual([]);
    expect(copy.connector?.endpoints.map((e) => e.id)).toEqual(["files.get", "files.upload"]);
  });

  it("names file, line, column and the right key for a misspelt key", async () => {
    const dir = await brokenCopy({ "files/get.yaml": replace("method: GET", "methd: GET") });
    expect(await report(dir)).toEqual([
      `${dir}/files/get.yaml:5:1  unknown key "methd"; did you mean "method"?`,
    ]);
  });

  it("reports a wrong type with expected and found, and a bad enum with a suggestion", async () => {
    const dir = await brokenCopy({
      "files/get.yaml": (t) =>
        replace("status: 404", "status: not-found")(replace("    in: query", "    in: qeury")(t)),
    });
    expect(await report(dir)).toEqual([
      `${dir}/files/get.yaml:12:9  parameters.id.in must be one of query, path, header, ` +
        `found "qeury"; did you mean "query"?`,
      `${dir}/files/get.yaml:21:13  errors.0.status must be integer, found "not-found"`,
    ]);
  });

  it("reports every error of every file in one run, sorted by file and line", async () => {
    const dir = await brokenCopy({
      "connector.yaml": replace("base_path: /crm/v2", "base_path: crm/v2"),
      "files/upload.yaml": replace("response: json", "response: jsn"),
      "files/get.yaml": replace("purpose:", "purpos:"),
    });
    const lines = await report(dir);
    expect(lines).toEqual([
      `${dir}/connector.yaml:10:12  base_path "crm/v2" is not valid: ` +
        "write an absolute path without a trailing slash, e.g. /crm/v2",
      `${dir}/files/get.yaml:4:1  unknown key "purpos"; did you mean "purpose"?`,
      `${dir}/files/upload.yaml:28:11  response must be one of file, json, empty, ` +
        `found "jsn"; did you mean "json"?`,
    ]);
  });

  it("finds duplicate endpoint ids across files", async () => {
    const get = await readFile(path.join(shipped, "files/get.yaml"), "utf8");
    const dir = await brokenCopy({ "files/copy.yaml": () => get });
    // Both findings land on the copy, the file whose name does not fit the id.
    expect(await report(dir)).toEqual([
      `${dir}/files/copy.yaml:2:5  duplicate endpoint id "files.get"; it is already declared ` +
        `at ${dir}/files/get.yaml:2:5`,
      `${dir}/files/copy.yaml:2:5  endpoint id "files.get" does not match its file ` +
        'files/copy.yaml; name it "files.copy" or move the file to files/get.yaml',
    ]);
  });

  it("finds an undeclared path parameter, a twice-declared error code and a bad scope", async () => {
    const dir = await brokenCopy({
      "files/get.yaml": (t) =>
        replace(
          "path: /files",
          "path: /files/{file_id}",
        )(
          replace(
            "code: NO_PERMISSION",
            "code: INVALID_URL_PATTERN",
          )(replace("name: ZohoCRM.Files.READ", "name: ZohoCRM.Files.RAED")(t)),
        ),
      "files/upload.yaml": replace("name: ZohoCRM.Files.CREATE", "name: ZohoCMR.Files.CREATE"),
    });
    expect(await report(dir)).toEqual([
      `${dir}/files/get.yaml:6:7  path parameter {file_id} has no declaration; ` +
        "add parameters.file_id with in: path",
      `${dir}/files/get.yaml:8:11  scope "ZohoCRM.Files.RAED" has operation "RAED", not one of ` +
        'ALL, READ, CREATE, WRITE, UPDATE, DELETE; did you mean "READ"?',
      `${dir}/files/get.yaml:32:11  error code INVALID_URL_PATTERN is declared twice ` +
        "(first at line 20); keep one entry",
      `${dir}/files/upload.yaml:11:11  scope "ZohoCMR.Files.CREATE" names service "ZohoCMR", ` +
        'not one of ZohoCRM, ZohoSearch, ZohoFiles; did you mean "ZohoCRM"?',
    ]);
  });

  it("reports tab indentation alone, once per line, with the fix", async () => {
    const dir = await brokenCopy({
      "files/get.yaml": replace("  id:\n    in: query", "\tid:\n\t\tin: query"),
    });
    const fix =
      "YAML syntax: a tab indents this line; YAML indents with spaces only (use two per level)";
    expect(await report(dir)).toEqual([
      `${dir}/files/get.yaml:11:1  ${fix}`,
      `${dir}/files/get.yaml:12:1  ${fix}`,
    ]);
  });

  it("says an error's status is 4xx or 5xx, and shows what it found", async () => {
    const dir = await brokenCopy({ "files/get.yaml": replace("status: 404", "status: 200") });
    expect(await report(dir)).toEqual([
      `${dir}/files/get.yaml:21:13  errors.0.status must be >= 400, found number 200: an ` +
        "error's status is 4xx or 5xx; describe a 2xx reply as the endpoint's response",
    ]);
  });

  it("reports YAML syntax errors and duplicate keys with their position", async () => {
    const dir = await brokenCopy({
      "files/get.yaml": replace("title: Get Files", "title: Get Files\ntitle: Again"),
      "files/upload.yaml": replace("method: POST", "method: [POST"),
    });
    const lines = await report(dir);
    expect(lines[0]).toBe(
      `${dir}/files/get.yaml:4:1  YAML syntax: duplicate key "title" in one mapping; keep only one of them`,
    );
    expect(lines[1]?.startsWith(`${dir}/files/upload.yaml:`)).toBe(true);
    expect(lines).toHaveLength(2);
  });

  it("case-C21: unquoted ambiguous scalars stay text where text is expected, with a warning", async () => {
    const dir = await brokenCopy({
      "files/get.yaml": replace('id: "2cceafa194dxxxxxxxx4a20ed2"', "id: 0123"),
    });
    const result = await validateConnector(dir);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([
      `${dir}/files/get.yaml:53:11  warning: examples.0.params.id: unquoted 0123 is kept as the ` +
        'text "0123" (a leading zero is dropped when read as a number); write it in quotes to say so',
    ]);
    const example = result.connector?.endpoints[0]?.examples[0];
    expect(example?.params).toEqual({ id: "0123" });
  });

  it("case-C21: 1e3, 0x1F, a 19-digit id and yes all keep their exact source text", async () => {
    const values = ["1e3", "0x1F", "4876876000000123457", "yes", "NO", "01"];
    for (const value of values) {
      const dir = await brokenCopy({
        "files/get.yaml": replace('id: "2cceafa194dxxxxxxxx4a20ed2"', `id: ${value}`),
      });
      const result = await validateConnector(dir);
      expect(result.connector?.endpoints[0]?.examples[0]?.params.id).toBe(value);
      expect(result.diagnostics.map((d) => [d.severity, d.line, d.column])).toEqual([
        ["warning", 53, 11],
      ]);
    }
  });

  it("case-C21: an ambiguous number where a number is expected is an error", async () => {
    const dir = await brokenCopy({ "files/get.yaml": replace("status: 403", "status: 0403") });
    expect(await report(dir)).toEqual([
      `${dir}/files/get.yaml:33:13  errors.2.status: 0403 is ambiguous (a leading zero is ` +
        "dropped when read as a number); write the number in plain decimal digits",
    ]);
  });

  it("case-C21: yes where a boolean is expected is an error, not true", async () => {
    const dir = await brokenCopy({ "files/get.yaml": replace("required: true", "required: yes") });
    expect(await report(dir)).toEqual([
      `${dir}/files/get.yaml:14:15  parameters.id.required must be boolean, found "yes" ` +
        "(YAML 1.2 reads yes/no/on/off as text); write true or false",
    ]);
  });

  it("runs the cross-file checks on a file that also breaks the schema", async () => {
    const dir = await brokenCopy({
      "files/get.yaml": (t) =>
        replace("title: Get Files\n", "")(replace("path: /files", "path: /files/{file_id}")(t)),
    });
    expect(await report(dir)).toEqual([
      `${dir}/files/get.yaml:2:1  missing required key "title" at the top level; add "title:"`,
      `${dir}/files/get.yaml:5:7  path parameter {file_id} has no declaration; ` +
        "add parameters.file_id with in: path",
    ]);
  });

  it("bounds alias expansion and reports only the bound, not the cut-short data", async () => {
    const bomb = ["id: files.get", "a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (const name of ["b", "c", "d", "e"]) {
      const prior = String.fromCharCode(name.charCodeAt(0) - 1);
      bomb.push(`${name}: &${name} [${Array(10).fill(`*${prior}`).join(", ")}]`);
    }
    const dir = await brokenCopy({ "files/get.yaml": () => `${bomb.join("\n")}\n` });
    expect(await report(dir)).toEqual([
      `${dir}/files/get.yaml:3:12  more than 100 alias expansions; write the values out instead`,
    ]);
  });

  it("refuses a file that is not UTF-8, at the line of the first bad byte", async () => {
    const dir = await brokenCopy({
      "files/get.yaml": replace("title: Get Files", "title: Get \uFFFD"),
    });
    const file = path.join(dir, "files/get.yaml");
    const bytes = Buffer.from(await readFile(file, "utf8"), "utf8");
    const at = bytes.indexOf(Buffer.from("\uFFFD", "utf8"));
    await writeFile(
      file,
      Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3, 0x28]), bytes.subarray(at + 3)]),
    );
    expect(await report(dir)).toEqual([
      `${file}:3:12  the file is not valid UTF-8; save it as UTF-8`,
    ]);
  });

  it("case-C21: warns on unquoted YAML 1.1 dates and numbers kept as text", async () => {
    const dir = await brokenCopy({
      "files/get.yaml": replace('id: "2cceafa194dxxxxxxxx4a20ed2"', "id: 2024-01-01"),
    });
    expect(await report(dir)).toEqual([
      `${dir}/files/get.yaml:53:11  warning: examples.0.params.id: unquoted 2024-01-01 is kept as ` +
        'the text "2024-01-01", but YAML 1.1 tools read it as a date; write it in quotes to say so',
    ]);
  });

  it("names a missing folder instead of crashing", async () => {
    expect(await report("no/such/folder")).toEqual([
      "no/such/folder:1:1  no folder no/such/folder; give the path of a connector folder or " +
        "of a folder holding them",
    ]);
  });

  it("given one endpoint file, names the connector folder to check instead", async () => {
    const file = "connectors/zoho-crm/records/list.yaml";
    expect(await report(file)).toEqual([
      `${file}:1:1  ${file} is a file; give its connector folder (connectors/zoho-crm), which ` +
        "is checked as a whole",
    ]);
  });

  it("reports a misspelt method once, without the checks that need a method", async () => {
    const dir = await brokenCopy(
      { "records/list.yaml": replace("method: GET", "methd: GET") },
      "test/fixtures/connectors/crm-lite",
    );
    expect(await report(dir)).toEqual([
      `${dir}/records/list.yaml:4:1  unknown key "methd"; did you mean "method"?`,
    ]);
  });

  it("loadConnector throws a SpecError carrying the diagnostics", async () => {
    const dir = await brokenCopy({ "files/get.yaml": replace("method: GET", "method: GTE") });
    const error = await loadConnector(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).code).toBe("IK_SPEC_INVALID");
    expect((error as SpecError).message).toContain(
      `${dir}/files/get.yaml:5:9  method must be one of GET, POST, PUT, PATCH, DELETE, found "GTE"`,
    );
  });
});
