import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../src/main/services';
import { HygieneService } from '../../../src/main/services/hygiene';
import { createFileLogger } from '../../../src/main/services/logger';
import { memoryStore } from '../../../src/main/services/settings/store';
import { secretEncodings } from '../../../src/main/services/storage';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings';
import { randomKey } from '../../unit/keys/support/fake-hub';
import { MemorySecretStore } from '../../unit/keys/support/memory-secret-store';

const runtime = { host: 'browser' as const, name: 'AIGNE Hub Desktop', version: '0.1.0', platform: 'linux x64', versions: { node: '20' } };
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'app-log-'));
  dirs.push(dir);
  return dir;
}
function expectNoKey(text: string, key: string) {
  for (const form of [...secretEncodings(key), key.slice('blocklet-'.length)]) expect(text).not.toContain(form);
}

describe('the log file in the data folder', () => {
  it('keeps the cause of an INTERNAL error, without the key text it carried', async () => {
    const dir = tempDir();
    const key = randomKey();
    const store = memoryStore();
    const set = store.set.bind(store);
    let broken = false;
    store.set = (name, value) => {
      if (broken && name === 'settings') throw new Error(`disk went away while saving (token ${key})`);
      set(name, value);
    };
    const logger = createFileLogger({ dir: join(dir, 'logs') });
    const services = createServices({
      store,
      dataDir: dir,
      secrets: new MemorySecretStore(),
      shell: { openExternal: async () => true },
      clipboard: { readText: () => '', writeText: () => undefined, clear: () => undefined },
      runtime,
      emit: () => undefined,
      logger,
    });
    broken = true;
    const result = await services.dispatcher.dispatch('settings.update', { theme: 'dark' }, { host: 'browser' });
    services.dispose();
    // The user gets the generic message; the log gets what happened.
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('disk went away');
    const text = readFileSync(logger.path, 'utf8');
    expect(logger.path).toBe(join(dir, 'logs', 'app.log'));
    expect(text).toMatch(/ERROR settings\.update failed: INTERNAL \| Error: disk went away while saving \(token \[redacted\]\)/);
    expectNoKey(text, key);
  });

  it('records a background check that failed instead of dropping it', async () => {
    const dir = tempDir();
    const key = randomKey();
    const logger = createFileLogger({ dir });
    const hygiene = new HygieneService({
      keys: {
        listHubs: () => Promise.reject(new Error(`keychain said no to ${key}`)),
        listKeys: async () => [],
      },
      usage: { digest: () => Promise.reject(new Error('unused')), keyHints: () => Promise.reject(new Error('unused')) },
      settings: { get: () => DEFAULT_SETTINGS },
      store: memoryStore(),
      notifier: { notify: () => undefined },
      logger,
    });
    hygiene.start({ firstDelayMs: 0 });
    await expect.poll(() => (existsSync(logger.path) ? readFileSync(logger.path, 'utf8') : '')).toContain('WARN hygiene check failed');
    hygiene.stop();
    const text = readFileSync(logger.path, 'utf8');
    expect(text).toContain('keychain said no to [redacted]');
    expectNoKey(text, key);
  });

  it('stays bounded: one current file and one previous, each under the limit', () => {
    const dir = tempDir();
    const logger = createFileLogger({ dir, maxBytes: 4096 });
    for (let i = 0; i < 500; i++) logger.warn(`failure number ${i}`, new Error('x'.repeat(100)));
    expect(readdirSync(dir).sort()).toEqual(['app.log', 'app.log.1']);
    for (const file of ['app.log', 'app.log.1']) expect(statSync(join(dir, file)).size).toBeLessThanOrEqual(4096);
    // The newest line is in the current file.
    expect(readFileSync(join(dir, 'app.log'), 'utf8')).toContain('failure number 499');
  });
});
