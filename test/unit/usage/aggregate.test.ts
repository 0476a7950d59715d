import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  HOUR_MS,
  bucketKey,
  bucketsOf,
  buildSeries,
  hubKeyTrend,
  hubWindow,
  localStart,
  modelRows,
  resolveRange,
  totalsBy,
  usageTable,
  usageViews,
  zoneRuleFor,
} from '../../../src/main/services/usage/aggregate';
import { OTHER_SERIES_ID, type ResolvedRange } from '../../../src/shared/usage';
import { rec } from './records';
import { syntheticRecords } from './aggregate.bench';

const UTC8 = -480; // JS getTimezoneOffset() in Shanghai
const UTC_MINUS5 = 300; // New York in winter
const NOW = Date.parse('2025-01-15T10:30:15.250Z'); // Wednesday

function isLocalMidnight(utcMs: number, offset: number): boolean {
  return (utcMs - offset * 60_000) % DAY_MS === 0;
}

describe('resolving a range', () => {
  it('"24h" is the current local hour and the 23 before it, hourly, ending with the current second', () => {
    const r = resolveRange({ preset: '24h', timezoneOffset: UTC8 }, NOW);
    expect(r).toMatchObject({ granularity: 'hour', timezoneOffset: UTC8, preset: '24h' });
    expect(r.end).toBe(Date.parse('2025-01-15T10:30:16Z'));
    expect(r.start).toBe(Date.parse('2025-01-14T11:00:00Z'));
    expect(bucketsOf(r)).toHaveLength(24);
  });

  it('"7d" at UTC+8 is 7 local days; every bucket starts at a local midnight', () => {
    const r = resolveRange({ preset: '7d', timezoneOffset: UTC8 }, NOW);
    const buckets = bucketsOf(r);
    expect(r.granularity).toBe('day');
    expect(buckets).toHaveLength(7);
    expect(buckets[0]!.start).toBe(Date.parse('2025-01-08T16:00:00Z')); // 2025-01-09 00:00 in UTC+8
    expect(buckets.map((b) => b.key)).toEqual([
      '2025-01-09',
      '2025-01-10',
      '2025-01-11',
      '2025-01-12',
      '2025-01-13',
      '2025-01-14',
      '2025-01-15',
    ]);
    for (const b of buckets) expect(isLocalMidnight(b.start, UTC8)).toBe(true);
  });

  it('"30d" at UTC−5 starts at 05:00 UTC, a New York midnight', () => {
    const r = resolveRange({ preset: '30d', timezoneOffset: UTC_MINUS5 }, NOW);
    const buckets = bucketsOf(r);
    expect(buckets).toHaveLength(30);
    expect(buckets[0]!.start).toBe(Date.parse('2024-12-17T05:00:00Z'));
    expect(buckets.at(-1)!.key).toBe('2025-01-15');
    for (const b of buckets) expect(isLocalMidnight(b.start, UTC_MINUS5)).toBe(true);
  });

  it('explicit ranges of a day or less are hourly, longer ones daily (the hub rule); end is exclusive', () => {
    const day = resolveRange({ start: '2025-01-10T00:00:00+08:00', end: '2025-01-11T00:00:00+08:00', timezoneOffset: UTC8 }, NOW);
    expect(day.granularity).toBe('hour');
    expect(bucketsOf(day)).toHaveLength(24);
    const longer = resolveRange({ start: '2025-01-10T00:00:00+08:00', end: '2025-01-11T00:00:01+08:00', timezoneOffset: UTC8 }, NOW);
    expect(longer.granularity).toBe('day');
    expect(bucketsOf(longer)).toHaveLength(2);
  });

  it('talks to the hub in unix seconds with an inclusive end', () => {
    const r = resolveRange({ start: '2025-01-10T00:00:00Z', end: '2025-01-11T00:00:00Z', timezoneOffset: 0 }, NOW);
    expect(hubWindow(r)).toEqual({ startTime: 1736467200, endTime: 1736553599, timezoneOffset: 0 });
  });

  it('labels hours with their local time and offset', () => {
    expect(bucketKey(Date.parse('2025-01-15T02:00:00Z'), 'hour', UTC8)).toBe('2025-01-15T10:00+08:00');
    expect(bucketKey(Date.parse('2025-01-15T02:00:00Z'), 'hour', UTC_MINUS5)).toBe('2025-01-14T21:00-05:00');
    expect(bucketKey(Date.parse('2025-01-15T02:00:00Z'), 'day', -330)).toBe('2025-01-15'); // India, a half-hour zone
    expect(localStart(Date.parse('2025-01-15T02:10:00Z'), 'hour', -330)).toBe(Date.parse('2025-01-15T01:30:00Z'));
  });
});

