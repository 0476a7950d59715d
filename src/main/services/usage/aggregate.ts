import {
  OTHER_SERIES_ID,
  STACKABLE_METRICS,
  type Bucket,
  type Granularity,
  type HubKeyTrend,
  type HubTrendPoint,
  type ModelUsageRow,
  type ResolvedRange,
  type SeriesGroupBy,
  type SeriesMetric,
  type TimeSeries,
  type UsageRange,
  type UsageRecord,
  type UsageTotals,
} from '../../../shared/usage';

/**
 * Pure usage arithmetic: ranges, local-time buckets, totals and series over
 * normalised call records. No I/O, no clock (callers pass `nowMs`).
 *
 * Time zones. The hub buckets with ONE offset for the whole range: the
 * `timezoneOffset` the client sends, i.e. the user's offset today. By default
 * we do the same, so our buckets line up with the hub's. When the range
 * carries an IANA `timeZone`, every bucket instead starts at the real local
 * midnight (or hour) of its own day, so a range across a DST change has one
 * 23- or 25-hour day and no shifted days. `ZoneRule` is that choice: a fixed
 * offset, or a function giving the offset at an instant.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Minutes as JS `getTimezoneOffset()` reports them (UTC+8 → -480), fixed or per instant. */
export type ZoneRule = number | ((utcMs: number) => number);

