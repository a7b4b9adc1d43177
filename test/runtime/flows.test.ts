/**
 * Pagination, batches and jobs against a loopback server that answers like Zoho, with the
 * crm-lite fixture connector. Record and job ids are 19-digit numbers written as bare JSON
 * numbers, so every test also checks that they arrive as exact strings.
 */
import { readFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JobError, PaginationLoopError } from "../../src/index.ts";
import { loadConnector } from "../../src/spec/index.ts";
import type { Connector } from "../../src/spec/model.ts";
import {
  apiRequests,
  type Handler,
  loopbackRuntimes,
  type Received,
  sendJson,
  tempDir,
  tokenThen,
  zohoError,
} from "./loopback.ts";

const FIRST_ID = 3652397000000624000n;
const idOf = (n: number) => String(FIRST_ID + BigInt(n));

const loopback = loopbackRuntimes();

async function start(api: Handler, patch?: (c: Connector) => Connector) {
  const loaded = await loadConnector("test/fixtures/connectors/crm-lite");
  const runtime = await loopback.start(tokenThen("1000.AT", api), patch ? patch(loaded) : loaded);
  return { server: loopback.server, runtime };
}

/** Writes JSON text as is, so ids can be bare 19-digit numbers. */
function sendRaw(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(text);
}

function query(request: Received): URLSearchParams {
  return new URL(request.path, "http://x").searchParams;
}

/** A page of records `from` (inclusive) to `to` (exclusive) with bare-number ids. */
function page(from: number, to: number, info: Record<string, unknown>): string {
  const records = [];
  for (let n = from; n < to; n++) records.push(`{"id":${idOf(n)},"Last_Name":"L${n}"}`);
  return `{"data":[${records.join(",")}],"info":${JSON.stringify(info)}}`;
}

async function collect(iterable: AsyncIterable<unknown>): Promise<unknown[]> {
  const all: unknown[] = [];
  for await (const record of iterable) all.push(record);
  return all;
}

const LIST = { module_api_name: "Leads", fields: "Last_Name" };