describe('bucketing across a DST change (New York, 9 March 2025 02:00 → 03:00)', () => {
  // Explicit offsets per instant: EST (300) until 07:00 UTC on 9 March, then EDT (240).
  const CHANGE = Date.parse('2025-03-09T07:00:00Z');
  const explicit = (t: number) => (t < CHANGE ? 300 : 240);
  const range = (over: Partial<ResolvedRange> = {}): ResolvedRange => ({
    start: Date.parse('2025-03-07T05:00:00Z'),
    end: Date.parse('2025-03-12T04:00:00Z'),
    granularity: 'day',
    timezoneOffset: 240,
    ...over,
  });

  it('with a named zone every day starts at its own local midnight, and 9 March has 23 hours', () => {
    const buckets = bucketsOf(range({ timeZone: 'America/New_York' }));
    expect(buckets.map((b) => new Date(b.start).toISOString())).toEqual([
      '2025-03-07T05:00:00.000Z',
      '2025-03-08T05:00:00.000Z',
      '2025-03-09T05:00:00.000Z',
      '2025-03-10T04:00:00.000Z',
      '2025-03-11T04:00:00.000Z',
    ]);
    expect(buckets.map((b) => b.key)).toEqual(['2025-03-07', '2025-03-08', '2025-03-09', '2025-03-10', '2025-03-11']);
    expect(buckets[3]!.start - buckets[2]!.start).toBe(23 * HOUR_MS);
  });

  it('the runtime zone data agrees with the explicit offsets', () => {
    const ny = zoneRuleFor('America/New_York');
    for (const t of [
      CHANGE - 1,
      CHANGE,
      Date.parse('2025-01-01T00:00:00Z'),
      Date.parse('2025-11-02T05:59:59Z'),
      Date.parse('2025-11-02T06:00:00Z'),
    ]) {
      expect(ny(t)).toBe(t < CHANGE || t >= Date.parse('2025-11-02T06:00:00Z') ? 300 : 240);
    }
    for (let t = Date.parse('2025-03-07T00:00:00Z'); t < Date.parse('2025-03-12T00:00:00Z'); t += 1800_000) {
      expect(localStart(t, 'day', ny)).toBe(localStart(t, 'day', explicit));
    }
    expect(zoneRuleFor('Asia/Shanghai')(NOW)).toBe(UTC8);
    expect(zoneRuleFor('UTC')(NOW)).toBe(0);
  });

  it('puts calls either side of the change into the right local day', () => {
    const r = range({ timeZone: 'America/New_York' });
    const records = [
      rec('2025-03-09T04:59:59Z'), // 8 March 23:59:59 EST
      rec('2025-03-09T05:00:00Z'), // 9 March 00:00 EST
      rec('2025-03-10T03:59:59Z'), // 9 March 23:59:59 EDT
      rec('2025-03-10T04:00:00Z'), // 10 March 00:00 EDT
    ];
    const s = buildSeries({ records, range: r, groupBy: 'model', metric: 'calls' });
    expect(s.total).toEqual([0, 1, 2, 1, 0]);
  });

  it('with the fixed current offset (the hub rule) days before the change start at 23:00 local', () => {
    const buckets = bucketsOf(range({ start: Date.parse('2025-03-07T04:00:00Z') }));
    expect(buckets.every((b) => (b.start - 4 * HOUR_MS) % DAY_MS === 0)).toBe(true);
    expect(new Date(buckets[0]!.start).toISOString()).toBe('2025-03-07T04:00:00.000Z'); // 6 March 23:00 EST
  });

  it('hourly buckets skip the missing 02:00 and keep the repeated 01:00 in November apart', () => {
    const spring = bucketsOf({
      start: Date.parse('2025-03-09T05:00:00Z'),
      end: Date.parse('2025-03-10T04:00:00Z'),
      granularity: 'hour',
      timezoneOffset: 240,
      timeZone: 'America/New_York',
    });
    expect(spring).toHaveLength(23);
    expect(spring.map((b) => b.key.slice(11, 13))).not.toContain('02');
    const autumn = bucketsOf({
      start: Date.parse('2025-11-02T04:00:00Z'),
      end: Date.parse('2025-11-03T05:00:00Z'),
      granularity: 'hour',
      timezoneOffset: 300,
      timeZone: 'America/New_York',
    });
    expect(autumn).toHaveLength(25);
    expect(autumn.filter((b) => b.key.startsWith('2025-11-02T01:00')).map((b) => b.key)).toEqual([
      '2025-11-02T01:00-04:00',
      '2025-11-02T01:00-05:00',
    ]);
    expect(new Set(autumn.map((b) => b.key)).size).toBe(25);
    const dayBuckets = bucketsOf({
      start: Date.parse('2025-11-01T04:00:00Z'),
      end: Date.parse('2025-11-04T05:00:00Z'),
      granularity: 'day',
      timezoneOffset: 300,
      timeZone: 'America/New_York',
    });
    expect(dayBuckets.map((b) => new Date(b.start).toISOString())).toEqual([
      '2025-11-01T04:00:00.000Z',
      '2025-11-02T04:00:00.000Z',
      '2025-11-03T05:00:00.000Z', // 2 November had 25 hours
    ]);
  });
});

