// UsageService against a real sandbox hub over real HTTP: 90 seeded days plus
// calls this file makes itself, every figure checked against the calls the
// sandbox recorded (admin.calls()), exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketsOf, resolveRange } from '../../../src/main/services/usage/aggregate';
import { UsageService } from '../../../src/main/services/usage/service';
import type { ClientCall } from '../../../src/shared/call-log';
import type { UsageProgress, UsageRange } from '../../../src/shared/usage';
import { startSandboxHub, type CreatedKey, type SandboxHub } from '../../../sandbox-hub/index';
import {
  chat,
  exactCredits,
  groupBy,
  keyPorts,
  localDayStart,
  startCountingProxy,
  testKey,
  truthCalls,
  truthTotals,
  type CountingProxy,
  type TestKey,
} from './support';

const HUB = 'hub-1';
const T0 = Date.UTC(2025, 2, 20, 12, 34, 56); // Thursday 20 March 2025, 12:34:56 UTC
const MIN = 60_000;
const HOUR = 60 * MIN;
const UTC8 = -480;
const UTC_MINUS5 = 300;

let clock = T0;
let hub: SandboxHub;
let proxy: CountingProxy;
let alpha: CreatedKey;
let beta: CreatedKey;
let otherUser: CreatedKey;
let keys: TestKey[];

function service(over: Partial<ConstructorParameters<typeof UsageService>[0]> = {}) {
  const ports = keyPorts(HUB, keys, () => `${proxy.url}/ai-kit`);
  return new UsageService({ resolver: ports.resolver, directory: ports.directory, now: () => clock, ...over });
}

const range = (preset: '24h' | '7d' | '30d' | '90d', timezoneOffset = UTC8): UsageRange => ({ preset, timezoneOffset });
const modelCallsRequests = () => proxy.count('/api/user/model-calls');

beforeAll(async () => {
  hub = await startSandboxHub({ seedUsageDays: 90, now: () => clock, proseTokensPerSecond: 0 });
  proxy = await startCountingProxy(hub.url);
  alpha = hub.admin.createKey({ name: 'Alpha', credits: 50 });
  beta = hub.admin.createKey({ name: 'Beta' });
  otherUser = hub.admin.createKey({ name: 'Other account', userDid: 'z1OtherUserOfTheSameHub', credits: 5 });
  const laptop = hub.admin.listKeys().find((k) => k.name === 'Laptop CLI')!;
  keys = [
    testKey('k-alpha', alpha, { isDefault: true }),
    testKey('k-beta', beta),
    // A seeded key the app also keeps, under its own name (no secret needed: never used to authenticate).
    { keyId: 'k-laptop', name: 'My laptop', accessKeyId: laptop.accessKeyId, secret: 'blocklet-unused' },
    testKey('k-other', otherUser),
    { keyId: 'k-pasted', name: 'Pasted, id unknown', secret: 'blocklet-unused' },
  ];
  const at = async (t: number, key: CreatedKey, prompt: string, headers: Record<string, string> = {}) => {
    clock = t;
    expect(await chat(hub.mountUrl, key.secret, prompt, headers)).toBe(200);
  };
  await at(T0 - 26 * HOUR, alpha, 'yesterday was long ago', { 'x-request-id': 'client-0' });
  await at(T0 - 3 * HOUR, alpha, 'one two three', { 'x-request-id': 'client-1' });
  await at(T0 - 2 * HOUR, beta, 'four five');
  await at(T0 - 90 * MIN, other(), 'a call from another account');
  await at(T0 - 30 * MIN, alpha, 'six seven eight nine');
  await at(T0 - 20 * MIN, beta, 'ten');
  clock = T0;
});

function other() {
  return otherUser;
}

afterAll(async () => {
  await proxy?.close();
  await hub?.close();
});

