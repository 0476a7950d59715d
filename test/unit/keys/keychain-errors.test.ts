import { describe, expect, it } from 'vitest';
import { checkKeychainHealth } from '../../../src/main/services/keychain/health';
import { KEYCHAIN_MESSAGES, classifyKeychainError, keychainReasonOf } from '../../../src/main/services/keychain/keychain-errors';
import { KeytarStore, type KeytarLike } from '../../../src/main/services/keychain/keytar-store';

// The exact texts libsecret produced on this machine (environment.md); the
// integration suite reproduces each one with a real daemon.
const OBSERVED = {
  'no-session-bus': 'Cannot autolaunch D-Bus without X11 $DISPLAY',
  'no-provider': 'The name org.freedesktop.secrets was not provided by any .service files',
  'no-collection': 'Object does not exist at path “/org/freedesktop/secrets/collection/login”',
  locked: 'Cannot create an item in a locked collection',
} as const;

const SECRET = 'blocklet-4mVbq8TzXw9kLpRa2NcYh7Qx2';

/** keytar stand-in whose calls misbehave on demand — unit tests only. */
function fakeKeytar(behaviour: { set?: () => Promise<void>; get?: () => Promise<string | null> }): KeytarLike {
  return {
    setPassword: behaviour.set ?? (async () => undefined),
    getPassword: behaviour.get ?? (async () => null),
    deletePassword: async () => true,
    findCredentials: async () => [],
  };
}

describe('naming keychain failures', () => {
  it.each(Object.entries(OBSERVED))('recognises %s', (reason, message) => {
    expect(keychainReasonOf(message)).toBe(reason);
    expect(keychainReasonOf(`GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: ${message}`)).toBe(reason);
  });

  it('calls anything else unknown, but keeps the system text for support', () => {
    const e = classifyKeychainError(new Error('Something odd'));
    expect(e).toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE', detail: { reason: 'unknown', systemMessage: 'Something odd' } });
  });

  it('explains every reason in plain words with a way out', () => {
    for (const [reason, message] of Object.entries(KEYCHAIN_MESSAGES)) {
      expect(message, reason).not.toMatch(/org\.freedesktop|collection\/login|autolaunch/);
      expect(message.length, reason).toBeGreaterThan(40);
    }
    expect(KEYCHAIN_MESSAGES['no-provider']).toMatch(/gnome-keyring/);
    expect(KEYCHAIN_MESSAGES.locked).toMatch(/[Uu]nlock/);
    expect(KEYCHAIN_MESSAGES['no-session-bus']).toMatch(/vault file/);
  });
});

describe('KeytarStore guarding every call', () => {
  it('times out a hanging keychain call (the DISPLAY prompt hang) with reason timeout', async () => {
    const hanging = fakeKeytar({ set: () => new Promise<void>(() => undefined) });
    const store = new KeytarStore('test', { timeoutMs: 100, keytar: hanging });
    await expect(store.set('a', SECRET)).rejects.toMatchObject({ code: 'KEYCHAIN_UNAVAILABLE', detail: { reason: 'timeout' } });
    expect(await checkKeychainHealth(store, { timeoutMs: 100 })).toMatchObject({ ok: false, reason: 'timeout' });
  });

  it('counts a timed-out call as stuck until it finally returns', async () => {
    let release: () => void = () => undefined;
    const slow = fakeKeytar({ set: () => new Promise<void>((resolve) => (release = resolve)), get: async () => SECRET });
    const store = new KeytarStore('test', { timeoutMs: 50, keytar: slow });
    await expect(store.set('a', SECRET)).rejects.toMatchObject({ detail: { reason: 'timeout' } });
    expect(store.stuckCalls).toBe(1);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.stuckCalls).toBe(0);
  });

  it('detects a keychain that accepts a write but reads back nothing', async () => {
    const store = new KeytarStore('test', { keytar: fakeKeytar({ get: async () => null }) });
    await expect(store.set('a', SECRET)).rejects.toMatchObject({ detail: { reason: 'silent-read-failure' } });
  });

  it('never puts the secret in an error', async () => {
    const store = new KeytarStore('test', { keytar: fakeKeytar({ set: async () => Promise.reject(new Error(OBSERVED.locked)) }) });
    const error = await store.set('a', SECRET).catch((e: unknown) => e);
    expect(JSON.stringify(error)).not.toContain(SECRET);
    expect((error as Error).message).not.toContain(SECRET);
    expect(error).toMatchObject({ detail: { reason: 'locked' } });
  });

  it('refuses empty accounts and secrets before calling keytar', async () => {
    const store = new KeytarStore('test', { keytar: fakeKeytar({}) });
    await expect(store.set('', SECRET)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(store.set('a', '')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
