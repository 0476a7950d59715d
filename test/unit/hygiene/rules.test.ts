import { describe, expect, it } from 'vitest';
import { HYGIENE_RULES, type ActivityBucket, type KeyHealth } from '../../../src/shared/hygiene';
import {
  activityAlerts,
  activityWindows,
  checkIsStale,
  DAY_MS,
  healthSummary,
  HOUR_MS,
  localDayNumber,
  median,
  rotationStatus,
  type DayTotals,
} from '../../../src/main/services/hygiene/rules';

const at = (iso: string) => Date.parse(iso);
const NO_LIMITS = { callsPer24h: null, creditsPer24h: null };

describe('rotation: a key is due when its age in local days reaches the period', () => {
  it('a key created today is 0 days old and not due, whatever the hour', () => {
    const now = at('2025-06-10T23:59:00Z');
    for (const created of ['2025-06-10T00:00:00Z', '2025-06-10T23:58:00Z']) {
      expect(rotationStatus({ createdAt: created }, now, 90, { timeZone: 'UTC' })).toMatchObject({
        ageDays: 0,
        status: 'ok',
        daysLeft: 90,
      });
    }
  });

  it('is due on the day the age reaches the period (age ≥ period), "soon" in the two weeks before', () => {
    const created = '2025-01-01T12:00:00Z';
    const zone = { timeZone: 'UTC' };
    expect(rotationStatus({ createdAt: created }, at('2025-04-01T00:30:00Z'), 90, zone)).toEqual({
      status: 'due',
      ageDays: 90,
      periodDays: 90,
      dueOn: '2025-04-01',
      daysLeft: 0,
    });
    expect(rotationStatus({ createdAt: created }, at('2025-03-31T23:59:00Z'), 90, zone)).toMatchObject({ status: 'soon', daysLeft: 1 });
    expect(rotationStatus({ createdAt: created }, at('2025-03-18T00:00:00Z'), 90, zone)).toMatchObject({ status: 'soon', daysLeft: 14 });
    expect(rotationStatus({ createdAt: created }, at('2025-03-17T00:00:00Z'), 90, zone)).toMatchObject({ status: 'ok', daysLeft: 15 });
    expect(rotationStatus({ createdAt: created }, at('2025-06-01T00:00:00Z'), 90, zone)).toMatchObject({ status: 'due', daysLeft: -61 });
  });

  it('counts days in the user’s time zone: the same two instants are 1 day apart in Shanghai and 0 in New York', () => {
    const created = '2025-03-01T15:50:00Z'; // 23:50 in Shanghai, 10:50 in New York
    const now = at('2025-03-01T16:10:00Z'); // 00:10 the next day in Shanghai
    expect(rotationStatus({ createdAt: created }, now, 1, { timeZone: 'Asia/Shanghai' })).toMatchObject({ ageDays: 1, status: 'due' });
    expect(rotationStatus({ createdAt: created }, now, 1, { timeZone: 'America/New_York' })).toMatchObject({ ageDays: 0, status: 'ok' });
    expect(rotationStatus({ createdAt: created }, now, 1, { timeZone: 'UTC' })).toMatchObject({ ageDays: 0 });
    // The fixed-offset fallback agrees with the zone (UTC+8 is -480 in JS terms), also for an unknown zone name.
    expect(rotationStatus({ createdAt: created }, now, 1, { offsetMinutes: -480 })).toMatchObject({ ageDays: 1 });
    expect(rotationStatus({ createdAt: created }, now, 1, { timeZone: 'Mars/Olympus_Mons', offsetMinutes: -480 })).toMatchObject({
      ageDays: 1,
    });
  });

  it('counts calendar days across a DST change (47 elapsed hours are 2 days in New York on 9 March 2025)', () => {
    const created = '2025-03-08T17:00:00Z'; // noon EST
    const now = at('2025-03-10T16:00:00Z'); // noon EDT, 47 h later
    expect(rotationStatus({ createdAt: created }, now, 90, { timeZone: 'America/New_York' }).ageDays).toBe(2);
    expect(localDayNumber(at('2025-03-10T03:59:00Z'), { timeZone: 'America/New_York' })).toBe(
      localDayNumber(at('2025-03-09T05:00:00Z'), { timeZone: 'America/New_York' }),
    );
  });

  it('never marks a retired key due, and treats a creation time in the future as today', () => {
    const now = at('2025-06-10T12:00:00Z');
    expect(rotationStatus({ createdAt: '2024-01-01T00:00:00Z', retiredAt: now - 1000 }, now, 90)).toMatchObject({ status: 'retired' });
    expect(rotationStatus({ createdAt: '2025-06-12T00:00:00Z' }, now, 90)).toMatchObject({ ageDays: 0, status: 'ok' });
  });
});

