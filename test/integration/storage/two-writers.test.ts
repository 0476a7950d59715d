import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CallLogStore } from '../../../src/main/services/call-log';
import { VaultFileStore } from '../../../src/main/services/keychain';
import { metadataStoreFromKeyValue } from '../../../src/main/services/keys';
import { ConversationStore } from '../../../src/main/services/playground/conversations';
import { openSettingsStore } from '../../../src/main/services/storage';
import { openUsageCacheStore, UsageCache } from '../../../src/main/services/usage';

const root = new URL('../../..', import.meta.url).pathname;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function runWriter(dir: string, tag: string, rounds: number, passphrase: string): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/integration/storage/writer.ts', dir, tag, String(rounds), passphrase], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${tag} exited ${code}: ${output}`))));
  });
}

describe('two processes on one data folder', () => {
  it('lose nothing: every call-log entry, conversation, hub record, cache entry and vault secret from both survives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-two-writers-'));
    dirs.push(dir);
    const passphrase = 'correct horse battery';
    await new VaultFileStore(join(dir, 'keys.vault')).create(passphrase);
    const rounds = 25;

    await Promise.all([runWriter(dir, 'a', rounds, passphrase), runWriter(dir, 'b', rounds, passphrase)]);

    const expected = ['a', 'b'].flatMap((tag) => Array.from({ length: rounds }, (_v, n) => `${tag}-${n}`)).sort();
    expect(
      new CallLogStore(dir)
        .list()
        .map((c) => c.id)
        .sort(),
    ).toEqual(expected);
    expect(
      new ConversationStore(dir)
        .list()
        .map((c) => c.title)
        .sort(),
    ).toEqual(expected);
    expect(
      metadataStoreFromKeyValue(openSettingsStore(dir))
        .read()
        .hubs.map((h) => h.id)
        .sort(),
    ).toEqual(expected);
    const cache = new UsageCache({ store: openUsageCacheStore(dir) });
    for (const id of expected) expect(cache.get(`cache/${id}`), id).toBeDefined();
    const vault = new VaultFileStore(join(dir, 'keys.vault'));
    await vault.unlock(passphrase);
    expect((await vault.list()).sort()).toEqual(expected);
    expect(await vault.get('b-7')).toBe('secret-b-7');
    // No lock or temp file left behind.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]);
  }, 120_000);
});
