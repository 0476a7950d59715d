import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { keychainError } from './keychain-errors';
import type { SecretStore } from './secret-store';

/**
 * The fallback tier when no OS keychain works: one file, encrypted with a key
 * derived from a passphrase the user chose (scrypt, random salt) and sealed with
 * AES-256-GCM under a fresh random IV on every write. Nothing is ever written in
 * plaintext, and nothing is derived from machine ids or fixed IVs.
 *
 * File layout (JSON, mode 0600, replaced atomically via temp file + rename):
 *   { format, version, kdf: {name:'scrypt', N, r, p, salt}, cipher: {name:'aes-256-gcm', iv, tag, data} }
 * The header (format, version, kdf) is bound to the ciphertext as GCM
 * additional data, so editing the parameters breaks authentication.
 */

const FORMAT = 'aigne-hub-desktop-vault';
const VERSION = 1;
const KEY_BYTES = 32;
const MIN_PASSPHRASE = 8;
/** ~0.3 s on a laptop core; OWASP's scrypt floor is N=2^17, r=8, p=1. */
const DEFAULT_KDF = { N: 2 ** 17, r: 8, p: 1 } as const;
/** Refuse absurd parameters from a tampered file instead of burning CPU or memory. */
const MAX_KDF = { N: 2 ** 20, r: 16, p: 4 } as const;

const b64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/);
const vaultFileSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  kdf: z.object({
    name: z.literal('scrypt'),
    N: z
      .number()
      .int()
      .min(2 ** 14)
      .max(MAX_KDF.N),
    r: z.number().int().min(1).max(MAX_KDF.r),
    p: z.number().int().min(1).max(MAX_KDF.p),
    salt: b64,
  }),
  cipher: z.object({ name: z.literal('aes-256-gcm'), iv: b64, tag: b64, data: b64 }),
});
type VaultFile = z.infer<typeof vaultFileSchema>;
type KdfParams = VaultFile['kdf'];

const payloadSchema = z.object({ secrets: z.record(z.string(), z.string()) });

interface Unlocked {
  key: Buffer;
  kdf: KdfParams;
  secrets: Map<string, string>;
}

export class VaultFileStore implements SecretStore {
  readonly tier = 'vault-file' as const;
  readonly filePath: string;
  private state: Unlocked | null = null;
  /** Serialises writes so two quick saves cannot interleave their renames. */
  private writing: Promise<void> = Promise.resolve();

  constructor(filePath: string) {
    this.filePath = filePath;
  }

  get isUnlocked(): boolean {
    return this.state !== null;
  }

  async exists(): Promise<boolean> {
    try {
      await readFile(this.filePath);
      return true;
    } catch {
      return false;
    }
  }

  /** Creates a new, empty vault protected by `passphrase` and leaves it unlocked. */
  async create(passphrase: string): Promise<void> {
    if (typeof passphrase !== 'string' || passphrase.length < MIN_PASSPHRASE) {
      throw new AppError('INVALID_INPUT', `Choose a passphrase of at least ${MIN_PASSPHRASE} characters.`, {
        reason: 'passphraseShort',
        min: MIN_PASSPHRASE,
      });
    }
    if (await this.exists()) {
      throw new AppError(
        'INVALID_INPUT',
        'A vault file already exists here. Unlock it with its passphrase instead of creating a new one.',
        { reason: 'vaultExists' },
      );
    }
    const kdf: KdfParams = { name: 'scrypt', ...DEFAULT_KDF, salt: randomBytes(16).toString('base64') };
    this.lock();
    this.state = { key: await deriveKey(passphrase, kdf), kdf, secrets: new Map() };
    await this.persist();
  }

