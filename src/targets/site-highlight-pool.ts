/**
 * Highlighting on a second thread, for large sites. Tokenizing the samples is most of a large
 * site's build time, and the build is synchronous; so a worker thread highlights the samples
 * while the main thread generates the other targets and the pages. The two share the work: a
 * sample is claimed once, by whichever thread comes to it first (a flag per sample in shared
 * memory): the worker goes through the samples in the order they were requested, and the page
 * that needs a sample the worker has not claimed yet highlights it on its own thread.
 *
 * The worker runs the very `highlightCode` of `site-highlight.ts`, whose HTML depends only on
 * the code and the language (its line cache is exact), so a page is the same byte for byte
 * whichever thread highlighted its samples. Whatever the worker cannot give (it failed to
 * start, it stopped, nothing was asked of it) `take` answers undefined, and the caller
 * highlights on its own thread.
 *
 * Limitations: the worker costs about half a second of the other core to start (tsx, shiki,
 * the grammars), so it pays off only for sites of many samples; a worker that makes no progress
 * for `STALL_MS` while holding a sample is given up.
 */
import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  Worker,
} from "node:worker_threads";
import type { Connector } from "../spec/model.ts";
import type { EarlierOutputs } from "./generated-file.ts";
import type { SampleLanguage } from "./site-highlight.ts";

/** One sample to highlight. */
export interface HighlightRequest {
  readonly code: string;
  readonly language: SampleLanguage;
}

// Slots of the shared Int32Array: results the worker has posted, and whether it failed.
const POSTED = 0;
const FAILED = 1;
// A sample's flag: nobody has it yet, the worker took it, or the caller's thread took it.
const FREE = 0;
const MAIN = 2;
const STALL_MS = 60_000;

const keyOf = (code: string, language: SampleLanguage) => `${language}\n${code}`;

/** A worker thread highlighting samples alongside the thread that builds the pages. */
export class HighlightPool {
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #shared: Int32Array;
  /** Each requested sample's claim flag: its batch's shared array and its index there. */
  readonly #claims = new Map<string, { flags: Int32Array; index: number }>();
  readonly #results = new Map<string, string>();
  #received = 0;
  #open = true;

