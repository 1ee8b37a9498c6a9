/** What the benchmark prints: progress lines on stderr while it works, one table on stdout at the end. */

/** A ratio's goal: a speed ratio is good from `value` up, a time or size ratio up to `value`. */
export interface Goal {
  atLeast?: number;
  atMost?: number;
}

export interface ResultRow {
  /** privacy-ops against its physical limit measured in the same run (speeds: ours / limit; times and sizes: ours / limit). */
  ratio: number;
  goal: Goal | null;
  measurement: string;
  project: string;
  limit: string;
}

const startedAt = Date.now();

export function progress(message: string): void {
  const seconds = Math.round((Date.now() - startedAt) / 1000);
  const elapsed = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  process.stderr.write(`[bench ${elapsed}] ${message}\n`);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function whole(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

export function milliseconds(ms: number): string {
  // autocannon counts latency in whole milliseconds: 0 is below one.
  if (ms === 0) return '< 1 ms';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${whole(ms)} ms`;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function goalText(goal: Goal | null): string {
  if (!goal) return '';
  return [
    goal.atLeast === undefined ? '' : `≥ ${goal.atLeast}×`,
    goal.atMost === undefined ? '' : `≤ ${goal.atMost}×`,
  ]
    .filter(Boolean)
    .join(', ');
}

function met(row: ResultRow): string {
  if (!row.goal) return '';
  const { atLeast, atMost } = row.goal;
  const ok =
    (atLeast === undefined || row.ratio >= atLeast) &&
    (atMost === undefined || row.ratio <= atMost);
  return ok ? 'yes' : 'no';
}

function ratioText(ratio: number): string {
  return `${ratio < 0.1 ? ratio.toFixed(3) : ratio.toFixed(2)}×`;
}

/** One Markdown table, ratio first, ready to paste into docs/benchmarks.md. */
export function resultTable(rows: ResultRow[]): string {
  const header = ['ratio', 'goal', 'met', 'measurement', 'privacy-ops', 'physical limit, same run'];
  const lines = rows.map((row) => [
    ratioText(row.ratio),
    goalText(row.goal),
    met(row),
    row.measurement,
    row.project,
    row.limit,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)),
  );
  const format = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [
    format(header),
    format(widths.map((width) => '-'.repeat(width))),
    ...lines.map(format),
  ].join('\n');
}
