/**
 * Runs a generated curl sample without a shell: the sample's words are split by the shell
 * rules `splitShellWords` implements, read as curl options (`-X`, `-H`, `-F name=@path`) and
 * sent with undici to a base URL. Only the options the curl target writes are understood; any
 * other word fails the test, so a new option cannot slip through unexecuted.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { FormData, request } from "undici";
import { splitShellWords } from "../targets/shell-words.ts";

/** Sends the request `sample` describes to `baseUrl`; `-F` paths resolve against `cwd`. */
export async function sendCurlSample(sample: string, baseUrl: string, cwd: string) {
  const script = sample.replace(/^#.*\n/gm, "").replace(/\\\n/g, " ");
  const words = splitShellWords(script);
  if (words[0] !== "curl") throw new Error(`not a curl command: ${words[0]}`);
  let url: URL | undefined;
  let method = "GET";
  const headers: Record<string, string> = {};
  let form: FormData | undefined;
  let data: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as string;
    const value = words[i + 1] ?? "";
    if (word === "-X") method = value;
    else if (word === "-H") {
      const colon = value.indexOf(":");
      headers[value.slice(0, colon).trim().toLowerCase()] = value.slice(colon + 1).trim();
    } else if (word === "-F") {
      const [, name, raw] = /^([^=]+)=@(.*)$/.exec(value) ?? [];
      // curl's own quoting of a file name holding ; , " or \ (see curlFormFile).
      const file = raw?.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw;
      if (name === undefined || file === undefined) throw new Error(`unsupported -F ${value}`);
      form ??= new FormData();
      const bytes = await readFile(path.resolve(cwd, file));
      form.append(name, new File([bytes], path.basename(file)));
    } else if (word === "-d") {
      // `-d 'text'` sends the text as is (only `-d @file` would strip line breaks).
      data = value;
    } else if (!word.startsWith("-") && url === undefined) {
      url = new URL(word);
      continue;
    } else throw new Error(`unsupported curl word ${word}`);
    i++;
  }
  if (!url) throw new Error("the sample has no URL");
  const reply = await request(new URL(`${url.pathname}${url.search}`, baseUrl), {
    method: method as "GET",
    headers,
    ...(form ? { body: form } : data !== undefined ? { body: data } : {}),
  });
  await reply.body.arrayBuffer();
  return reply.statusCode;
}
