/**
 * Benchmark server process: a sandbox on 127.0.0.1 preloaded with the files the benchmarks
 * download. It runs apart from the clients so that its memory never counts in theirs.
 * Prints one JSON line `{ url, credentials, files }` and runs until stdin closes.
 */
import { startSandbox } from "../src/sandbox/index.ts";

const sizes = (process.argv[2] ?? "1024").split(",").map(Number);
const sandbox = await startSandbox();
const files: Record<string, string> = {};
for (const size of sizes) {
  // A repeating byte pattern rather than zeros, so nothing on the way can shortcut it.
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 4096) bytes[i] = i & 0xff;
  files[String(size)] = sandbox.storeFile(`bench-${size}.bin`, bytes);
}
process.stdout.write(
  `${JSON.stringify({ url: sandbox.url, credentials: sandbox.credentials, files })}\n`,
);

process.stdin.resume();
process.stdin.on("end", () => void sandbox.close().then(() => process.exit(0)));
