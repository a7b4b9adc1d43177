/** Benchmark figures and their Markdown rendering. */

/** One named figure; names are stable so results can be compared across commits. */
export interface Figure {
  readonly name: string;
  /** The median of `runs`. */
  readonly value: number;
  readonly unit: string;
  readonly target: string;
  readonly holds: boolean;
  readonly runs: readonly number[];
  /** The absolute numbers behind the figure, for context. */
  readonly context: string;
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[middle] ?? Number.NaN;
  return ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

/** bench/RESULTS.md: one table of figures, then the machine. */
export function renderMarkdown(results: {
  node: string;
  cpus: number;
  cpu: string;
  memoryGb: number;
  date: string;
  seconds: number;
  figures: readonly Figure[];
}): string {
  const rows = results.figures.map((f) => {
    const spread = `${Math.min(...f.runs)} to ${Math.max(...f.runs)}`;
    return `| \`${f.name}\` | ${f.value} ${f.unit} | ${f.target} | ${f.holds ? "yes" : "**no**"} | ${spread} | ${f.context} |`;
  });
  return [
    "# Benchmark results",
    "",
    `Made by \`npm run bench\` on ${results.date}: Node ${results.node}, ${results.cpus} CPUs ` +
      `(${results.cpu}), ${results.memoryGb} GiB, in ${results.seconds} s. Every server and client ` +
      "runs on 127.0.0.1; each figure is the median of its runs, measured side by side in one run.",
    "",
    "| figure | median | target | holds | runs (min to max) | context |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
  ].join("\n");
}
