import { randomUUID } from 'node:crypto';
import keytar from 'keytar';
import { afterEach, expect, it } from 'vitest';
import { checkKeychainHealth } from '../../../src/main/services/keychain/health';
import { KeytarStore } from '../../../src/main/services/keychain/keytar-store';
import { describeWithKeyring } from './keyring-env';

// A unique service per run, so a developer's real keyring (if one is used) is never touched.
const SERVICE = `AIGNE Hub Desktop test ${randomUUID()}`;
const SECRET = 'blocklet-4mVbq8TzXw9kLpRa2NcYh7Qx2';

describeWithKeyring('secrets in the real OS keychain (gnome-keyring over D-Bus)', () => {
  const store = new KeytarStore(SERVICE);

  afterEach(async () => {
    for (const c of await keytar.findCredentials(SERVICE)) await keytar.deletePassword(SERVICE, c.account);
  });

  it('saves, reads back, lists and deletes a secret', async () => {
    await store.set('hub-1:key-1', SECRET);
    expect(await store.get('hub-1:key-1')).toBe(SECRET);
    expect(await keytar.getPassword(SERVICE, 'hub-1:key-1')).toBe(SECRET); // really in the keyring
    expect(await store.list()).toEqual(['hub-1:key-1']);
    expect(await store.delete('hub-1:key-1')).toBe(true);
    expect(await store.delete('hub-1:key-1')).toBe(false);
    expect(await store.get('hub-1:key-1')).toBeNull();
  });

  it('replaces a secret saved under the same account', async () => {
    await store.set('a', SECRET);
    await store.set('a', `${SECRET}2`);
    expect(await store.get('a')).toBe(`${SECRET}2`);
    expect(await store.list()).toEqual(['a']);
  });

  it('keeps services apart', async () => {
    const other = new KeytarStore(`${SERVICE} other`);
    await store.set('a', SECRET);
    await other.set('b', SECRET);
    expect(await store.list()).toEqual(['a']);
    expect(await other.delete('b')).toBe(true);
  });

  it('reports a healthy keychain and leaves no sentinel behind', async () => {
    expect(await checkKeychainHealth(store)).toEqual({ ok: true, tier: 'os-keychain' });
    expect(await store.list()).toEqual([]);
  });
});
