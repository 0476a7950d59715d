import { AppError } from '../../../shared/errors';
import { usageRecordSchema, type UsageProgress, type UsageRecord } from '../../../shared/usage';
import { MAX_PAGE_SIZE, type ModelCallsPage, type ModelCallsQuery } from './client';

/**
 * A local copy of one account's call log on one hub, and the bookkeeping that
 * makes refreshing it incremental.
 *
 * `covered` lists the `[start, end)` intervals (UTC ms) for which the mirror
 * holds every record the hub had *and that can no longer change*. A record
 * is final once its start is older than the longest call plus the settle
 * time (a current hub writes one record when a call *ends*, stamped with the
 * call's start, and may lag: docs/hub-protocol.md §7) and is no longer
 * `processing`. Records newer
 * than that are kept but their interval stays uncovered, so the next sync
 * fetches them again and replaces them by id. A sync therefore asks the hub
 * only for the uncovered parts of the range: after the first look at a
 * range, usually just the last few minutes.
 */

export type Interval = readonly [start: number, end: number];

export interface MirrorState {
  version: 1;
  /** When the mirror last finished a sync (UTC ms), or null. */
  syncedAt: number | null;
  covered: [number, number][];
  records: UsageRecord[];
}

/** Where mirrors are kept between runs; `memoryMirrorStore` or `fileMirrorStore`. */
export interface MirrorStore {
  load(key: string): Promise<MirrorState | undefined>;
  save(key: string, state: MirrorState): Promise<void>;
  delete(key: string): Promise<void>;
}

export function memoryMirrorStore(): MirrorStore {
  const states = new Map<string, string>();
  return {
    load: async (key) => {
      const raw = states.get(key);
      return raw === undefined ? undefined : (JSON.parse(raw) as MirrorState);
    },
    save: async (key, state) => {
      states.set(key, JSON.stringify(state));
    },
    delete: async (key) => {
      states.delete(key);
    },
  };
}

