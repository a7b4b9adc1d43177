/**
 * `invokekit lint` as a child process: `--help` lists every rule (the table `LINT_RULES`
 * holds), and a misspelt `typ: GET` is one finding, not also an unassigned variable `GET`.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../runtime/loopback.ts";
import { cliEnv, runCli } from "./call-helpers.ts";

describe("invokekit lint", () => {
  it("--help describes the rule areas and lists every rule with its severity", async () => {
    const run = await runCli(["lint", "--help"], await cliEnv());
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        "Usage: invokekit lint [options] <files...>",
        "",
        "lint Deluge scripts: invokeurl keys, methods, GET bodies and headers,",
        "connections, hosts, variables, deprecated tasks, detailed replies, lists in",
        "maps, JSON bodies, URL encoding, hand-written Authorization, COQL quoting and",
        "grouping",
        "",
        "Arguments:",
        "  files       Deluge files (.dg) to lint",
        "",
        "Options:",
        "  --json      print diagnostics as JSON",
        "  -h, --help  display help for command",
        "",
        "Rules:",
        "  IK_DELUGE_SYNTAX              error    the script does not parse",
        "  IK_DELUGE_UNKNOWN_KEY         error    an invokeurl key Zoho does not document",
        "  IK_DELUGE_DUPLICATE_KEY       error    an invokeurl key given twice",
        "  IK_DELUGE_MISSING_URL         error    an invokeurl without url:",
        "  IK_DELUGE_METHOD              error    a type: that is not an HTTP method",
        "  IK_DELUGE_GET_BODY            error    a body (or text parameters) on a GET",
        "  IK_DELUGE_GET_CONTENT_TYPE    error    a Content-Type header on a GET (C23)",
        "  IK_DELUGE_CONNECTION_NAME     error    a connection link name Zoho refuses",
        "  IK_DELUGE_UNDEFINED_VARIABLE  error    a variable read before it is assigned",
        "  IK_DELUGE_DEPRECATED          warning  getUrl/postUrl instead of invokeurl",
        "  IK_DELUGE_HOST                warning  a URL host that is no Zoho API domain",
        "  IK_DELUGE_URL_ENCODE          warning  unencoded value in a URL query (C23)",
        "  IK_DELUGE_MAP_AS_JSON         error    a Map as JSON body, no toString() (C24)",
        "  IK_DELUGE_LIST_IN_MAP         error    a [...] list inside a map literal (C24)",
        "  IK_DELUGE_DETAILED_REPLY      error    detailed: true reply read raw (C22)",
        "  IK_DELUGE_MANUAL_AUTH         error    hand-written Authorization header (C01)",
        "  IK_DELUGE_COQL_QUOTE          error    unescaped value in COQL quotes (C16)",
        "  IK_DELUGE_COQL_GROUPING       error    3+ COQL conditions in one group (C16)",
        "",
      ].join("\n"),
    );
  });

  it("typ: GET is one finding: the unknown key, with the suggestion", async () => {
    const file = join(await tempDir(), "typ.dg");
    await writeFile(
      file,
      [
        "resp = invokeurl",
        "[",
        '\turl: "https://www.zohoapis.com/crm/v2/org"',
        "\ttyp: GET",
        '\tconnection: "zoho_crm"',
        "];",
        "info resp;",
      ].join("\n"),
    );
    const run = await runCli(["lint", file], await cliEnv());
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(
      `${file}:4:2  Unknown invokeurl key typ; did you mean type?\n` +
        "1 file(s): 1 error(s), 0 warning(s)\n",
    );
  });
});
