/**
 * A loopback proxy that records each request's body and forwards the request, unchanged, to
 * the sandbox (which logs the rest). It exists because the sandbox log keeps only a body's
 * size, and the equivalence test compares body bytes. JSON replies have the sandbox's origin
 * replaced by the proxy's, so a token reply's `api_domain` keeps the client on the proxy.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";

/** A running proxy. */
export interface RecordingProxy {
  readonly url: string;
  /** Request bodies in arrival order, with the path they were sent to. */
  readonly bodies: { path: string; body: Buffer }[];
  close(): Promise<void>;
}

const hopHeaders = new Set(["host", "connection", "keep-alive", "transfer-encoding"]);

/** Starts a proxy on 127.0.0.1 in front of `target` (an http://127.0.0.1 origin). */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const bodies: { path: string; body: Buffer }[] = [];
  const own = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    bodies.push({ path: req.url ?? "/", body });
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!hopHeaders.has(name) && value !== undefined) headers[name] = value;
    }
    const reply = await request(new URL(req.url ?? "/", target), {
      method: (req.method ?? "GET") as "GET",
      headers,
      ...(body.length > 0 ? { body } : {}),
    });
    let replyBody = Buffer.from(await reply.body.arrayBuffer());
    // The token reply names the sandbox as api_domain; the client must keep using the proxy.
    if (String(reply.headers["content-type"]).includes("json")) {
      replyBody = Buffer.from(replyBody.toString("utf8").replaceAll(target, own()));
      delete reply.headers["content-length"];
    }
    const replyHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(reply.headers)) {
      if (!hopHeaders.has(name) && value !== undefined) replyHeaders[name] = value;
    }
    res.writeHead(reply.statusCode, replyHeaders).end(replyBody);
  });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: "127.0.0.1" }, resolve));
  return {
    url: own(),
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