describe('totals', () => {
  it('counts calls, success rate over all calls, averages over successful calls only', () => {
    const records = [
      rec(NOW, { durationMs: 1000, ttfbMs: 100 }),
      rec(NOW, { durationMs: 3000, ttfbMs: 300 }),
      rec(NOW, { status: 'failed', durationMs: 60_000, ttfbMs: 0, inputTokens: 0, outputTokens: 0, credits: 0 }),
      rec(NOW, { status: 'processing', inputTokens: 0, outputTokens: 0, credits: 0 }),
    ];
    const { total } = totalsBy(records, 0, Infinity, () => 'x');
    expect(total.totals()).toEqual({
      calls: 4,
      successCalls: 2,
      failedCalls: 1,
      inputTokens: 20,
      outputTokens: 10,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 0,
      credits: 0.0002,
      successRate: 0.5,
      avgDurationMs: 2000,
      avgTtfbMs: 200,
    });
  });

  it('has no rate or averages for nothing, rather than zeros', () => {
    const { total } = totalsBy([], 0, Infinity, () => 'x');
    expect(total.totals()).toMatchObject({ calls: 0, credits: 0, successRate: null, avgDurationMs: null, avgTtfbMs: null });
    const allFailed = totalsBy([rec(NOW, { status: 'failed' })], 0, Infinity, () => 'x').total.totals();
    expect(allFailed).toMatchObject({ successRate: 0, avgDurationMs: null });
  });

  it('adds credits exactly, whatever the order', () => {
    const credits = [0.1, 0.2, 0.0000001, 0.3, 0.0000002];
    const forward = totalsBy(
      credits.map((c) => rec(NOW, { credits: c })),
      0,
      Infinity,
      () => 'x',
    ).total.totals().credits;
    const backward = totalsBy(
      [...credits].reverse().map((c) => rec(NOW, { credits: c })),
      0,
      Infinity,
      () => 'x',
    ).total.totals().credits;
    expect(forward).toBe(0.6000003);
    expect(backward).toBe(forward);
  });

  it('counts cache tokens separately', () => {
    const { total } = totalsBy([rec(NOW, { cacheReadInputTokens: 40, cacheCreationInputTokens: 7 }), rec(NOW)], 0, Infinity, () => 'x');
    expect(total.totals()).toMatchObject({ cacheReadInputTokens: 40, cacheCreationInputTokens: 7, inputTokens: 20 });
  });

  it('rows per model: sorted by credits then calls, with provider and call types', () => {
    const records = [
      rec(NOW, { model: 'echo', credits: 0.001 }),
      rec(NOW, { model: 'pixel', type: 'imageGeneration', credits: 0.04 }),
      rec(NOW, { model: 'echo', credits: 0.001, type: 'embedding' }),
      rec(NOW, { model: 'prose', provider: 'openai', credits: 0.001 }),
      rec(NOW - DAY_MS, { model: 'ignored' }),
    ];
    const { rows, totals } = modelRows(records, NOW - 1000, NOW + 1000);
    expect(rows.map((r) => [r.modelId, r.calls, r.credits])).toEqual([
      ['sandbox/pixel', 1, 0.04],
      ['sandbox/echo', 2, 0.002],
      ['openai/prose', 1, 0.001],
    ]);
    expect(rows[1]!.types).toEqual(['chatCompletion', 'embedding']);
    expect(totals.calls).toBe(4);
    expect(totals.credits).toBe(0.043);
  });
});