export function offsetAt(zone: ZoneRule, utcMs: number): number {
  return typeof zone === 'number' ? zone : zone(utcMs);
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The offset function of an IANA zone, from the runtime's time-zone data.
 * Throws a RangeError for an unknown zone name.
 */
export function zoneRuleFor(timeZone: string): (utcMs: number) => number {
  let format = zoneFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    zoneFormatters.set(timeZone, format);
  }
  const f = format;
  return (utcMs) => {
    const name = f.formatToParts(new Date(utcMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT([+-])(\d{1,2})(?::?(\d{2}))?/.exec(name);
    if (!m) return 0; // "GMT" alone is UTC
    const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
    if (minutes === 0) return 0; // never -0
    return m[1] === '+' ? -minutes : minutes;
  };
}

/** The zone rule of a resolved range: the named zone if any, else its fixed offset. */
export function zoneOf(range: Pick<ResolvedRange, 'timezoneOffset' | 'timeZone'>): ZoneRule {
  return range.timeZone ? zoneRuleFor(range.timeZone) : range.timezoneOffset;
}

function sizeOf(granularity: Granularity): number {
  return granularity === 'hour' ? HOUR_MS : DAY_MS;
}

/** Start (UTC ms) of the local hour or day that contains `utcMs`. */
export function localStart(utcMs: number, granularity: Granularity, zone: ZoneRule): number {
  const size = sizeOf(granularity);
  const offset = offsetAt(zone, utcMs);
  const wallStart = Math.floor((utcMs - offset * 60_000) / size) * size;
  if (typeof zone === 'number') return wallStart + offset * 60_000;
  // The offset at the start of the bucket may differ from the offset now (DST).
  let start = wallStart + offset * 60_000;
  const atStart = zone(start);
  if (atStart !== offset) {
    const candidate = wallStart + atStart * 60_000;
    // Keep the candidate only if it really is that wall time and not after `utcMs`
    // (a local midnight that does not exist falls back to the plain guess).
    if (candidate <= utcMs && zone(candidate) === atStart) start = candidate;
  }
  return start;
}

/** Start of the bucket after the one that starts at `start`. */
export function nextBucketStart(start: number, granularity: Granularity, zone: ZoneRule): number {
  if (typeof zone === 'number') return start + sizeOf(granularity);
  // Two hours past a nominal day lands inside the next local day even when this one has 23 or 25 hours.
  const probe = granularity === 'day' ? start + DAY_MS + 2 * HOUR_MS : start + HOUR_MS;
  return localStart(probe, granularity, zone);
}

/** Ranges of a day or less bucket hourly, longer ones daily (the hub's rule). */
export function granularityFor(startMs: number, endMs: number): Granularity {
  return endMs - startMs <= DAY_MS ? 'hour' : 'day';
}

const PRESET_DAYS = { '7d': 7, '30d': 30, '90d': 90 } as const;

/**
 * Turns a range as the user picked it into `[start, end)` UTC ms, whole
 * seconds (the hub's unit). Presets end with the current second: `24h` is the
 * current local hour and the 23 before it; `Nd` is today and the N−1 local
 * days before it. Explicit ranges keep their bounds, `end` exclusive.
 */
export function resolveRange(range: UsageRange, nowMs: number): ResolvedRange {
  const base = { timezoneOffset: range.timezoneOffset, ...(range.timeZone ? { timeZone: range.timeZone } : {}) };
  const zone = zoneOf(base);
  if ('preset' in range) {
    const end = Math.floor(nowMs / 1000) * 1000 + 1000;
    let start: number;
    let granularity: Granularity;
    if (range.preset === '24h') {
      granularity = 'hour';
      start = localStart(nowMs, 'hour', zone);
      for (let i = 0; i < 23; i++) start = localStart(start - 1, 'hour', zone);
    } else {
      granularity = 'day';
      start = localStart(nowMs, 'day', zone);
      for (let i = 1; i < PRESET_DAYS[range.preset]; i++) start = localStart(start - 1, 'day', zone);
    }
    return { start, end, granularity, ...base, preset: range.preset };
  }
  const start = Math.floor(Date.parse(range.start) / 1000) * 1000;
  const end = Math.ceil(Date.parse(range.end) / 1000) * 1000;
  return { start, end, granularity: granularityFor(start, end), ...base };
}

/** The same range in the hub's terms: unix seconds, `endTime` inclusive. */
export function hubWindow(range: ResolvedRange): { startTime: number; endTime: number; timezoneOffset: number } {
  return { startTime: Math.floor(range.start / 1000), endTime: Math.ceil(range.end / 1000) - 1, timezoneOffset: range.timezoneOffset };
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `2025-01-15` for a day; `2025-01-15T10:00+08:00` for an hour (the offset keeps a repeated DST hour unique). */
export function bucketKey(start: number, granularity: Granularity, zone: ZoneRule): string {
  const offset = offsetAt(zone, start);
  const wall = new Date(start - offset * 60_000);
  const day = `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`;
  if (granularity === 'day') return day;
  const abs = Math.abs(offset);
  const sign = offset <= 0 ? '+' : '-';
  return `${day}T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Every bucket that overlaps `[range.start, range.end)`, in order, zero-length ranges giving none. */
export function bucketsOf(range: ResolvedRange): Bucket[] {
  const zone = zoneOf(range);
  const buckets: Bucket[] = [];
  if (range.end <= range.start) return buckets;
  for (let t = localStart(range.start, range.granularity, zone); t < range.end; t = nextBucketStart(t, range.granularity, zone)) {
    buckets.push({ start: t, key: bucketKey(t, range.granularity, zone) });
  }
  return buckets;
}

/** A function from an instant to its bucket's index, or -1 outside the buckets. */
export function bucketLocator(
  buckets: readonly Bucket[],
  end: number,
  zone: ZoneRule,
  granularity: Granularity,
): (utcMs: number) => number {
  const first = buckets[0]?.start;
  if (first === undefined) return () => -1;
  if (typeof zone === 'number') {
    const size = sizeOf(granularity);
    const n = buckets.length;
    return (t) => {
      if (t < first || t >= end) return -1;
      const i = Math.floor((t - first) / size);
      return i < n ? i : -1;
    };
  }
  const starts = Float64Array.from(buckets, (b) => b.start);
  return (t) => {
    if (t < first || t >= end) return -1;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((starts[mid] ?? Infinity) <= t) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}

// ---- accumulation ----

/** Credits are summed as integers of 1e-10 credits: exact and independent of order. */
const CREDIT_SCALE = 1e10;

export function creditUnits(credits: number): number {
  return Math.round(credits * CREDIT_SCALE);
}

export function fromCreditUnits(units: number): number {
  return units / CREDIT_SCALE;
}

const FIELDS = [
  'calls',
  'successCalls',
  'failedCalls',
  'inputTokens',
  'outputTokens',
  'cacheCreationInputTokens',
  'cacheReadInputTokens',
  'creditUnits',
  'durationMs',
  'ttfbMs',
] as const;
type Field = (typeof FIELDS)[number];
const F = Object.fromEntries(FIELDS.map((f, i) => [f, i])) as Record<Field, number>;
// StatsGrid.add relies on this order.
if (F.creditUnits !== 7 || F.ttfbMs !== 9) throw new Error('usage StatsGrid field order changed');
const WIDTH = FIELDS.length;

/**
 * Running totals for `n` cells (buckets, or 1 for a plain total), stored flat
 * in one Float64Array: no object per cell, so 90 days × dozens of groups stays
 * cheap. Durations and ttfb are summed over successful calls only.
 */
export class StatsGrid {
  readonly cells: number;
  readonly data: Float64Array;

  constructor(cells: number) {
    this.cells = cells;
    this.data = new Float64Array(cells * WIDTH);
  }

  add(cell: number, r: UsageRecord): void {
    const d = this.data;
    const o = cell * WIDTH;
    // Field offsets are literal here: this is the hot loop of every aggregation.
    d[o]! += 1; // calls
    if (r.status === 'success') {
      d[o + 1]! += 1; // successCalls
      d[o + 8]! += r.durationMs;
      d[o + 9]! += r.ttfbMs;
    } else if (r.status === 'failed') {
      d[o + 2]! += 1; // failedCalls
    }
    d[o + 3]! += r.inputTokens;
    d[o + 4]! += r.outputTokens;
    if (r.cacheCreationInputTokens) d[o + 5]! += r.cacheCreationInputTokens;
    if (r.cacheReadInputTokens) d[o + 6]! += r.cacheReadInputTokens;
    d[o + 7]! += Math.round(r.credits * CREDIT_SCALE); // creditUnits
  }

  /** `add` for record `k` of a columnar set. */
  addAt(cell: number, c: UsageColumns, k: number): void {
    const d = this.data;
    const o = cell * WIDTH;
    d[o]! += 1;
    const status = c.status[k];
    if (status === SUCCESS) {
      d[o + 1]! += 1;
      d[o + 8]! += c.duration[k]!;
      d[o + 9]! += c.ttfb[k]!;
    } else if (status === FAILED) {
      d[o + 2]! += 1;
    }
    d[o + 3]! += c.input[k]!;
    d[o + 4]! += c.output[k]!;
    d[o + 5]! += c.cacheCreation[k]!;
    d[o + 6]! += c.cacheRead[k]!;
    d[o + 7]! += c.creditUnits[k]!;
  }

  /** Adds every cell of `other` (same size) into this grid. */
  merge(other: StatsGrid): void {
    const d = this.data;
    const s = other.data;
    for (let i = 0; i < d.length; i++) d[i]! += s[i]!;
  }

  /** Adds cell `from` of `other` into cell `to` of this grid. */
  mergeCell(to: number, other: StatsGrid, from: number): void {
    const d = this.data;
    const s = other.data;
    for (let k = 0; k < WIDTH; k++) d[to * WIDTH + k]! += s[from * WIDTH + k]!;
  }

  /** All cells folded into one. */
  sum(): StatsGrid {
    const total = new StatsGrid(1);
    for (let c = 0; c < this.cells; c++) total.mergeCell(0, this, c);
    return total;
  }

  get(cell: number, field: Field): number {
    return this.data[cell * WIDTH + F[field]] ?? 0;
  }

  totals(cell = 0): UsageTotals {
    const calls = this.get(cell, 'calls');
    const success = this.get(cell, 'successCalls');
    return {
      calls,
      successCalls: success,
      failedCalls: this.get(cell, 'failedCalls'),
      inputTokens: this.get(cell, 'inputTokens'),
      outputTokens: this.get(cell, 'outputTokens'),
      cacheCreationInputTokens: this.get(cell, 'cacheCreationInputTokens'),
      cacheReadInputTokens: this.get(cell, 'cacheReadInputTokens'),
      credits: fromCreditUnits(this.get(cell, 'creditUnits')),
      successRate: successRate(success, calls),
      avgDurationMs: average(this.get(cell, 'durationMs'), success),
      avgTtfbMs: average(this.get(cell, 'ttfbMs'), success),
    };
  }

  metric(cell: number, metric: SeriesMetric): number | null {
    switch (metric) {
      case 'calls':
      case 'failedCalls':
      case 'inputTokens':
      case 'outputTokens':
        return this.get(cell, metric);
      case 'tokens':
        return this.get(cell, 'inputTokens') + this.get(cell, 'outputTokens');
      case 'credits':
        return fromCreditUnits(this.get(cell, 'creditUnits'));
      case 'avgDurationMs':
        return average(this.get(cell, 'durationMs'), this.get(cell, 'successCalls'));
      case 'avgTtfbMs':
        return average(this.get(cell, 'ttfbMs'), this.get(cell, 'successCalls'));
      case 'successRate':
        return successRate(this.get(cell, 'successCalls'), this.get(cell, 'calls'));
    }
  }
}

/** Successful calls as a fraction of all calls; `null` when there were none. */
export function successRate(success: number, calls: number): number | null {
  return calls > 0 ? success / calls : null;
}

/** A mean rounded to whole milliseconds; `null` over nothing. */
export function average(sum: number, n: number): number | null {
  return n > 0 ? Math.round(sum / n) : null;
}

export const EMPTY_TOTALS: UsageTotals = new StatsGrid(1).totals();

/** Records with `start <= time < end`. */
export function inRange(records: readonly UsageRecord[], start: number, end: number): UsageRecord[] {
  return records.filter((r) => r.time >= start && r.time < end);
}

/** Totals per group (`keyOf` gives the group) over `[start, end)`, plus the grand total. */
export function totalsBy(
  records: readonly UsageRecord[],
  start: number,
  end: number,
  keyOf: (r: UsageRecord) => string,
): { groups: Map<string, StatsGrid>; total: StatsGrid } {
  const groups = new Map<string, StatsGrid>();
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.time < start || r.time >= end) continue;
    const key = keyOf(r);
    let grid = groups.get(key);
    if (!grid) groups.set(key, (grid = new StatsGrid(1)));
    grid.add(0, r);
  }
  // The grand total is the sum of the groups: one add per record instead of two.
  const total = new StatsGrid(1);
  for (const grid of groups.values()) total.merge(grid);
  return { groups, total };
}

interface ModelEntry {
  grid: StatsGrid;
  model: string;
  provider: string;
  types: Set<string>;
  lastType: string;
}

function modelEntry(r: UsageRecord, grid: StatsGrid): ModelEntry {
  return { grid, model: r.model, provider: r.provider, types: new Set([r.type]), lastType: r.type };
}

/** One row per model (`provider/model`) over `[start, end)`, most credits first, then most calls. */
export function modelRows(records: readonly UsageRecord[], start: number, end: number): { rows: ModelUsageRow[]; totals: UsageTotals } {
  // One map lookup per record: the model's grid and what is known about it travel together.
  const models = new Map<string, ModelEntry>();
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (r.time < start || r.time >= end) continue;
    let m = models.get(r.modelId);
    if (!m) models.set(r.modelId, (m = modelEntry(r, new StatsGrid(1))));
    else if (r.type !== m.lastType) {
      m.types.add(r.type);
      m.lastType = r.type;
    }
    m.grid.add(0, r);
  }
  return finishRows(models, (grid) => grid);
}

/** The table from per-model grids; `single` folds a model's grid to one cell. */
function finishRows(
  models: Map<string, ModelEntry>,
  single: (grid: StatsGrid) => StatsGrid,
): { rows: ModelUsageRow[]; totals: UsageTotals } {
  const total = new StatsGrid(1);
  const rows: ModelUsageRow[] = [];
  for (const [modelId, m] of models) {
    const grid = single(m.grid);
    total.merge(grid);
    rows.push({ modelId, model: m.model, provider: m.provider, types: [...m.types].sort(), ...grid.totals() });
  }
  rows.sort((a, b) => b.credits - a.credits || b.calls - a.calls || a.modelId.localeCompare(b.modelId));
  return { rows, totals: total.totals() };
}

export interface SeriesInput {
  records: readonly UsageRecord[];
  range: ResolvedRange;
  groupBy: SeriesGroupBy;
  metric: SeriesMetric;
  /** Keep the N biggest groups, fold the rest into one "Other" series. */
  top?: number | undefined;
  /** Display name of a group (model id or appDid). */
  nameOf?: (id: string) => string;
  otherName?: string;
}

/**
 * One metric per bucket and group over the range: every bucket present,
 * stackable metrics zero-filled, averages and rates `null` where empty.
 * Series are ordered biggest first (by the metric's total; by calls for
 * averages and rates, which do not add up).
 */
export function buildSeries(input: SeriesInput): TimeSeries {
  const { records, range, groupBy } = input;
  const buckets = bucketsOf(range);
  const locate = bucketLocator(buckets, range.end, zoneOf(range), range.granularity);
  const n = buckets.length;
  const grids = new Map<string, StatsGrid>();
  const byModel = groupBy === 'model';
  for (let k = 0; k < records.length; k++) {
    const r = records[k]!;
    if (r.time < range.start) continue;
    const i = locate(r.time);
    if (i < 0) continue;
    const key = byModel ? r.modelId : r.appDid;
    let grid = grids.get(key);
    if (!grid) grids.set(key, (grid = new StatsGrid(n)));
    grid.add(i, r);
  }
  return finishSeries(input, buckets, grids);
}

// ---- columns ----

const OTHER_STATUS = 0;
const SUCCESS = 1;
const FAILED = 2;

/**
 * A record set as typed columns, with model, key and type names interned to
 * small integers: the hot loop then reads packed numbers instead of chasing
 * a million objects (what SQLite's row format gives its GROUP BY).
 */
export interface UsageColumns {
  length: number;
  /** Times never decrease (the mirror keeps records in time order): ranges are found by binary search. */
  sorted: boolean;
  time: Float64Array;
  model: Int32Array;
  key: Int32Array;
  type: Int32Array;
  status: Uint8Array;
  input: Float64Array;
  output: Float64Array;
  cacheCreation: Float64Array;
  cacheRead: Float64Array;
  creditUnits: Float64Array;
  duration: Float64Array;
  ttfb: Float64Array;
  modelIds: string[];
  /** A record of each model, for its name and provider. */
  modelSample: UsageRecord[];
  keyIds: string[];
  types: string[];
  /** Identity checks that the array was not changed since. */
  first: UsageRecord | undefined;
  last: UsageRecord | undefined;
}

// Built once per record array and reused by every view of it while it is unchanged.
const columnCache = new WeakMap<readonly UsageRecord[], UsageColumns>();

export function usageColumns(records: readonly UsageRecord[]): UsageColumns {
  const n = records.length;
  const cached = columnCache.get(records);
  if (cached && cached.length === n && cached.first === records[0] && cached.last === records[n - 1]) return cached;
  const intern = (ids: Map<string, number>, list: string[], id: string) => {
    let i = ids.get(id);
    if (i === undefined) {
      ids.set(id, (i = list.length));
      list.push(id);
    }
    return i;
  };
  const modelIndex = new Map<string, number>();
  const keyIndex = new Map<string, number>();
  const typeIndex = new Map<string, number>();
  const c: UsageColumns = {
    length: n,
    sorted: true,
    time: new Float64Array(n),
    model: new Int32Array(n),
    key: new Int32Array(n),
    type: new Int32Array(n),
    status: new Uint8Array(n),
    input: new Float64Array(n),
    output: new Float64Array(n),
    cacheCreation: new Float64Array(n),
    cacheRead: new Float64Array(n),
    creditUnits: new Float64Array(n),
    duration: new Float64Array(n),
    ttfb: new Float64Array(n),
    modelIds: [],
    modelSample: [],
    keyIds: [],
    types: [],
    first: records[0],
    last: records[n - 1],
  };
  let previous = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    const r = records[k]!;
    c.time[k] = r.time;
    if (r.time < previous) c.sorted = false;
    previous = r.time;
    const m = intern(modelIndex, c.modelIds, r.modelId);
    if (m === c.modelSample.length) c.modelSample.push(r);
    c.model[k] = m;
    c.key[k] = intern(keyIndex, c.keyIds, r.appDid);
    c.type[k] = intern(typeIndex, c.types, r.type);
    c.status[k] = r.status === 'success' ? SUCCESS : r.status === 'failed' ? FAILED : OTHER_STATUS;
    c.input[k] = r.inputTokens;
    c.output[k] = r.outputTokens;
    c.cacheCreation[k] = r.cacheCreationInputTokens ?? 0;
    c.cacheRead[k] = r.cacheReadInputTokens ?? 0;
    c.creditUnits[k] = Math.round(r.credits * CREDIT_SCALE);
    c.duration[k] = r.durationMs;
    c.ttfb[k] = r.ttfbMs;
  }
  columnCache.set(records, c);
  return c;
}

/** Whether the cached columns of `records` still describe it (same length and ends). */
function columnsFresh(records: readonly UsageRecord[]): boolean {
  const c = columnCache.get(records);
  const n = records.length;
  return c !== undefined && c.length === n && c.first === records[0] && c.last === records[n - 1];
}

/** First index whose time is >= t (sorted columns). */
function lowerBound(time: Float64Array, t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The model table and the chart over the same range in ONE pass over the
 * records' columns: one bucket lookup and (grouped by model) one add per
 * record; each model's table row is the sum of its chart cells, since the
 * buckets tile the range. Same answers as `modelRows` + `buildSeries`.
 */
export function usageViews(input: SeriesInput): { models: { rows: ModelUsageRow[]; totals: UsageTotals }; series: TimeSeries } {
  const pass = usagePass(input.records, input.range, input.groupBy);
  return { models: structuredClone(pass.models), series: finishSeries(input, pass.buckets, pass.grids) };
}

/** The model table alone, from the pass a chart grouped by model shares (no series is built). */
export function usageTable(records: readonly UsageRecord[], range: ResolvedRange): { rows: ModelUsageRow[]; totals: UsageTotals } {
  return structuredClone(usagePass(records, range, 'model').models);
}

interface UsagePass {
  models: { rows: ModelUsageRow[]; totals: UsageTotals };
  buckets: Bucket[];
  grids: Map<string, StatsGrid>;
}

// The table and the chart of one range are asked for separately (two channels); the second
// reuses the first one's pass while the records array is the same (the mirror returns the same
// array until it changes). A few ranges per array at most.
let passCache = new WeakMap<readonly UsageRecord[], Map<string, UsagePass>>();
const MAX_PASSES_PER_ARRAY = 4;

/** Forgets the cached passes (the bench times a fresh request each round). */
export function forgetUsagePasses(): void {
  passCache = new WeakMap();
}

function usagePass(records: readonly UsageRecord[], range: ResolvedRange, groupBy: SeriesGroupBy): UsagePass {
  const key = `${range.start}|${range.end}|${range.granularity}|${range.timezoneOffset}|${range.timeZone ?? ''}|${groupBy}`;
  let byKey = passCache.get(records);
  const hit = byKey?.get(key);
  if (hit && columnsFresh(records)) return hit;
  const c = usageColumns(records);
  const buckets = bucketsOf(range);
  const locate = bucketLocator(buckets, range.end, zoneOf(range), range.granularity);
  const n = buckets.length;
  const byModel = groupBy === 'model';
  const modelGrids: (StatsGrid | undefined)[] = new Array(c.modelIds.length);
  const keyGrids: (StatsGrid | undefined)[] = new Array(c.keyIds.length);
  const typeCount = c.types.length;
  const typeSeen = new Uint8Array(c.modelIds.length * typeCount);
  const from = c.sorted ? lowerBound(c.time, range.start) : 0;
  const to = c.sorted ? lowerBound(c.time, range.end) : c.length;
  const start = range.start;
  for (let k = from; k < to; k++) {
    const t = c.time[k]!;
    if (t < start) continue;
    const i = locate(t);
    if (i < 0) continue;
    const m = c.model[k]!;
    typeSeen[m * typeCount + c.type[k]!] = 1;
    let grid = modelGrids[m];
    if (!grid) modelGrids[m] = grid = new StatsGrid(byModel ? n : 1);
    if (byModel) grid.addAt(i, c, k);
    else {
      grid.addAt(0, c, k);
      const key = c.key[k]!;
      let kg = keyGrids[key];
      if (!kg) keyGrids[key] = kg = new StatsGrid(n);
      kg.addAt(i, c, k);
    }
  }
  const models = new Map<string, ModelEntry>();
  const grids = new Map<string, StatsGrid>();
  for (let m = 0; m < modelGrids.length; m++) {
    const grid = modelGrids[m];
    if (!grid) continue;
    const sample = c.modelSample[m]!;
    const types = new Set<string>();
    for (let t = 0; t < typeCount; t++) if (typeSeen[m * typeCount + t]) types.add(c.types[t]!);
    models.set(c.modelIds[m]!, { grid, model: sample.model, provider: sample.provider, types, lastType: '' });
    if (byModel) grids.set(c.modelIds[m]!, grid);
  }
  if (!byModel) for (let k = 0; k < keyGrids.length; k++) if (keyGrids[k]) grids.set(c.keyIds[k]!, keyGrids[k]!);
  const pass: UsagePass = { models: finishRows(models, (grid) => (byModel ? grid.sum() : grid)), buckets, grids };
  if (!byKey) passCache.set(records, (byKey = new Map()));
  if (byKey.size >= MAX_PASSES_PER_ARRAY) byKey.clear();
  byKey.set(key, pass);
  return pass;
}

function finishSeries(input: SeriesInput, buckets: Bucket[], grids: Map<string, StatsGrid>): TimeSeries {
  const { range, groupBy, metric } = input;
  const n = buckets.length;
  // The all-groups line is the sum of the groups: one add per record instead of two.
  const all = new StatsGrid(n);
  for (const grid of grids.values()) all.merge(grid);

  const stackable = STACKABLE_METRICS.includes(metric);
  const rankMetric: SeriesMetric = stackable ? metric : 'calls';
  let groups = [...grids].map(([id, grid]) => ({ id, grid, sum: grid.sum() }));
  groups.sort((a, b) => (b.sum.metric(0, rankMetric) ?? 0) - (a.sum.metric(0, rankMetric) ?? 0) || a.id.localeCompare(b.id));

  const nameOf = input.nameOf ?? ((id: string) => id);
  const series: TimeSeries['series'] = [];
  if (input.top !== undefined && groups.length > input.top) {
    const rest = groups.slice(input.top);
    groups = groups.slice(0, input.top);
    const other = new StatsGrid(n);
    for (const g of rest) other.merge(g.grid);
    groups.push({ id: OTHER_SERIES_ID, grid: other, sum: other.sum() });
  }
  for (const g of groups) {
    const values: (number | null)[] = new Array<number | null>(n);
    for (let i = 0; i < n; i++) values[i] = g.grid.metric(i, metric);
    const name = g.id === OTHER_SERIES_ID ? (input.otherName ?? 'Other') : nameOf(g.id);
    series.push({ id: g.id, name, total: g.sum.metric(0, metric), values });
  }
  const total: (number | null)[] = new Array<number | null>(n);
  for (let i = 0; i < n; i++) total[i] = all.metric(i, metric);
  return { range, groupBy, metric, stackable, buckets, series, total };
}

// ---- the hub's own trend ----

export interface HubTrendWire {
  granularity?: string | undefined;
  projects: { appDid: string; appName?: string | undefined }[];
  trends: {
    timestamp: number;
    byProject: Record<
      string,
      { totalUsage: number; totalCredits: number; totalCalls: number; successCalls: number; avgDuration: number; avgTtfb: number }
    >;
  }[];
}

/**
 * The hub's `group-trends` answer as chart data. The hub's buckets are kept
 * (its timestamps are unix seconds at local bucket starts); both its averages,
 * duration and ttfb, are seconds rounded to 0.1 by the hub (docs/hub-protocol.md §7).
 */
export function hubKeyTrend(wire: HubTrendWire, range: ResolvedRange, nameOf: (appDid: string, hubName?: string) => string): HubKeyTrend {
  const granularity: Granularity = wire.granularity === 'hour' || wire.granularity === 'day' ? wire.granularity : range.granularity;
  // Keys in the hub's buckets use the fixed offset the hub used.
  // With no calls the hub sends no buckets at all; a chart still wants the empty days.
  const buckets =
    wire.trends.length > 0
      ? wire.trends.map((t) => ({ start: t.timestamp * 1000, key: bucketKey(t.timestamp * 1000, granularity, range.timezoneOffset) }))
      : bucketsOf({ ...range, granularity, timeZone: undefined });
  const appDids = new Map<string, string | undefined>();
  for (const p of wire.projects) appDids.set(p.appDid, p.appName);
  for (const t of wire.trends) for (const appDid of Object.keys(t.byProject)) if (!appDids.has(appDid)) appDids.set(appDid, undefined);
  const keys = [...appDids].map(([appDid, hubName]) => ({
    appDid,
    name: nameOf(appDid, hubName),
    points: wire.trends.map((t): HubTrendPoint => {
      const p = t.byProject[appDid];
      if (!p) return { calls: 0, successCalls: 0, tokens: 0, credits: 0, successRate: null, avgDurationMs: null, avgTtfbMs: null };
      return {
        calls: p.totalCalls,
        successCalls: p.successCalls,
        tokens: p.totalUsage,
        credits: p.totalCredits,
        successRate: successRate(p.successCalls, p.totalCalls),
        avgDurationMs: p.successCalls > 0 ? Math.round(p.avgDuration * 1000) : null,
        avgTtfbMs: p.successCalls > 0 ? Math.round(p.avgTtfb * 1000) : null,
      };
    }),
  }));
  return { granularity, buckets, keys };
}
