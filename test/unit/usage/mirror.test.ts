import { describe, expect, it } from 'vitest';
import type { ModelCallsPage, ModelCallsQuery } from '../../../src/main/services/usage/client';
import { RecordMirror, gapsIn, mergeIntervals, syncMirror, type CallLogPager } from '../../../src/main/services/usage/mirror';
import type { UsageProgress, UsageRecord } from '../../../src/shared/usage';
import { rec } from './records';

const S = 1000;
const MIN = 60 * S;

/** The hub's paging, in memory: filter by inclusive unix-second window, newest first. */
class FakeLog implements CallLogPager {
  records: UsageRecord[] = [];
  queries: ModelCallsQuery[] = [];
  /** Runs before each page is answered (to add records mid-paging). */
  beforePage?: (page: number) => void;

  async modelCalls(q: ModelCallsQuery): Promise<ModelCallsPage> {
    this.queries.push(q);
    this.beforePage?.(q.page);
    const matching = this.records
      .filter((r) => r.time / 1000 >= (q.startTime ?? 0) && r.time / 1000 <= (q.endTime ?? Infinity))
      .sort((a, b) => b.time - a.time);
    return { count: matching.length, records: matching.slice((q.page - 1) * q.pageSize, q.page * q.pageSize) };
  }
}

// Most tests here are about settling and paging, not about long calls: no allowance unless a test sets one.
const opts = (nowMs: number, over: Partial<Parameters<typeof syncMirror>[4]> = {}) => ({
  nowMs,
  settleMs: 0,
  longestCallMs: 0,
  concurrency: 3,
  ...over,
});

describe('intervals', () => {
  it('merges touching and overlapping intervals', () => {
    expect(
      mergeIntervals([
        [5, 10],
        [0, 5],
        [12, 14],
        [13, 20],
        [30, 30],
      ]),
    ).toEqual([
      [0, 10],
      [12, 20],
    ]);
  });
  it('finds the uncovered parts of a range', () => {
    expect(
      gapsIn(
        [
          [10, 20],
          [30, 40],
        ],
        0,
        50,
      ),
    ).toEqual([
      [0, 10],
      [20, 30],
      [40, 50],
    ]);
    expect(gapsIn([[10, 20]], 12, 18)).toEqual([]);
    expect(gapsIn([], 0, 5)).toEqual([[0, 5]]);
  });
});