  /** Opens the vault; a wrong passphrase is a clear INVALID_INPUT, never a crash. */
  async unlock(passphrase: string): Promise<void> {
    let raw: string;
    try {
      raw = await readFile(this.filePath, 'utf8');
    } catch {
      throw new AppError('NOT_FOUND', 'There is no vault file yet. Create one and choose a passphrase first.', { reason: 'noVault' });
    }
    const file = parseVaultFile(raw);
    const key = await deriveKey(passphrase, file.kdf);
    let plaintext: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.cipher.iv, 'base64'));
      decipher.setAAD(headerAad(file.kdf));
      decipher.setAuthTag(Buffer.from(file.cipher.tag, 'base64'));
      plaintext = Buffer.concat([decipher.update(Buffer.from(file.cipher.data, 'base64')), decipher.final()]);
    } catch {
      key.fill(0);
      throw new AppError('INVALID_INPUT', 'That passphrase does not open the vault file. Check it (it is case-sensitive) and try again.', {
        reason: 'wrongPassphrase',
      });
    }
    const payload = payloadSchema.safeParse(parseJsonOrNull(plaintext.toString('utf8')));
    plaintext.fill(0);
    if (!payload.success) {
      key.fill(0);
      throw damaged();
    }
    this.lock();
    this.state = { key, kdf: file.kdf, secrets: new Map(Object.entries(payload.data.secrets)) };
  }

  /** Forgets the derived key and every decrypted secret. */
  lock(): void {
    if (!this.state) return;
    this.state.key.fill(0);
    this.state.secrets.clear();
    this.state = null;
  }

  async get(account: string): Promise<string | null> {
    return this.unlocked().secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    if (!account || !secret)
      throw new AppError('INVALID_INPUT', 'The vault account and secret cannot be empty.', { reason: 'vaultEmptyEntry' });
    this.unlocked().secrets.set(account, secret);
    await this.persist();
  }

  async delete(account: string): Promise<boolean> {
    const removed = this.unlocked().secrets.delete(account);
    if (removed) await this.persist();
    return removed;
  }

  async list(): Promise<string[]> {
    return [...this.unlocked().secrets.keys()];
  }

  private unlocked(): Unlocked {
    if (!this.state) throw keychainError('vault-locked');
    return this.state;
  }

  private persist(): Promise<void> {
    const next = this.writing.then(() => this.writeNow());
    this.writing = next.catch(() => undefined);
    return next;
  }

  private async writeNow(): Promise<void> {
    const { key, kdf, secrets } = this.unlocked();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(headerAad(kdf));
    const plaintext = Buffer.from(JSON.stringify({ secrets: Object.fromEntries(secrets) }), 'utf8');
    const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    plaintext.fill(0);
    const file: VaultFile = {
      format: FORMAT,
      version: VERSION,
      kdf,
      cipher: {
        name: 'aes-256-gcm',
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        data: data.toString('base64'),
      },
    };
    await writeFileAtomic(this.filePath, JSON.stringify(file));
  }
}

function headerAad(kdf: KdfParams): Buffer {
  // Fixed key order, so the same header always yields the same bytes.
  return Buffer.from(JSON.stringify([FORMAT, VERSION, kdf.name, kdf.N, kdf.r, kdf.p, kdf.salt]), 'utf8');
}

function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function parseVaultFile(raw: string): VaultFile {
  const parsed = vaultFileSchema.safeParse(parseJsonOrNull(raw));
  if (!parsed.success) throw damaged();
  return parsed.data;
}

function damaged(): AppError {
  return new AppError(
    'INVALID_INPUT',
    'The vault file is damaged or was not written by this app, so it cannot be opened. Restore it from a backup, or move it away and create a new vault.',
    { reason: 'vault-damaged' },
  );
}

function deriveKey(passphrase: string, kdf: KdfParams): Promise<Buffer> {
  const maxmem = 256 * kdf.N * kdf.r + 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scryptCallback(
      passphrase.normalize('NFC'),
      Buffer.from(kdf.salt, 'base64'),
      KEY_BYTES,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem },
      (err, key) =>
        err
          ? reject(new AppError('INTERNAL', 'The vault key could not be derived on this machine.', { reason: 'vaultKeyDerivation' }))
          : resolve(key),
    );
  });
}

/** Write to a private temp file in the same directory, flush, then rename over the target. */
async function writeFileAtomic(filePath: string, contents: string): Promise<void> {
  await mkdir(dirname(filePath), { recursive: true, mode: 0o700 });
  const tmp = `${filePath}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(contents, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  try {
    await rename(tmp, filePath);
    await chmod(filePath, 0o600);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}
