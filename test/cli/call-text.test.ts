/**
 * `invokekit call` text output (no `--json`) for the replies that hold records, run as a child
 * process against the sandbox and compared in full: one line per record with its id and
 * identifying fields, then `N record(s)` for replies with `info`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { cliEnv, type Run, runCli } from "./call-helpers.ts";

let sandbox: Sandbox;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sandbox = await startSandbox();
  env = await cliEnv({
    ZOHO_CLIENT_ID: sandbox.credentials.clientId,
    ZOHO_CLIENT_SECRET: sandbox.credentials.clientSecret,
    ZOHO_REFRESH_TOKEN: sandbox.credentials.refreshToken,
  });
});

afterAll(async () => {
  await sandbox.close();
});

/** Runs `invokekit call zoho-crm ...args` against the sandbox. */
function call(...args: string[]): Promise<Run> {
  return runCli(["call", "zoho-crm", ...args, "--base-url", sandbox.url], env);
}

/** Expects a successful run whose stdout is exactly `lines`, one per line. */
function expectLines(run: Run, lines: readonly string[]): void {
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  expect(run.stdout).toBe(`${lines.join("\n")}\n`);
}

describe.concurrent("invokekit call: records in text mode", () => {
  it("records.list: id, name and e-mail per record; more records are announced", async () => {
    const first = await call(
      "records.list",
      "--param",
      "module_api_name=Leads",
      "--param",
      "fields=Last_Name,Email",
      "--param",
      "per_page=2",
    );
    expect(first.stderr).toBe("");
    expect(first.stdout).toMatch(
      new RegExp(
        "^4876876000000123457  Boyle 1  person1@example\\.com\\n" +
          "4876876000000123458  Costa 2  person2@example\\.com\\n" +
          "2 record\\(s\\); more records follow \\(next page_token: [0-9a-f]{40}\\)\\n$",
      ),
    );

    // The last page: Lead 450 has no e-mail, shown as "-"; no more records follow.
    const last = await call(
      "records.list",
      "--param",
      "module_api_name=Leads",
      "--param",
      "fields=Last_Name,Email",
      "--param",
      "per_page=2",
      "--param",
      "page=225",
    );
    expectLines(last, [
      "4876876000000123905  Boyle 449  person449@example.com",
      "4876876000000123906  Costa 450  -",
      "2 record(s)",
    ]);
  });

  it("records.get and records.search: first and last name joined; no e-mail column if none", async () => {
    const get = await call(
      "records.get",
      "--param",
      "module_api_name=Leads",
      "--param",
      "record_id=4876876000000123466",
    );
    expectLines(get, ["4876876000000123466  Ana Dubois 10"]);

    const search = await call(
      "records.search",
      "--param",
      "module_api_name=Leads",
      "--param",
      "email=person1@example.com",
    );
    expectLines(search, ["4876876000000123457  Ana Boyle 1  person1@example.com", "1 record(s)"]);
  });

  it("coql.query: identifying fields when selected, else the first three selected", async () => {
    const named = await call(
      "coql.query",
      "--body",
      JSON.stringify({
        select_query: "select Last_Name, Email from Leads where Last_Name like 'Boyle%' limit 2",
      }),
    );
    expectLines(named, [
      "4876876000000123457  Boyle 1   person1@example.com",
      "4876876000000123471  Boyle 15  person15@example.com",
      "2 record(s); more records follow",
    ]);

    const other = await call(
      "coql.query",
      "--body",
      JSON.stringify({
        select_query:
          "select Lead_Source, Company from Leads where Last_Name like 'Boyle%' limit 2",
      }),
    );
    expectLines(other, [
      "4876876000000123457  Web            Company 1",
      "4876876000000123471  Advertisement  Company 15",
      "2 record(s); more records follow",
    ]);
  });

  it("attachments.list, users.list, org.get and bulk_read.status", async () => {
    const [attachments, users, org, job] = await Promise.all([
      call(
        "attachments.list",
        "--param",
        "module_api_name=Leads",
        "--param",
        "record_id=4876876000000123457",
      ),
      call("users.list"),
      call("org.get"),
      call("bulk_read.status", "--param", "job_id=4876876000000700001"),
    ]);
    expectLines(attachments, ["4876876000000600001  brochure.pdf", "1 record(s)"]);
    expectLines(users, [
      "4876876000000000101  Sandbox Admin  sandbox@sandbox.example.com",
      "4876876000000000102  Mira Patel     mira@sandbox.example.com",
      "4876876000000000103  Tomas Novak    tomas@sandbox.example.com",
      "3 record(s)",
    ]);
    expectLines(org, ["4876876000000000011  Sandbox Org  admin@sandbox.example.com"]);
    expectLines(job, ["4876876000000700001  COMPLETED"]);
  });

  it("--all: the same record lines for every page, then the count", async () => {
    const run = await call(
      "records.list",
      "--param",
      "module_api_name=Accounts",
      "--param",
      "fields=Account_Name",
      "--param",
      "per_page=10",
      "--all",
    );
    const lines = Array.from({ length: 25 }, (_, i) => {
      const id = (4876876000000500001n + BigInt(i)).toString();
      return `${id}  Company ${i + 1}`;
    });
    expectLines(run, [...lines, "25 record(s)"]);
  });
});
