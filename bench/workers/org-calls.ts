/**
 * Org worker: one of several processes calling the same org. With `redisUrl`, its runtime
 * takes org-wide slots and shares its token through Redis; without it, the runtime limits only
 * itself. All workers start measuring at the same wall-clock moment (`startAt`), after one
 * warm-up call, and report the requests they completed in `durationMs`.
 */
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createRuntime } from "../../src/runtime/index.ts";
import { loadConnector } from "../../src/spec/index.ts";
import { report, workerInput } from "./shared.ts";

const input = workerInput() as ReturnType<typeof workerInput> & {
  readonly redisUrl?: string;
  readonly orgLimit: number;
  readonly startAt: number;
};
const connector = await loadConnector("connectors/zoho-crm");
const runtime = createRuntime(connector, {
  baseUrl: input.url,
  credentials: input.credentials,
  ...(input.redisUrl
    ? { concurrency: input.orgLimit, redis: { url: input.redisUrl, org: "bench" } }
    : { concurrency: input.concurrency }),
});
const target = (slot: number) => path.join(input.dir, `org-${process.pid}-${slot}.bin`);
const call = (slot: number) =>
  runtime.call("files.get", { params: { id: input.fileId } }, { output: target(slot) });

await call(0);
await sleep(Math.max(0, input.startAt - Date.now()));
let requests = 0;
const deadline = performance.now() + input.durationMs;
await Promise.all(
  Array.from({ length: input.concurrency }, async (_, slot) => {
    while (performance.now() < deadline) {
      await call(slot);
      requests++;
    }
  }),
);
await runtime.close();
report({ requests });
