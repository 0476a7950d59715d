// Call records and the usage endpoints (docs/hub-protocol.md §7), on a fixed clock
// so buckets and totals are exact.
import { beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_PROVIDER_ID } from '../../sandbox-hub/engine/models';
import { getJson, postJson, useHub } from './helpers';

const T0 = Date.UTC(2025, 0, 15, 10, 30, 0); // Wednesday 10:30 UTC
let clock = T0;
const ctx = useHub({ now: () => clock });
const sec = (ms: number) => Math.floor(ms / 1000);
const HOUR = 3600_000;

const USER = 'z1UsageUser';
let alpha: { accessKeyId: string; secret: string };
let beta: { accessKeyId: string; secret: string };

async function chat(secret: string, prompt: string, headers: Record<string, string> = {}, at = clock) {
  clock = at;
  const response = await postJson(
    `${ctx.hub.mountUrl}/api/v2/chat/completions`,
    { model: 'sandbox/echo', prompt },
    { key: secret, headers },
  );
  await response.text();
  return response.status;
}

const usage = (path: string, secret = alpha.secret) => getJson(`${ctx.hub.mountUrl}/api/usage${path}`, secret);

beforeAll(async () => {
  alpha = ctx.hub.admin.createKey({ name: 'Alpha', userDid: USER, credits: 5 });
  beta = ctx.hub.admin.createKey({ name: 'Beta', userDid: USER });
  await chat(alpha.secret, 'one two three', { 'x-request-id': 'req-1' }, T0); // 0.00003
  await chat(alpha.secret, 'four five', {}, T0 + HOUR + 40 * 60_000); // 12:10 UTC, 0.00002
  await chat(beta.secret, 'six', {}, T0 + 7 * HOUR); // 17:30 UTC = 01:30 next day at UTC+8, 0.00001
  clock = T0 + 8 * HOUR; // 18:30 UTC
  await postJson(
    `${ctx.hub.mountUrl}/api/v2/chat/completions`,
    { model: 'sandbox/echo', prompt: 'x', temperature: 9 },
    { key: beta.secret },
  ); // failed
});

describe('call records', () => {
  it('records a call as the hub does: key id as appDid, seconds, usage, credits, timing', () => {
    const [first] = ctx.hub.admin.calls().filter((c) => c.userDid === USER);
    expect(first).toMatchObject({
      callTime: sec(T0),
      model: 'echo',
      providerId: SANDBOX_PROVIDER_ID,
      type: 'chatCompletion',
      status: 'success',
      totalUsage: 6,
      usageMetrics: { inputTokens: 3, outputTokens: 3 },
      credits: 0.00003,
      appDid: alpha.accessKeyId,
      userDid: USER,
    });
    // Behind the gateway, the client's x-request-id never reaches the record.
    expect(first!.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(first!.duration).toBeGreaterThanOrEqual(0);
    expect(first!.ttfb).toBeGreaterThanOrEqual(0);
  });

  it('records failures with their reason', () => {
    const failed = ctx.hub.admin.calls().filter((c) => c.userDid === USER && c.status === 'failed');
    expect(failed).toEqual([
      expect.objectContaining({ appDid: beta.accessKeyId, errorReason: '"temperature" must be less than or equal to 2', credits: 0 }),
    ]);
  });

  it('attributes a call to x-aigne-hub-client-did when sent', async () => {
    const key = ctx.hub.admin.createKey({ name: 'Client', userDid: 'z1ClientDidUser' });
    await chat(key.secret, 'hi', { 'x-aigne-hub-client-did': 'zClientApp' });
    expect(ctx.hub.admin.calls().at(-1)).toMatchObject({ appDid: 'zClientApp', userDid: 'z1ClientDidUser' });
  });
});

describe('GET /api/usage/quota', () => {
  it('reports total, remaining, used = total − remaining, and the 30-day daily average', async () => {
    const { status, body } = await usage('/quota');
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 5, remaining: 4.99994, used: 0.00006, pendingCredit: 0, dailyAvgCredits: 0.000002 });
    expect(body.estimatedDaysRemaining).toBe(Math.floor(4.99994 / 0.000002));
    expect(body.currency).toEqual(expect.objectContaining({ name: expect.any(String) }));
  });

  it('answers 401 {"error":"Unauthorized"} without a valid key', async () => {
    expect(await usage('/quota', 'blocklet-nope')).toEqual({ status: 401, body: { error: 'Unauthorized' } });
    expect(await usage('/projects', 'blocklet-nope')).toEqual({ status: 401, body: { error: 'Unauthorized' } });
  });
});

