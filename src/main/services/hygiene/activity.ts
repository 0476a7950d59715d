import { keyActivitySchema, type AppActivity, type KeyActivity } from '../../../shared/hygiene';
import type { UsageRecord } from '../../../shared/usage';
import { HOUR_MS } from './rules';

/** Days of call log the detection reads: the last 24 h, the 14 days before it, and a day of slack for the hour alignment. */
export const ACTIVITY_DAYS = 16;

/**
 * Hourly calls and credits per appDid over `[start, end)`. Every record counts
 * as a call whatever its status: a leaked key's failed calls are activity too.
 * Plain JSON, so the usage cache can keep it for offline detection.
 */
export function aggregateActivity(records: readonly UsageRecord[], start: number, end: number): KeyActivity {
  const byApp = new Map<string, { buckets: Map<number, { calls: number; credits: number }>; first: number; last: number }>();
  for (const r of records) {
    if (r.time < start || r.time >= end) continue;
    let app = byApp.get(r.appDid);
    if (!app) byApp.set(r.appDid, (app = { buckets: new Map(), first: r.time, last: r.time }));
    const hour = Math.floor(r.time / HOUR_MS) * HOUR_MS;
    const bucket = app.buckets.get(hour) ?? { calls: 0, credits: 0 };
    bucket.calls += 1;
    bucket.credits += Number.isFinite(r.credits) && r.credits > 0 ? r.credits : 0;
    app.buckets.set(hour, bucket);
    app.first = Math.min(app.first, r.time);
    app.last = Math.max(app.last, r.time);
  }
  const apps: AppActivity[] = [...byApp].map(([appDid, app]) => ({
    appDid,
    buckets: [...app.buckets]
      .sort(([a], [b]) => a - b)
      .map(([hour, b]) => ({ start: hour, calls: b.calls, credits: Math.round(b.credits * 1e10) / 1e10 })),
    firstCallAt: app.first,
    lastCallAt: app.last,
  }));
  apps.sort((a, b) => a.appDid.localeCompare(b.appDid));
  return { start, end, apps };
}

/** The digest spec the usage service runs for detection. */
export const activityDigest = {
  name: 'keyActivity',
  days: ACTIVITY_DAYS,
  schema: keyActivitySchema,
  compute: aggregateActivity,
};
