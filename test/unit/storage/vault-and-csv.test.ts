import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VaultFileStore } from '../../../src/main/services/keychain';
import { toCsv } from '../../../src/main/services/usage/csv';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function vaultWithSecret() {
  const dir = mkdtempSync(join(tmpdir(), 'hub-vault-bounds-'));
  dirs.push(dir);
  const file = join(dir, 'keys.vault');
  const vault = new VaultFileStore(file);
  await vault.create('a long passphrase');
  await vault.set('h:k', 'blocklet-secret');
  vault.lock();
  return { file, doc: JSON.parse(readFileSync(file, 'utf8')) as { kdf: Record<string, unknown>; cipher: Record<string, string> } };
}

async function unlockReason(file: string): Promise<unknown> {
  try {
    await new VaultFileStore(file).unlock('a long passphrase');
    return 'unlocked';
  } catch (error) {
    return (error as { detail?: { reason?: string } }).detail?.reason;
  }
}

describe('the vault file refuses a tampered header before doing any work', () => {
  it('requires the full 16-byte GCM tag (a 4-byte tag is refused as damaged)', async () => {
    const { file, doc } = await vaultWithSecret();
    expect(await unlockReason(file)).toBe('unlocked');
    doc.cipher.tag = Buffer.from(doc.cipher.tag!, 'base64').subarray(0, 4).toString('base64');
    writeFileSync(file, JSON.stringify(doc));
    expect(await unlockReason(file)).toBe('vault-damaged');
  });

  it.each([
    ['N far above the bound', { N: 2 ** 24 }],
    ['N not a power of two', { N: 2 ** 17 + 1 }],
    ['r making scrypt need 2 GB', { N: 2 ** 18, r: 64 }],
    ['p above the bound', { p: 16 }],
    ['a short salt', { salt: Buffer.alloc(4).toString('base64') }],
  ])('validates the scrypt parameters against fixed bounds: %s', async (_name, change) => {
    const { file, doc } = await vaultWithSecret();
    Object.assign(doc.kdf, change);
    writeFileSync(file, JSON.stringify(doc));
    const started = process.memoryUsage().rss;
    expect(await unlockReason(file)).toBe('vault-damaged');
    // Refused before deriving: no hundreds of megabytes allocated.
    expect(process.memoryUsage().rss - started).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('CSV export', () => {
  it('formula-escapes header cells as well as values', () => {
    const csv = toCsv([{ a: '=1+1' }], [{ key: 'a', header: '=HYPERLINK("http://evil","x")' }]);
    const [header, row] = csv.split('\r\n');
    expect(header).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(row).toBe(`'=1+1`);
  });
});
