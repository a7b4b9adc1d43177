/**
 * Deluge's download limits (case C13; shared/deluge-facts.md s.1.4): `invokeurl` gives up with
 * a socket timeout after 40 s and, outside Creator, downloads at most 15 MB of a file on a
 * Zoho domain and 5 MB elsewhere. An endpoint whose spec expects larger replies
 * (`expected_max_bytes`) gets a warning that says what to use instead (the Node client or
 * the CLI), not a snippet that would fail at run time; every download snippet states the
 * limits in its leading comment.
 *
 * Zoho writes "MB" without saying which; like the rest of the docs (`byte-size.ts`), the
 * limits are read as binary megabytes.
 */
import type { Connector, Endpoint } from "../spec/model.ts";
import { isZohoHost } from "../zoho-hosts.ts";
import { formatByteSize } from "./byte-size.ts";
import { sampleArguments } from "./sample-arguments.ts";
import { shellWord } from "./shell-escape.ts";
import { wrapWords } from "./wrap-words.ts";

/** Most bytes Deluge downloads from a Zoho domain. */
export const DELUGE_ZOHO_DOWNLOAD_BYTES = 15 * 1024 * 1024;
/** Most bytes Deluge downloads from any other host. */
export const DELUGE_OTHER_DOWNLOAD_BYTES = 5 * 1024 * 1024;
/** Seconds after which Deluge's `invokeurl` gives up waiting for a reply. */
export const DELUGE_TIMEOUT_SECONDS = 40;

const LIMITS_SENTENCE =
  "Deluge's invokeurl downloads at most 15 MB from Zoho domains (5 MB from other hosts) and " +
  "gives up after 40 s";

const LARGER_FILES = "fetch larger files with the Node client or the invokekit CLI";

/** The note every download snippet and docs page states. */
export const DELUGE_DOWNLOAD_LIMITS = `${LIMITS_SENTENCE}; ${LARGER_FILES}.`;

function isZohoOrigin(origin: string): boolean {
  return URL.canParse(origin) && isZohoHost(new URL(origin).hostname);
}

/** The download limit of a connector's snippets: 15 MB when every API domain is Zoho's. */
export function delugeDownloadLimit(connector: Connector): number {
  const zoho = connector.dataCenters.every((dc) => isZohoOrigin(dc.apiDomain));
  return zoho ? DELUGE_ZOHO_DOWNLOAD_BYTES : DELUGE_OTHER_DOWNLOAD_BYTES;
}

/** Whether the endpoint's expected replies are larger than Deluge can download. */
export function exceedsDelugeDownload(connector: Connector, endpoint: Endpoint): boolean {
  const expected = endpoint.expectedMaxBytes;
  return expected !== undefined && expected > delugeDownloadLimit(connector);
}

/**
 * Why an endpoint gets a warning instead of a snippet: its expected size, Deluge's limits.
 * `code` marks the endpoint id and the spec key (backticks in Markdown; nothing in a Deluge
 * comment).
 */
export function tooLargeReason(endpoint: Endpoint, code = (text: string) => text): string {
  const size = formatByteSize(endpoint.expectedMaxBytes ?? 0);
  const key = code(`expected_max_bytes: ${endpoint.expectedMaxBytes}`);
  const reach = `Replies of ${code(endpoint.id)} can reach ${size} (${key}).`;
  return `${reach} ${LIMITS_SENTENCE}, so a snippet would fail at run time.`;
}

/** Wraps comment text at `width` without parting a number from its unit (`15 MB`, `40 s`). */
export function wrapKeepingUnits(text: string, width: number): string[] {
  const glued = text.replace(/(\d) (MB|KB|GB|s)\b/g, "$1\u0000$2");
  return wrapWords(glued, width).map((line) => line.replaceAll("\u0000", " "));
}

/**
 * The CLI command that makes the call with the sample's arguments, e.g.
 * `npx invokekit call zoho-crm bulk_read.result --param job_id="1" --output downloads/`.
 */
export function cliCommand(connector: Connector, endpoint: Endpoint): string {
  const args = sampleArguments(endpoint);
  const words = ["npx invokekit call", connector.name, endpoint.id];
  for (const { parameter, value } of args.params) {
    words.push("--param", shellWord(`${parameter.name}=${value}`));
  }
  for (const { part, fileName } of args.files) {
    words.push("--file", shellWord(`${part.name}=${fileName}`));
  }
  if (args.body !== undefined) words.push("--body", shellWord(JSON.stringify(args.body)));
  words.push(endpoint.response === "file" ? "--output downloads/" : "--json");
  return words.join(" ");
}
