/**
 * What a target produces: files with paths relative to `out/<connector>/`, and the target
 * interface the registry lists. Shared by every target and by `build`.
 */
import type { Connector } from "../spec/model.ts";

/** One generated file. `content` uses LF line ends and ends with exactly one newline. */
export interface GeneratedFile {
  /** Path relative to `out/<connector>/`, `/`-separated, e.g. `deluge/files.get.dg`. */
  readonly path: string;
  readonly content: string;
}

/** The files of the targets that already ran in one build, by target name. */
export type EarlierOutputs = ReadonlyMap<string, readonly GeneratedFile[]>;

/** A generation target: turns a connector into files. Output must be deterministic. */
export interface Target {
  /** Stable name, e.g. `deluge`; used in summaries. */
  readonly name: string;
  /** One line saying what the target writes. */
  readonly description: string;
  /**
   * `earlier`, when given, holds what the targets before this one produced for the same
   * connector in the same build; a target that embeds another's files (the site) takes them
   * from there instead of generating them again. Each target's output is the same either way.
   */
  generate(connector: Connector, earlier?: EarlierOutputs): GeneratedFile[];
  /**
   * Optional. In a build, called before any target runs (with `earlier` empty) and again after
   * each target that runs before this one, with what has run so far: a target may start work
   * on those files on another thread (the site highlights samples). Never changes the output.
   */
  prepare?(connector: Connector, earlier: EarlierOutputs): void;
  /** Optional. Called when a build stops early (a target threw): ends what `prepare` started. */
  abandon?(connector: Connector): void;
}

/** Where an endpoint's curl, Node and Deluge samples lie in `out/<connector>/`. */
export function samplePaths(endpointId: string): { curl: string; node: string; deluge: string } {
  return {
    curl: `curl/${endpointId}.sh`,
    node: `sdk/samples/${endpointId}.ts`,
    deluge: `deluge/${endpointId}.dg`,
  };
}

/** Ends text with exactly one LF, so every generated file has the same ending. */
export function finishFile(text: string): string {
  return `${text.replace(/\n+$/, "")}\n`;
}
