import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { openConfStore } from '../../src/main/services/settings/conf-store';
import { SETTINGS_VERSION } from '../../src/main/services/settings/migrations';
import { SettingsService } from '../../src/main/services/settings/service';

const dirs: string[] = [];
function tempDir() {
  const d = mkdtempSync(join(tmpdir(), 'hub-settings-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('settings', () => {
  it('start from the defaults and survive a restart', () => {
    const dir = tempDir();
    const first = new SettingsService(openConfStore(dir));
    expect(first.get()).toEqual(DEFAULT_SETTINGS);
    first.update({ theme: 'dark', language: 'zh-CN' });

    const again = new SettingsService(openConfStore(dir));
    expect(again.get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', language: 'zh-CN' });
  });

  it('tell listeners about every change', () => {
    const service = new SettingsService(openConfStore(tempDir()));
    const seen: string[] = [];
    service.onChange((s) => seen.push(s.theme));
    service.update({ theme: 'light' });
    service.update({ theme: 'dark' });
    expect(seen).toEqual(['light', 'dark']);
  });

  it('refuse values outside the schema and keep the old ones', () => {
    const service = new SettingsService(openConfStore(tempDir()));
    expect(() => service.update({ clipboardClearSeconds: 1 })).toThrow();
    expect(service.get().clipboardClearSeconds).toBe(30);
  });

  it('migrate an unversioned file: keep valid values, default the rest, drop unknown keys', () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    writeFileSync(
      file,
      JSON.stringify({
        settings: { theme: 'dark', language: 'klingon', clipboardClearSeconds: 9999 },
        apiKey: 'blocklet-zLeftOverFromAHandEditedFile111111111',
        windowState: { x: 1, y: 2, width: 900, height: 700 },
      }),
    );
    const store = openConfStore(dir);
    const service = new SettingsService(store);
    expect(service.get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', language: 'system', clipboardClearSeconds: 600 });
    const onDisk = readFileSync(file, 'utf8');
    expect(onDisk).not.toContain('blocklet-');
    expect(JSON.parse(onDisk)).toMatchObject({ schemaVersion: SETTINGS_VERSION, windowState: { width: 900 } });
  });

  it('migrate a version 1 file: the user keeps their choices and gets the key hygiene defaults', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'settings.json'),
      JSON.stringify({
        schemaVersion: 1,
        settings: { theme: 'light', language: 'zh-CN', clipboardClearSeconds: 45 },
        keys: { version: 1, hubs: [], keys: [] },
      }),
    );
    const store = openConfStore(dir);
    expect(new SettingsService(store).get()).toEqual({
      ...DEFAULT_SETTINGS,
      theme: 'light',
      language: 'zh-CN',
      clipboardClearSeconds: 45,
      rotationPeriodDays: 90,
    });
    expect(store.get('keys')).toEqual({ version: 1, hubs: [], keys: [] });
  });

  it('migrate a version 2 file: every choice is kept and the update check on start is on', () => {
    const dir = tempDir();
    const file = join(dir, 'settings.json');
    const v2 = {
      language: 'en',
      theme: 'dark',
      clipboardClearSeconds: 20,
      rotationPeriodDays: 30,
      alertCallsPer24h: 500,
      alertCreditsPer24h: null,
      notifications: false,
    };
    writeFileSync(file, JSON.stringify({ schemaVersion: 2, settings: v2, keys: { version: 1, hubs: [], keys: [] } }));
    const store = openConfStore(dir);
    const service = new SettingsService(store);
    expect(SETTINGS_VERSION).toBe(3);
    expect(service.get()).toEqual({ ...v2, checkForUpdatesOnStart: true });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ schemaVersion: 3, keys: { version: 1 } });

    // The opt-out is a setting like any other: it survives a restart.
    service.update({ checkForUpdatesOnStart: false });
    expect(new SettingsService(openConfStore(dir)).get().checkForUpdatesOnStart).toBe(false);
  });

  it('refuse a file written by a newer app instead of damaging it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ schemaVersion: SETTINGS_VERSION + 1, settings: {} }));
    expect(() => new SettingsService(openConfStore(dir))).toThrow(/newer version/);
  });
});
