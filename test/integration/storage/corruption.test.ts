import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../src/shared/contract';
import { createServices } from '../../../src/main/services';
import { ensurePrivateDir, NoticeBoard, openSettingsStore } from '../../../src/main/services/storage';
import { MemorySecretStore } from '../../unit/keys/support/memory-secret-store';

const root = new URL('../../..', import.meta.url).pathname;
const runtime = { host: 'browser' as const, name: 'AIGNE Hub Desktop', version: '0.1.0', platform: 'linux x64', versions: { node: '20' } };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'hub-corrupt-'));
  dirs.push(d);
  return d;
}

const hubRecord = (id: string) => ({
  id,
  name: id,
  url: 'https://hub.example',
  origin: 'https://hub.example',
  mountUrl: 'https://hub.example/app',
  addedAt: '2026-01-01T00:00:00.000Z',
});

function start(dir: string) {
  const notices = new NoticeBoard();
  const services = createServices({
    store: openSettingsStore(dir, notices),
    notices,
    dataDir: dir,
    secrets: new MemorySecretStore(),
    shell: { openExternal: async () => true },
    clipboard: { readText: () => '', writeText: () => undefined, clear: () => undefined },
    runtime,
    emit: () => undefined,
  });
  return services;
}

async function call<T>(services: ReturnType<typeof start>, channel: string, payload?: unknown): Promise<T> {
  const r = await services.dispatcher.dispatch(channel, payload, { host: 'browser' });
  if (!r.ok) throw new Error(`${channel} failed: ${JSON.stringify(r)}`);
  return r.value as T;
}
const info = (services: ReturnType<typeof start>) => call<AppInfo>(services, 'app.info');
const ids = async (services: ReturnType<typeof start>, channel: string, payload?: unknown) =>
  (await call<{ id: string }[]>(services, channel, payload)).map((r) => r.id);

describe('damaged data files', () => {
  it('a truncated settings file and usage cache are set aside, hubs come back from the last good copy, and the user is told', async () => {
    const dir = tempDir();
    const first = start(dir);
    openSettingsStore(dir).set('keys', { version: 1, hubs: [hubRecord('h1')], keys: [] });
    first.dispose();
    const settings = readFileSync(join(dir, 'settings.json'), 'utf8');
    writeFileSync(join(dir, 'settings.json'), settings.slice(0, 40));
    writeFileSync(join(dir, 'usage-cache.json'), '{"usageCache": {"version": 1, "entr');

    const services = start(dir);
    expect(await ids(services, 'hubs.list')).toEqual(['h1']);
    const { notices } = await info(services);
    expect(notices?.map((n) => n.reason).sort()).toEqual(['settingsDamaged', 'usageCacheDamaged']);
    const files = readdirSync(dir);
    expect(files.filter((f) => /^settings\.damaged-.+\.json$/.test(f))).toHaveLength(1);
    expect(files.filter((f) => /^usage-cache\.damaged-.+\.json$/.test(f))).toHaveLength(1);
    services.dispose();
  });

  it('one bad key record is skipped and reported instead of hiding every hub and key', async () => {
    const dir = tempDir();
    const bad = { id: 'k-bad', hubId: 'h1', name: 42 };
    const good = { id: 'k1', hubId: 'h1', name: 'CI', createdAt: '2026-01-01T00:00:00.000Z', masked: 'blocklet-…abcd', source: 'pasted' };
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({ schemaVersion: 2, settings: {}, keys: { version: 1, hubs: [hubRecord('h1')], keys: [bad, good] } }),
    );
    const services = start(dir);
    expect(await ids(services, 'keys.list', {})).toEqual(['k1']);
    expect(await ids(services, 'hubs.list')).toEqual(['h1']);
    expect((await info(services)).notices).toEqual([
      { reason: 'keyRecordSkipped', params: { kind: 'key', index: 0, id: 'k-bad', file: 'settings.json' } },
    ]);
    // A later change keeps the unreadable record in the file for the user to recover.
    await call(services, 'hubs.rename', { id: 'h1', name: 'Renamed' });
    const saved = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')) as { keys: { keys: unknown[]; hubs: { name: string }[] } };
    expect(saved.keys.keys).toContainEqual(bad);
    expect(saved.keys.hubs[0]?.name).toBe('Renamed');
    services.dispose();
  });

  it('a damaged conversation is kept aside and reported at start', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'conversations.json'), JSON.stringify({ conversations: [{ id: 'c1', title: 7, messages: 'lost?' }] }));
    const services = start(dir);
    expect((await info(services)).notices).toEqual([
      { reason: 'conversationSetAside', params: { count: 1, file: expect.stringMatching(/^conversations\.set-aside-/) } },
    ]);
    services.dispose();
  });

  it('never chmods a shared folder such as the temp folder (sticky, world-writable)', () => {
    const shared = tempDir();
    chmodSync(shared, 0o1777); // our own temp dir, made to look like /tmp
    ensurePrivateDir(shared);
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
    const app = join(tempDir(), 'app');
    mkdirSync(app, { mode: 0o755 });
    chmodSync(app, 0o755);
    ensurePrivateDir(app);
    expect(statSync(app).mode & 0o777).toBe(0o700);
  });
});

function runCli(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/host/cli.ts', '--port', '0', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout.on('data', (c: Buffer) => {
    // Started (it should not have): stop it.
    if (c.toString().includes('is running')) child.kill('SIGTERM');
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

describe('the browser host never exits silently', () => {
  it('refuses a data folder another host holds, with a clear message and a non-zero exit', async () => {
    const dir = tempDir();
    // This test process stands in for the first host.
    writeFileSync(
      join(dir, '.host.lock'),
      JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), at: Date.now() }),
    );
    const { code, stderr } = await runCli(['--data-dir', dir]);
    expect(code).toBe(1);
    expect(stderr).toContain(`Another copy of the app (process ${process.pid}) is already using the data folder`);
  }, 60_000);

  it('refuses a settings file from a newer version with a clear message and a non-zero exit', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ schemaVersion: 999, settings: {} }));
    const { code, stderr } = await runCli(['--data-dir', dir]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/written by a newer version of the app/);
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(JSON.stringify({ schemaVersion: 999, settings: {} }));
  }, 60_000);
});