/** Hourly buckets: `calls` per hour for each of `hours` hours ending at `end` (exclusive). */
function steady(end: number, hours: number, callsPerHour: number, creditsPerCall = 0.001): ActivityBucket[] {
  return Array.from({ length: hours }, (_, i) => ({
    start: end - (hours - i) * HOUR_MS,
    calls: callsPerHour,
    credits: callsPerHour * creditsPerCall,
  }));
}

describe('activity windows: rolling 24-hour windows ending at the end of the current hour', () => {
  const asOf = at('2025-06-10T09:20:00Z');
  const end = at('2025-06-10T10:00:00Z');

  it('a key with no history has an empty last day and, if it existed, 14 empty days before it', () => {
    const w = activityWindows([], asOf, 0);
    expect(w.last24h).toEqual({ calls: 0, credits: 0 });
    expect(w.history).toHaveLength(14);
    expect(w.history.every((d) => d.calls === 0)).toBe(true);
    expect(w.windowEnd).toBe(end);
    expect(w.windowStart).toBe(end - DAY_MS);
    expect(activityAlerts({ last24h: w.last24h, history: w.history, lastUsedAt: null, retiredAt: null }, NO_LIMITS)).toEqual([]);
  });

  it('leaves out the days before the key existed instead of counting them as empty', () => {
    const createdToday = asOf - 2 * HOUR_MS;
    expect(activityWindows([], asOf, createdToday).history).toEqual([]);
    const tenDaysOld = end - 10 * DAY_MS - 5 * HOUR_MS;
    expect(activityWindows([], asOf, tenDaysOld).history).toHaveLength(9);
  });

  it('puts each hour in exactly one window, at the edges too', () => {
    const buckets: ActivityBucket[] = [
      { start: end - HOUR_MS, calls: 1, credits: 0.5 }, // the current hour
      { start: end - DAY_MS, calls: 2, credits: 0 }, // the oldest hour of the last 24 h
      { start: end - DAY_MS - HOUR_MS, calls: 4, credits: 0 }, // the newest hour of the day before
      { start: end - 15 * DAY_MS - HOUR_MS, calls: 100, credits: 0 }, // beyond the 14 days: ignored
      { start: end - 15 * DAY_MS, calls: 8, credits: 0 }, // the oldest hour of the 14th day
      { start: end, calls: 100, credits: 0 }, // after the anchor: ignored
    ];
    const w = activityWindows(buckets, asOf, 0);
    expect(w.last24h).toEqual({ calls: 3, credits: 0.5 });
    expect(w.history[0]).toEqual({ calls: 4, credits: 0 });
    expect(w.history[13]).toEqual({ calls: 8, credits: 0 });
    expect(w.history.reduce((s, d) => s + d.calls, 0)).toBe(12);
  });

  it('keeps a burst that straddles local midnight as one burst, whatever the zone (no calendar days involved)', () => {
    // 15:00–17:00 UTC is 23:00–01:00 in Shanghai: a calendar-day rule would split it in two halves.
    const asOfEvening = at('2025-06-10T17:30:00Z');
    const burst: ActivityBucket[] = [
      { start: at('2025-06-10T15:00:00Z'), calls: 30, credits: 0.3 },
      { start: at('2025-06-10T16:00:00Z'), calls: 30, credits: 0.3 },
    ];
    const history = steady(at('2025-06-09T18:00:00Z'), 14 * 24, 1).filter((b) => b.start % (2 * HOUR_MS) === 0); // 12 calls a day
    const w = activityWindows([...history, ...burst], asOfEvening, 0);
    expect(w.last24h.calls).toBe(60);
    const alerts = activityAlerts({ ...w, lastUsedAt: null, retiredAt: null }, NO_LIMITS);
    expect(alerts.map((a) => a.reason)).toContain('calls-spike');
  });
});