/** Merges overlapping or touching intervals; drops empty ones. */
export function mergeIntervals(intervals: readonly Interval[]): [number, number][] {
  const sorted = intervals.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** The parts of `[start, end)` that `covered` (merged, sorted) does not cover. */
export function gapsIn(covered: readonly Interval[], start: number, end: number): [number, number][] {
  const gaps: [number, number][] = [];
  let cursor = start;
  for (const [s, e] of covered) {
    if (e <= cursor) continue;
    if (s >= end) break;
    if (s > cursor) gaps.push([cursor, Math.min(s, end)]);
    cursor = Math.max(cursor, e);
    if (cursor >= end) break;
  }
  if (cursor < end) gaps.push([cursor, end]);
  return gaps;
}

function isMirrorState(value: unknown): value is MirrorState {
  const v = value as Partial<MirrorState> | undefined;
  if (!v || v.version !== 1 || !Array.isArray(v.records) || !Array.isArray(v.covered)) return false;
  if (v.syncedAt !== null && typeof v.syncedAt !== 'number') return false;
  if (!v.covered.every((i) => Array.isArray(i) && typeof i[0] === 'number' && typeof i[1] === 'number')) return false;
  if (v.records.length > 0 && !usageRecordSchema.safeParse(v.records[0]).success) return false;
  return v.records.every((r) => r !== null && typeof r === 'object' && typeof r.id === 'string' && typeof r.time === 'number');
}

export class RecordMirror {
  private readonly byId = new Map<string, UsageRecord>();
  private sorted: UsageRecord[] | null = [];
  private lastSlice: { all: readonly UsageRecord[]; start: number; end: number; records: readonly UsageRecord[] } | undefined;
  covered: [number, number][] = [];
  syncedAt: number | null = null;

  static from(state: MirrorState | undefined): RecordMirror {
    const mirror = new RecordMirror();
    // A damaged or older file is only a cache: start over rather than fail. The
    // check is shallow on purpose (the file is ours; a full schema pass over
    // 100 000 records would stall start-up), with a full check of one record.
    if (!isMirrorState(state)) return mirror;
    for (const r of state.records) mirror.byId.set(r.id, r);
    mirror.sorted = null;
    mirror.covered = mergeIntervals(state.covered);
    mirror.syncedAt = state.syncedAt;
    return mirror;
  }

  get size(): number {
    return this.byId.size;
  }

  /** All records, oldest first. */
  records(): readonly UsageRecord[] {
    this.sorted ??= [...this.byId.values()].sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return this.sorted;
  }

  /** Records with `start <= time < end`, oldest first. */
  /**
   * The records in `[start, end)`, oldest first. The same array is returned while the mirror and
   * the range are unchanged, so the views computed from it (table, chart) share one pass; callers
   * must not modify it.
   */
  recordsIn(start: number, end: number): readonly UsageRecord[] {
    const all = this.records();
    const last = this.lastSlice;
    if (last && last.all === all && last.start === start && last.end === end) return last.records;
    const records = all.slice(lowerBound(all, start), lowerBound(all, end));
    this.lastSlice = { all, start, end, records };
    return records;
  }

  gaps(start: number, end: number): [number, number][] {
    return gapsIn(this.covered, start, end);
  }

  /** Whether `[start, end)` is covered without a gap. */
  covers(start: number, end: number): boolean {
    return this.gaps(start, end).length === 0;
  }

  /** The covered interval containing `t`, if any. */
  coveredAround(t: number): Interval | undefined {
    return this.covered.find(([s, e]) => s <= t && t < e);
  }

  /** Makes `[start, end)` hold exactly `records` (what the hub just sent for that window). */
  replaceWindow(start: number, end: number, records: readonly UsageRecord[]): void {
    for (const r of this.recordsIn(start, end)) this.byId.delete(r.id);
    for (const r of records) this.byId.set(r.id, r);
    this.sorted = null;
  }

  markCovered(start: number, end: number): void {
    if (end > start) this.covered = mergeIntervals([...this.covered, [start, end]]);
  }

  /** Keeps at most `max` records, dropping the oldest and uncovering what they covered. */
  trim(max: number): void {
    if (this.byId.size <= max) return;
    const all = this.records();
    const cutoff = all[all.length - max]?.time ?? Infinity;
    for (const r of all) {
      if (r.time >= cutoff) break;
      this.byId.delete(r.id);
    }
    this.sorted = null;
    this.covered = this.covered.map(([s, e]): [number, number] => [Math.max(s, cutoff), e]).filter(([s, e]) => e > s);
  }

  forget(): void {
    this.byId.clear();
    this.sorted = [];
    this.covered = [];
    this.syncedAt = null;
  }

  state(): MirrorState {
    return { version: 1, syncedAt: this.syncedAt, covered: this.covered.map(([s, e]) => [s, e]), records: [...this.records()] };
  }
}

function lowerBound(records: readonly UsageRecord[], time: number): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((records[mid]?.time ?? Infinity) < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// ---- syncing ----

/** What the mirror needs from the hub: one page of the call log. `UsageClient` fits. */
export interface CallLogPager {
  modelCalls(query: ModelCallsQuery, signal?: AbortSignal): Promise<ModelCallsPage>;
}

/** How long a call may run: its record, stamped with its start, appears only when it ends. */
export const DEFAULT_LONGEST_CALL_MS = 60 * 60_000;

/** Start times before this instant (UTC ms, whole seconds) can no longer gain or change records. */
export function finalHorizon(nowMs: number, settleMs: number, longestCallMs = DEFAULT_LONGEST_CALL_MS): number {
  return Math.floor((nowMs - settleMs - longestCallMs) / 1000) * 1000;
}

export interface SyncOptions {
  nowMs: number;
  /** How long a record may still change or appear late after its call ended. */
  settleMs: number;
  /** How long a call may run (default 60 min); a record can appear this much later than its start. */
  longestCallMs?: number | undefined;
  /** Pages fetched at once. */
  concurrency: number;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: UsageProgress) => void) | undefined;
  /** Records read in one sync, whatever count the hub claims (default MAX_SYNC_RECORDS). */
  maxRecords?: number | undefined;
}

/** A hub claiming more records than this in one sync is read only this far. */
export const MAX_SYNC_RECORDS = 100_000;

export interface SyncResult {
  /** Hub requests made. */
  requests: number;
  /** Records received (before removing duplicates across pages). */
  received: number;
  /** The windows fetched, UTC ms. */
  windows: [number, number][];
  /** Set when the hub reported more records than one sync reads: what it claimed, and how many were read. */
  truncated?: { reported: number; read: number };
}

