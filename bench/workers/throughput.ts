/**
 * Throughput worker: downloads a small file over and over, by one of three clients, and
 * reports requests per second. Every client does the same work per request: authenticated
 * GET, body streamed to a temp file, renamed into place.
 *
 * - `client`: invokekit's generated client (`out/zoho-crm/sdk`).
 * - `undici`: a bare `undici.request` loop, the least code that does the same safely.
 * - `zoho-sdk`: Zoho's official TypeScript SDK (bench/zoho-sdk), through a custom Environment.
 */
import { createWriteStream } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Agent, request } from "undici";
import { createZohoCrmClient } from "../../out/zoho-crm/sdk/index.ts";
import { accessToken, measureThroughput, report, workerInput } from "./shared.ts";
import { zohoSdkGetFile } from "./zoho-sdk.ts";

const input = workerInput();
const target = (slot: number) => path.join(input.dir, `slot-${slot}.bin`);

if (input.mode === "client") {
  // The org limiter would cap the client at Zoho's default 10 calls in flight while the bare
  // loop runs `concurrency`: allow the same, so the figure measures the client's own cost.
  const client = createZohoCrmClient({
    baseUrl: input.url,
    credentials: input.credentials,
    concurrency: input.concurrency,
  });
  const result = await measureThroughput(input.concurrency, input.durationMs, async (slot) => {
    await client.files.get({ id: input.fileId }, { output: target(slot) });
  });
  await client.close();
  report(result);
} else if (input.mode === "undici") {
  const token = await accessToken(input);
  const dispatcher = new Agent({ connections: input.concurrency });
  const url = `${input.url}/crm/v2/files?id=${encodeURIComponent(input.fileId)}`;
  const result = await measureThroughput(input.concurrency, input.durationMs, async (slot) => {
    const reply = await request(url, {
      dispatcher,
      headers: { authorization: `Zoho-oauthtoken ${token}` },
    });
    if (reply.statusCode !== 200) throw new Error(`status ${reply.statusCode}`);
    const temporary = `${target(slot)}.part`;
    await pipeline(reply.body, createWriteStream(temporary));
    await rename(temporary, target(slot));
  });
  await dispatcher.close();
  report(result);
} else if (input.mode === "zoho-sdk") {
  const getFile = await zohoSdkGetFile(input);
  const result = await measureThroughput(input.concurrency, input.durationMs, async (slot) => {
    const body = await getFile();
    const temporary = `${target(slot)}.part`;
    if (Buffer.isBuffer(body)) await writeFile(temporary, body);
    else await pipeline(body, createWriteStream(temporary));
    await rename(temporary, target(slot));
  });
  report(result);
} else {
  throw new Error(`unknown mode ${input.mode}`);
}
