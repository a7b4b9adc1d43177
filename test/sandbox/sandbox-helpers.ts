/** Shared steps for the sandbox tests: getting a token and building multipart uploads. */
import { FormData, request } from "undici";
import type { Sandbox } from "../../src/sandbox/index.ts";

/** Exchanges the sandbox's refresh token for an access token, via query parameters. */
export async function accessToken(sandbox: Sandbox): Promise<string> {
  const { clientId, clientSecret, refreshToken } = sandbox.credentials;
  const query = new URLSearchParams({
    refresh_token: refreshToken,
    client_id: clientId,
    client_secret: clientSecret,
    grant_type: "refresh_token",
  });
  const response = await request(`${sandbox.url}/oauth/v2/token?${query}`, { method: "POST" });
  const body = (await response.body.json()) as { access_token: string };
  return body.access_token;
}

/** Multipart body with one `file` part per entry. */
export function filesForm(files: ReadonlyArray<{ name: string; bytes: Uint8Array }>): FormData {
  const form = new FormData();
  for (const file of files) form.append("file", new Blob([file.bytes]), file.name);
  return form;
}

/** `Authorization` header for `token`, as Zoho wants it. */
export function zohoAuth(token: string): Record<string, string> {
  return { authorization: `Zoho-oauthtoken ${token}` };
}
