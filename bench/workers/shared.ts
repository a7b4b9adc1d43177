/** What every benchmark worker gets from the orchestrator, as one JSON argument. */
export interface WorkerInput {
  /** Sandbox base URL (API and accounts server). */
  readonly url: string;
  readonly credentials: { clientId: string; clientSecret: string; refreshToken: string };
  /** Id of the file to download. */
  readonly fileId: string;
  /** Folder for downloaded files. */
  readonly dir: string;
  readonly mode: string;
  readonly concurrency: number;
  /** How long to keep requesting, in ms (throughput workers). */
  readonly durationMs: number;
}

/** Reads the worker input from argv[2]. */
export function workerInput(): WorkerInput {
  return JSON.parse(process.argv[2] ?? "{}") as WorkerInput;
}

/** Prints the worker's result as the last line of stdout. */
export function report(result: Record<string, number>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Fetches an access token the way any client must before its first call. */
export async function accessToken(input: WorkerInput): Promise<string> {
  const body = new URLSearchParams({
    grant_type: "refresh_token",
    client_id: input.credentials.clientId,
    client_secret: input.credentials.clientSecret,
    refresh_token: input.credentials.refreshToken,
  });
  const reply = await fetch(`${input.url}/oauth/v2/token`, { method: "POST", body });
  const json = (await reply.json()) as { access_token?: string };
  if (!json.access_token) throw new Error("benchmark sandbox gave no access token");
  return json.access_token;
}

/**
 * Runs `call` from `concurrency` loops until `durationMs` has passed, after a warm-up, and
 * returns requests per second, and the worker's CPU time (user + system) per request: on a
 * busy machine the rate is noisy, the CPU cost per call much less so.
 */
export async function measureThroughput(
  concurrency: number,
  durationMs: number,
  call: (slot: number) => Promise<void>,
): Promise<{ requestsPerSecond: number; requests: number; cpuUsPerRequest: number }> {
  for (let i = 0; i < 50; i++) await call(0);
  let requests = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, slot) => {
      while (performance.now() < deadline) {
        await call(slot);
        requests++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuUsPerRequest = (used.user + used.system) / Math.max(requests, 1);
  return { requestsPerSecond: requests / seconds, requests, cpuUsPerRequest };
}
