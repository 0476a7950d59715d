import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkKeychainHealth } from '../../../src/main/services/keychain/health';
import { VaultFileStore } from '../../../src/main/services/keychain/vault-file-store';

const SECRET = 'blocklet-4mVbq8TzXw9kLpRa2NcYh7Qx2';
const PASSPHRASE = 'correct horse battery staple';
let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vault-'));
  file = join(dir, 'nested', 'keys.vault');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** True when `needle` appears in the file as UTF-8, UTF-16LE, base64 or hex. */
function fileContains(path: string, needle: string): boolean {
  const bytes = readFileSync(path);
  const forms = [
    Buffer.from(needle, 'utf8'),
    Buffer.from(needle, 'utf16le'),
    Buffer.from(Buffer.from(needle).toString('base64')),
    Buffer.from(Buffer.from(needle).toString('hex')),
  ];
  return forms.some((form) => bytes.includes(form));
}

describe('the encrypted vault file (fallback when no OS keychain works)', () => {
  it('creates, stores, locks and unlocks with the passphrase', async () => {
    const vault = new VaultFileStore(file);
    await vault.create(PASSPHRASE);
    await vault.set('hub:key', SECRET);
    vault.lock();
    await expect(vault.get('hub:key')).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE', detail: { reason: 'vault-locked' } });

    const reopened = new VaultFileStore(file);
    await reopened.unlock(PASSPHRASE);
    expect(await reopened.get('hub:key')).toBe(SECRET);
    expect(await reopened.list()).toEqual(['hub:key']);
    expect(await reopened.delete('hub:key')).toBe(true);
    expect(await reopened.delete('hub:key')).toBe(false);
    expect(await reopened.get('hub:key')).toBeNull();
  });

  it('refuses a wrong passphrase with a clear INVALID_INPUT', async () => {
    const vault = new VaultFileStore(file);
    await vault.create(PASSPHRASE);
    await vault.set('a', SECRET);
    const other = new VaultFileStore(file);
    await expect(other.unlock('Correct horse battery staple')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('does not open the vault file'),
    });
    expect(other.isUnlocked).toBe(false);
  });

  it('never writes a secret (or the passphrase) in plaintext, in any common encoding', async () => {
    const vault = new VaultFileStore(file);
    await vault.create(PASSPHRASE);
    await vault.set('hub-1:key-1', SECRET);
    await vault.set('hub-1:key-2', `${SECRET}Zz`);
    expect(fileContains(file, SECRET)).toBe(false);
    expect(fileContains(file, SECRET.slice(9))).toBe(false);
    expect(fileContains(file, PASSPHRASE)).toBe(false);
    expect(fileContains(file, 'hub-1:key-1')).toBe(false); // even account names are sealed
  });

  it('is readable only by its owner (0600), replaced atomically, and re-encrypted with a fresh IV per write', async () => {
    const vault = new VaultFileStore(file);
    await vault.create(PASSPHRASE);
    await vault.set('a', SECRET);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const first = JSON.parse(readFileSync(file, 'utf8')) as {
      cipher: { iv: string; data: string };
      kdf: { N: number; r: number; p: number; salt: string };
    };
    await vault.set('a', SECRET); // same content
    const second = JSON.parse(readFileSync(file, 'utf8')) as typeof first;
    expect(second.cipher.iv).not.toBe(first.cipher.iv);
    expect(second.cipher.data).not.toBe(first.cipher.data);
    expect(first.kdf).toMatchObject({ N: 2 ** 17, r: 8, p: 1 });
    expect(Buffer.from(first.kdf.salt, 'base64')).toHaveLength(16);
    expect(readdirSync(join(dir, 'nested'))).toEqual(['keys.vault']); // no temp files left behind
    await Promise.all([vault.set('b', 'blocklet-B'), vault.set('c', 'blocklet-C'), vault.delete('a')]);
    const reopened = new VaultFileStore(file);
    await reopened.unlock(PASSPHRASE);
    expect((await reopened.list()).sort()).toEqual(['b', 'c']);
  });

  it('detects tampering with the header or the ciphertext', async () => {
    const vault = new VaultFileStore(file);
    await vault.create(PASSPHRASE);
    await vault.set('a', SECRET);
    const original = JSON.parse(readFileSync(file, 'utf8')) as { kdf: { N: number }; cipher: { data: string } };
    writeFileSync(file, JSON.stringify({ ...original, kdf: { ...original.kdf, N: 2 ** 16 } }));
    await expect(new VaultFileStore(file).unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    writeFileSync(file, '{"format":"something else"}');
    await expect(new VaultFileStore(file).unlock(PASSPHRASE)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      detail: { reason: 'vault-damaged' },
    });
  });

  it('guards creation: no short passphrase, no overwriting an existing vault; unlocking nothing is NOT_FOUND', async () => {
    await expect(new VaultFileStore(file).unlock(PASSPHRASE)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(new VaultFileStore(file).create('short')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('at least 8'),
    });
    await new VaultFileStore(file).create(PASSPHRASE);
    await expect(new VaultFileStore(file).create(PASSPHRASE)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('already exists'),
    });
  });

  it('passes the same health check as the OS keychain, and reports when locked', async () => {
    const vault = new VaultFileStore(file);
    await vault.create(PASSPHRASE);
    expect(await checkKeychainHealth(vault)).toEqual({ ok: true, tier: 'vault-file' });
    expect(await vault.list()).toEqual([]); // the sentinel was removed
    vault.lock();
    expect(await checkKeychainHealth(vault)).toMatchObject({ ok: false, reason: 'vault-locked' });
  });
});