describe('overview', () => {
  it('per-key rows equal the recorded calls exactly, with the app’s names for its keys (90 days, UTC+8)', async () => {
    const svc = service();
    const snap = await svc.overview(HUB, range('90d'));
    expect(snap).toMatchObject({ source: 'live', stale: false, ageMs: 0, fetchedAt: T0 });
    const { data } = snap;
    const truth = truthCalls(hub.admin.calls(), data.range.start, data.range.end);
    expect(truth.length).toBeGreaterThan(5000);
    expect(data.totals).toMatchObject(truthTotals(truth));

    const byKey = groupBy(truth, (c) => c.appDid);
    const rows = new Map(data.keys.map((k) => [k.appDid, k]));
    for (const [appDid, calls] of byKey) expect(rows.get(appDid), appDid).toMatchObject(truthTotals(calls));
    // Local keys without calls still get a (zero) row; the other account's key has none in this account's figures.
    expect(rows.get(otherUser.accessKeyId)).toMatchObject({
      calls: 0,
      credits: 0,
      successRate: null,
      name: 'Other account',
      keyId: 'k-other',
    });

    expect(rows.get(alpha.accessKeyId)).toMatchObject({
      name: 'Alpha',
      nameSource: 'local',
      keyId: 'k-alpha',
      accessKeyId: alpha.accessKeyId,
    });
    expect(rows.get(alpha.accessKeyId)!.lastUsedAt).toBe(T0 - 30 * MIN);
    expect(rows.get(keys[2]!.accessKeyId!)).toMatchObject({ name: 'My laptop', nameSource: 'local' });
    const ci = data.keys.find((k) => k.name === 'CI pipeline');
    expect(ci).toMatchObject({ nameSource: 'hub' });
    expect(ci!.keyId).toBeUndefined();
    const clientApp = data.keys.find((k) => k.nameSource === 'id');
    expect(clientApp?.appDid).toBe(clientApp?.name); // the seeded client app DID: no name anywhere
    expect(data.keys.map((k) => k.calls)).toEqual([...data.keys.map((k) => k.calls)].sort((a, b) => b - a));

    const credits = hub.admin.credits(alpha.accessKeyId);
    expect(data.quota).toMatchObject({ total: credits.granted, remaining: credits.balance, pendingCredit: credits.pending });
  });

  it("carries the hub's per-key daily trend at local midnights, agreeing with the recorded calls", async () => {
    const { data } = await service().overview(HUB, range('30d', UTC_MINUS5));
    expect(data.trend.granularity).toBe('day');
    expect(data.trend.buckets.map((b) => b.start)).toEqual(bucketsOf(data.range).map((b) => b.start));
    for (const b of data.trend.buckets) expect((b.start - UTC_MINUS5 * MIN) % (24 * HOUR)).toBe(0);
    const truth = truthCalls(hub.admin.calls(), data.range.start, data.range.end);
    for (const key of data.trend.keys) {
      const perDay = groupBy(
        truth.filter((c) => c.appDid === key.appDid),
        (c) => String(localDayStart(c.callTime, UTC_MINUS5)),
      );
      data.trend.buckets.forEach((bucket, i) => {
        const calls = perDay.get(String(bucket.start)) ?? [];
        expect(key.points[i]!.calls).toBe(calls.length);
        expect(key.points[i]!.credits).toBeCloseTo(exactCredits(calls.map((c) => c.credits)), 9);
      });
    }
    expect(data.trend.keys.find((k) => k.appDid === beta.accessKeyId)?.name).toBe('Beta');
  });
});

