import { FormData, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_FILE_BYTES, type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { accessToken, filesForm, zohoAuth } from "./sandbox-helpers.ts";

let sandbox: Sandbox;
let auth: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox();
  auth = zohoAuth(await accessToken(sandbox));
});
afterAll(() => sandbox.close());

async function upload(body: FormData | string, query = "", headers: Record<string, string> = {}) {
  const response = await request(`${sandbox.url}/crm/v2/files${query}`, {
    method: "POST",
    headers: { ...auth, ...headers },
    body,
  });
  // biome-ignore lint/suspicious/noExplicitAny: replies are checked with exact toEqual values.
  return { status: response.statusCode, json: (await response.body.json()) as any };
}

function errorBody(code: string, message: string, details: Record<string, unknown> = {}) {
  return { code, details, message, status: "error" };
}

describe("sandbox Files API", () => {
  it("uploads Résumé 2026.pdf and downloads the same bytes with an RFC 6266 header", async () => {
    const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256);
    const uploaded = await upload(filesForm([{ name: "Résumé 2026.pdf", bytes }]));
    expect(uploaded.status).toBe(200);
    const id = uploaded.json.data[0].details.id as string;
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(uploaded.json).toEqual({
      data: [
        {
          code: "SUCCESS",
          details: { name: "Résumé 2026.pdf", id },
          message: "Résumé 2026.pdf uploaded Succeessfully",
          status: "success",
        },
      ],
    });

    const response = await request(`${sandbox.url}/crm/v2/files?id=${id}`, { headers: auth });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/x-download");
    expect(response.headers["content-length"]).toBe("300000");
    expect(response.headers["content-disposition"]).toBe(
      `attachment; filename="R?sum? 2026.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%202026.pdf`,
    );
    expect(Buffer.from(await response.body.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });

  it("answers one item per file, each with its own id, also for type=inline", async () => {
    const files = [
      { name: "a.txt", bytes: Buffer.from("alpha") },
      { name: "b.png", bytes: Buffer.from("beta") },
    ];
    const uploaded = await upload(filesForm(files), "?type=inline");
    expect(uploaded.status).toBe(200);
    const items = uploaded.json.data as Array<{ details: { name: string; id: string } }>;
    expect(items.map((item) => item.details.name)).toEqual(["a.txt", "b.png"]);
    expect(new Set(items.map((item) => item.details.id)).size).toBe(2);
  });

  it("accepts ten files and refuses eleven", async () => {
    const file = (i: number) => ({ name: `f${i}.txt`, bytes: Buffer.from(`file ${i}`) });
    const ten = await upload(filesForm(Array.from({ length: 10 }, (_, i) => file(i))));
    expect(ten.json.data).toHaveLength(10);

    const eleven = await upload(filesForm(Array.from({ length: 11 }, (_, i) => file(i))));
    expect(eleven).toEqual({
      status: 400,
      json: errorBody("LIMIT_EXCEEDED", "the number of files exceeds the allowed limit", {
        limit: 10,
      }),
    });
  });

  it("accepts exactly 20 MiB and refuses 20 MiB + 1 byte", async () => {
    const limit = await upload(
      filesForm([{ name: "max.bin", bytes: new Uint8Array(MAX_FILE_BYTES) }]),
    );
    expect(limit.status).toBe(200);

    const over = new Uint8Array(20 * 1024 * 1024 + 1);
    const refused = await upload(filesForm([{ name: "big.bin", bytes: over }]));
    expect(refused).toEqual({
      status: 400,
      json: errorBody(
        "FILE_SIZE_MORE_THAN_ALLOWED_SIZE",
        "file size is more than the allowed size",
        {
          allowed_size: 20971520,
        },
      ),
    });
    expect(sandbox.log.at(-1)?.bodySize).toBeGreaterThan(20971520);
  });

  it("refuses a body that is not multipart, or has no file part, with INVALID_DATA", async () => {
    const json = await upload('{"file":"x"}', "", { "content-type": "application/json" });
    expect(json).toEqual({ status: 400, json: errorBody("INVALID_DATA", "invalid data") });

    const form = new FormData();
    form.append("files", new Blob(["misnamed"]), "x.txt");
    form.append("note", "not a file");
    const noFile = await upload(form);
    expect(noFile).toEqual({
      status: 400,
      json: errorBody("INVALID_DATA", "invalid data", { param: "file" }),
    });
  });

  it("answers 204 with no body for an unknown id", async () => {
    const response = await request(`${sandbox.url}/crm/v2/files?id=${"ab".repeat(32)}`, {
      headers: auth,
    });
    expect(response.statusCode).toBe(204);
    expect(await response.body.text()).toBe("");
  });

  it("answers 400 REQUIRED_PARAM_MISSING without an id", async () => {
    const response = await request(`${sandbox.url}/crm/v2/files`, { headers: auth });
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toBe("application/json;charset=UTF-8");
    expect(await response.body.json()).toEqual(
      errorBody("REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", {
        param: "id",
      }),
    );
  });

  it("serves a preloaded file with the content type it was stored with", async () => {
    const id = sandbox.storeFile("report.csv", Buffer.from("a,b\n1,2\n"), "text/csv");
    const response = await request(`${sandbox.url}/crm/v2/files?id=${id}`, { headers: auth });
    expect(response.headers["content-type"]).toBe("text/csv");
    expect(response.headers["content-disposition"]).toBe("attachment; filename=report.csv");
    expect(await response.body.text()).toBe("a,b\n1,2\n");
  });

  it("answers INVALID_REQUEST_METHOD for PUT and 404 INVALID_URL_PATTERN elsewhere", async () => {
    const put = await request(`${sandbox.url}/crm/v2/files`, { method: "PUT", headers: auth });
    expect(put.statusCode).toBe(400);
    expect(await put.body.json()).toEqual(
      errorBody("INVALID_REQUEST_METHOD", "The http request method type is not a valid one"),
    );

    const unknown = await request(`${sandbox.url}/crm/v2/filez?id=1`, { headers: auth });
    expect(unknown.statusCode).toBe(404);
    expect(await unknown.body.json()).toEqual(
      errorBody("INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one"),
    );
  });

  it("turns an internal exception into 500 INTERNAL_ERROR", async () => {
    // A content type with a line break cannot be sent as a header: the reply itself throws.
    const id = sandbox.storeFile("x.txt", Buffer.from("x"), "text/plain\nx-injected: 1");
    const response = await request(`${sandbox.url}/crm/v2/files?id=${id}`, { headers: auth });
    expect(response.statusCode).toBe(500);
    expect(await response.body.json()).toEqual(
      errorBody("INTERNAL_ERROR", "Internal Server Error"),
    );
  });

  it("logs every request with its token, query, body size and status", async () => {
    const before = sandbox.log.length;
    await request(`${sandbox.url}/crm/v2/files?id=a&id=b`, { headers: auth }).then((r) =>
      r.body.dump(),
    );
    expect(sandbox.log.slice(before)).toEqual([
      expect.objectContaining({
        method: "GET",
        path: "/crm/v2/files",
        query: { id: ["a", "b"] },
        headers: expect.objectContaining({ authorization: auth.authorization }),
        bodySize: 0,
        status: 204,
        fault: null,
      }),
    ]);
  });
});
