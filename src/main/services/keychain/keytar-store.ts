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
  /**
   * After this long a call is probably waiting on a prompt (macOS Keychain access, a Linux unlock dialog):
   * onWaiting(true) tells the page, onWaiting(false) when no call is waiting any more.
   */
  noticeAfterMs?: number;
  onWaiting?: (waiting: boolean) => void;
  keytar?: KeytarLike;
}

export const DEFAULT_KEYCHAIN_SERVICE = 'AIGNE Hub Desktop';
export const DEFAULT_KEYCHAIN_TIMEOUT_MS = 5_000;
/** With a display a person can answer the prompt: give them time. */
export const KEYCHAIN_PROMPT_TIMEOUT_MS = 5 * 60_000;
export const KEYCHAIN_NOTICE_AFTER_MS = 1_500;

/**
 * How long keychain calls may take. Headless (no display, so no prompt can ever be answered): the short
 * timeout. With a display (macOS, Windows, a Linux desktop session): wait for the person, and say so.
 */
export function keychainWaitPolicy(context: {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
}): Pick<KeytarStoreOptions, 'timeoutMs' | 'noticeAfterMs'> {
  const display = context.platform !== 'linux' || Boolean(context.env.DISPLAY || context.env.WAYLAND_DISPLAY);
  return display
    ? { timeoutMs: KEYCHAIN_PROMPT_TIMEOUT_MS, noticeAfterMs: KEYCHAIN_NOTICE_AFTER_MS }
    : { timeoutMs: DEFAULT_KEYCHAIN_TIMEOUT_MS };
}

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
  private readonly noticeAfterMs: number | undefined;
  private readonly onWaiting: ((waiting: boolean) => void) | undefined;
  private stuck = 0;
  private waiting = 0;
  /** Per account, a write the app gave up on that may still land (and is then undone). */
  private readonly lateWrites = new Map<string, Promise<void>>();

  constructor(service: string = DEFAULT_KEYCHAIN_SERVICE, options: KeytarStoreOptions = {}) {
    this.service = service;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_KEYCHAIN_TIMEOUT_MS;
    this.injected = options.keytar;
    this.noticeAfterMs = options.noticeAfterMs;
    this.onWaiting = options.onWaiting;
  }

  /** The longest one call may take (callers that add their own limit must allow at least this). */
  get callLimitMs(): number {
    return this.timeoutMs;
  }

  async get(account: string): Promise<string | null> {
    requireText(account, 'account');
    return this.call((k) => k.getPassword(this.service, account));
  }

  /** Saves, then reads back: a locked keyring can "accept" a write and keep nothing. */
  async set(account: string, secret: string): Promise<void> {
    requireText(account, 'account');
    requireText(secret, 'secret');
    // Order holds: an earlier write that timed out lands (and is undone) before this one starts.
    await this.settleLateWrite(account);
    // A write that times out may still land later (the person answers the prompt after the app gave up). The
    // caller was told it failed, so that entry would be an orphan: remove it when it lands.
    await this.call(
      (k) => k.setPassword(this.service, account, secret),
      (late) => {
        const undo: Promise<void> = late
          .then(
            () => this.call((k) => k.deletePassword(this.service, account)),
            () => undefined, // it never landed: nothing to undo
          )
          .then(
            () => undefined,
            () => undefined,
          )
          .finally(() => {
            if (this.lateWrites.get(account) === undo) this.lateWrites.delete(account);
          });
        this.lateWrites.set(account, undo);
      },
    );
    const readBack = await this.call((k) => k.getPassword(this.service, account));
    if (readBack !== secret) throw keychainError('silent-read-failure');
  }

  async delete(account: string): Promise<boolean> {
    requireText(account, 'account');
    await this.settleLateWrite(account);
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

  private async settleLateWrite(account: string): Promise<void> {
    const late = this.lateWrites.get(account);
    if (late) await withTimeout(late, this.timeoutMs, () => keychainError('timeout'));
  }

  /** Calls waiting long enough that a prompt is probably open (what the page shows). */
  get waitingCalls(): number {
    return this.waiting;
  }

  private async call<T>(op: (k: KeytarLike) => Promise<T>, onGaveUp?: (late: Promise<T>) => void): Promise<T> {
    const work = (async () => op(this.injected ?? (await loadKeytar())))();
    const onTimeout = () => {
      this.stuck++;
      const settled = () => {
        this.stuck--;
      };
      work.then(settled, settled);
      onGaveUp?.(work);
      return keychainError('timeout');
    };
    let noticed = false;
    const notice =
      this.noticeAfterMs !== undefined && this.onWaiting
        ? setTimeout(() => {
            noticed = true;
            if (this.waiting++ === 0) this.onWaiting?.(true);
          }, this.noticeAfterMs)
        : undefined;
    notice?.unref?.();
    try {
      return await withTimeout(work, this.timeoutMs, onTimeout);
    } catch (error) {
      throw classifyKeychainError(error);
    } finally {
      clearTimeout(notice);
      if (noticed && --this.waiting === 0) this.onWaiting?.(false);
    }
  }
}

function requireText(value: string, what: string): void {
  // keytar throws a bare "X is required." for empty strings; say it our way.
  if (typeof value !== 'string' || value.length === 0) {
    throw new AppError('INVALID_INPUT', `The keychain ${what} cannot be empty.`, { reason: 'keychainEmptyEntry' });
  }
}
