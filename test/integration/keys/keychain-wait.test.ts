import { randomUUID } from 'node:crypto';
import keytar from 'keytar';
import { afterEach, describe, expect, it } from 'vitest';
import { checkKeychainHealth } from '../../../src/main/services/keychain/health';
import { KeytarStore, keychainWaitPolicy, type KeytarLike } from '../../../src/main/services/keychain/keytar-store';
import { describeWithKeyring } from './keyring-env';

// A keychain prompt (macOS Keychain access, a Linux unlock dialog) is a person deciding: with a display the
// app waits for them and says so; headless it gives up quickly. A write the app gave up on must not land later
// as an entry nobody knows about.
const SERVICE = `AIGNE Hub Desktop test ${randomUUID()}`;

/** The real keytar, with its first write held until the "person" answers the prompt. */
function firstWriteWaitsForPrompt() {
  let answer!: () => void;
  const state = { held: true, landed: false };
  const keytarLike: KeytarLike = {
    ...keytar,
    setPassword: async (service, account, password) => {
      const wasHeld = state.held;
      if (wasHeld) {
        state.held = false;
        await new Promise<void>((done) => (answer = done));
      }
      await keytar.setPassword(service, account, password);
      if (wasHeld) state.landed = true;
    },
  };
  return { keytar: keytarLike, state, answer: () => answer() };
}

describe('how long keychain calls may wait', () => {
  it('waits minutes for a person where a prompt can be shown, seconds where none can', () => {
    expect(keychainWaitPolicy({ platform: 'darwin', env: {} }).timeoutMs).toBeGreaterThanOrEqual(60_000);
    expect(keychainWaitPolicy({ platform: 'win32', env: {} }).timeoutMs).toBeGreaterThanOrEqual(60_000);
    expect(keychainWaitPolicy({ platform: 'linux', env: { DISPLAY: ':0' } }).timeoutMs).toBeGreaterThanOrEqual(60_000);
    expect(keychainWaitPolicy({ platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' } }).noticeAfterMs).toBeDefined();
    expect(keychainWaitPolicy({ platform: 'linux', env: {} })).toEqual({ timeoutMs: 5_000 });
  });

  it('tells the page it is waiting once a call outlasts the notice delay, and when it is answered', async () => {
    let answer!: () => void;
    const waiting: boolean[] = [];
    const store = new KeytarStore(SERVICE, {
      timeoutMs: 60_000,
      noticeAfterMs: 10,
      onWaiting: (w) => waiting.push(w),
      keytar: {
        getPassword: () => new Promise((done) => (answer = () => done('s3cret'))),
        setPassword: async () => undefined,
        deletePassword: async () => true,
        findCredentials: async () => [],
      },
    });
    const read = store.get('a');
    await expect.poll(() => waiting).toEqual([true]);
    answer();
    expect(await read).toBe('s3cret');
    expect(waiting).toEqual([true, false]);
  });

  it('says nothing for a call that answers at once', async () => {
    const waiting: boolean[] = [];
    const store = new KeytarStore(SERVICE, {
      noticeAfterMs: 1_000,
      onWaiting: (w) => waiting.push(w),
      keytar: {
        getPassword: async () => null,
        setPassword: async () => undefined,
        deletePassword: async () => false,
        findCredentials: async () => [],
      },
    });
    expect(await store.get('a')).toBeNull();
    expect(waiting).toEqual([]);
  });

  it('gives the health check as long as the store allows, not a fixed 5 s', async () => {
    let answer!: () => void;
    const gate = new Promise<void>((done) => (answer = done));
    const kept = new Map<string, string>();
    const store = new KeytarStore(SERVICE, {
      timeoutMs: 60_000,
      keytar: {
        getPassword: async (_s, a) => kept.get(a) ?? null,
        setPassword: async (_s, a, p) => {
          await gate;
          kept.set(a, p);
        },
        deletePassword: async (_s, a) => kept.delete(a),
        findCredentials: async () => [],
      },
    });
    const health = checkKeychainHealth(store);
    // The person answers after the old 5 s limit would have passed; a fake clock is not needed to see that the
    // check is still pending rather than failed: it resolves only when answered.
    let settled = false;
    void health.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    answer();
    expect(await health).toEqual({ ok: true, tier: 'os-keychain' });
  });
});

describeWithKeyring('a timed-out write in the real keychain', () => {
  afterEach(async () => {
    for (const c of await keytar.findCredentials(SERVICE)) await keytar.deletePassword(SERVICE, c.account);
  });

  it('is removed when it lands after the app gave up, so no orphan entry is left', async () => {
    const prompt = firstWriteWaitsForPrompt();
    const store = new KeytarStore(SERVICE, { timeoutMs: 200, keytar: prompt.keytar });
    await expect(store.set('hub-1:key-1', 'blocklet-late')).rejects.toMatchObject({ detail: { reason: 'timeout' } });
    prompt.answer(); // the person answers after all: the write lands...
    await expect.poll(() => prompt.state.landed).toBe(true);
    await expect.poll(() => keytar.findCredentials(SERVICE)).toEqual([]); // ...and is undone
    expect(store.stuckCalls).toBe(0);
  });

  it('lets a retry win: the late write lands and is undone before the retry writes', async () => {
    const prompt = firstWriteWaitsForPrompt();
    const store = new KeytarStore(SERVICE, { timeoutMs: 200, keytar: prompt.keytar });
    await expect(store.set('k', 'old')).rejects.toMatchObject({ detail: { reason: 'timeout' } });
    const retry = store.set('k', 'new'); // waits for the first write to settle
    prompt.answer();
    await retry;
    expect(prompt.state.landed).toBe(true);
    expect(await keytar.getPassword(SERVICE, 'k')).toBe('new');
    expect(await keytar.findCredentials(SERVICE)).toEqual([{ account: 'k', password: 'new' }]);
  });
});
