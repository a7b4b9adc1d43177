/**
 * Spec watching for `invokekit docs --serve`. Built on chokidar rather than `fs.watch`, whose
 * recursive mode on Linux (Node 20) throws an uncaught ENOENT when a watched folder is deleted
 * and stops seeing a file once an editor saves it by renaming a new copy over it.
 */
import { debuglog } from "node:util";
import { watch } from "chokidar";

const log = debuglog("invokekit");

/** Whether a change to `file` can change a connector: its YAML files only. */
function isSpecFile(file: string): boolean {
  return /\.ya?ml$/.test(file);
}

/**
 * Calls `onChange` once a burst of YAML changes under `dir` has settled (`delayMs`, default
 * 150 ms): files written in place or replaced by a rename, added or deleted, whole folders
 * removed. Resolves, once the watcher is ready, to a function that stops watching.
 */
export async function watchSpecs(
  dir: string,
  onChange: () => void,
  delayMs = 150,
): Promise<() => Promise<void>> {
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dir, {
    ignoreInitial: true,
    ignored: (file, stats) => stats?.isFile() === true && !isSpecFile(file),
  });
  watcher.on("all", (event, file) => {
    if (!event.endsWith("Dir") && !isSpecFile(file)) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, delayMs);
  });
  // A watch error (a folder gone mid-scan, too many watches) must not end the preview server.
  watcher.on("error", (error) => log("spec watcher: %s", String(error)));
  await new Promise<void>((resolve) => watcher.once("ready", resolve));
  return async () => {
    clearTimeout(timer);
    await watcher.close();
  };
}
