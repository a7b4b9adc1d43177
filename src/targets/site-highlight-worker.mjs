// The thread of `site-highlight-pool.ts`. Plain JavaScript so that it starts without a loader:
// it registers tsx itself, then highlights each requested sample it can claim (flag 0 -> 1; a
// sample the other thread claimed is skipped) with `highlightCode`, posts `[key, html]`, and
// counts the posts in the shared array the other thread waits on.
import { workerData } from "node:worker_threads";

const { port, shared } = workerData;
try {
  const { register } = await import("tsx/esm/api");
  register();
  const { highlightCode } = await import("./site-highlight.ts");
  port.on("message", ({ flags, samples }) => {
    try {
      samples.forEach(({ code, language }, index) => {
        if (Atomics.compareExchange(flags, index, 0, 1) !== 0) return;
        port.postMessage([`${language}\n${code}`, highlightCode(code, language)]);
        Atomics.add(shared, 0, 1);
        Atomics.notify(shared, 0);
      });
    } catch {
      fail();
    }
  });
} catch {
  fail();
}

function fail() {
  Atomics.store(shared, 1, 1);
  Atomics.notify(shared, 0);
  port.close();
}
