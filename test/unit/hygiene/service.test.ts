import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { hygieneReportSchema, type KeyActivity } from '../../../src/shared/hygiene';
import type { HubDTO, KeyDTO } from '../../../src/shared/keys';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings';
import type { KeyHint, Snapshot, UsageRecord } from '../../../src/shared/usage';
import { aggregateActivity, DAY_MS, HOUR_MS, HygieneService, NOTIFIED_STORE_KEY } from '../../../src/main/services/hygiene';
import { memoryStore } from '../../../src/main/services/settings/store';

const NOW = Date.parse('2025-06-10T09:20:00Z');
const SECRET = 'blocklet-z8LeakedSecretShouldNeverAppear1111111';

const hub: HubDTO = {
  id: 'h1',
  name: 'Hub',
  url: 'http://hub',
  origin: 'http://hub',
  mountUrl: 'http://hub/ai-kit',
  defaultKeyId: 'quiet',
  addedAt: '2025-01-01T00:00:00.000Z',
  keyCount: 4,
};

function key(id: string, over: Partial<KeyDTO> = {}): KeyDTO {
  return {
    id,
    hubId: 'h1',
    name: id,
    createdAt: new Date(NOW - 30 * DAY_MS).toISOString(),
    masked: 'blocklet-…abcd',
    source: 'generated',
    accessKeyId: `z1${id}`,
    isDefault: id === 'quiet',
    lastCheck: { at: new Date(NOW - DAY_MS).toISOString(), ok: true, user: 'Sandbox User' },
    ...over,
  };
}

/** `perDay` calls a day for 15 days before `end`, one every few hours, plus `burst` calls in the last hour. */
function records(appDid: string, perDay: number, burst = 0, end = NOW): UsageRecord[] {
  const out: UsageRecord[] = [];
  const base = { modelId: 'sandbox/echo', model: 'echo', provider: 'sandbox', status: 'success' as const, type: 'chatCompletion' };
  const common = { ...base, inputTokens: 1, outputTokens: 1, totalUsage: 2, durationMs: 10, ttfbMs: 5, appDid };
  for (let d = 0; d < 15; d++) {
    for (let i = 0; i < perDay; i++) {
      const time = end - d * DAY_MS - Math.floor(((i + 0.5) * DAY_MS) / perDay);
      out.push({ ...common, id: `${appDid}-${d}-${i}`, time, credits: 0.001 });
    }
  }
  for (let i = 0; i < burst; i++) out.push({ ...common, id: `${appDid}-burst-${i}`, time: end - 10 * 60_000, credits: 0.01 });
  return out;
}

function setup(opts: { settings?: Partial<Settings>; offline?: boolean; keys?: KeyDTO[]; data?: UsageRecord[] } = {}) {
  let now = NOW;
  const settings: Settings = { ...DEFAULT_SETTINGS, language: 'en', ...opts.settings };
  const store = memoryStore();
  const notified: { title: string; body: string }[] = [];
  const changes: unknown[] = [];
  const keys = opts.keys ?? [
    key('quiet'),
    key('bursting'),
    key('old', { createdAt: new Date(NOW - 120 * DAY_MS).toISOString(), name: `named ${SECRET}` }),
    key('pasted', { accessKeyId: undefined, source: 'pasted' }),
  ];
  const data = opts.data ?? [...records('z1quiet', 10), ...records('z1bursting', 10, 80), ...records('z1old', 4)];
  const fetched = NOW - 3 * 60 * 60_000; // the cached figures are three hours old
  const state = { offline: opts.offline ?? false, digests: 0 };
  const service = new HygieneService({
    keys: { listHubs: async () => [hub], listKeys: async () => keys },
    usage: {
      digest: async (_hubId, spec) => {
        state.digests++;
        const end = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
        if (state.offline) {
          const cachedEnd = Math.floor(fetched / HOUR_MS) * HOUR_MS + HOUR_MS;
          const snap: Snapshot<KeyActivity> = {
            fetchedAt: fetched,
            source: 'cache',
            ageMs: now - fetched,
            stale: true,
            error: { code: 'HUB_UNREACHABLE', message: 'The hub cannot be reached.' },
            data: spec.compute(
              data.filter((r) => r.time < fetched),
              cachedEnd - spec.days * DAY_MS,
              cachedEnd,
            ),
          };
          return snap;
        }
        return { fetchedAt: now, source: 'live', ageMs: 0, stale: false, data: spec.compute(data, end - spec.days * DAY_MS, end) };
      },
      keyHints: async () => {
        if (state.offline) throw new AppError('HUB_UNREACHABLE', 'The hub cannot be reached.');
        const hints: KeyHint[] = keys.map((k) => ({
          keyId: k.id,
          name: k.name,
          ...(k.accessKeyId ? { accessKeyId: k.accessKeyId } : {}),
          lastUsedAt: null,
          calls30d: k.accessKeyId ? 0 : null,
        }));
        return { fetchedAt: now, source: 'live', ageMs: 0, stale: false, data: hints };
      },
    },
    settings: { get: () => settings },
    store,
    notifier: { notify: (title, body) => notified.push({ title, body }) },
    onChanged: (c) => changes.push(c),
    now: () => now,
    timeZone: 'UTC',
  });
  return {
    service,
    settings,
    store,
    notified,
    changes,
    state,
    setNow: (t: number) => (now = t),
  };
}