describe('GET /api/usage/projects', () => {
  it('lists one project per key, named by the key, with stats', async () => {
    const { body } = await usage('/projects?timeRange=30');
    expect(body).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(body.projects).toEqual([
      {
        appDid: alpha.accessKeyId,
        appName: 'Alpha',
        appLogo: '',
        appUrl: '',
        totalCalls: 2,
        totalCredits: 0.00005,
        avgDuration: expect.any(Number),
        successRate: 100,
        lastCallTime: sec(T0 + HOUR + 40 * 60_000),
      },
      {
        appDid: beta.accessKeyId,
        appName: 'Beta',
        appLogo: '',
        appUrl: '',
        totalCalls: 2,
        totalCredits: 0.00001,
        avgDuration: expect.any(Number),
        successRate: 50,
        lastCallTime: sec(T0 + 8 * HOUR),
      },
    ]);
  });

  it('sorts and pages', async () => {
    const asc = await usage('/projects?sortBy=totalCredits&sortOrder=asc');
    expect(asc.body.projects.map((p: { appName: string }) => p.appName)).toEqual(['Beta', 'Alpha']);
    const page2 = await usage('/projects?sortBy=totalCredits&pageSize=1&page=2');
    expect(page2.body).toMatchObject({ total: 2, page: 2, pageSize: 1, projects: [expect.objectContaining({ appName: 'Beta' })] });
    expect((await usage('/projects?pageSize=500')).body.pageSize).toBe(100);
  });

  it('honours startTime/endTime', async () => {
    const { body } = await usage(`/projects?startTime=${sec(T0) + 60}&endTime=${sec(T0 + 2 * HOUR)}`);
    expect(body.projects).toEqual([expect.objectContaining({ appName: 'Alpha', totalCalls: 1 })]);
  });
});

describe('trends', () => {
  it('group-trends buckets hourly for a day or less, every hour present', async () => {
    const start = sec(T0 - 10.5 * HOUR); // 00:00 UTC
    const { body } = await usage(`/projects/group-trends?startTime=${start}&endTime=${start + 86400}`);
    expect(body.granularity).toBe('hour');
    expect(body.trends).toHaveLength(25);
    expect(body.projects.map((p: { appName: string }) => p.appName)).toEqual(['Beta', 'Alpha']); // latest call first
    const at = (hour: number) => body.trends.find((t: { timestamp: number }) => t.timestamp === start + hour * 3600).byProject;
    expect(at(10)[alpha.accessKeyId]).toEqual({
      totalUsage: 6,
      totalCredits: 0.00003,
      totalCalls: 1,
      successCalls: 1,
      avgDuration: expect.any(Number),
      avgTtfb: expect.any(Number),
    });
    expect(at(12)[alpha.accessKeyId].totalCalls).toBe(1);
    expect(at(11)[alpha.accessKeyId].totalCalls).toBe(0);
    expect(at(18)[beta.accessKeyId]).toMatchObject({ totalCalls: 1, successCalls: 0 });
  });

  it('buckets daily beyond a day, aligned to the local day from timezoneOffset', async () => {
    const utc = await usage(`/projects/group-trends?timeRange=7&endTime=${sec(T0 + 12 * HOUR)}`);
    expect(utc.body.granularity).toBe('day');
    const day15 = sec(Date.UTC(2025, 0, 15));
    expect(utc.body.trends.find((t: { timestamp: number }) => t.timestamp === day15).byProject[beta.accessKeyId].totalCalls).toBe(2);

    // UTC+8: Beta's 17:30 UTC call falls on the local 16th; local days start at 16:00 UTC.
    const cst = await usage(`/projects/group-trends?timeRange=7&endTime=${sec(T0 + 12 * HOUR)}&timezoneOffset=-480`);
    const local15 = day15 - 8 * 3600;
    const byDay = (t: number) =>
      cst.body.trends.find((row: { timestamp: number }) => row.timestamp === t).byProject[beta.accessKeyId].totalCalls;
    expect(byDay(local15)).toBe(0);
    expect(byDay(local15 + 86400)).toBe(2);
  });

  it('hourly buckets follow half-hour time zones', async () => {
    const end = sec(T0 + 12 * HOUR);
    const { body } = await usage(`/projects/group-trends?startTime=${end - 86400}&endTime=${end}&timezoneOffset=-330`);
    expect(body.trends.every((t: { timestamp: number }) => (t.timestamp - 1800) % 3600 === 0)).toBe(true);
  });

  it('per-project trends, by ?appDid= and by path', async () => {
    const q = `startTime=${sec(T0 - 10.5 * HOUR)}&endTime=${sec(T0 + 13.5 * HOUR)}`;
    const byQuery = await usage(`/projects/trends?appDid=${alpha.accessKeyId}&${q}`);
    const byPath = await usage(`/projects/${alpha.accessKeyId}/trends?${q}`);
    expect(byQuery.body).toEqual(byPath.body);
    expect(byQuery.body.project).toEqual({ appDid: alpha.accessKeyId, appName: 'Alpha', appLogo: '', appUrl: '' });
    const busy = byQuery.body.trends.filter((t: { calls: number }) => t.calls > 0);
    expect(busy).toEqual([
      {
        timestamp: sec(T0 - 30 * 60_000),
        calls: 1,
        successCalls: 1,
        avgDuration: expect.any(Number),
        avgTtfb: expect.any(Number),
        totalCredits: 0.00003,
        totalUsage: 6,
      },
      {
        timestamp: sec(T0 + 1.5 * HOUR),
        calls: 1,
        successCalls: 1,
        avgDuration: expect.any(Number),
        avgTtfb: expect.any(Number),
        totalCredits: 0.00002,
        totalUsage: 4,
      },
    ]);
  });
});

