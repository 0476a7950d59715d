// Shared bits of `npm run bench`: timing, alternation, the result rows.

export interface Row {
  /** The `--only` name. */
  case: string;
  /** What was compared, as the README table shows it. */
  name: string;
  anchor: string;
  /** measured / anchor at the median and at p95 (or a plain value for non-ratio rows). */
  median: number;
  p95: number;
  unit: 'ratio' | 'KiB' | 'ms';
  /** The goal for median and p95; undefined = reported only. */
  goal?: { median?: number; p95?: number };
  samples: number;
  /** Extra measured figures (absolute ms, counts) for reading the row. */
  detail?: Record<string, number | string>;
  ok?: boolean;
}

export function quantile(values: number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[at]!;
}

export const median = (v: number[]) => quantile(v, 0.5);
export const p95 = (v: number[]) => quantile(v, 0.95);

/**
 * Runs `rounds` pairs, alternating which side goes first, and returns both
 * sides' samples. Each side returns one or more samples (ms) per round.
 */
export async function alternate(
  rounds: number,
  anchor: () => Promise<number | number[]> | number | number[],
  ours: () => Promise<number | number[]> | number | number[],
): Promise<{ anchor: number[]; ours: number[] }> {
  const a: number[] = [];
  const o: number[] = [];
  const add = (into: number[], v: number | number[]) => (Array.isArray(v) ? into.push(...v) : into.push(v));
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      add(a, await anchor());
      add(o, await ours());
    } else {
      add(o, await ours());
      add(a, await anchor());
    }
  }
  return { anchor: a, ours: o };
}

/**
 * Like `alternate` for any number of sides: each round runs every side once,
 * starting from a different side each round (rotated), so none always goes first.
 */
export async function rotate(rounds: number, sides: (() => Promise<void> | void)[]): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    for (let k = 0; k < sides.length; k++) await sides[(i + k) % sides.length]!();
  }
}

/** A ratio row from two sample sets: median/median and p95/p95. */
export function ratioRow(base: Omit<Row, 'median' | 'p95' | 'unit' | 'samples'>, samples: { anchor: number[]; ours: number[] }): Row {
  const row: Row = {
    ...base,
    unit: 'ratio',
    median: median(samples.ours) / median(samples.anchor),
    p95: p95(samples.ours) / p95(samples.anchor),
    samples: samples.ours.length,
  };
  row.detail = {
    ...(base.detail ?? {}),
    oursMedianMs: round(median(samples.ours)),
    oursP95Ms: round(p95(samples.ours)),
    anchorMedianMs: round(median(samples.anchor)),
    anchorP95Ms: round(p95(samples.anchor)),
  };
  return row;
}

export function round(v: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export function judge(row: Row): Row {
  const g = row.goal;
  row.ok = !g || ((g.median === undefined || row.median <= g.median) && (g.p95 === undefined || row.p95 <= g.p95));
  return row;
}
