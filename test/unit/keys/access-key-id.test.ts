import { describe, expect, it } from 'vitest';
import { accessKeyIdOf, base58Decode, base58Encode, didAddressOfPublicKey } from '../../../src/main/services/keys/access-key-id';
import { startSandboxHub } from '../../../sandbox-hub/index';

describe('accessKeyId from a pasted key', () => {
  it('round-trips base58 with leading zeros', () => {
    const bytes = Uint8Array.of(0, 0, 1, 2, 255, 128);
    expect(base58Decode(base58Encode(bytes))).toEqual(bytes);
    expect(base58Decode('0OIl')).toBeUndefined();
  });

  it('is the z1… DID address of the public key the key spells', () => {
    const publicKey = new Uint8Array(32).fill(7);
    const id = accessKeyIdOf(`blocklet-${base58Encode(publicKey)}`);
    expect(id).toBe(didAddressOfPublicKey(publicKey));
    expect(id).toMatch(/^z1[1-9A-HJ-NP-Za-km-z]{30,}$/);
    expect(accessKeyIdOf('sk-not-a-hub-key')).toBeUndefined();
  });

  it('matches the id the hub records the key’s calls under', async () => {
    const hub = await startSandboxHub();
    try {
      const key = hub.admin.createKey({ name: 'pasted' });
      expect(accessKeyIdOf(key.secret)).toBe(key.accessKeyId);
    } finally {
      await hub.close();
    }
  });
});
