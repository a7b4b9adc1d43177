/**
 * `chainStreams`: pipes a readable through transforms into a writable and settles once every
 * stream is done, like `stream.pipeline`, without the AbortController (and the DOMException
 * its abort builds) that `pipeline` makes per call; on a download of a small file that object
 * costs more than the copy. Same guarantees: the first failure (an error, a stream closed
 * early, the signal) destroys every stream with it, and the promise settles only after every
 * stream has finished or closed, so a file's descriptor is closed before anyone removes it.
 */
import { type Duplex, finished, type Readable, type Writable } from "node:stream";

/** An error like the one `pipeline` rejects with when its signal aborts. */
function abortError(signal: AbortSignal): Error {
  const error = new Error("The operation was aborted", { cause: signal.reason });
  return Object.assign(error, { name: "AbortError", code: "ABORT_ERR" });
}

/**
 * Pipes `source` through each of `stages` into `sink` and resolves when `sink` has finished
 * (and every stream is done); rejects with the first failure.
 */
export function chainStreams(
  source: Readable,
  stages: readonly Duplex[],
  sink: Writable,
  signal?: AbortSignal,
): Promise<void> {
  const streams: readonly (Readable | Writable)[] = [source, ...stages, sink];
  return new Promise((resolve, reject) => {
    let failure: unknown;
    let failed = false;
    let pending = streams.length;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      failure = error;
      for (const stream of streams) stream.destroy(error as Error);
    };
    const onAbort = () => fail(abortError(signal as AbortSignal));
    const settle = (error?: Error | null) => {
      if (error) fail(error);
      if (--pending > 0) return;
      signal?.removeEventListener("abort", onAbort);
      if (failed) reject(failure);
      else resolve();
    };
    for (const stream of streams) finished(stream, settle);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
    let upstream: Readable = source;
    for (const stage of stages) upstream = upstream.pipe(stage);
    upstream.pipe(sink);
  });
}
