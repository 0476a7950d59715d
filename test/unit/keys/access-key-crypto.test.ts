import CryptoJS from 'crypto-js';
import { describe, expect, it } from 'vitest';
import { accessKeyPassphrase, decryptAccessKeySecret } from '../../../src/main/services/hub/access-key-crypto';
import { encryptLikeHub, randomKey } from './support/fake-hub';

// docs/hub-protocol.md §3.5, made with the official CLI's own functions.
const VECTOR = {
  challenge: '6b3f2a9c0d1e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4',
  accessKeyId: 'z1PeerVectorAccessKeyId0000000000000',
  passphrase: '4d295190e82494a187191dc2d87694008c72a163aff857b6e7fe7370ffb17aa7',
  ciphertext: 'U2FsdGVkX1/L7FsT/30WBYokHEkY91CMKkbHbisnhcxRLzl08eM126FWwLaT3rOrm5fytAOIXBNMU2Y6b39wAw==',
  plaintext: 'blocklet-zPeerVectorSecret111111111111111111111',
};

describe('decrypting the key an approved session carries', () => {
  it('derives the published passphrase', () => {
    expect(accessKeyPassphrase(VECTOR.challenge, VECTOR.accessKeyId)).toBe(VECTOR.passphrase);
  });

  it('decrypts the published test vector with node crypto alone', () => {
    expect(decryptAccessKeySecret(VECTOR.ciphertext, VECTOR.challenge, VECTOR.accessKeyId)).toBe(VECTOR.plaintext);
  });

  it('decrypts what crypto-js encrypts (random keys, challenges and salts)', () => {
    for (let i = 0; i < 8; i++) {
      const secret = randomKey();
      const challenge = CryptoJS.lib.WordArray.random(24).toString();
      const accessKeyId = `z1Id${i}`;
      expect(decryptAccessKeySecret(encryptLikeHub(secret, challenge, accessKeyId), challenge, accessKeyId)).toBe(secret);
    }
  });

  it('refuses a wrong challenge with HUB_ERROR instead of returning garbage', () => {
    const attempt = () => decryptAccessKeySecret(VECTOR.ciphertext, `${VECTOR.challenge.slice(0, -1)}5`, VECTOR.accessKeyId);
    expect(attempt).toThrowError(expect.objectContaining({ code: 'HUB_ERROR' }));
  });

  it('refuses an unencrypted secret and non-OpenSSL text', () => {
    for (const bad of [VECTOR.plaintext, '', 'not base64 at all', Buffer.from('Salted__').toString('base64')]) {
      expect(() => decryptAccessKeySecret(bad, VECTOR.challenge, VECTOR.accessKeyId)).toThrowError(
        expect.objectContaining({ code: 'HUB_ERROR' }),
      );
    }
  });

  it('refuses plaintext without the blocklet- prefix even when it decrypts cleanly', () => {
    const passphrase = accessKeyPassphrase(VECTOR.challenge, VECTOR.accessKeyId);
    const notAKey = CryptoJS.AES.encrypt('sk-something-else', passphrase).toString();
    let message = '';
    try {
      decryptAccessKeySecret(notAKey, VECTOR.challenge, VECTOR.accessKeyId);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/could not decrypt/);
    expect(message).not.toContain('sk-something-else');
  });
});
