// Usage aggregation over call records: time windows, buckets aligned to the
// user's local hours/days (via `timezoneOffset`), per-project statistics.
// Every query is one pass over a binary-searched slice of the sorted calls.
import { roundCredits } from './billing';
import { providerInfo } from './models';
import type { CallRecord } from '../state/types';

export const HOUR = 3600;
export const DAY = 86400;

export interface TimeWindow {
  startTime: number;
  endTime: number;
  /** Whole days covered, at least 1 (the hub's `timeRange`). */
  rangeDays: number;
}

/**
 * The window of a usage query, like the hub's getTimeRange: explicit
 * `startTime`/`endTime` (unix s) win; else `timeRange` days back from the end.
 * `timeRange` is tolerant: `30`, `"7d"`, `"24h"` or `"1.5"` all work.
 */
export function timeWindow(params: URLSearchParams, nowSec: number, defaultDays = 30): TimeWindow {
  const positive = (name: string) => {
    const value = Number.parseInt(params.get(name) ?? '', 10);
    return Number.isFinite(value) && value > 0 ? value : undefined;
  };
  const endTime = positive('endTime') ?? nowSec;
  const start = positive('startTime');
  if (start !== undefined) {
    const startTime = Math.min(start, endTime);
    return { startTime, endTime, rangeDays: Math.max(1, Math.ceil((endTime - startTime) / DAY)) };
  }
  const raw = (params.get('timeRange') ?? '').trim().toLowerCase();
  const amount = Number.parseFloat(raw);
  let seconds = defaultDays * DAY;
  if (Number.isFinite(amount) && amount > 0) seconds = raw.endsWith('h') ? amount * HOUR : amount * DAY;
  const startTime = Math.floor(endTime - seconds);
  return { startTime, endTime, rangeDays: Math.max(1, Math.ceil(seconds / DAY)) };
}

export type Granularity = 'hour' | 'day';

/** Ranges of a day or less bucket hourly, longer ones daily. */
export function granularityOf(window: TimeWindow): Granularity {
  return window.endTime - window.startTime <= DAY ? 'hour' : 'day';
}

/** Parses JS getTimezoneOffset() minutes (UTC+8 → -480); anything else is 0 (UTC). */
export function timezoneOffsetOf(params: URLSearchParams): number {
  const value = Number.parseInt(params.get('timezoneOffset') ?? '', 10);
  return Number.isFinite(value) && Math.abs(value) <= 24 * 60 ? value : 0;
}

/** Start (unix s) of the local hour/day containing `t`. Fixed offset: no DST shifts inside a range. */
export function bucketStart(t: number, size: number, timezoneOffsetMin: number): number {
  const shift = timezoneOffsetMin * 60;
  return Math.floor((t - shift) / size) * size + shift;
}

export function bucketList(window: TimeWindow, size: number, timezoneOffsetMin: number): number[] {
  const first = bucketStart(window.startTime, size, timezoneOffsetMin);
  const last = bucketStart(window.endTime, size, timezoneOffsetMin);
  const buckets: number[] = [];
  for (let t = first; t <= last; t += size) buckets.push(t);
  return buckets;
}