describe('call lists', () => {
  it('/api/usage/projects/calls lists a project newest first, with filters and paging', async () => {
    const all = await usage(`/projects/calls?appDid=${beta.accessKeyId}`);
    expect(all.body).toMatchObject({ count: 2, page: 1, pageSize: 20 });
    expect(all.body.list.map((c: { status: string }) => c.status)).toEqual(['failed', 'success']);
    expect((await usage(`/projects/calls?appDid=${beta.accessKeyId}&status=success`)).body.count).toBe(1);
    expect((await usage(`/projects/${beta.accessKeyId}/calls?pageSize=1&page=2`)).body.list).toHaveLength(1);
    expect((await usage(`/projects/calls?appDid=${alpha.accessKeyId}&model=sandbox/echo`)).body.count).toBe(2);
    expect((await usage(`/projects/calls?appDid=${alpha.accessKeyId}&model=prose`)).body.count).toBe(0);
  });

  it('/api/user/model-calls pages the log with provider and app info', async () => {
    const { status, body } = await getJson(`${ctx.hub.mountUrl}/api/user/model-calls?pageSize=2`, alpha.secret);
    expect(status).toBe(200);
    expect(body.count).toBe(4);
    expect(body.paging).toEqual({ page: 1, pageSize: 2 });
    expect(body.list[0]).toMatchObject({
      status: 'failed',
      appDid: beta.accessKeyId,
      providerId: SANDBOX_PROVIDER_ID,
      provider: { id: SANDBOX_PROVIDER_ID, name: 'sandbox' },
      appInfo: { appName: 'Beta' },
    });
    const failed = await getJson(`${ctx.hub.mountUrl}/api/user/model-calls?status=failed`, alpha.secret);
    expect(failed.body.count).toBe(1);
    const ranged = await getJson(
      `${ctx.hub.mountUrl}/api/user/model-calls?startTime=${sec(T0) + 1}&endTime=${sec(T0 + 2 * HOUR)}`,
      alpha.secret,
    );
    expect(ranged.body.count).toBe(1);
    const byApp = await getJson(`${ctx.hub.mountUrl}/api/user/model-calls?appDid=${alpha.accessKeyId}&search=echo`, alpha.secret);
    expect(byApp.body.count).toBe(2);
  });

  it('/api/user/model-calls rejects pageSize over 100 as the hub does (500)', async () => {
    const { status, body } = await getJson(`${ctx.hub.mountUrl}/api/user/model-calls?pageSize=101`, alpha.secret);
    expect([status, body]).toEqual([500, { error: { message: '"pageSize" must be less than or equal to 100' } }]);
    expect((await getJson(`${ctx.hub.mountUrl}/api/user/model-calls`)).status).toBe(401);
  });

  it('/api/user/model-calls/export answers CSV', async () => {
    const response = await fetch(`${ctx.hub.mountUrl}/api/user/model-calls/export`, {
      headers: { Authorization: `Bearer ${alpha.secret}` },
    });
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="model-calls-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = (await response.text()).split('\n');
    expect(lines[0]).toBe(
      'Timestamp,Request ID,User DID,User Name,User Email,Model,Provider,Type,Status,Input Tokens,Output Tokens,Total Usage,Credits,Duration(s),App DID',
    );
    expect(lines).toHaveLength(5);
  });

  it('/api/user/usage-stats gives the top models only', async () => {
    const q = `startTime=${sec(T0) - 10}&endTime=${sec(T0 + 9 * HOUR)}`;
    const { body } = await getJson(`${ctx.hub.mountUrl}/api/user/usage-stats?${q}`, alpha.secret);
    expect(body).toEqual({
      modelStats: {
        list: [
          {
            providerId: SANDBOX_PROVIDER_ID,
            provider: expect.objectContaining({ id: SANDBOX_PROVIDER_ID, name: 'sandbox' }),
            model: 'echo',
            totalCalls: 4,
          },
        ],
        totalModelCount: 1,
      },
    });
    expect((await getJson(`${ctx.hub.mountUrl}/api/user/usage-stats`, alpha.secret)).status).toBe(500);
  });
});
