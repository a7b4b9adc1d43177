/** The generation targets, by name, in the order `build` runs and reports them. */

import { connectionTarget } from "./connection.ts";
import { curlTarget } from "./curl.ts";
import { delugeTarget } from "./deluge.ts";
import { docsTarget } from "./docs.ts";
import type { Target } from "./generated-file.ts";
import { sdkTarget } from "./sdk.ts";
import { siteTarget } from "./site.ts";

/** Every target `build` runs. */
export const targets: readonly Target[] = [
  connectionTarget,
  curlTarget,
  delugeTarget,
  docsTarget,
  sdkTarget,
  siteTarget,
];

/** Looks up a target by name, or undefined. */
export function findTarget(name: string): Target | undefined {
  return targets.find((target) => target.name === name);
}
