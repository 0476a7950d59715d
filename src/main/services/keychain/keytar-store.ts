import { AppError } from '../../../shared/errors';
import type { SecretStore } from './secret-store';
import { classifyKeychainError, keychainError } from './keychain-errors';
import { withTimeout } from './timeout';

/** The slice of keytar this store uses; injectable so a test can simulate a hang. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

export interface KeytarStoreOptions {
  /** Per-call limit. Why: with DISPLAY set and a locked keyring, libsecret waits forever on a prompt. */
  timeoutMs?: number;
  keytar?: KeytarLike;
}

export const DEFAULT_KEYCHAIN_SERVICE = 'AIGNE Hub Desktop';
export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 5_000;

let keytarModule: Promise<KeytarLike> | undefined;

/** Loads the native module on first use, so a missing libsecret fails one call, not app start. */
function loadKeytar(): Promise<KeytarLike> {
  keytarModule ??= import('keytar').then((m) => (m as { default?: KeytarLike }).default ?? (m as unknown as KeytarLike));
  return keytarModule;
}

/**
 * Secrets in the OS keychain (Secret Service on Linux, Keychain on macOS,
 * Credential Manager on Windows) under one keytar "service" name.
 */
export class KeytarStore implements SecretStore {
  readonly tier = 'os-keychain' as const;
  readonly service: string;
  private readonly timeoutMs: number;
  private readonly injected: KeytarLike | undefined;
  private stuck = 0;

  constructor(service: string = DEFAULT_KEYCHAIN_SERVICE, options: KeytarStoreOptions = {}) {
    this.service = service;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
    this.injected = options.keytar;
  }

  async get(account: string): Promise<string | null> {
    requireText(account, 'account');
    return this.call((k) => k.getPassword(this.service, account));
  }

  /** Saves, then reads back: a locked keyring can "accept" a write and keep nothing. */
  async set(account: string, secret: string): Promise<void> {
    requireText(account, 'account');
    requireText(secret, 'secret');
    await this.call((k) => k.setPassword(this.service, account, secret));
    const readBack = await this.call((k) => k.getPassword(this.service, account));
    if (readBack !== secret) throw keychainError('silent-read-failure');
  }

  async delete(account: string): Promise<boolean> {
    requireText(account, 'account');
    return this.call((k) => k.deletePassword(this.service, account));
  }

  async list(): Promise<string[]> {
    const found = await this.call((k) => k.findCredentials(this.service));
    return found.map((c) => c.account);
  }

  /**
   * Calls that timed out and have still not returned. Why it matters: such a
   * call (libsecret waiting on a prompt) blocks even process.exit(), so on quit
   * the app should force its exit while this is above zero.
   */
  get stuckCalls(): number {
    return this.stuck;
  }

  private async call<T>(op: (k: KeytarLike) => Promise<T>): Promise<T> {
    const work = (async () => op(this.injected ?? (await loadKeytar())))();
    const onTimeout = () => {
      this.stuck++;
      const settled = () => {
        this.stuck--;
      };
      work.then(settled, settled);
      return keychainError('timeout');
    };
    try {
      return await withTimeout(work, this.timeoutMs, onTimeout);
    } catch (error) {
      throw classifyKeychainError(error);
    }
  }
}

function requireText(value: string, what: string): void {
  // keytar throws a bare "X is required." for empty strings; say it our way.
  if (typeof value !== 'string' || value.length === 0) {
    throw new AppError('INVALID_INPUT', `The keychain ${what} cannot be empty.`, { reason: 'keychainEmptyEntry' });
  }
}
