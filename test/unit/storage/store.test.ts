import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/shared/errors';
import {
  acquireHostLock,
  NoticeBoard,
  openJsonStore,
  openSettingsStore,
  withLockSync,
  writeFileAtomicSync,
} from '../../../src/main/services/storage';
import { describeStartupFailure } from '../../../src/main/services/storage/startup';
import { SETTINGS_VERSION } from '../../../src/main/services/settings/migrations';
import { SettingsService } from '../../../src/main/services/settings/service';

const dirs: string[] = [];
function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'hub-storage-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const mode = (p: string) => statSync(p).mode & 0o777;

describe('storage layer', () => {
  it('writes data files owner-only (0600) and the data folder owner-only (0700)', () => {
    const dir = join(tempDir(), 'data');
    const store = openSettingsStore(dir);
    store.set('settings', { theme: 'dark' });
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'settings.json'))).toBe(0o600);
    writeFileAtomicSync(join(dir, 'other.json'), '{}');
    expect(mode(join(dir, 'other.json'))).toBe(0o600);
    // No temp file is left behind.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('tightens a data folder an older version created readable by others', () => {
    const dir = tempDir();
    // mkdtemp gives 0700; loosen only our own temp folder to simulate an old install.
    chmodSync(dir, 0o755);
    openSettingsStore(dir);
    expect(mode(dir)).toBe(0o700);
  });

  it('keeps changes two stores make to different keys of one file (merge under the lock)', () => {
    const dir = tempDir();
    const a = openJsonStore(dir, 'shared');
    const b = openJsonStore(dir, 'shared');
    a.set('one', 1);
    b.set('two', 2);
    a.set('three', 3);
    expect(openJsonStore(dir, 'shared').store).toEqual({ one: 1, two: 2, three: 3 });
    expect(a.get('two')).toBe(2);
  });

  it('sets a truncated settings file aside, tells the user and restores hubs and keys from the last good copy', () => {
    const dir = tempDir();
    const first = openSettingsStore(dir);
    first.set('keys', { version: 1, hubs: [{ id: 'h1' }], keys: [] });
    const text = readFileSync(join(dir, 'settings.json'), 'utf8');
    writeFileSync(join(dir, 'settings.json'), text.slice(0, text.length / 2));

    const notices = new NoticeBoard();
    const again = openSettingsStore(dir, notices);
    expect(again.get('keys')).toEqual({ version: 1, hubs: [{ id: 'h1' }], keys: [] });
    const aside = readdirSync(dir).filter((f) => f.startsWith('settings.damaged-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe(text.slice(0, text.length / 2));
    expect(notices.list()).toEqual([{ reason: 'settingsDamaged', params: { file: aside[0], restored: 1, name: 'settings.json' } }]);
  });

  it('starts a damaged settings file with no backup empty, without throwing', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), '{"settings": {"theme": "da');
    const notices = new NoticeBoard();
    const service = new SettingsService(openSettingsStore(dir, notices));
    expect(service.get().theme).toBe('system');
    expect(notices.list()[0]).toMatchObject({ reason: 'settingsDamaged', params: { restored: 0 } });
  });

  it('refuses a settings file from a newer version with a clear message and leaves it untouched', () => {
    const dir = tempDir();
    const body = JSON.stringify({ schemaVersion: SETTINGS_VERSION + 1, settings: {} });
    writeFileSync(join(dir, 'settings.json'), body);
    let caught: unknown;
    try {
      new SettingsService(openSettingsStore(dir));
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught) && caught.detail?.reason).toBe('settingsFromNewerVersion');
    expect(describeStartupFailure(caught).message).toMatch(/newer version of the app.*Nothing was changed/s);
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe(body);
  });

  it('takes over a write lock left by a process that no longer runs', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.write.lock'), JSON.stringify({ pid: 2 ** 22 + 7, host: hostname(), at: Date.now() }));
    expect(withLockSync(dir, () => 'ran')).toBe('ran');
  });

  it('lets only one host use a data folder at a time, and frees it on release', () => {
    const dir = tempDir();
    const first = acquireHostLock(dir, 'test');
    let caught: unknown;
    try {
      acquireHostLock(dir, 'test');
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught) && caught.detail?.reason).toBe('dataFolderInUse');
    expect((caught as Error).message).toContain(`process ${process.pid}`);
    first.release();
    acquireHostLock(dir, 'test').release();
  });
});
