import {
  HYGIENE_RULES,
  type ActivityAlert,
  type ActivityBucket,
  type HealthSummary,
  type KeyHealth,
  type Rotation,
} from '../../../shared/hygiene';

/**
 * The key-hygiene rules as pure functions of their inputs and a clock. The
 * decisions they encode (documented here once, tested in test/unit/hygiene):
 *
 * - Age is counted in the user's LOCAL calendar days: a key created today is
 *   0 days old whatever the hour, and becomes 1 at the next local midnight.
 *   It is due for rotation when its age reaches the period (age ≥ period).
 * - Activity windows are ROLLING 24-hour windows ending at the end of the
 *   current UTC hour (the call log is bucketed by hour), not calendar days:
 *   "the last 24 hours" means the same thing in every time zone and across a
 *   DST change, and a burst that straddles local midnight stays one burst.
 * - The spike rule compares the last 24 h with the median of the 14 windows
 *   before it, counting only windows the key existed for (and the data
 *   covers). It needs `minHistoryDays` such windows, and at least
 *   `minSpikeCalls` calls in the last 24 h, so a new key ramping up or a quiet
 *   key making 5 calls instead of 1 is not an alarm. A median of 0 with enough
 *   calls IS an alarm: a dormant key waking up is the classic leak.
 */

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** The user's zone: an IANA name, else a fixed JS offset (`getTimezoneOffset()` minutes, UTC+8 → −480), else UTC. */
export interface ZoneSpec {
  timeZone?: string | undefined;
  offsetMinutes?: number | undefined;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  if (!formatters.has(timeZone)) {
    try {
      formatters.set(timeZone, new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }));
    } catch {
      formatters.set(timeZone, null); // an unknown zone name: fall back to the offset
    }
  }
  return formatters.get(timeZone) ?? null;
}

/** The local calendar day of an instant, as days since 1970-01-01 (so differences are whole days). */
export function localDayNumber(t: number, zone: ZoneSpec = {}): number {
  const f = zone.timeZone ? formatterFor(zone.timeZone) : null;
  if (f) {
    const parts = Object.fromEntries(f.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
    return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day)) / DAY_MS;
  }
  return Math.floor((t - (zone.offsetMinutes ?? 0) * 60_000) / DAY_MS);
}

function isoDay(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/**
 * How old a key is in local days and whether it is due for rotation. A retired
 * key is never "due" (it is on its way out); a creation time in the future
 * (a clock that was wrong) counts as today.
 */
export function rotationStatus(
  key: { createdAt: string | number; retiredAt?: string | number | null | undefined },
  now: number,
  periodDays: number,
  zone: ZoneSpec = {},
): Rotation {
  const created = typeof key.createdAt === 'number' ? key.createdAt : Date.parse(key.createdAt);
  const createdDay = localDayNumber(Math.min(created, now), zone);
  const ageDays = Math.max(0, localDayNumber(now, zone) - createdDay);
  const daysLeft = periodDays - ageDays;
  const base = { ageDays, periodDays, dueOn: isoDay(createdDay + periodDays), daysLeft };
  if (key.retiredAt !== undefined && key.retiredAt !== null) return { status: 'retired', ...base };
  if (daysLeft <= 0) return { status: 'due', ...base };
  if (daysLeft <= Math.min(HYGIENE_RULES.soonDays, Math.floor(periodDays / 3))) return { status: 'soon', ...base };
  return { status: 'ok', ...base };
}

export interface DayTotals {
  calls: number;
  credits: number;
}

export interface ActivityWindows {
  /** The current hour and the 23 before it. */
  last24h: DayTotals;
  /** The windows before it that the key existed for, newest first (at most `historyDays`). */
  history: DayTotals[];
  /** `[start, end)` of the last 24 h. */
  windowStart: number;
  windowEnd: number;
}

/**
 * Cuts a key's hourly buckets into the last 24 h and the 24-hour windows
 * before it, anchored at the end of the hour `asOf` falls in. Windows that
 * start before `knownSince` (the key did not exist yet, or the data does not
 * reach back that far) are left out rather than counted as empty days.
 */
export function activityWindows(
  buckets: readonly ActivityBucket[],
  asOf: number,
  knownSince: number,
  historyDays: number = HYGIENE_RULES.historyDays,
): ActivityWindows {
  const windowEnd = Math.floor(asOf / HOUR_MS) * HOUR_MS + HOUR_MS;
  const windowStart = windowEnd - DAY_MS;
  const since = Math.floor(knownSince / HOUR_MS) * HOUR_MS;
  const sums = Array.from({ length: historyDays + 1 }, () => ({ calls: 0, credits: 0 }));
  for (const b of buckets) {
    if (b.start >= windowEnd) continue;
    const index = Math.floor((windowEnd - 1 - b.start) / DAY_MS);
    const slot = sums[index];
    if (!slot) continue;
    slot.calls += b.calls;
    slot.credits += b.credits;
  }
  const history: DayTotals[] = [];
  for (let d = 1; d <= historyDays; d++) {
    if (windowEnd - (d + 1) * DAY_MS < since) break;
    history.push(roundTotals(sums[d]!));
  }
  return { last24h: roundTotals(sums[0]!), history, windowStart, windowEnd };
}

function roundTotals(t: DayTotals): DayTotals {
  return { calls: t.calls, credits: Math.round(t.credits * 1e10) / 1e10 };
}

/** The middle value (the mean of the two middle ones for an even count); 0 for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface ActivityThresholds {
  /** The user's fixed limits (null = off). */
  callsPer24h: number | null;
  creditsPer24h: number | null;
}