describe('syncing the mirror', () => {
  it('pages through a window (with a partial last page) and covers it', async () => {
    const log = new FakeLog();
    for (let i = 0; i < 250; i++) log.records.push(rec(i * S));
    const mirror = new RecordMirror();
    const progress: UsageProgress[] = [];
    const result = await syncMirror(mirror, log, 0, 300 * S, opts(300 * S, { onProgress: (p) => progress.push(p) }));
    expect(mirror.size).toBe(250);
    expect(result).toMatchObject({ requests: 3, received: 250 });
    expect(log.queries.map((q) => [q.page, q.pageSize, q.startTime, q.endTime, q.status])).toEqual([
      [1, 100, 0, 299, 'all'],
      [2, 100, 0, 299, 'all'],
      [3, 100, 0, 299, 'all'],
    ]);
    expect(progress.at(-1)).toEqual({ fetched: 250, total: 250 });
    expect(progress.every((p, i) => i === 0 || p.fetched >= progress[i - 1]!.fetched)).toBe(true);
    expect(mirror.covered).toEqual([[0, 300 * S]]);
  });

  it('next time, fetches only what is new', async () => {
    const log = new FakeLog();
    for (let i = 0; i < 150; i++) log.records.push(rec(i * S));
    const mirror = new RecordMirror();
    await syncMirror(mirror, log, 0, 200 * S, opts(200 * S));
    log.queries = [];
    log.records.push(rec(205 * S), rec(206 * S));
    const result = await syncMirror(mirror, log, 0, 210 * S, opts(210 * S));
    expect(result).toMatchObject({ requests: 1, received: 2, windows: [[200 * S, 210 * S]] });
    expect(log.queries[0]).toMatchObject({ startTime: 200, endTime: 209 });
    expect(mirror.size).toBe(152);
  });

  it('keeps the settle window and processing records uncovered, and replaces them next time', async () => {
    const log = new FakeLog();
    const slow = rec(100 * S, { id: 'slow', status: 'processing' });
    log.records.push(rec(10 * S), slow, rec(500 * S, { id: 'late-final' }));
    const mirror = new RecordMirror();
    const now = 600 * S;
    await syncMirror(mirror, log, 0, now + S, opts(now, { settleMs: 5 * MIN }));
    // Covered up to the processing record (100 s), not up to the settle horizon (300 s).
    expect(mirror.covered).toEqual([[0, 100 * S]]);
    log.records = log.records.map((r) => (r.id === 'slow' ? { ...r, status: 'success' } : r));
    log.records.push(rec(50 * S, { id: 'too-late' })); // in a covered window: not looked for again
    const result = await syncMirror(mirror, log, 0, now + 2 * S, opts(now + S, { settleMs: 5 * MIN }));
    expect(result.windows).toEqual([[100 * S, now + 2 * S]]);
    expect(mirror.records().find((r) => r.id === 'slow')!.status).toBe('success');
    expect(mirror.records().some((r) => r.id === 'too-late')).toBe(false);
    expect(mirror.covered).toEqual([[0, now + S - 5 * MIN]]);
  });

  it('a call that ends more than ten minutes after it started still reaches the mirror', async () => {
    // A current hub writes one record when a call ends, stamped with the call's start.
    const log = new FakeLog();
    const t0 = 3600 * S;
    log.records.push(rec(t0 - 30 * MIN, { id: 'before' }));
    const mirror = new RecordMirror();
    const defaults = { settleMs: 10 * MIN, longestCallMs: undefined };
    await syncMirror(mirror, log, 0, t0 + S, opts(t0, defaults));
    // A 25-minute call that started 20 minutes ago ends now: its record is 20 minutes old when it appears.
    log.records.push(rec(t0 - 20 * MIN, { id: 'long-call' }));
    await syncMirror(mirror, log, 0, t0 + 6 * MIN, opts(t0 + 5 * MIN, defaults));
    expect(mirror.records().map((r) => r.id)).toEqual(['before', 'long-call']);
  });

  it('notices records that appear while paging and reads the window again', async () => {
    const log = new FakeLog();
    for (let i = 0; i < 200; i++) log.records.push(rec(i * S));
    let added = 0;
    log.beforePage = (page) => {
      if (page === 2 && added === 0) {
        for (let i = 0; i < 30; i++) log.records.push(rec(150 * S + i, { id: `late${i}` }));
        added = 30;
      }
    };
    const mirror = new RecordMirror();
    const result = await syncMirror(mirror, log, 0, 300 * S, opts(300 * S, { concurrency: 1 }));
    expect(mirror.size).toBe(230);
    expect(result.requests).toBe(6); // 3 pages, short of the count, so the window once more
    expect(mirror.covered).toEqual([[0, 300 * S]]);
  });

  it('fills an older gap before a covered stretch (backfill) without refetching the stretch', async () => {
    const log = new FakeLog();
    for (let i = 0; i < 100; i++) log.records.push(rec(i * 10 * S));
    const mirror = new RecordMirror();
    await syncMirror(mirror, log, 500 * S, 1000 * S, opts(1000 * S));
    log.queries = [];
    const result = await syncMirror(mirror, log, 0, 1000 * S, opts(1000 * S));
    expect(result.windows).toEqual([[0, 500 * S]]);
    expect(log.queries[0]).toMatchObject({ startTime: 0, endTime: 499 });
    expect(mirror.size).toBe(100);
  });

  it('stops when aborted and leaves the window uncovered', async () => {
    const log = new FakeLog();
    for (let i = 0; i < 500; i++) log.records.push(rec(i * S));
    const controller = new AbortController();
    log.beforePage = (page) => {
      if (page === 2) controller.abort();
    };
    const mirror = new RecordMirror();
    await expect(syncMirror(mirror, log, 0, 600 * S, opts(600 * S, { concurrency: 1, signal: controller.signal }))).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(mirror.covered).toEqual([]);
  });

  it('trims to a size cap, oldest first, and uncovers what it dropped', () => {
    const mirror = new RecordMirror();
    mirror.replaceWindow(
      0,
      100 * S,
      Array.from({ length: 10 }, (_, i) => rec(i * 10 * S)),
    );
    mirror.markCovered(0, 100 * S);
    mirror.trim(4);
    expect(mirror.records().map((r) => r.time)).toEqual([60 * S, 70 * S, 80 * S, 90 * S]);
    expect(mirror.covered).toEqual([[60 * S, 100 * S]]);
  });
});

describe('the records of a range', () => {
  it('are the same array while nothing changed (the table and the chart share one pass), and fresh figures once calls arrive', () => {
    const mirror = new RecordMirror();
    mirror.replaceWindow(0, 10 * MIN, [rec(1 * MIN, { id: 'a' }), rec(2 * MIN, { id: 'b' })]);
    const first = mirror.recordsIn(0, 10 * MIN);
    expect(mirror.recordsIn(0, 10 * MIN)).toBe(first);
    expect(mirror.recordsIn(0, 5 * MIN)).not.toBe(first);
    mirror.replaceWindow(2 * MIN, 10 * MIN, [rec(2 * MIN, { id: 'b' }), rec(3 * MIN, { id: 'c' })]);
    expect(mirror.recordsIn(0, 10 * MIN).map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });
});
