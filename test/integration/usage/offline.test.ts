// Usage pages offline: figures cached on disk (conf file + call-log mirror
// files) answer when the hub is gone, labelled as cached with their age.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageCache, fileMirrorStore, openUsageCacheStore } from '../../../src/main/services/usage/cache';
import { UsageService } from '../../../src/main/services/usage/service';
import type { ModelUsage, Snapshot, UsageOverview, UsageRange } from '../../../src/shared/usage';
import { startSandboxHub, type CreatedKey, type SandboxHub } from '../../../sandbox-hub/index';
import { chat, groupBy, keyPorts, testKey, truthCalls, truthTotals, type TestKey } from './support';

const HUB = 'hub-offline';
const T0 = Date.UTC(2025, 5, 2, 9, 15, 0);
const MIN = 60_000;
const week: UsageRange = { preset: '7d', timezoneOffset: -480 };
const month: UsageRange = { preset: '30d', timezoneOffset: -480 };

let clock = T0;
let hub: SandboxHub;
let key: CreatedKey;
let keys: TestKey[];
let dir: string;
let mountUrl = '';
let blackHole: Server;
const sockets = new Set<Socket>();

function openService(over: Partial<ConstructorParameters<typeof UsageService>[0]> = {}) {
  const ports = keyPorts(HUB, keys, () => mountUrl);
  return new UsageService({
    resolver: ports.resolver,
    directory: ports.directory,
    now: () => clock,
    cache: new UsageCache({ store: openUsageCacheStore(dir) }),
    mirrors: fileMirrorStore(join(dir, 'usage-records')),
    ...over,
  });
}

let live: { overview: Snapshot<UsageOverview>; models: Snapshot<ModelUsage> };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'usage-offline-'));
  hub = await startSandboxHub({ seedUsageDays: 30, now: () => clock, proseTokensPerSecond: 0 });
  mountUrl = hub.mountUrl;
  key = hub.admin.createKey({ name: 'Desk' });
  keys = [testKey('k1', key, { isDefault: true })];
  clock = T0 - 5 * MIN;
  await chat(hub.mountUrl, key.secret, 'hello offline world');
  clock = T0;
  // Accepts connections and never answers.
  blackHole = createServer(() => undefined);
  blackHole.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', () => resolve()));
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => blackHole.close(() => resolve()));
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('offline', () => {
  it('fetches live figures first (and keeps them on disk, without the key)', async () => {
    const svc = openService();
    live = { overview: await svc.overview(HUB, week), models: await svc.models(HUB, month) };
    expect(live.overview.source).toBe('live');
    await svc.keyHints(HUB);
    const files = [join(dir, 'usage-cache.json'), ...readdirSync(join(dir, 'usage-records')).map((f) => join(dir, 'usage-records', f))];
    expect(files.length).toBe(2);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain(key.secret);
      expect(text).not.toMatch(/blocklet-[1-9A-HJ-NP-Za-km-z]{8}/);
      expect(text).not.toContain('hello offline world'); // no prompt text, ever
    }
  });

  it('a hub that stops answering (timeout) gives the cached figures, labelled', async () => {
    mountUrl = `http://127.0.0.1:${(blackHole.address() as AddressInfo).port}/ai-kit`;
    clock = T0 + 90_000;
    try {
      const snap = await openService({ timeoutMs: 300 }).overview(HUB, week);
      expect(snap).toMatchObject({ source: 'cache', stale: true, ageMs: 90_000, fetchedAt: T0, error: { code: 'TIMEOUT' } });
      expect(snap.data).toEqual(live.overview.data);
    } finally {
      mountUrl = hub.mountUrl;
      clock = T0;
    }
  });

  it('with the hub closed: cached snapshot with its age; other ranges from the mirrored call log; nothing saved → a clear error', async () => {
    const svc = openService();
    await svc.overview(HUB, week); // live once more in this run
    await hub.close();
    clock = T0 + 5 * MIN;

    const overview = await svc.overview(HUB, week);
    expect(overview).toMatchObject({ source: 'cache', stale: true, ageMs: 5 * MIN, fetchedAt: T0, error: { code: 'HUB_UNREACHABLE' } });
    expect(overview.data).toEqual(live.overview.data);

    // Never asked for 7 days of models, but the 30-day mirror covers it.
    const models = await svc.models(HUB, week);
    expect(models).toMatchObject({ source: 'cache', stale: true, fetchedAt: T0 });
    const truth = truthCalls(hub.admin.calls(), models.data.range.start, models.data.range.end);
    expect(models.data.totals).toMatchObject(truthTotals(truth));
    for (const [modelId, calls] of groupBy(truth, (c) => `sandbox/${c.model}`)) {
      expect(models.data.rows.find((r) => r.modelId === modelId)).toMatchObject(truthTotals(calls));
    }
    const series = await svc.series(HUB, month, { groupBy: 'model', metric: 'calls' });
    expect(series.source).toBe('cache');
    expect(series.data.total.reduce((a, b) => a! + b!, 0)).toBe(live.models.data.totals.calls);

    const hints = await svc.keyHints(HUB);
    expect(hints).toMatchObject({ source: 'cache', stale: true });

    // The call log pages offline too, for ranges the mirror covers.
    const page = await svc.calls(HUB, { range: week, page: 2, pageSize: 10 });
    expect(page).toMatchObject({ source: 'cache', stale: true });
    expect(page.data.total).toBe(truth.length);
    expect(page.data.records.map((r) => r.id)).toEqual(
      truth
        .map((c) => c.id)
        .reverse()
        .slice(10, 20),
    );

    await expect(svc.calls(HUB, { range: { preset: '90d', timezoneOffset: -480 }, page: 3 })).rejects.toMatchObject({
      code: 'HUB_UNREACHABLE',
      message: expect.stringContaining('nothing to show offline'),
    });
    // A range the mirror does not cover from its start is not made up.
    await expect(svc.models(HUB, { preset: '90d', timezoneOffset: -480 })).rejects.toMatchObject({ code: 'HUB_UNREACHABLE' });
  });

  it('after a restart, the figures on disk still answer offline', async () => {
    clock = T0 + 60 * MIN;
    const svc = openService();
    const overview = await svc.overview(HUB, week);
    expect(overview).toMatchObject({ source: 'cache', ageMs: 60 * MIN });
    expect(overview.data).toEqual(live.overview.data);
    const models = await svc.models(HUB, month);
    expect(models).toMatchObject({ source: 'cache', stale: true });
    expect(models.data.rows).toEqual(live.models.data.rows);
  });

  it('forgetting the hub removes its figures from disk', async () => {
    const svc = openService();
    await svc.models(HUB, month); // loads the mirror
    await svc.forgetHub(HUB);
    expect(readdirSync(join(dir, 'usage-records'))).toEqual([]);
    await expect(openService().overview(HUB, week)).rejects.toMatchObject({ code: 'HUB_UNREACHABLE' });
  });
});
