/**
 * `invokekit call` output for write outcomes and bodiless replies, run as a child process and
 * compared in full: per-record `status  code  id  message` lines (delete, insert, update,
 * upsert, upload), 204 and 304 lines, the 204 of a download reported with status 204, JSON for
 * a reply without a record list, and case C03's OAuth error code in `zohoCode`.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { sendJson, sendToken, startLoopback, tempDir } from "../runtime/loopback.ts";
import { cliEnv, credentialsEnv, type Run, runCli } from "./call-helpers.ts";

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox.close();
});

/** Runs `invokekit call zoho-crm ...args` against the sandbox with `refreshToken`. */
async function call(args: readonly string[], refreshToken?: string): Promise<Run> {
  const env = await cliEnv({
    ZOHO_CLIENT_ID: sandbox.credentials.clientId,
    ZOHO_CLIENT_SECRET: sandbox.credentials.clientSecret,
    ZOHO_REFRESH_TOKEN: refreshToken ?? sandbox.credentials.refreshToken,
  });
  return runCli(["call", "zoho-crm", ...args, "--base-url", sandbox.url], env);
}

const LEADS = ["--param", "module_api_name=Leads"];

describe.concurrent("invokekit call: write outcomes in text mode", () => {
  it("records.delete: one 'status  code  id  message' line per id, exit 1 if one failed", async () => {
    const run = await call(["records.delete", ...LEADS, "--param", "ids=4876876000000123900,1"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      "success  SUCCESS       4876876000000123900  record deleted\n" +
        "error    INVALID_DATA  1                    the related id given seems to be invalid\n",
    );
    expect(run.stderr.split("\n")[0]).toBe(
      "error [IK_API_ITEM_ERROR]: records.delete: 1 of 2 items failed; the first: " +
        "INVALID_DATA: the related id given seems to be invalid.",
    );
  });

  it("records.insert, update, upsert: the record's index first; a failed field is named", async () => {
    const insert = await call([
      "records.insert",
      ...LEADS,
      "--body",
      JSON.stringify({ data: [{ Last_Name: "New" }, { First_Name: "No last name" }] }),
    ]);
    expect(insert.code).toBe(1);
    expect(insert.stdout).toMatch(
      new RegExp(
        "^0  success  SUCCESS              \\d{19}  record added\\n" +
          "1  error    MANDATORY_NOT_FOUND  -                    required field not found " +
          "\\(field Last_Name\\)\\n2 record\\(s\\) in 1 request\\(s\\), 1 failed\\n$",
      ),
    );

    const update = await call([
      "records.update",
      ...LEADS,
      "--body",
      JSON.stringify({ data: [{ id: "4876876000000123901", Last_Name: "Renamed" }] }),
    ]);
    expect(update.stderr).toBe("");
    expect(update.stdout).toBe(
      "0  success  SUCCESS  4876876000000123901  record updated\n" +
        "1 record(s) in 1 request(s), 0 failed\n",
    );

    const upsert = await call([
      "records.upsert",
      ...LEADS,
      "--body",
      JSON.stringify({
        data: [{ Last_Name: "Up", Email: "person446@example.com" }],
        duplicate_check_fields: ["Email"],
      }),
    ]);
    expect(upsert.stderr).toBe("");
    expect(upsert.stdout).toBe(
      "0  success  SUCCESS  4876876000000123902  record updated\n" +
        "1 record(s) in 1 request(s), 0 failed\n",
    );
  });

  it("files.upload: one outcome line per file with its id", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "a.txt"), "a");
    const run = await call(["files.upload", "--file", join(dir, "a.txt")]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^success {2}SUCCESS {2}[0-9a-f]{64} {2}a\.txt uploaded \S+\n$/);
  });
});

describe.concurrent("invokekit call: replies without records", () => {
  it("an empty list is 'No content (HTTP 204).'; --json says status 204", async () => {
    const args = [
      "records.list",
      "--param",
      "module_api_name=Deals",
      "--param",
      "fields=Deal_Name",
    ];
    const text = await call(args);
    expect(text.stdout).toBe("No content (HTTP 204).\n");
    expect(text.code).toBe(0);
    const json = await call([...args, "--json"]);
    expect(json.stdout).toBe('{\n  "status": 204\n}\n');
  });

  it("a record unchanged since If-Modified-Since is 'Not modified (HTTP 304).'", async () => {
    const args = [
      "records.get",
      ...LEADS,
      "--param",
      "record_id=4876876000000123460",
      "--param",
      "If-Modified-Since=2030-01-01T00:00:00+00:00",
    ];
    const text = await call(args);
    expect(text.stderr).toBe("");
    expect(text.stdout).toBe("Not modified (HTTP 304).\n");
    const json = await call([...args, "--json"]);
    expect(JSON.parse(json.stdout)).toEqual({ status: 304, notModified: true });
  });

  it("a download answered 204 reports status 204 with --json (files.get, attachments)", async () => {
    const message = (endpoint: string) =>
      `${endpoint} answered 204 No Content: there is no downloadable file (the id may be ` +
      "wrong, or the item is a link rather than a file). Nothing was saved.";
    const file = await call(["files.get", "--param", "id=0123abcd", "--json"]);
    expect(file.code).toBe(1);
    expect(file.stdout).toBe("");
    expect(JSON.parse(file.stderr)).toEqual({
      error: {
        code: "IK_API_NO_CONTENT",
        zohoCode: null,
        status: 204,
        message: message("files.get"),
        resolution: null,
      },
    });

    const attachment = await call([
      "attachments.download",
      ...LEADS,
      "--param",
      "record_id=4876876000000123457",
      "--param",
      "attachment_id=4876876000000609999",
      "--json",
    ]);
    expect(attachment.code).toBe(1);
    expect(JSON.parse(attachment.stderr).error.status).toBe(204);
    expect(JSON.parse(attachment.stderr).error.message).toBe(message("attachments.download"));
  });

  it("a reply without a record list (a COQL aggregate) prints as indented JSON", async () => {
    const body = { data: [{ "COUNT(id)": 450 }], info: { count: 1, more_records: false } };
    const loopback = await startLoopback((request, res) => {
      if (request.path === "/oauth/v2/token") return sendToken(res, "1000.AT_cli_text_token");
      sendJson(res, 200, body);
    });
    try {
      const run = await runCli(
        [
          "call",
          "zoho-crm",
          "coql.query",
          "--body",
          JSON.stringify({ select_query: "select COUNT(id) from Leads where id is not null" }),
          "--base-url",
          loopback.url,
        ],
        await credentialsEnv(),
      );
      expect(run.stderr).toBe("");
      expect(run.stdout).toBe(`${JSON.stringify(body, null, 2)}\n`);
    } finally {
      await loopback.close();
    }
  });

  it("case-C03: a refused refresh token prints the OAuth error as zohoCode", async () => {
    const json = await call(["org.get", "--json"], "1000.wrong");
    expect(json.code).toBe(1);
    expect(json.stdout).toBe("");
    const { error } = JSON.parse(json.stderr);
    expect({ code: error.code, zohoCode: error.zohoCode, status: error.status }).toEqual({
      code: "IK_AUTH_TOKEN",
      zohoCode: "invalid_code",
      status: 200,
    });

    const text = await call(["org.get"], "1000.wrong");
    expect(text.code).toBe(1);
    expect(text.stderr.split("\n").slice(1, 2)).toEqual(["  zoho code:  invalid_code"]);
  });
});