export interface ActivityInput {
  last24h: DayTotals;
  history: readonly DayTotals[];
  /** Last call the hub recorded for the key (ms), null when none. */
  lastUsedAt: number | null;
  /** When the user marked the key retired (ms), null when not. */
  retiredAt: number | null;
}

/** Every rule the key's recent activity breaks, each with the numbers behind it. */
export function activityAlerts(input: ActivityInput, thresholds: ActivityThresholds): ActivityAlert[] {
  const alerts: ActivityAlert[] = [];
  const { calls, credits } = input.last24h;
  if (thresholds.callsPer24h !== null && calls > thresholds.callsPer24h) {
    alerts.push({ reason: 'calls-over-limit', calls24h: calls, limit: thresholds.callsPer24h });
  }
  if (thresholds.creditsPer24h !== null && credits > thresholds.creditsPer24h) {
    alerts.push({ reason: 'credits-over-limit', credits24h: credits, limit: thresholds.creditsPer24h });
  }
  const days = input.history.length;
  if (days >= HYGIENE_RULES.minHistoryDays && calls >= HYGIENE_RULES.minSpikeCalls) {
    const factor = HYGIENE_RULES.spikeFactor;
    const callsMedian = median(input.history.map((d) => d.calls));
    if (calls > factor * callsMedian) {
      alerts.push({ reason: 'calls-spike', calls24h: calls, median: callsMedian, ratio: ratio(calls, callsMedian), historyDays: days });
    }
    const creditsMedian = median(input.history.map((d) => d.credits));
    if (credits > 0 && credits > factor * creditsMedian) {
      alerts.push({
        reason: 'credits-spike',
        credits24h: credits,
        median: creditsMedian,
        ratio: ratio(credits, creditsMedian),
        historyDays: days,
      });
    }
  }
  if (input.retiredAt !== null && input.lastUsedAt !== null && input.lastUsedAt > input.retiredAt) {
    alerts.push({ reason: 'used-after-retired', retiredAt: input.retiredAt, lastUsedAt: input.lastUsedAt });
  }
  return alerts;
}

function ratio(value: number, base: number): number | null {
  return base > 0 ? Math.round((value / base) * 10) / 10 : null;
}

/** A key never checked, or last checked longer ago than `staleCheckDays`. */
export function checkIsStale(lastCheckAt: number | null, now: number): boolean {
  return lastCheckAt === null || now - lastCheckAt > HYGIENE_RULES.staleCheckDays * DAY_MS;
}

/** The Keys page's at-a-glance counts. */
export function healthSummary(keys: readonly KeyHealth[]): HealthSummary {
  const count = (test: (k: KeyHealth) => boolean) => keys.filter(test).length;
  return {
    total: keys.length,
    needsAttention: count((k) => k.rotation.status === 'due' || k.alerts.length > 0),
    dueForRotation: count((k) => k.rotation.status === 'due'),
    dueSoon: count((k) => k.rotation.status === 'soon'),
    withAlerts: count((k) => k.alerts.length > 0),
    neverUsed: count((k) => k.usage.status === 'known' && k.usage.lastUseKnown && k.usage.lastUsedAt === null),
    notCheckedRecently: count((k) => k.checkStale),
    usageUnknown: count((k) => k.usage.status !== 'known'),
    shared: count((k) => k.shared),
  };
}