describe('unusual activity', () => {
  const days = (calls: number[], creditsPerCall = 0.01): DayTotals[] => calls.map((c) => ({ calls: c, credits: c * creditsPerCall }));
  const input = (last: number, history: DayTotals[], extra: Partial<{ lastUsedAt: number | null; retiredAt: number | null }> = {}) => ({
    last24h: { calls: last, credits: last * 0.01 },
    history,
    lastUsedAt: null,
    retiredAt: null,
    ...extra,
  });

  it('flags more than three times the 14-day median, with the numbers behind it', () => {
    const history = days([10, 12, 9, 10, 11, 10, 8, 10, 13, 10, 9, 10, 2, 1]); // median 10
    expect(median(history.map((d) => d.calls))).toBe(10);
    expect(activityAlerts(input(30, history), NO_LIMITS)).toEqual([]);
    const alerts = activityAlerts(input(31, history), NO_LIMITS);
    expect(alerts).toContainEqual({ reason: 'calls-spike', calls24h: 31, median: 10, ratio: 3.1, historyDays: 14 });
    expect(alerts).toContainEqual(expect.objectContaining({ reason: 'credits-spike', credits24h: 0.31, median: 0.1, ratio: 3.1 }));
  });

  it(`ignores a jump of fewer than ${HYGIENE_RULES.minSpikeCalls} calls, even from a median of 0`, () => {
    const quiet = days(Array(14).fill(0));
    expect(activityAlerts(input(HYGIENE_RULES.minSpikeCalls - 1, quiet), NO_LIMITS)).toEqual([]);
    const woke = activityAlerts(input(HYGIENE_RULES.minSpikeCalls, quiet), NO_LIMITS);
    expect(woke).toContainEqual({ reason: 'calls-spike', calls24h: 20, median: 0, ratio: null, historyDays: 14 });
  });

  it(`needs ${HYGIENE_RULES.minHistoryDays} days of history for the spike rule; the fixed limits apply from day one`, () => {
    const young = days([1, 1, 1, 1, 1, 1]);
    expect(activityAlerts(input(500, young), NO_LIMITS)).toEqual([]);
    expect(activityAlerts(input(500, [...young, { calls: 1, credits: 0.01 }]), NO_LIMITS).map((a) => a.reason)).toEqual([
      'calls-spike',
      'credits-spike',
    ]);
    expect(activityAlerts(input(500, []), { callsPer24h: 100, creditsPer24h: 4.99 })).toEqual([
      { reason: 'calls-over-limit', calls24h: 500, limit: 100 },
      { reason: 'credits-over-limit', credits24h: 5, limit: 4.99 },
    ]);
  });

  it('flags a limit only when it is exceeded, not reached', () => {
    expect(activityAlerts(input(100, []), { callsPer24h: 100, creditsPer24h: 1 })).toEqual([]);
  });

  it('flags a retired key used after it was retired, and not before', () => {
    const retiredAt = at('2025-06-01T00:00:00Z');
    expect(activityAlerts(input(0, [], { retiredAt, lastUsedAt: retiredAt - 1 }), NO_LIMITS)).toEqual([]);
    expect(activityAlerts(input(0, [], { retiredAt, lastUsedAt: retiredAt }), NO_LIMITS)).toEqual([]);
    expect(activityAlerts(input(1, [], { retiredAt, lastUsedAt: retiredAt + 5000 }), NO_LIMITS)).toEqual([
      { reason: 'used-after-retired', retiredAt, lastUsedAt: retiredAt + 5000 },
    ]);
  });

  it('takes the median of an even number of days as the mean of the middle two', () => {
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});

describe('health at a glance', () => {
  const key = (over: Partial<KeyHealth>): KeyHealth => ({
    keyId: 'k',
    hubId: 'h',
    name: 'k',
    rotation: { status: 'ok', ageDays: 1, periodDays: 90, dueOn: '2025-01-01', daysLeft: 89 },
    usage: {
      status: 'known',
      calls24h: 0,
      credits24h: 0,
      medianCalls: null,
      medianCredits: null,
      historyDays: 0,
      lastUsedAt: 1,
      lastUseKnown: true,
    },
    alerts: [],
    usedBy: [],
    shared: false,
    retiredAt: null,
    lastCheckAt: 1,
    checkStale: false,
    ...over,
  });

  it('counts due, alerted, never used, not checked recently and unknown keys', () => {
    const summary = healthSummary([
      key({ rotation: { status: 'due', ageDays: 100, periodDays: 90, dueOn: '2025-01-01', daysLeft: -10 } }),
      key({ alerts: [{ reason: 'calls-over-limit', calls24h: 5, limit: 1 }] }),
      key({
        usage: {
          status: 'known',
          calls24h: 0,
          credits24h: 0,
          medianCalls: 0,
          medianCredits: 0,
          historyDays: 14,
          lastUsedAt: null,
          lastUseKnown: true,
        },
      }),
      // Unknown whether ever used (no year-long totals): not counted as never used.
      key({
        usage: {
          status: 'known',
          calls24h: 0,
          credits24h: 0,
          medianCalls: 0,
          medianCredits: 0,
          historyDays: 14,
          lastUsedAt: null,
          lastUseKnown: false,
        },
      }),
      key({ usage: { status: 'no-access-key-id' }, checkStale: true }),
      key({ usedBy: ['a', 'b'], shared: true }),
    ]);
    expect(summary).toEqual({
      total: 6,
      needsAttention: 2,
      dueForRotation: 1,
      dueSoon: 0,
      withAlerts: 1,
      neverUsed: 1,
      notCheckedRecently: 1,
      usageUnknown: 1,
      shared: 1,
    });
  });

  it(`calls a check stale after ${HYGIENE_RULES.staleCheckDays} days, and a key never checked stale`, () => {
    const now = at('2025-06-30T00:00:00Z');
    expect(checkIsStale(null, now)).toBe(true);
    expect(checkIsStale(now - 30 * DAY_MS, now)).toBe(false);
    expect(checkIsStale(now - 30 * DAY_MS - 1, now)).toBe(true);
  });
});