/**
 * Brings `[start, end)` of the mirror up to date: fetches each uncovered
 * window (all its pages, a few at a time), replaces the window's records, and
 * marks as covered the part that is final.
 */
export async function syncMirror(
  mirror: RecordMirror,
  pager: CallLogPager,
  start: number,
  end: number,
  options: SyncOptions,
): Promise<SyncResult> {
  const result: SyncResult = { requests: 0, received: 0, windows: [] };
  const horizon = finalHorizon(options.nowMs, options.settleMs, options.longestCallMs);
  const progress = { fetched: 0, total: 0 };
  const budget = { left: options.maxRecords ?? MAX_SYNC_RECORDS };
  const report = () => options.onProgress?.({ fetched: Math.min(progress.fetched, progress.total), total: progress.total });

  for (const [gapStart, gapEnd] of mirror.gaps(start, end)) {
    if (result.truncated) break;
    // Nothing can exist after now: ask no further (and keep the window's end inclusive in seconds).
    const windowEnd = Math.min(gapEnd, Math.floor(options.nowMs / 1000) * 1000 + 1000);
    if (windowEnd <= gapStart) continue;
    // Records that appear mid-paging above the page being read are not seen; the
    // count gives them away. One more pass then; if still short, leave the window uncovered.
    let fetched = await fetchWindow(pager, gapStart, windowEnd, options, result, progress, report, budget);
    if (!fetched.complete && !result.truncated) {
      fetched = await fetchWindow(pager, gapStart, windowEnd, options, result, progress, report, budget);
    }
    const { records, complete } = fetched;
    mirror.replaceWindow(gapStart, windowEnd, records);
    result.windows.push([gapStart, windowEnd]);
    if (!complete) continue;
    let final = Math.min(windowEnd, horizon);
    for (const r of records) if (r.status === 'processing' && r.time < final) final = Math.floor(r.time / 1000) * 1000;
    mirror.markCovered(gapStart, final);
  }
  if (result.truncated) return result;
  mirror.syncedAt = options.nowMs;
  return result;
}

async function fetchWindow(
  pager: CallLogPager,
  start: number,
  end: number,
  options: SyncOptions,
  result: SyncResult,
  progress: { fetched: number; total: number },
  report: () => void,
  budget: { left: number },
): Promise<{ records: UsageRecord[]; complete: boolean }> {
  const byId = new Map<string, UsageRecord>();
  const query = (page: number): ModelCallsQuery => ({
    page,
    pageSize: MAX_PAGE_SIZE,
    startTime: Math.floor(start / 1000),
    endTime: Math.ceil(end / 1000) - 1,
    status: 'all',
  });
  const fetchPage = async (page: number): Promise<ModelCallsPage> => {
    if (options.signal?.aborted) throw new AppError('CANCELLED', 'The request was cancelled.', { reason: 'request' });
    result.requests++;
    const answer = await pager.modelCalls(query(page), options.signal);
    result.received += answer.records.length;
    progress.fetched += answer.records.length;
    for (const r of answer.records) byId.set(r.id, r);
    return answer;
  };

  // Never more pages than the record budget allows, whatever count the hub claims.
  const startBudget = budget.left;
  const pagesFor = (n: number) => Math.min(Math.ceil(n / MAX_PAGE_SIZE), Math.ceil(startBudget / MAX_PAGE_SIZE));
  const first = await fetchPage(1);
  let count = first.count;
  progress.total += Math.min(count, startBudget);
  report();
  // Pages beyond the first, a few at a time. If the count grows while paging
  // (a late record inside the window pushes older ones down a page), the
  // extra pages are fetched too; duplicates collapse by id.
  let pages = pagesFor(count);
  let next = 2;
  const worker = async () => {
    while (next <= pages) {
      const page = next++;
      const answer = await fetchPage(page);
      if (answer.count > count) {
        progress.total += Math.max(0, Math.min(answer.count, startBudget) - Math.min(count, startBudget));
        count = answer.count;
        pages = pagesFor(count);
      }
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  budget.left = Math.max(0, startBudget - byId.size);
  if (count > startBudget) {
    result.truncated = { reported: count, read: (result.truncated?.read ?? 0) + byId.size };
  }
  return { records: [...byId.values()], complete: byId.size >= count };
}
