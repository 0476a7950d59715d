// Unusual-activity detection against a real sandbox hub: keys generated through
// the approval flow (so the app knows their access key ids), 30 days of seeded
// history attributed to them, then a burst of real calls on one key. The app
// must flag exactly that key — live, and again from its cache with the hub gone.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxHub, type SandboxHub } from '../../../sandbox-hub/index';
import type { KeyDTO } from '../../../src/shared/keys';
import { DEFAULT_SETTINGS, type Settings } from '../../../src/shared/settings';
import { HygieneService } from '../../../src/main/services/hygiene';
import { KeysService, memoryMetadataStore } from '../../../src/main/services/keys';
import { memoryStore } from '../../../src/main/services/settings/store';
import { fileMirrorStore, openUsageCacheStore, UsageCache, UsageService } from '../../../src/main/services/usage';
import { MemoryClipboard, MemorySecretStore } from '../../unit/keys/support/memory-secret-store';
import { chat } from '../usage/support';

// A Monday morning: the 14 days before it hold two weekends, the hardest case for a "usual day".
// The seeded history is deterministic for this clock; the first test shows it holds no alarm.
const T0 = Date.UTC(2025, 5, 16, 7, 30);
const MIN = 60_000;
const PROFILES = ['Laptop CLI', 'CI pipeline', 'Writing assistant', 'Side project'] as const;

let clock = T0;
let hub: SandboxHub;
let dir: string;
const secrets = new MemorySecretStore();
const metadata = memoryMetadataStore();
const settings: Settings = { ...DEFAULT_SETTINGS, language: 'en' };
let keys: KeysService;
const byName = new Map<string, KeyDTO>();

/** The app's services as a fresh start would build them, over the same data folder and keychain. */
function openApp(notified: string[] = []) {
  const resolveKey = async (keyId: string) => {
    const key = (await keys.listKeys()).find((k) => k.id === keyId)!;
    const found = (await keys.listHubs()).find((h) => h.id === key.hubId)!;
    return {
      secret: (await keys.revealKey(keyId)).secret,
      mountUrl: found.mountUrl,
      hubId: key.hubId,
      name: key.name,
      accessKeyId: key.accessKeyId,
    };
  };
  const usage = new UsageService({
    resolver: { resolve: resolveKey },
    directory: {
      keysForHub: async (hubId) =>
        (await keys.listKeys(hubId)).map((k) => ({ keyId: k.id, name: k.name, isDefault: k.isDefault, accessKeyId: k.accessKeyId })),
    },
    cache: new UsageCache({ store: openUsageCacheStore(dir) }),
    mirrors: fileMirrorStore(join(dir, 'usage-records')),
    now: () => clock,
    timeoutMs: 3000,
  });
  const hygiene = new HygieneService({
    keys,
    usage,
    settings: { get: () => settings },
    store: memoryStore(),
    notifier: { notify: (title, body) => notified.push(`${title}\n${body}`) },
    now: () => clock,
    timeZone: 'Asia/Shanghai',
  });
  return { usage, hygiene };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hygiene-detection-'));
  hub = await startSandboxHub({ now: () => clock, proseTokensPerSecond: 0 });
  keys = new KeysService({
    secrets,
    metadata,
    clipboard: new MemoryClipboard(),
    browser: { openExternal: async () => true },
    options: { pollIntervalMs: 20, now: () => clock },
  });
  const added = await keys.addHub(hub.url);
  for (const name of PROFILES) {
    const pending = keys.generateKey({ hubId: added.id, name });
    let session: Record<string, unknown> | undefined;
    while (!(session = hub.admin.listSessions().find((s) => s.status === 'pending'))) await new Promise((r) => setTimeout(r, 10));
    hub.admin.approveSession(String(session.id), name);
    byName.set(name, (await pending).key);
  }
  // The seeder gives history to keys that carry its profile names: ours.
  const seeded = hub.admin.seedUsage(30, { now: T0 });
  expect(seeded.keys.map((k) => k.accessKeyId).sort()).toEqual([...byName.values()].map((k) => k.accessKeyId).sort());
});