describe('models and series', () => {
  it('per-model totals over 90 days equal the recorded calls exactly', async () => {
    const { data } = await service().models(HUB, range('90d'));
    const truth = truthCalls(hub.admin.calls(), data.range.start, data.range.end);
    const byModel = groupBy(truth, (c) => `sandbox/${c.model}`);
    expect(data.rows.map((r) => r.modelId).sort()).toEqual([...byModel.keys()].sort());
    for (const row of data.rows) {
      const calls = byModel.get(row.modelId)!;
      expect(row).toMatchObject(truthTotals(calls));
      const ok = calls.filter((c) => c.status === 'success');
      expect(row.successRate).toBe(ok.length / calls.length);
      expect(row.avgTtfbMs).toBe(Math.round(ok.reduce((s, c) => s + c.ttfb, 0) / ok.length));
    }
    expect(data.totals).toMatchObject(truthTotals(truth));
  });

  it('daily series by model at UTC−5: buckets at New York midnights, every day equal to the recorded calls', async () => {
    const svc = service();
    const calls = await svc.series(HUB, range('90d', UTC_MINUS5), { groupBy: 'model', metric: 'calls' });
    const credits = await svc.series(HUB, range('90d', UTC_MINUS5), { groupBy: 'model', metric: 'credits' });
    const { data } = calls;
    expect(data.buckets).toHaveLength(90);
    for (const b of data.buckets) expect(new Date(b.start - UTC_MINUS5 * MIN).getUTCHours()).toBe(0);
    const truth = truthCalls(hub.admin.calls(), data.range.start, data.range.end);
    for (const series of data.series) {
      const perDay = groupBy(
        truth.filter((c) => `sandbox/${c.model}` === series.id),
        (c) => String(localDayStart(c.callTime, UTC_MINUS5)),
      );
      const creditSeries = credits.data.series.find((s) => s.id === series.id)!;
      data.buckets.forEach((b, i) => {
        const day = perDay.get(String(b.start)) ?? [];
        expect(series.values[i]).toBe(day.length);
        expect(creditSeries.values[i]).toBe(exactCredits(day.map((c) => c.credits)));
      });
    }
    expect(data.total.reduce((s, v) => s! + v!, 0)).toBe(truth.length);
  });

  it('hourly series by key over 24 h at UTC+8: local hours, each equal to the recorded calls', async () => {
    const { data } = await service().series(HUB, range('24h'), { groupBy: 'key', metric: 'calls' });
    expect(data.range.granularity).toBe('hour');
    expect(data.buckets).toHaveLength(24);
    expect(data.buckets.at(-1)!.key).toBe('2025-03-20T20:00+08:00');
    const truth = truthCalls(hub.admin.calls(), data.range.start, data.range.end);
    for (const series of data.series) {
      data.buckets.forEach((b, i) => {
        const n = truth.filter((c) => c.appDid === series.id && c.callTime * 1000 >= b.start && c.callTime * 1000 < b.start + HOUR).length;
        expect(series.values[i]).toBe(n);
      });
    }
    expect(data.series.find((s) => s.id === alpha.accessKeyId)?.name).toBe('Alpha');
  });

  it('reads numbers sent as strings exactly as numbers', async () => {
    const plain = service();
    const [overview, models] = [await plain.overview(HUB, range('7d')), await plain.models(HUB, range('7d'))];
    proxy.stringifyNumbers = true;
    try {
      const stringy = service();
      expect((await stringy.overview(HUB, range('7d'))).data).toEqual(overview.data);
      expect((await stringy.models(HUB, range('7d'))).data).toEqual(models.data);
    } finally {
      proxy.stringifyNumbers = false;
    }
  });
});

