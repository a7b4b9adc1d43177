/**
 * Zoho's official TypeScript SDK (`@zohocrm/typescript-sdk-2.0`), set up against the
 * benchmark sandbox through a custom `Environment`. It lives in bench/zoho-sdk's own package
 * and is loaded with `require`, so the project itself never depends on it.
 */
import { mkdtemp } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import type { WorkerInput } from "./shared.ts";

const sdkRequire = createRequire(path.resolve("bench/zoho-sdk/package.json"));

// The SDK ships CommonJS without types usable from here; `load` narrows each import to `any`.
// biome-ignore lint/suspicious/noExplicitAny: untyped third-party CommonJS modules.
const load = (module: string): any => sdkRequire(`@zohocrm/typescript-sdk-2.0/${module}`);

/**
 * Initializes the SDK and returns a function that downloads the input's file. The SDK hands
 * the body over as a Buffer (it reads the whole reply into memory), or as a stream.
 */
export async function zohoSdkGetFile(
  input: WorkerInput,
): Promise<() => Promise<Readable | Buffer>> {
  const { UserSignature } = load("routes/user_signature");
  const { SDKConfigBuilder } = load("routes/sdk_config_builder");
  const { FileStore } = load("models/authenticator/store/file_store");
  const { Environment } = load("routes/dc/environment");
  const { OAuthBuilder } = load("models/authenticator/oauth_builder");
  const { InitializeBuilder } = load("routes/initialize_builder");
  const { LogBuilder } = load("routes/logger/log_builder");
  const { Levels } = load("routes/logger/logger");
  const { FileOperations, GetFileParam } = load("core/com/zoho/crm/api/file/file_operations");
  const { ParameterMap } = load("routes/parameter_map");

  const work = await mkdtemp(path.join(os.tmpdir(), "ik-bench-zoho-"));
  const { writeFile } = await import("node:fs/promises");
  await writeFile(path.join(work, "tokens.txt"), "");
  const environment = new Environment(input.url, `${input.url}/oauth/v2/token`, input.url, "local");
  const token = new OAuthBuilder()
    .clientId(input.credentials.clientId)
    .clientSecret(input.credentials.clientSecret)
    .refreshToken(input.credentials.refreshToken)
    .build();
  await new InitializeBuilder()
    .user(new UserSignature("bench@example.com"))
    .environment(environment)
    .token(token)
    .store(new FileStore(path.join(work, "tokens.txt")))
    .SDKConfig(new SDKConfigBuilder().autoRefreshFields(false).build())
    .resourcePath(work)
    .logger(new LogBuilder().level(Levels.OFF).filePath(path.join(work, "sdk.log")).build())
    .initialize();

  const operations = new FileOperations();
  return async () => {
    const parameters = new ParameterMap();
    await parameters.add(GetFileParam.ID, input.fileId);
    const response = await operations.getFile(parameters);
    if (response.getStatusCode() !== 200) throw new Error(`status ${response.getStatusCode()}`);
    return response.getObject().getFile().getStream() as Readable | Buffer;
  };
}
