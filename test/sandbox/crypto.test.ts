// The sandbox encrypts approved secrets exactly as the hub does, so the
// official CLI's crypto-js code decrypts them (docs/hub-protocol.md §3.5).
import CryptoJS from 'crypto-js';
import { describe, expect, it } from 'vitest';
import {
  aesDecryptWithPassphrase,
  aesEncryptWithPassphrase,
  base58Encode,
  encryptKeySecret,
  fromBase64Url,
  accessKeyIdFor,
  newChallenge,
  newKeySecret,
  secretPassphrase,
  toBase64Url,
} from '../../sandbox-hub/engine/crypto';

const VECTOR = {
  challenge: '6b3f2a9c0d1e4f5a6b7c8d9e0f1a2b3c4d5e6f708192a3b4',
  accessKeyId: 'z1PeerVectorAccessKeyId0000000000000',
  passphrase: '4d295190e82494a187191dc2d87694008c72a163aff857b6e7fe7370ffb17aa7',
  ciphertext: 'U2FsdGVkX1/L7FsT/30WBYokHEkY91CMKkbHbisnhcxRLzl08eM126FWwLaT3rOrm5fytAOIXBNMU2Y6b39wAw==',
  plaintext: 'blocklet-zPeerVectorSecret111111111111111111111',
};

/** What the official CLI does with an approved session. */
function cliDecrypt(cipher: string, challenge: string, accessKeyId: string): string {
  const passphrase = CryptoJS.PBKDF2(challenge, accessKeyId, { keySize: 8, iterations: 256, hasher: CryptoJS.algo.SHA512 }).toString(
    CryptoJS.enc.Hex,
  );
  return CryptoJS.AES.decrypt(cipher, passphrase).toString(CryptoJS.enc.Utf8);
}

describe('secret encryption', () => {
  it('derives the test vector passphrase from the challenge and key id', () => {
    expect(secretPassphrase(VECTOR.challenge, VECTOR.accessKeyId)).toBe(VECTOR.passphrase);
  });

  it('decrypts the test vector ciphertext with node crypto alone', () => {
    expect(aesDecryptWithPassphrase(VECTOR.ciphertext, VECTOR.passphrase)).toBe(VECTOR.plaintext);
  });

  it('reproduces the test vector byte for byte given its salt', () => {
    const salt = Buffer.from(VECTOR.ciphertext, 'base64').subarray(8, 16);
    expect(aesEncryptWithPassphrase(VECTOR.plaintext, VECTOR.passphrase, salt)).toBe(VECTOR.ciphertext);
  });

  it('produces ciphertext that crypto-js decrypts as the official CLI does', () => {
    const salt = Buffer.from('0102030405060708', 'hex');
    const fixed = aesEncryptWithPassphrase(VECTOR.plaintext, VECTOR.passphrase, salt);
    expect(CryptoJS.AES.decrypt(fixed, VECTOR.passphrase).toString(CryptoJS.enc.Utf8)).toBe(VECTOR.plaintext);

    const challenge = newChallenge();
    const secret = newKeySecret();
    const accessKeyId = accessKeyIdFor(secret);
    expect(cliDecrypt(encryptKeySecret(secret, challenge, accessKeyId), challenge, accessKeyId)).toBe(secret);
  });

  it('uses a fresh salt each time', () => {
    expect(aesEncryptWithPassphrase('x', 'p')).not.toBe(aesEncryptWithPassphrase('x', 'p'));
  });
});

describe('key material', () => {
  it('issues blocklet-<base58> secrets, z1 key ids and 48-hex challenges', () => {
    expect(newKeySecret()).toMatch(/^blocklet-[1-9A-HJ-NP-Za-km-z]{40,}$/);
    expect(accessKeyIdFor(newKeySecret())).toMatch(/^z1[1-9A-HJ-NP-Za-km-z]{20,}$/);
    expect(newChallenge()).toMatch(/^[0-9a-f]{48}$/);
  });

  it('encodes base58 like Bitcoin', () => {
    expect(base58Encode(Buffer.from('hello world'))).toBe('StV1DL6CwTryKyV');
    expect(base58Encode(Buffer.from([0, 0, 1]))).toBe('112');
  });

  it('carries the session id in base64url without padding', () => {
    const token = toBase64Url('a?b/c+d==');
    expect(token).not.toMatch(/[+/=]/);
    expect(fromBase64Url(token)).toBe('a?b/c+d==');
  });
});