describe('incremental call-log paging', () => {
  it('pages the log once, reports progress, then fetches only records newer than what it has', async () => {
    const svc = service({ settleMs: 0, longestCallMs: 0 });
    const progress: UsageProgress[] = [];
    const before = modelCallsRequests();
    const first = await svc.models(HUB, range('30d'), (p) => progress.push(p));
    const inRange = truthCalls(hub.admin.calls(), first.data.range.start, first.data.range.end).length;
    expect(modelCallsRequests() - before).toBe(Math.ceil(inRange / 100));
    expect(svc.lastSync(HUB, 'k-alpha')).toMatchObject({ requests: Math.ceil(inRange / 100), received: inRange });
    expect(progress.at(-1)).toEqual({ fetched: inRange, total: inRange });
    expect(progress.every((p, i) => p.fetched <= p.total && (i === 0 || p.fetched >= progress[i - 1]!.fetched))).toBe(true);

    // Two minutes later, three new calls.
    const horizon = Math.floor(clock / 1000) * 1000; // settle 0: everything before this second is final
    clock = T0 + 2 * MIN;
    await chat(hub.mountUrl, alpha.secret, 'new one');
    await chat(hub.mountUrl, beta.secret, 'new two');
    await chat(hub.mountUrl, alpha.secret, 'new three');
    const mark = modelCallsRequests();
    const second = await svc.models(HUB, range('30d'));
    const fresh = truthCalls(hub.admin.calls(), horizon, clock + 1000);
    expect(fresh.length).toBeGreaterThanOrEqual(3);
    expect(modelCallsRequests() - mark).toBe(1);
    expect(svc.lastSync(HUB, 'k-alpha')).toMatchObject({ requests: 1, received: fresh.length });
    const lastQuery = proxy.requests.filter((r) => r.path.endsWith('/api/user/model-calls')).at(-1)!;
    expect(Number(lastQuery.query.get('startTime'))).toBe(horizon / 1000);
    // And the figures include them, exactly.
    const truth = truthCalls(hub.admin.calls(), second.data.range.start, second.data.range.end);
    expect(second.data.totals).toMatchObject(truthTotals(truth));

    // Overview and series share the same mirror: nothing old is fetched again.
    const mark2 = modelCallsRequests();
    await svc.series(HUB, range('7d'), { groupBy: 'key', metric: 'credits' });
    await svc.overview(HUB, range('30d'));
    expect(modelCallsRequests() - mark2).toBe(2);
    clock = T0;
  });

  it('with the default settle time re-reads only the last minutes (records may appear late)', async () => {
    clock = T0 + 2 * MIN;
    const svc = service();
    await svc.models(HUB, range('30d'));
    // Final only once older than the settle time plus the longest call (60 min): the hub writes a record when its call ends.
    const settled = Math.floor((clock - 10 * MIN - 60 * MIN) / 1000) * 1000;
    clock += 5 * MIN;
    await svc.models(HUB, range('30d'));
    expect(svc.lastSync(HUB, 'k-alpha')).toMatchObject({
      requests: 1,
      received: truthCalls(hub.admin.calls(), settled, clock + 1000).length,
    });
    clock = T0;
  });

  it('can be aborted while paging, and the next call still works', async () => {
    const svc = service({ pageConcurrency: 1 });
    const controller = new AbortController();
    await expect(svc.models(HUB, range('30d'), () => controller.abort(), { signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    const again = await svc.models(HUB, range('30d'));
    expect(again.data.totals.calls).toBe(truthCalls(hub.admin.calls(), again.data.range.start, again.data.range.end).length);
  });

  it('reuses fresh figures when asked to (maxAgeMs) without calling the hub', async () => {
    const svc = service();
    await svc.overview(HUB, range('7d'));
    const mark = proxy.requests.length;
    clock = T0 + 30_000;
    const snap = await svc.overview(HUB, range('7d'), { maxAgeMs: 60_000 });
    expect(snap).toMatchObject({ source: 'cache', stale: false, ageMs: 30_000 });
    expect(proxy.requests.length).toBe(mark);
    clock = T0;
  });
});

describe('call log, key hints, the app’s own log', () => {
  it('pages the call log with filters, newest first, totals equal to the recorded calls', async () => {
    const svc = service();
    const q = { range: range('90d'), page: 1, pageSize: 20, model: 'sandbox/echo', appDid: alpha.accessKeyId };
    const { data } = await svc.calls(HUB, q);
    const truth = truthCalls(hub.admin.calls(), data.range.start, data.range.end).filter(
      (c) => c.model === 'echo' && c.appDid === alpha.accessKeyId,
    );
    expect(data.total).toBe(truth.length);
    expect(data.records.map((r) => r.id)).toEqual(
      truth
        .map((c) => c.id)
        .reverse()
        .slice(0, 20),
    );
    expect(data.records[0]).toMatchObject({ modelId: 'sandbox/echo', appName: 'Alpha', status: 'success' });

    // Exact model filter: the hub's own filter is a substring match, so `prose` would also bring `prose-mini`.
    const prose = await svc.calls(HUB, { range: range('90d'), model: 'sandbox/prose', pageSize: 5 });
    const allProse = truthCalls(hub.admin.calls(), prose.data.range.start, prose.data.range.end).filter((c) => c.model === 'prose');
    expect(prose.data.total).toBe(allProse.length);
    expect(prose.data.records.every((r) => r.model === 'prose')).toBe(true);

    const failed = await svc.calls(HUB, { range: range('90d'), status: 'failed', pageSize: 100, page: 2 });
    const allFailed = truthCalls(hub.admin.calls(), failed.data.range.start, failed.data.range.end).filter((c) => c.status === 'failed');
    expect(failed.data.total).toBe(allFailed.length);
    expect(failed.data.records.every((r) => r.status === 'failed' && r.errorReason)).toBe(true);
  });

  it('key hints: last use and 30-day calls for each local key, asking with a key of another account when needed', async () => {
    const { data } = await service().keyHints(HUB);
    const all = hub.admin.calls();
    const nowS = Math.floor(clock / 1000);
    const last30 = (appDid: string) =>
      all.filter((c) => c.appDid === appDid && c.callTime >= nowS - 30 * 86400 && c.callTime <= nowS).length;
    const lastUse = (appDid: string) => Math.max(...all.filter((c) => c.appDid === appDid).map((c) => c.callTime)) * 1000;
    const hint = (keyId: string) => data.find((h) => h.keyId === keyId)!;
    expect(hint('k-alpha')).toEqual({
      keyId: 'k-alpha',
      name: 'Alpha',
      accessKeyId: alpha.accessKeyId,
      calls30d: last30(alpha.accessKeyId),
      lastUsedAt: lastUse(alpha.accessKeyId),
    });
    expect(hint('k-beta')).toMatchObject({ calls30d: last30(beta.accessKeyId), lastUsedAt: lastUse(beta.accessKeyId) });
    expect(hint('k-laptop')).toMatchObject({ calls30d: last30(keys[2]!.accessKeyId!), lastUsedAt: lastUse(keys[2]!.accessKeyId!) });
    expect(hint('k-other')).toMatchObject({ calls30d: 1, lastUsedAt: T0 - 90 * MIN });
    expect(hint('k-pasted')).toEqual({ keyId: 'k-pasted', name: 'Pasted, id unknown', lastUsedAt: null, calls30d: null });
  });

  it('sets the app’s own call log beside the hub’s and flags the gaps', async () => {
    const base = { hubId: HUB, kind: 'chat' as const, durationMs: 20, status: 'success' as const };
    const clientCalls: ClientCall[] = [
      // Made with x-request-id = its id: a sure match. The app estimated twice the billed credits.
      {
        ...base,
        id: 'client-1',
        keyId: 'k-alpha',
        accessKeyId: alpha.accessKeyId,
        model: 'sandbox/echo',
        startedAt: new Date(T0 - 3 * HOUR).toISOString(),
        promptTokens: 3,
        completionTokens: 3,
        estimatedCredits: 0.00006,
      },
      // No request id: matched by key, model and time.
      {
        ...base,
        id: 'client-2',
        keyId: 'k-beta',
        accessKeyId: beta.accessKeyId,
        model: 'sandbox/echo',
        startedAt: new Date(T0 - 2 * HOUR - 400).toISOString(),
        promptTokens: 2,
        completionTokens: 2,
        estimatedCredits: 0.00002,
      },
      // Just made: the hub may not show it yet.
      {
        ...base,
        id: 'client-3',
        keyId: 'k-alpha',
        accessKeyId: alpha.accessKeyId,
        model: 'sandbox/echo',
        startedAt: new Date(T0 - MIN).toISOString(),
      },
      // An hour old and not on the hub.
      {
        ...base,
        id: 'client-4',
        keyId: 'k-alpha',
        accessKeyId: alpha.accessKeyId,
        model: 'sandbox/prose',
        startedAt: new Date(T0 - HOUR).toISOString(),
      },
    ];
    const svc = service({
      clientCalls: {
        list: ({ start, end }) => clientCalls.filter((c) => Date.parse(c.startedAt) >= start && Date.parse(c.startedAt) < end),
      },
    });
    const { data } = await svc.clientVsHub(HUB, range('24h'));
    const echo = data.rows.find((r) => r.modelId === 'sandbox/echo')!;
    const truthEcho = truthCalls(hub.admin.calls(), data.range.start, data.range.end).filter(
      (c) => c.model === 'echo' && [alpha.accessKeyId, beta.accessKeyId, otherUser.accessKeyId, keys[2]!.accessKeyId].includes(c.appDid),
    );
    expect(echo).toMatchObject({ matched: 2, unmatchedClient: 1, pending: 1, unmatchedHub: truthEcho.length - 2 });
    expect(echo.flags).toEqual(expect.arrayContaining(['pending-on-hub', 'credit-difference', 'hub-only-calls']));
    expect(echo.creditDifference).toBe(-0.00003);
    expect(echo.hub.calls).toBe(truthEcho.length);
    const prose = data.rows.find((r) => r.modelId === 'sandbox/prose')!;
    expect(prose.flags).toContain('missing-on-hub');
  });
});

describe('the wire', () => {
  it('sends the key only in the Authorization header, never x-aigne-hub-client-did, and the user’s timezoneOffset', () => {
    const usage = proxy.requests.filter((r) => r.path.includes('/api/usage/') || r.path.includes('/api/user/'));
    expect(usage.length).toBeGreaterThan(50);
    for (const r of usage) {
      expect(r.headers.authorization).toMatch(/^Bearer blocklet-/);
      expect(r.headers['x-aigne-hub-client-did']).toBeUndefined();
      expect(decodeURIComponent(r.path + r.query.toString())).not.toContain('blocklet-');
    }
    const trends = usage.filter((r) => r.path.endsWith('/group-trends')).map((r) => r.query.get('timezoneOffset'));
    expect(trends).toEqual(expect.arrayContaining(['-480', '300']));
    for (const r of usage.filter((u) => u.path.endsWith('/api/user/model-calls')))
      expect(Number(r.query.get('pageSize'))).toBeLessThanOrEqual(100);
  });

  it('a revoked key gets UNAUTHORIZED, not yesterday’s figures', async () => {
    const gone = hub.admin.createKey({ name: 'Soon revoked' });
    keys.push(testKey('k-gone', gone));
    const svc = service();
    await svc.overview(HUB, range('7d'), { keyId: 'k-gone' });
    hub.admin.revokeKey(gone.accessKeyId);
    await expect(svc.overview(HUB, range('7d'), { keyId: 'k-gone' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(svc.models(HUB, range('24h'), undefined, { keyId: 'k-gone' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    keys.pop();
  });

  it('names a hub without keys and an unusable range plainly', async () => {
    await expect(service().overview('no-such-hub', range('7d'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      service().overview(HUB, { start: '2025-01-02T00:00:00Z', end: '2025-01-01T00:00:00Z', timezoneOffset: 0 }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    expect(resolveRange(range('7d'), clock).granularity).toBe('day');
  });
});