  constructor() {
    this.#shared = new Int32Array(new SharedArrayBuffer(8));
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#worker = new Worker(new URL("./site-highlight-worker.mjs", import.meta.url), {
      workerData: { port: port2, shared: this.#shared },
      transferList: [port2],
    });
    // Neither keeps the process alive; a worker error is seen through the shared flag.
    this.#worker.unref();
    this.#port.unref();
    this.#worker.on("error", () => Atomics.store(this.#shared, FAILED, 1));
  }

  /** Hands samples to the worker, in order; samples asked for before are skipped. */
  request(samples: readonly HighlightRequest[]): void {
    if (!this.#open) return;
    const batch: HighlightRequest[] = [];
    for (const sample of samples) {
      const key = keyOf(sample.code, sample.language);
      if (this.#claims.has(key)) continue;
      batch.push({ code: sample.code, language: sample.language });
    }
    if (batch.length === 0) return;
    const flags = new Int32Array(new SharedArrayBuffer(4 * batch.length));
    batch.forEach((sample, index) => {
      this.#claims.set(keyOf(sample.code, sample.language), { flags, index });
    });
    this.#port.postMessage({ flags, samples: batch });
  }

  /**
   * `highlightCode(code, language)` as the worker computed it (waiting if the worker is at it
   * now), or undefined when the caller's thread is to highlight it: the worker has not come to
   * it (it is now the caller's), it was never requested, or the worker cannot deliver it.
   */
  take(code: string, language: SampleLanguage): string | undefined {
    const key = keyOf(code, language);
    const claim = this.#claims.get(key);
    if (claim === undefined) return undefined;
    while (this.#open) {
      this.#drain();
      const html = this.#results.get(key);
      if (html !== undefined) return html;
      // Not posted yet: the caller takes it, unless the worker is at it (then it posts it).
      const owner = Atomics.compareExchange(claim.flags, claim.index, FREE, MAIN);
      if (owner === FREE || owner === MAIN) return undefined;
      if (Atomics.load(this.#shared, FAILED) === 1) break;
      if (Atomics.wait(this.#shared, POSTED, this.#received, STALL_MS) === "timed-out") break;
    }
    this.close();
    return undefined;
  }

  /**
   * Blocks until every requested sample the caller has not claimed is highlighted; false when
   * the worker cannot finish them. A build never needs it (`take` waits for what it needs).
   */
  waitForWorker(): boolean {
    while (this.#open && Atomics.load(this.#shared, FAILED) === 0) {
      this.#drain();
      const pending = [...this.#claims].some(
        ([key, claim]) =>
          !this.#results.has(key) && Atomics.load(claim.flags, claim.index) !== MAIN,
      );
      if (!pending) return true;
      if (Atomics.wait(this.#shared, POSTED, this.#received, STALL_MS) === "timed-out") break;
    }
    return false;
  }

  /** Stops the worker; later `take`s answer undefined. */
  close(): void {
    if (!this.#open) return;
    this.#open = false;
    this.#port.close();
    void this.#worker.terminate();
  }

  #drain(): void {
    for (let message = receiveMessageOnPort(this.#port); message; ) {
      const [key, html] = message.message as [string, string];
      this.#results.set(key, html);
      this.#received += 1;
      message = receiveMessageOnPort(this.#port);
    }
  }
}

/**
 * Sites of fewer endpoints highlight on the build's own thread. Measured on a 2-core machine
 * (first build in a fresh process): the worker saved 0.8 s of 3.3 s at 2,000 endpoints, 0.13 s
 * of 2.0 s at 1,000, nothing at 500, and cost 0.15 s at 253 (Zoho's 62 documents): starting it
 * (tsx, shiki, the grammars compiled a second time) takes about half a second of CPU.
 */
export const WORKER_MIN_ENDPOINTS = 1000;

/** The samples the site highlights: the default data center's files of these targets. */
const sampleSources = [
  { target: "curl", prefix: "curl/", language: "shellscript" },
  { target: "deluge", prefix: "deluge/", language: "deluge" },
  { target: "sdk", prefix: "sdk/samples/", language: "typescript" },
] as const;

/** The highlighting worker of the build in progress, and the targets whose samples it has. */
let highlighting: { connector: Connector; pool: HighlightPool; sent: Set<string> } | undefined;

/**
 * The site target's `prepare`: at the start of a build of a connector with at least
 * `workerMinEndpoints` endpoints, starts a worker; hands it each sample target's files as soon
 * as that target has run.
 */
export function prepareHighlighting(
  connector: Connector,
  earlier: EarlierOutputs,
  workerMinEndpoints: number,
): void {
  if (earlier.size === 0) {
    // A build starts: a worker left by a build that failed before the site is stopped.
    highlighting?.pool.close();
    highlighting =
      connector.endpoints.length >= workerMinEndpoints
        ? { connector, pool: new HighlightPool(), sent: new Set() }
        : undefined;
  }
  if (highlighting?.connector !== connector) return;
  for (const { target, prefix, language } of sampleSources) {
    const files = earlier.get(target);
    if (files === undefined || highlighting.sent.has(target)) continue;
    highlighting.sent.add(target);
    highlighting.pool.request(
      files.filter((f) => f.path.startsWith(prefix)).map((f) => ({ code: f.content, language })),
    );
  }
}

/** The worker `prepareHighlighting` started for this build of `connector`, now the caller's. */
export function preparedHighlighting(connector: Connector): HighlightPool | undefined {
  const pool = highlighting?.connector === connector ? highlighting.pool : undefined;
  highlighting = undefined;
  return pool;
}