describe('time series', () => {
  const r7 = resolveRange({ preset: '7d', timezoneOffset: UTC8 }, NOW);
  const day = (n: number, hour = 12) => Date.parse('2025-01-08T16:00:00Z') + n * DAY_MS + hour * HOUR_MS;
  const records = [
    rec(day(0), { model: 'echo', credits: 0.001 }),
    rec(day(0), { model: 'prose', credits: 0.002 }),
    rec(day(2), { model: 'prose', credits: 0.002, status: 'failed', durationMs: 9000 }),
    rec(day(6, 0), { model: 'pixel', credits: 0.05, appDid: 'zKeyB' }),
    rec(day(6, 0) - 1, { model: 'echo', credits: 1 }), // 23:59:59.999 on day 5
    rec(day(-1), { model: 'echo', credits: 7 }), // before the range
  ];

  it('has every bucket, zero-filled, with stacked series that add up to the total', () => {
    const s = buildSeries({ records, range: r7, groupBy: 'model', metric: 'calls' });
    expect(s.buckets).toHaveLength(7);
    expect(s.stackable).toBe(true);
    expect(s.total).toEqual([2, 0, 1, 0, 0, 1, 1]);
    for (let i = 0; i < 7; i++) expect(s.series.reduce((sum, x) => sum + (x.values[i] ?? 0), 0)).toBe(s.total[i]);
    expect(s.series.map((x) => [x.id, x.total])).toEqual([
      ['sandbox/echo', 2],
      ['sandbox/prose', 2],
      ['sandbox/pixel', 1],
    ]);
  });

  it('stacks credits by key with names, biggest first', () => {
    const s = buildSeries({ records, range: r7, groupBy: 'key', metric: 'credits', nameOf: (id) => (id === 'zKeyA' ? 'Laptop' : 'CI') });
    expect(s.series.map((x) => [x.name, x.total])).toEqual([
      ['Laptop', 1.005],
      ['CI', 0.05],
    ]);
    expect(s.total).toEqual([0.003, 0, 0.002, 0, 0, 1, 0.05]);
  });

  it('leaves rates and averages of empty buckets null and does not stack them', () => {
    const rate = buildSeries({ records, range: r7, groupBy: 'model', metric: 'successRate' });
    expect(rate.stackable).toBe(false);
    expect(rate.total).toEqual([1, null, 0, null, null, 1, 1]);
    const duration = buildSeries({ records, range: r7, groupBy: 'model', metric: 'avgDurationMs' });
    expect(duration.total).toEqual([1000, null, null, null, null, 1000, 1000]);
  });

  it('folds all but the top N into "Other", keeping the totals', () => {
    const s = buildSeries({ records, range: r7, groupBy: 'model', metric: 'credits', top: 1 });
    expect(s.series.map((x) => x.id)).toEqual(['sandbox/echo', OTHER_SERIES_ID]);
    expect(s.series[1]).toMatchObject({ name: 'Other', total: 0.054 });
    expect(s.series[1]!.values).toEqual([0.002, 0, 0.002, 0, 0, 0, 0.05]);
  });

  it('an empty range has zero-filled buckets and no series; a zero-length one has no buckets', () => {
    const empty = buildSeries({ records: [], range: r7, groupBy: 'key', metric: 'tokens' });
    expect(empty.series).toEqual([]);
    expect(empty.total).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(bucketsOf({ ...r7, end: r7.start })).toEqual([]);
  });

  it('hourly at UTC−5: buckets at local hours and calls in the right hour', () => {
    const r = resolveRange({ preset: '24h', timezoneOffset: UTC_MINUS5 }, NOW);
    const s = buildSeries({
      records: [rec('2025-01-15T05:00:00Z'), rec('2025-01-15T04:59:59Z'), rec('2025-01-15T10:30:15Z')],
      range: r,
      groupBy: 'model',
      metric: 'calls',
    });
    expect(s.buckets[0]!.key).toBe('2025-01-14T06:00-05:00');
    const midnight = s.buckets.findIndex((b) => b.key === '2025-01-15T00:00-05:00');
    expect(s.total[midnight]).toBe(1);
    expect(s.total[midnight - 1]).toBe(1);
    expect(s.total.at(-1)).toBe(1);
  });
});