describe("paginate", () => {
  it("yields 450 distinct string ids in order over pages 1, 2, 3", async () => {
    const { server, runtime } = await start((request, res) => {
      const n = Number(query(request).get("page"));
      const to = Math.min(450, n * 200);
      sendRaw(res, 200, page((n - 1) * 200, to, { per_page: 200, more_records: to < 450 }));
    });
    const records = (await collect(runtime.paginate("records.list", { params: LIST }))) as {
      id: string;
    }[];
    const ids = records.map((r) => r.id);
    expect(ids).toHaveLength(450);
    expect(new Set(ids).size).toBe(450);
    expect(ids[0]).toBe("3652397000000624000");
    expect(ids[449]).toBe("3652397000000624449");
    expect(ids).toEqual(Array.from({ length: 450 }, (_, n) => idOf(n)));
    expect(apiRequests(server).map((r) => r.path)).toEqual([
      "/crm/v2/Leads?fields=Last_Name&page=1",
      "/crm/v2/Leads?fields=Last_Name&page=2",
      "/crm/v2/Leads?fields=Last_Name&page=3",
    ]);
  });

  it("case C18: switches to page_token after 2,000 records and never sends page=11", async () => {
    const { server, runtime } = await start((request, res) => {
      const q = query(request);
      const token = q.get("page_token");
      if (token !== null && q.has("page")) return sendJson(res, 400, zohoError("X", "both"));
      if (token === null) {
        const n = Number(q.get("page"));
        if (n > 10) {
          return sendJson(
            res,
            400,
            zohoError("DISCRETE_PAGINATION_LIMIT_EXCEEDED", "use page_token", { limit: 2000 }),
          );
        }
        const info = { per_page: 200, more_records: true, page: n, next_page_token: `tok${n}` };
        return sendRaw(res, 200, page((n - 1) * 200, n * 200, info));
      }
      if (token === "tok10") {
        const info = { per_page: 200, more_records: true, next_page_token: "tok11" };
        return sendRaw(res, 200, page(2000, 2200, info));
      }
      if (token === "tok11") return sendRaw(res, 200, page(2200, 2400, { more_records: false }));
      sendJson(res, 400, zohoError("INVALID_TOKEN_X", "unknown token"));
    });
    const params = { ...LIST, per_page: "200" };
    const ids = (
      (await collect(runtime.paginate("records.list", { params }))) as { id: string }[]
    ).map((r) => r.id);
    expect(ids).toHaveLength(2400);
    expect(new Set(ids).size).toBe(2400);
    expect(ids.at(-1)).toBe(idOf(2399));
    const paths = apiRequests(server).map((r) => r.path);
    expect(paths).toHaveLength(12);
    expect(paths[0]).toBe("/crm/v2/Leads?fields=Last_Name&page=1&per_page=200");
    expect(paths[9]).toBe("/crm/v2/Leads?fields=Last_Name&page=10&per_page=200");
    expect(paths.slice(10)).toEqual([
      "/crm/v2/Leads?fields=Last_Name&per_page=200&page_token=tok10",
      "/crm/v2/Leads?fields=Last_Name&per_page=200&page_token=tok11",
    ]);
    expect(paths.filter((p) => /true|false|page=0|page=11/.test(p))).toEqual([]);
  });

  it("case C18: a token sent twice raises PaginationLoopError", async () => {
    const { server, runtime } = await start((request, res) => {
      const n = Number(query(request).get("page") ?? "11");
      const info = { per_page: 200, more_records: true, next_page_token: "same" };
      sendRaw(res, 200, page((n - 1) * 200, n * 200, info));
    });
    const error = await collect(
      runtime.paginate("records.list", { params: { ...LIST, per_page: "200" } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaginationLoopError);
    expect((error as PaginationLoopError).code).toBe("IK_PAGINATION_LOOP");
    expect((error as PaginationLoopError).pages).toBe(11);
    // Pages 1-10, then page_token=same, whose reply names "same" again: not sent a second time.
    expect(apiRequests(server)).toHaveLength(11);
    expect(apiRequests(server).filter((r) => r.path.includes("page_token=same"))).toHaveLength(1);
  });

  it("stops at the max-pages guard when more_records never turns false", async () => {
    const { server, runtime } = await start((request, res) => {
      const n = Number(query(request).get("page"));
      sendRaw(res, 200, page(n * 5, n * 5 + 5, { more_records: true }));
    });
    const pages = runtime.paginate("records.list", { params: LIST }, { maxPages: 7 });
    const error = await collect(pages).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PaginationLoopError);
    expect((error as Error).message).toContain("more than 7 pages");
    expect(apiRequests(server)).toHaveLength(7);
  });

  it("case C06: a 204 page ends the listing with the records so far", async () => {
    const { server, runtime } = await start((request, res) => {
      const n = Number(query(request).get("page"));
      if (n === 3) {
        res.writeHead(204);
        res.end();
        return;
      }
      sendRaw(res, 200, page((n - 1) * 10, n * 10, { more_records: true }));
    });
    const records = await collect(runtime.paginate("records.list", { params: LIST }));
    expect(records).toHaveLength(20);
    expect(apiRequests(server)).toHaveLength(3);
  });

  it("sends no further request when the consumer stops early", async () => {
    const { server, runtime } = await start((request, res) => {
      const n = Number(query(request).get("page"));
      sendRaw(res, 200, page((n - 1) * 10, n * 10, { more_records: true }));
    });
    let seen = 0;
    for await (const _ of runtime.paginate("records.list", { params: LIST })) {
      seen += 1;
      if (seen === 15) break;
    }
    expect(apiRequests(server)).toHaveLength(2);
  });
});

/** Answers an insert with one result per record; records named "bad" fail. */
function insertReply(request: Received, res: ServerResponse): void {
  const body = JSON.parse(request.body.toString("utf8")) as { data: { Last_Name: string }[] };
  const items = body.data.map((record) =>
    record.Last_Name === "bad"
      ? `{"code":"INVALID_DATA","details":{"api_name":"Last_Name"},"message":"invalid data",` +
        `"status":"error"}`
      : `{"code":"SUCCESS","details":{"id":${idOf(Number(record.Last_Name.slice(1)))}},` +
        `"message":"record added","status":"success"}`,
  );
  sendRaw(res, items.length === body.data.length ? 201 : 500, `{"data":[${items.join(",")}]}`);
}

describe("callBatch", () => {
  it("sends 250 records as 100, 100 and 50 and returns 250 results in input order", async () => {
    const { server, runtime } = await start(insertReply);
    const data = Array.from({ length: 250 }, (_, n) => ({
      Last_Name: n === 107 ? "bad" : `r${n}`,
    }));
    const body = { data, trigger: ["workflow"] };
    const result = await runtime.callBatch("records.insert", {
      params: { module_api_name: "Leads" },
      body,
    });
    const sent = apiRequests(server);
    expect(result.requests).toBe(3);
    expect(sent).toHaveLength(3);
    const bodies = sent.map((r) => JSON.parse(r.body.toString("utf8")) as typeof body);
    expect(bodies.map((b) => b.data.length)).toEqual([100, 100, 50]);
    expect(bodies.map((b) => b.trigger)).toEqual([["workflow"], ["workflow"], ["workflow"]]);
    expect(sent[1]?.body.toString("utf8")).toBe(
      JSON.stringify({ data: data.slice(100, 200), trigger: ["workflow"] }),
    );
    expect(sent.map((r) => r.headers["content-type"])).toEqual(Array(3).fill("application/json"));
    expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(Array(3).fill("POST /crm/v2/Leads"));

    expect(result.results).toHaveLength(250);
    expect(result.results.map((r) => r.index)).toEqual(Array.from({ length: 250 }, (_, n) => n));
    expect(result.results.map((r) => r.request)).toEqual([
      ...Array(100).fill(0),
      ...Array(100).fill(1),
      ...Array(50).fill(2),
    ]);
    expect(result.results[0]?.details).toEqual({ id: "3652397000000624000" });
    expect(result.results[249]?.details).toEqual({ id: "3652397000000624249" });
    expect(result.results[107]).toEqual({
      index: 107,
      status: "error",
      code: "INVALID_DATA",
      message: "invalid data",
      details: { api_name: "Last_Name" },
      request: 1,
    });
    expect(result.results.filter((r) => r.status === "success")).toHaveLength(249);
  });

  it("marks every record of a request Zoho refuses as a whole, and goes on", async () => {
    let count = 0;
    const { runtime } = await start((request, res) => {
      count += 1;
      if (count === 1) return sendJson(res, 400, zohoError("INVALID_MODULE", "no module"));
      insertReply(request, res);
    });
    const data = Array.from({ length: 120 }, (_, n) => ({ Last_Name: `r${n}` }));
    const result = await runtime.callBatch("records.insert", {
      params: { module_api_name: "Leads" },
      body: { data },
    });
    expect(result.results.map((r) => r.code)).toEqual([
      ...Array(100).fill("INVALID_MODULE"),
      ...Array(20).fill("SUCCESS"),
    ]);
  });
});

describe("idempotency", () => {
  const fail503: Handler = (_request, res) => sendJson(res, 503, zohoError("BUSY", "busy"));

  it("does not retry a POST whose spec says it is not idempotent", async () => {
    const { server, runtime } = await start(fail503);
    const args = { params: { module_api_name: "Leads" }, body: { data: [{ Last_Name: "a" }] } };
    await expect(runtime.call("records.insert", args)).rejects.toMatchObject({ status: 503 });
    expect(apiRequests(server)).toHaveLength(1);
  });

  it("retries a POST the spec marks idempotent", async () => {
    let count = 0;
    const { server, runtime } = await start(
      (request, res) => {
        count += 1;
        if (count === 1) return fail503(request, res);
        sendRaw(res, 201, '{"data":[]}');
      },
      (c) => ({
        ...c,
        endpoints: c.endpoints.map((e) =>
          e.id === "records.insert" ? { ...e, idempotent: true } : e,
        ),
      }),
    );
    const args = { params: { module_api_name: "Leads" }, body: { data: [{ Last_Name: "r1" }] } };
    expect(await runtime.call("records.insert", args)).toEqual({
      kind: "json",
      status: 201,
      body: { data: [] },
    });
    expect(apiRequests(server)).toHaveLength(2);
  });
});

describe("runJob", () => {
  const JOB_ID = "3652397000000624046";

  async function startJob(states: readonly string[]) {
    let polls = 0;
    return start((request, res) => {
      if (request.method === "POST" && request.path === "/crm/v2/read") {
        return sendRaw(
          res,
          201,
          `{"data":[{"code":"ADDED_SUCCESSFULLY","details":{"id":${JOB_ID}},"status":"success"}]}`,
        );
      }
      if (request.path === `/crm/v2/read/${JOB_ID}`) {
        const state = states[Math.min(polls, states.length - 1)];
        polls += 1;
        return sendJson(res, 200, { data: [{ id: JOB_ID, state }] });
      }
      if (request.path === `/crm/v2/read/${JOB_ID}/result`) {
        res.writeHead(200, {
          "content-type": "application/zip",
          "content-disposition": `attachment; filename="${JOB_ID}.zip"`,
        });
        res.end(Buffer.from("PK\u0003\u0004zip-bytes"));
        return;
      }
      sendJson(res, 404, zohoError("INVALID_URL_PATTERN", request.path));
    });
  }

  it("creates, polls 3 times with growing waits, and downloads the result", async () => {
    const { server, runtime } = await startJob(["ADDED", "IN PROGRESS", "COMPLETED"]);
    const folder = await tempDir();
    const waits: number[] = [];
    const progress: string[] = [];
    const result = await runtime.runJob(
      "bulk_read.create",
      { body: { query: { module: "Leads" } } },
      {
        output: `${folder}/`,
        firstPollMs: 100,
        sleep: async (ms) => void waits.push(ms),
        onProgress: (p) => progress.push(p.stage === "polled" ? `polled ${p.state}` : p.stage),
      },
    );
    expect(result.jobId).toBe(JOB_ID);
    expect(result.state).toBe("COMPLETED");
    expect(result.polls).toBe(3);
    expect(waits).toEqual([100, 150, 225]);
    expect(progress.filter((p) => p !== "downloading")).toEqual([
      "created",
      "polled ADDED",
      "polled IN PROGRESS",
      "polled COMPLETED",
    ]);
    expect(result.result.kind).toBe("file");
    const path = result.result.kind === "file" ? result.result.path : "";
    expect(path).toBe(join(folder, `${JOB_ID}.zip`));
    expect(await readFile(path, "utf8")).toBe("PK\u0003\u0004zip-bytes");
    expect(apiRequests(server).map((r) => `${r.method} ${r.path}`)).toEqual([
      "POST /crm/v2/read",
      `GET /crm/v2/read/${JOB_ID}`,
      `GET /crm/v2/read/${JOB_ID}`,
      `GET /crm/v2/read/${JOB_ID}`,
      `GET /crm/v2/read/${JOB_ID}/result`,
    ]);
    expect(apiRequests(server)[0]?.body.toString("utf8")).toBe('{"query":{"module":"Leads"}}');
  });

  it("raises JobError when the job fails, and when it runs out of time", async () => {
    const { runtime } = await startJob(["QUEUED", "FAILURE"]);
    const sleep = async () => undefined;
    const args = { body: { query: { module: "Leads" } } };
    const failed = await runtime.runJob("bulk_read.create", args, { sleep }).catch((e) => e);
    expect(failed).toBeInstanceOf(JobError);
    expect(failed).toMatchObject({ code: "IK_JOB_FAILED", jobId: JOB_ID, state: "FAILURE" });

    const again = await startJob(["QUEUED"]);
    const options = { sleep, firstPollMs: 1000, maxPollMs: 1000, timeoutMs: 4000 };
    const late = await again.runtime.runJob("bulk_read.create", args, options).catch((e) => e);
    expect(late).toMatchObject({ code: "IK_JOB_TIMEOUT", jobId: JOB_ID });
    expect(apiRequests(again.server).filter((r) => r.method === "GET")).toHaveLength(4);
  });
});