describe('the hygiene report', () => {
  it('flags exactly the bursting key, marks the old key due, and says a pasted key’s use cannot be seen', async () => {
    const { service, changes } = setup();
    const report = hygieneReportSchema.parse(await service.report());
    const byId = new Map(report.keys.map((k) => [k.keyId, k]));
    expect(report.keys.filter((k) => k.alerts.length > 0).map((k) => k.keyId)).toEqual(['bursting']);
    expect(byId.get('bursting')!.alerts[0]).toMatchObject({ reason: 'calls-spike', calls24h: 90, median: 10, ratio: 9 });
    expect(byId.get('old')!.rotation).toMatchObject({ status: 'due', ageDays: 120 });
    expect(byId.get('quiet')!.rotation.status).toBe('ok');
    expect(byId.get('pasted')!.usage).toEqual({ status: 'no-access-key-id' });
    expect(report.summary).toMatchObject({ total: 4, dueForRotation: 1, withAlerts: 1, usageUnknown: 1 });
    expect(report.hubs).toEqual([
      {
        hubId: 'h1',
        dashboardUrl: 'http://hub/.well-known/service/user/settings#user-center-access-key-setting',
        source: 'live',
        asOf: NOW,
        stale: false,
      },
    ]);
    expect(changes).toEqual([{ generatedAt: NOW, summary: report.summary }]);
    // The same counts again are no news.
    await service.report({ refresh: true });
    expect(changes).toHaveLength(1);
  });

  it('applies the user’s fixed limits and filters to one hub when asked', async () => {
    const { service } = setup({ settings: { alertCallsPer24h: 9 } });
    const report = await service.report({ hubId: 'h1' });
    const alerted = report.keys.filter((k) => k.alerts.some((a) => a.reason === 'calls-over-limit')).map((k) => k.keyId);
    expect(alerted.sort()).toEqual(['bursting', 'quiet']);
    expect((await service.report({ hubId: 'other' })).keys).toEqual([]);
  });

  it('still detects offline, from the cached figures, anchored at the time they are as of', async () => {
    const { service } = setup({ offline: true });
    const report = await service.report();
    expect(report.hubs[0]).toMatchObject({ source: 'cache', stale: true, asOf: NOW - 3 * 60 * 60_000 });
    // The burst happened after the cache was taken: offline, the app cannot know of it yet.
    expect(report.keys.find((k) => k.keyId === 'bursting')!.alerts).toEqual([]);
    const { service: later } = setup({
      offline: true,
      data: [...records('z1quiet', 10), ...records('z1bursting', 10, 80, NOW - 4 * HOUR_MS)],
    });
    const offlineReport = await later.report();
    expect(offlineReport.keys.find((k) => k.keyId === 'bursting')!.alerts.map((a) => a.reason)).toContain('calls-spike');
    // Without the year-long totals, "never used" is not claimed.
    expect(offlineReport.summary.neverUsed).toBe(0);
  });

  it('gives the same activity alerts whatever the user’s time zone', async () => {
    const reasons = async (timeZone: string) => {
      const { service } = setup();
      const r = await service.report({ timeZone });
      return r.keys.map((k) => [k.keyId, k.alerts]);
    };
    const utc = await reasons('UTC');
    expect(await reasons('Asia/Shanghai')).toEqual(utc);
    expect(await reasons('America/Los_Angeles')).toEqual(utc);
  });

  it('marks a retired key that is used again, with both times', async () => {
    const retiredAt = new Date(NOW - 2 * DAY_MS).toISOString();
    const { service } = setup({ keys: [key('quiet', { retiredAt })], data: records('z1quiet', 10) });
    const [health] = (await service.report()).keys;
    expect(health!.rotation.status).toBe('retired');
    expect(health!.alerts).toContainEqual({
      reason: 'used-after-retired',
      retiredAt: Date.parse(retiredAt),
      lastUsedAt: expect.any(Number),
    });
  });

  it('treats a key created today as having no history: no spike, only the fixed limits', async () => {
    const today = key('fresh', { createdAt: new Date(NOW - 2 * HOUR_MS).toISOString() });
    const burst = records('z1fresh', 0, 200);
    const { service } = setup({ keys: [today], data: burst });
    expect((await service.report()).keys[0]!).toMatchObject({
      alerts: [],
      usage: { status: 'known', calls24h: 200, historyDays: 0, medianCalls: null },
      rotation: { ageDays: 0, status: 'ok' },
    });
    const limited = setup({ keys: [today], data: burst, settings: { alertCallsPer24h: 100 } });
    expect((await limited.service.report()).keys[0]!.alerts).toEqual([{ reason: 'calls-over-limit', calls24h: 200, limit: 100 }]);
  });
});

