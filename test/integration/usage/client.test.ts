// UsageClient against the sandbox hub over real HTTP: every usage endpoint,
// validated and normalised, and the hub's 401s as UNAUTHORIZED.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageClient } from '../../../src/main/services/usage/client';
import { startSandboxHub, type CreatedKey, type SandboxHub } from '../../../sandbox-hub/index';
import { chat, exactCredits, groupBy, truthCalls } from './support';

const T0 = Date.UTC(2025, 0, 15, 10, 30, 0);
const NOW_S = T0 / 1000;
const DAY_S = 86_400;
let clock = T0;
let hub: SandboxHub;
let key: CreatedKey;
let client: UsageClient;

beforeAll(async () => {
  hub = await startSandboxHub({ seedUsageDays: 14, now: () => clock, proseTokensPerSecond: 0 });
  key = hub.admin.createKey({ name: 'Client test', credits: 3 });
  clock = T0 - 60_000;
  await chat(hub.mountUrl, key.secret, 'count these four words', { 'x-request-id': 'req-client-test' });
  clock = T0;
  client = new UsageClient({ mountUrl: hub.mountUrl, secret: key.secret });
});

afterAll(async () => {
  await hub?.close();
});

const week = { startTime: NOW_S - 7 * DAY_S, endTime: NOW_S, timezoneOffset: -480 };

describe('UsageClient', () => {
  it('quota: numbers, used = total − remaining, 30-day daily average', async () => {
    const quota = await client.quota();
    const credits = hub.admin.credits(key.accessKeyId);
    expect(quota).toMatchObject({ total: credits.granted, remaining: credits.balance, pendingCredit: credits.pending });
    expect(quota.used).toBeCloseTo(credits.granted - credits.balance, 9);
    expect(quota.currency?.symbol).toBe('AHC');
  });

  it('projects: every key over the window, paged', async () => {
    const truth = groupBy(truthCalls(hub.admin.calls(), week.startTime * 1000, (week.endTime + 1) * 1000), (c) => c.appDid);
    const one = await client.projects(week, { page: 1, pageSize: 2, sortBy: 'totalCalls', sortOrder: 'desc' });
    expect(one.projects).toHaveLength(2);
    expect(one.total).toBe(truth.size);
    const all = await client.allProjects(week);
    expect(all.map((p) => p.appDid).sort()).toEqual([...truth.keys()].sort());
    for (const p of all) {
      const calls = truth.get(p.appDid)!;
      expect(p.totalCalls).toBe(calls.length);
      expect(p.totalCredits).toBeCloseTo(exactCredits(calls.map((c) => c.credits)), 9);
    }
    expect(all.find((p) => p.appDid === key.accessKeyId)).toMatchObject({ appName: 'Client test', lastCallTime: NOW_S - 60 });
  });

  it('group trends and one key’s trend: daily buckets at local midnights', async () => {
    const group = await client.groupTrends(week);
    expect(group.granularity).toBe('day');
    for (const t of group.trends) expect((t.timestamp + 480 * 60) % DAY_S).toBe(0);
    const mine = await client.projectTrends(key.accessKeyId, { ...week, startTime: NOW_S - DAY_S });
    expect(mine.granularity).toBe('hour');
    expect(mine.trends.reduce((s, t) => s + t.calls, 0)).toBe(1);
    expect(mine.project?.appName).toBe('Client test');
  });

  it('project calls and the call log: records normalised (ms, provider/model, tokens)', async () => {
    const page = await client.projectCalls({ ...week, appDid: key.accessKeyId, page: 1, pageSize: 10 });
    expect(page.count).toBe(1);
    expect(page.records[0]).toMatchObject({
      time: T0 - 60_000,
      modelId: 'sandbox/echo',
      inputTokens: 4,
      outputTokens: 4,
      credits: 0.00004,
      status: 'success',
      appDid: key.accessKeyId,
    });
    // Behind the gateway the record holds the gateway's request id, not the client's.
    expect(page.records[0]!.requestId).toMatch(/^[0-9a-f]{32}$/);
    const log = await client.modelCalls({ page: 1, pageSize: 100, startTime: week.startTime, endTime: week.endTime, status: 'all' });
    expect(log.count).toBe(truthCalls(hub.admin.calls(), week.startTime * 1000, (week.endTime + 1) * 1000).length);
    expect(log.records).toHaveLength(100);
    expect(log.records[0]!.time).toBeGreaterThanOrEqual(log.records[99]!.time);
    // pageSize above 100 is clamped, not rejected.
    expect((await client.modelCalls({ page: 1, pageSize: 500, startTime: week.startTime, endTime: week.endTime })).records).toHaveLength(
      100,
    );
  });

  it('usage stats: the hub’s top five models by calls', async () => {
    const stats = await client.usageStats(week.startTime, week.endTime);
    const byModel = groupBy(truthCalls(hub.admin.calls(), week.startTime * 1000, (week.endTime + 1) * 1000), (c) => c.model);
    expect(stats.modelStats.totalModelCount).toBe(byModel.size);
    for (const m of stats.modelStats.list) expect(m.totalCalls).toBe(byModel.get(m.model)!.length);
  });

  it('an unknown key is UNAUTHORIZED on every usage endpoint, whichever 401 body the route sends', async () => {
    const stranger = new UsageClient({ mountUrl: hub.mountUrl, secret: 'blocklet-NotAKeyTheHubKnows1234' });
    const attempts = [
      stranger.quota(),
      stranger.projects(week),
      stranger.groupTrends(week),
      stranger.projectTrends(key.accessKeyId, week),
      stranger.projectCalls({ ...week, page: 1, pageSize: 10 }),
      stranger.modelCalls({ page: 1, pageSize: 10 }),
      stranger.usageStats(week.startTime, week.endTime),
    ];
    const results = await Promise.allSettled(attempts);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'UNAUTHORIZED', detail: { status: 401 } });
      expect(JSON.stringify((r as PromiseRejectedResult).reason.detail)).not.toContain('NotAKeyTheHubKnows');
    }
    expect((results[0] as PromiseRejectedResult).reason.detail.hubMessage).toBe('Unauthorized');
    expect((results[5] as PromiseRejectedResult).reason.detail.hubMessage).toBe('User not authenticated');
  });

  it('a hub that is not there is HUB_UNREACHABLE', async () => {
    const gone = new UsageClient({ mountUrl: 'http://127.0.0.1:9/ai-kit', secret: key.secret });
    await expect(gone.quota()).rejects.toMatchObject({ code: 'HUB_UNREACHABLE' });
  });
});

describe('a hub with credit billing off', () => {
  it('says so instead of showing a zero balance and "days left"', async () => {
    const off = await startSandboxHub({ billing: 'off' });
    try {
      const k = off.admin.createKey({ name: 'free hub' });
      const quota = await new UsageClient({ mountUrl: off.mountUrl, secret: k.secret }).quota();
      expect(quota).toMatchObject({ billingEnabled: false, total: 0, remaining: 0 });
      const billed = await new UsageClient({ mountUrl: hub.mountUrl, secret: key.secret }).quota();
      expect(billed.billingEnabled).toBe(true);
    } finally {
      await off.close();
    }
  });
});