function lowerBound(calls: readonly CallRecord[], time: number): number {
  let lo = 0;
  let hi = calls.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((calls[mid]?.callTime ?? 0) < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Calls with startTime ≤ callTime ≤ endTime, from calls sorted by callTime. */
export function callsBetween(calls: readonly CallRecord[], startTime: number, endTime: number): CallRecord[] {
  return calls.slice(lowerBound(calls, startTime), lowerBound(calls, endTime + 1));
}

/** Running totals for one group of calls. */
export class StatsAccumulator {
  totalUsage = 0;
  totalCredits = 0;
  totalCalls = 0;
  successCalls = 0;
  private successDuration = 0;
  private successTtfb = 0;

  add(call: CallRecord): void {
    this.totalUsage += call.totalUsage;
    this.totalCredits += call.credits;
    this.totalCalls++;
    if (call.status === 'success') {
      this.successCalls++;
      this.successDuration += call.duration;
      this.successTtfb += call.ttfb;
    }
  }

  /** Average duration of successful calls in seconds, to 0.1 s as the hub rounds it. */
  get avgDuration(): number {
    return this.successCalls ? Math.round((this.successDuration / this.successCalls) * 10) / 10 : 0;
  }

  /** Average ttfb in **seconds** to 0.1 s, as the hub's trends send it (records keep ms). */
  get avgTtfb(): number {
    return this.successCalls ? Math.round(this.successTtfb / this.successCalls / 100) / 10 : 0;
  }

  get successRate(): number {
    return this.totalCalls ? (this.successCalls / this.totalCalls) * 100 : 0;
  }

  snapshot() {
    return {
      totalUsage: this.totalUsage,
      totalCredits: roundCredits(this.totalCredits),
      totalCalls: this.totalCalls,
      successCalls: this.successCalls,
      avgDuration: this.avgDuration,
      avgTtfb: this.avgTtfb,
    };
  }
}

/** Stats per appDid over the calls. */
export function statsByProject(calls: readonly CallRecord[]): Map<string, StatsAccumulator> {
  const byProject = new Map<string, StatsAccumulator>();
  for (const call of calls) {
    let stats = byProject.get(call.appDid);
    if (!stats) byProject.set(call.appDid, (stats = new StatsAccumulator()));
    stats.add(call);
  }
  return byProject;
}

/** Stats per bucket and appDid; every bucket of the window is present. */
export function trendsByProject(
  calls: readonly CallRecord[],
  window: TimeWindow,
  granularity: Granularity,
  timezoneOffsetMin: number,
): { timestamp: number; byProject: Map<string, StatsAccumulator> }[] {
  const size = granularity === 'hour' ? HOUR : DAY;
  const buckets = bucketList(window, size, timezoneOffsetMin);
  const index = new Map(buckets.map((t, i) => [t, i]));
  const rows = buckets.map((timestamp) => ({ timestamp, byProject: new Map<string, StatsAccumulator>() }));
  for (const call of calls) {
    const row = rows[index.get(bucketStart(call.callTime, size, timezoneOffsetMin)) ?? -1];
    if (!row) continue;
    let stats = row.byProject.get(call.appDid);
    if (!stats) row.byProject.set(call.appDid, (stats = new StatsAccumulator()));
    stats.add(call);
  }
  return rows;
}

/** Last call time per appDid over all of a user's calls (not just the window). */
export function lastCallTimes(calls: readonly CallRecord[], userDid: string): Map<string, number> {
  const last = new Map<string, number>();
  for (const call of calls) {
    if (call.userDid !== userDid) continue;
    if ((last.get(call.appDid) ?? 0) < call.callTime) last.set(call.appDid, call.callTime);
  }
  return last;
}

export interface CallFilter {
  userDid: string;
  startTime?: number | undefined;
  endTime?: number | undefined;
  appDid?: string | undefined;
  model?: string | undefined;
  status?: string | undefined;
  type?: string | undefined;
  providerId?: string | undefined;
  search?: string | undefined;
}

/** The hub's call-list filter: model is a substring match, search looks at model, id, traceId and userDid. */
export function filterCalls(calls: readonly CallRecord[], filter: CallFilter): CallRecord[] {
  const start = filter.startTime ?? 0;
  const end = filter.endTime ?? Number.MAX_SAFE_INTEGER;
  const model = filter.model?.toLowerCase();
  const search = filter.search?.toLowerCase();
  const status = filter.status === 'all' ? undefined : filter.status;
  return callsBetween(calls, start, end).filter((call) => {
    if (call.userDid !== filter.userDid) return false;
    if (filter.appDid && call.appDid !== filter.appDid) return false;
    if (status && call.status !== status) return false;
    if (filter.type && call.type !== filter.type) return false;
    if (filter.providerId && call.providerId !== filter.providerId) return false;
    // Tolerance: `sandbox/echo` matches the stored `echo` as well as `echo` itself.
    const fullId = `${providerInfo(call.providerId).name}/${call.model}`.toLowerCase();
    if (model && !call.model.toLowerCase().includes(model) && !fullId.includes(model)) {
      return false;
    }
    if (search) {
      const fields = [call.model, call.id, call.traceId ?? '', call.userDid];
      if (!fields.some((f) => f.toLowerCase().includes(search))) return false;
    }
    return true;
  });
}

/** Newest first, one page (page is 1-based). */
export function pageOf<T extends CallRecord>(calls: readonly T[], page: number, pageSize: number): T[] {
  const end = calls.length - (page - 1) * pageSize;
  if (end <= 0) return [];
  return calls.slice(Math.max(0, end - pageSize), end).reverse();
}