afterAll(async () => {
  keys?.dispose();
  await hub?.close();
  rmSync(dir, { recursive: true, force: true });
});

const flagged = (report: Awaited<ReturnType<HygieneService['report']>>) =>
  report.keys.filter((k) => k.alerts.length > 0).map((k) => [k.name, k.alerts.map((a) => a.reason)]);

describe('unusual activity against a sandbox hub', () => {
  it('sees ordinary days as ordinary: no key is flagged before the burst', async () => {
    const { hygiene } = openApp();
    const report = await hygiene.report({ refresh: true });
    expect(report.hubs[0]).toMatchObject({ source: 'live', stale: false });
    for (const k of report.keys) expect(k.usage).toMatchObject({ status: 'known', historyDays: 14 });
    expect(flagged(report)).toEqual([]);
  });

  it('flags exactly the key given a burst of calls, with the numbers behind it', async () => {
    const side = byName.get('Side project')!;
    const secret = (await keys.revealKey(side.id)).secret;
    clock = T0 + MIN;
    for (let i = 0; i < 80; i++) expect(await chat(hub.mountUrl, secret, `burst ${i}`)).toBe(200);
    // The background check, a quarter of an hour later (it reuses figures up to 10 minutes old).
    clock = T0 + 15 * MIN;
    const notified: string[] = [];
    const { hygiene } = openApp(notified);
    const report = await hygiene.check();
    expect(flagged(report)).toEqual([['Side project', expect.arrayContaining(['calls-spike'])]]);
    const alert = report.keys.find((k) => k.name === 'Side project')!.alerts.find((a) => a.reason === 'calls-spike');
    expect(alert).toMatchObject({ historyDays: 14 });
    if (alert?.reason !== 'calls-spike') throw new Error('no spike');
    expect(alert.calls24h).toBeGreaterThanOrEqual(80);
    expect(alert.calls24h).toBeGreaterThan(3 * alert.median);
    expect(notified).toEqual([expect.stringContaining('Unusual activity on “Side project”')]);
    for (const n of notified) expect(n).not.toContain(secret);
  });

  it('flags a retired key the moment it is used again', async () => {
    const writing = byName.get('Writing assistant')!;
    clock = T0 + 16 * MIN;
    await keys.setRetired(writing.id, true);
    clock = T0 + 17 * MIN;
    expect(await chat(hub.mountUrl, (await keys.revealKey(writing.id)).secret, 'still in use somewhere')).toBe(200);
    const report = await openApp().hygiene.report({ refresh: true });
    const retired = report.keys.find((k) => k.name === 'Writing assistant')!;
    expect(retired.rotation.status).toBe('retired');
    expect(retired.alerts).toContainEqual({
      reason: 'used-after-retired',
      retiredAt: T0 + 16 * MIN,
      lastUsedAt: T0 + 17 * MIN,
    });
    expect(
      flagged(report)
        .map(([name]) => name)
        .sort(),
    ).toEqual(['Side project', 'Writing assistant']);
  });

  it('still flags them after a restart with the hub unreachable, from the figures saved on disk (no key in them)', async () => {
    await hub.close();
    clock = T0 + 45 * MIN;
    const report = await openApp().hygiene.report({ refresh: true });
    expect(report.hubs[0]).toMatchObject({ source: 'cache', stale: true, asOf: T0 + 17 * MIN });
    expect(
      flagged(report)
        .map(([name]) => name)
        .sort(),
    ).toEqual(['Side project', 'Writing assistant']);
    for (const file of [
      join(dir, 'usage-cache.json'),
      ...readdirSync(join(dir, 'usage-records')).map((f) => join(dir, 'usage-records', f)),
    ]) {
      const text = readFileSync(file, 'utf8');
      for (const k of byName.values()) expect(text).not.toContain((await keys.revealKey(k.id)).secret);
    }
  });
});