describe('notifications', () => {
  it('notify at most once a day per kind (injected clock), remembered in the settings store', async () => {
    const { service, notified, setNow, store } = setup();
    await service.check();
    expect(notified.map((n) => n.title)).toEqual(['A key is due for rotation', 'Unusual activity on “bursting”']);
    expect(notified[1]!.body).toContain('Check its calls, rotate it, and revoke the old key in the hub’s dashboard.');
    expect(store.get(NOTIFIED_STORE_KEY)).toEqual({ rotation: NOW, activity: NOW });

    setNow(NOW + 23 * HOUR_MS);
    await service.check();
    expect(notified).toHaveLength(2);

    // A day later the key is still due, but the burst has left the last 24 hours.
    setNow(NOW + DAY_MS);
    await service.check();
    expect(notified.map((n) => n.title)).toEqual([
      'A key is due for rotation',
      'Unusual activity on “bursting”',
      'A key is due for rotation',
    ]);
  });

  it('never put a key in a notification, even one pasted into a key’s name', async () => {
    const { service, notified, setNow } = setup();
    await service.check();
    setNow(NOW + DAY_MS);
    await service.check();
    expect(notified.length).toBeGreaterThan(0);
    for (const n of notified) expect(`${n.title} ${n.body}`).not.toContain(SECRET);
    expect(notified[0]!.body).toContain('“named blocklet-…”');
  });

  it('stay silent when the user turned notifications off, and speak Chinese when asked', async () => {
    const off = setup({ settings: { notifications: false } });
    await off.service.check();
    expect(off.notified).toEqual([]);
    const zh = setup({ settings: { language: 'zh-CN' } });
    await zh.service.check();
    expect(zh.notified[0]!.title).toBe('密钥需要轮换');
  });

  it('a notification time in the future (clock turned back) does not silence them for good', async () => {
    const { service, notified, store } = setup();
    store.set(NOTIFIED_STORE_KEY, { rotation: NOW + 10 * DAY_MS, activity: NOW + 10 * DAY_MS });
    await service.check();
    expect(notified).toHaveLength(2);
  });
});

describe('activity aggregation', () => {
  it('sums calls (any status) and credits per key and hour, inside the window only', () => {
    const start = NOW - 2 * HOUR_MS;
    const end = NOW + HOUR_MS;
    const recs = records('z1a', 0, 3).concat(records('z1b', 0, 1));
    recs.push({ ...recs[0]!, id: 'failed', status: 'failed', credits: 0 });
    recs.push({ ...recs[0]!, id: 'too-old', time: start - 1 });
    const activity = aggregateActivity(recs, start, end);
    expect(activity.apps.map((a) => [a.appDid, a.buckets.reduce((s, b) => s + b.calls, 0)])).toEqual([
      ['z1a', 4],
      ['z1b', 1],
    ]);
    expect(activity.apps[0]!.buckets).toEqual([{ start: Math.floor((NOW - 10 * 60_000) / HOUR_MS) * HOUR_MS, calls: 4, credits: 0.03 }]);
  });
});
