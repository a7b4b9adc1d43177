/**
 * Download worker: one large download in a fresh process, by the runtime (`client`) or a bare
 * undici pipeline (`undici`), reporting MB/s and the process's peak resident memory.
 */
import { createWriteStream } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { request } from "undici";
import { createZohoCrmClient } from "../../out/zoho-crm/sdk/index.ts";
import { accessToken, report, workerInput } from "./shared.ts";

const input = workerInput();
const target = path.join(input.dir, `download-${input.mode}.bin`);
let bytes = 0;
const started = performance.now();

if (input.mode === "client") {
  const client = createZohoCrmClient({ baseUrl: input.url, credentials: input.credentials });
  bytes = (await client.files.get({ id: input.fileId }, { output: target })).bytes;
  await client.close();
} else {
  const token = await accessToken(input);
  const url = `${input.url}/crm/v2/files?id=${encodeURIComponent(input.fileId)}`;
  const reply = await request(url, { headers: { authorization: `Zoho-oauthtoken ${token}` } });
  const temporary = `${target}.part`;
  await pipeline(reply.body, createWriteStream(temporary));
  bytes = (await stat(temporary)).size;
  await rename(temporary, target);
}

const seconds = (performance.now() - started) / 1000;
await rm(target, { force: true });
report({
  bytes,
  megabytesPerSecond: bytes / 1e6 / seconds,
  // resourceUsage().maxRSS is in kilobytes (KiB).
  peakRssMb: process.resourceUsage().maxRSS / 1024,
});
