import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCallback } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { writeFileAtomic } from '../storage/atomic';
import { withLock } from '../storage/lock';
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
/** GCM's full tag: a shorter one would make forging a vault file far easier. */
const TAG_BYTES = 16;
const IV_BYTES = 12;
const MIN_PASSPHRASE = 8;
/** ~0.3 s on a laptop core; OWASP's scrypt floor is N=2^17, r=8, p=1. */
const DEFAULT_KDF = { N: 2 ** 17, r: 8, p: 1 } as const;
/** Refuse absurd parameters from a tampered file instead of burning CPU or memory. */
const MAX_KDF = { N: 2 ** 18, r: 8, p: 2 } as const;
/** scrypt needs 128·N·r bytes: at most 256 MiB, whatever the header says. */
const MAX_KDF_MEMORY = 256 * 1024 * 1024;

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
  /** The secrets as last read from or written to the file: the base of the merge on the next write. */
  base: Map<string, string>;
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
    this.state = { key: await deriveKey(passphrase, kdf), kdf, secrets: new Map(), base: new Map() };
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
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.cipher.iv, 'base64'), { authTagLength: TAG_BYTES });
      decipher.setAAD(headerAad(file.kdf));
      decipher.setAuthTag(tagOf(file));
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
    this.state = {
      key,
      kdf: file.kdf,
      secrets: new Map(Object.entries(payload.data.secrets)),
      base: new Map(Object.entries(payload.data.secrets)),
    };
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
    const next = this.writing.then(() => withLock(dirname(this.filePath), () => this.writeNow()));
    this.writing = next.catch(() => undefined);
    return next;
  }

  private async writeNow(): Promise<void> {
    const state = this.unlocked();
    const { key, kdf } = state;
    // Another process may have saved a secret since we read the file: merge, do not overwrite.
    const theirs = await this.readTheirs(state);
    if (theirs) {
      for (const [account, secret] of theirs) {
        const mine = state.secrets.get(account);
        const base = state.base.get(account);
        if (mine === undefined && base === undefined)
          state.secrets.set(account, secret); // added there
        else if (mine !== undefined && mine === base && secret !== base) state.secrets.set(account, secret); // changed there
      }
      for (const [account, base] of state.base) {
        if (!theirs.has(account) && state.secrets.get(account) === base) state.secrets.delete(account); // removed there
      }
    }
    const secrets = state.secrets;
    const iv = randomBytes(IV_BYTES);
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
    state.base = new Map(secrets);
  }

  /** The secrets in the file now, when it is still the vault we unlocked (same salt); null otherwise. */
  private async readTheirs(state: Unlocked): Promise<Map<string, string> | null> {
    let raw: string;
    try {
      raw = await readFile(this.filePath, 'utf8');
    } catch {
      return null;
    }
    const parsed = vaultFileSchema.safeParse(parseJsonOrNull(raw));
    if (!parsed.success || parsed.data.kdf.salt !== state.kdf.salt) return null;
    try {
      const file = parsed.data;
      const decipher = createDecipheriv('aes-256-gcm', state.key, Buffer.from(file.cipher.iv, 'base64'), { authTagLength: TAG_BYTES });
      decipher.setAAD(headerAad(file.kdf));
      decipher.setAuthTag(tagOf(file));
      const plaintext = Buffer.concat([decipher.update(Buffer.from(file.cipher.data, 'base64')), decipher.final()]);
      const payload = payloadSchema.safeParse(parseJsonOrNull(plaintext.toString('utf8')));
      plaintext.fill(0);
      return payload.success ? new Map(Object.entries(payload.data.secrets)) : null;
    } catch {
      return null;
    }
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

/**
 * Checks the header before any work: scrypt parameters within fixed bounds
 * (a tampered N or r would otherwise cost seconds and gigabytes per unlock
 * attempt), a 16-byte tag and a 12-byte IV.
 */
function parseVaultFile(raw: string): VaultFile {
  const parsed = vaultFileSchema.safeParse(parseJsonOrNull(raw));
  if (!parsed.success) throw damaged();
  const file = parsed.data;
  const { N, r, p, salt } = file.kdf;
  const powerOfTwo = (N & (N - 1)) === 0;
  const memory = 128 * N * r;
  if (!powerOfTwo || memory > MAX_KDF_MEMORY || 128 * r * p > MAX_KDF_MEMORY || Buffer.from(salt, 'base64').length < 16) throw damaged();
  if (Buffer.from(file.cipher.tag, 'base64').length !== TAG_BYTES) throw damaged();
  if (Buffer.from(file.cipher.iv, 'base64').length !== IV_BYTES) throw damaged();
  return file;
}

function tagOf(file: VaultFile): Buffer {
  const tag = Buffer.from(file.cipher.tag, 'base64');
  if (tag.length !== TAG_BYTES) throw damaged();
  return tag;
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
