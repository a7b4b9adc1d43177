/**
 * Reads the fields of an `application/x-www-form-urlencoded` or `multipart/form-data` body,
 * as Zoho's token endpoint accepts both (the official SDKs post multipart, curl samples post
 * urlencoded or put everything in the query string).
 */
import busboy from "busboy";
import type { Exchange } from "./exchange.ts";

/** Bounds for a form body: OAuth parameters are short, so anything larger is not one. */
const FORM_LIMITS = { fields: 32, fieldSize: 16 * 1024, files: 0, parts: 32 };

/**
 * Returns the body's fields; an absent or non-form body gives no fields (and is drained).
 * Rejects when the body claims to be a form but cannot be parsed.
 */
export async function readFormFields(exchange: Exchange): Promise<URLSearchParams> {
  const fields = new URLSearchParams();
  const type = exchange.req.headers["content-type"] ?? "";
  if (!/^\s*(multipart\/form-data|application\/x-www-form-urlencoded)\b/i.test(type)) {
    await exchange.drainBody();
    return fields;
  }

  const parser = busboy({
    headers: exchange.req.headers,
    limits: FORM_LIMITS,
    defParamCharset: "utf8",
  });
  await new Promise<void>((resolve, reject) => {
    parser.on("field", (name, value) => fields.append(name, value));
    parser.on("file", (_name, stream) => {
      // A part cut off by the end of the body fails here too; the parser's error rejects.
      stream.on("error", () => undefined);
      stream.resume();
    });
    parser.on("close", resolve);
    parser.on("error", reject);
    exchange.body.once("error", reject);
    exchange.body.pipe(parser);
  });
  return fields;
}