describe('both views in one pass', () => {
  it('gives the same model table and chart as computing them apart, grouped by model or by key, in a DST zone, in any record order', () => {
    const now = Date.parse('2025-03-20T12:00:00Z');
    const sorted = syntheticRecords(5_000, now, 100);
    for (const [records, range] of [
      [sorted, resolveRange({ preset: '90d', timezoneOffset: UTC8 }, now)],
      [sorted, resolveRange({ preset: '30d', timezoneOffset: 240, timeZone: 'America/New_York' }, now)],
      [[...sorted].reverse(), resolveRange({ preset: '7d', timezoneOffset: UTC8 }, now)],
    ] as const) {
      for (const groupBy of ['model', 'key'] as const) {
        const input = { records, range, groupBy, metric: 'credits' as const, top: 5 };
        const views = usageViews(input);
        expect(views.models).toEqual(modelRows(records, range.start, range.end));
        expect(views.series).toEqual(buildSeries(input));
      }
    }
  });
});

describe('the table and the chart of one range', () => {
  it('share a pass, yet never show stale figures when the records change', () => {
    const now = Date.parse('2025-03-20T12:00:00Z');
    const records = syntheticRecords(2_000, now, 100);
    const range = resolveRange({ preset: '30d', timezoneOffset: UTC8 }, now);
    const table = usageTable(records, range);
    const chart = usageViews({ records, range, groupBy: 'model', metric: 'credits' }).series;
    expect(chart).toEqual(buildSeries({ records, range, groupBy: 'model', metric: 'credits' }));
    // A caller changing what it was given does not change the next answer.
    table.rows.length = 0;
    expect(usageTable(records, range)).toEqual(modelRows(records, range.start, range.end));
    records.push({ ...records.at(-1)!, id: 'late', time: range.end - 1 });
    const after = usageViews({ records, range, groupBy: 'model', metric: 'calls' }).models;
    expect(after).toEqual(modelRows(records, range.start, range.end));
    expect(after.totals.calls).toBe(modelRows(records.slice(0, -1), range.start, range.end).totals.calls + 1);
  });
});

describe("the hub's own trend", () => {
  it('with no calls the hub sends no buckets; the trend still has the empty days', () => {
    const range = resolveRange({ preset: '7d', timezoneOffset: UTC8 }, NOW);
    const trend = hubKeyTrend({ granularity: 'day', projects: [], trends: [] }, range, (id) => id);
    expect(trend.buckets.map((b) => b.key)).toEqual(bucketsOf(range).map((b) => b.key));
    expect(trend.keys).toEqual([]);
  });

  it('keeps the hub buckets and converts units: seconds → ms (duration and ttfb alike), percent-free rates, null for empty points', () => {
    const range = resolveRange({ preset: '7d', timezoneOffset: UTC8 }, NOW);
    const t0 = range.start / 1000;
    const trend = hubKeyTrend(
      {
        granularity: 'day',
        projects: [{ appDid: 'zA', appName: 'Laptop' }],
        trends: [
          {
            timestamp: t0,
            byProject: { zA: { totalUsage: 30, totalCredits: 0.5, totalCalls: 4, successCalls: 3, avgDuration: 1.2, avgTtfb: 0.3 } },
          },
          { timestamp: t0 + 86400, byProject: {} },
        ],
      },
      range,
      (appDid, hubName) => hubName ?? appDid,
    );
    expect(trend.buckets).toEqual([
      { start: range.start, key: '2025-01-09' },
      { start: range.start + DAY_MS, key: '2025-01-10' },
    ]);
    expect(trend.keys).toEqual([
      {
        appDid: 'zA',
        name: 'Laptop',
        points: [
          // A real hub sends avgTtfb in seconds rounded to 0.1 (0.3 s), not ms.
          { calls: 4, successCalls: 3, tokens: 30, credits: 0.5, successRate: 0.75, avgDurationMs: 1200, avgTtfbMs: 300 },
          { calls: 0, successCalls: 0, tokens: 0, credits: 0, successRate: null, avgDurationMs: null, avgTtfbMs: null },
        ],
      },
    ]);
  });
});
