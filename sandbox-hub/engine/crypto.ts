// Key material and the hub's secret encryption, with node's crypto only.
// The hub encrypts an approved key's secret with crypto-js
// `AES.encrypt(secret, passphrase)`: OpenSSL "Salted__" format, key and IV
// from EVP_BytesToKey(MD5), AES-256-CBC, PKCS#7 (docs/hub-protocol.md §3.5).
import { createCipheriv, createDecipheriv, createHash, pbkdf2Sync, randomBytes } from 'node:crypto';

const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const SALTED_MAGIC = Buffer.from('Salted__', 'latin1');

/** Bitcoin-alphabet base58 of the bytes (leading zero bytes become '1'). */
export function base58Encode(bytes: Uint8Array): string {
  const digits: number[] = [];
  for (const byte of bytes) {
    let carry = byte;
    for (let i = 0; i < digits.length; i++) {
      carry += (digits[i] ?? 0) << 8;
      digits[i] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  let out = '';
  for (const byte of bytes) {
    if (byte !== 0) break;
    out += '1';
  }
  for (let i = digits.length - 1; i >= 0; i--) out += BASE58_ALPHABET[digits[i] ?? 0];
  return out;
}

export function randomBase58(byteCount: number): string {
  return base58Encode(randomBytes(byteCount));
}

/** A new simple access key secret: `blocklet-<base58>`. */
export function newKeySecret(): string {
  return `blocklet-${randomBase58(32)}`;
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58Decode(text: string): Buffer {
  let value = 0n;
  for (const char of text) value = value * 58n + BigInt(BASE58.indexOf(char));
  const hex = value === 0n ? '' : value.toString(16);
  const body = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  const zeros = text.length - text.replace(/^1+/, '').length;
  return Buffer.concat([Buffer.alloc(zeros), body]);
}

/**
 * The key's id as Blocklet Server makes it: the DID address of the public key
 * the secret spells (`z` + base58(type 0x0001 ‖ sha3(pk)[0..20) ‖ checksum)).
 */
export function accessKeyIdFor(secret: string): string {
  const publicKey = base58Decode(secret.replace(/^blocklet-/, ''));
  const sha3 = (data: Buffer) => createHash('sha3-256').update(data).digest();
  const body = Buffer.concat([Buffer.from([0x00, 0x01]), sha3(publicKey).subarray(0, 20)]);
  return `z${base58Encode(Buffer.concat([body, sha3(body).subarray(0, 4)]))}`;
}

/** The real hub's challenge: 24 random bytes as 48 hex characters. */
export function newChallenge(): string {
  return randomBytes(24).toString('hex');
}

/** hex(PBKDF2-SHA512(challenge, salt = accessKeyId, 256 iterations, 32 bytes)). */
export function secretPassphrase(challenge: string, accessKeyId: string): string {
  return pbkdf2Sync(challenge, accessKeyId, 256, 32, 'sha512').toString('hex');
}

/** OpenSSL EVP_BytesToKey with MD5 and one iteration, as crypto-js uses it. */
export function evpBytesToKey(passphrase: Buffer, salt: Buffer, keyLength = 32, ivLength = 16) {
  const chunks: Buffer[] = [];
  let total = 0;
  let previous = Buffer.alloc(0);
  while (total < keyLength + ivLength) {
    previous = createHash('md5')
      .update(Buffer.concat([previous, passphrase, salt]))
      .digest();
    chunks.push(previous);
    total += previous.length;
  }
  const material = Buffer.concat(chunks);
  return { key: material.subarray(0, keyLength), iv: material.subarray(keyLength, keyLength + ivLength) };
}

/** crypto-js compatible `AES.encrypt(plaintext, passphrase).toString()`. */
export function aesEncryptWithPassphrase(plaintext: string, passphrase: string, salt: Buffer = randomBytes(8)): string {
  if (salt.length !== 8) throw new Error('salt must be 8 bytes');
  const { key, iv } = evpBytesToKey(Buffer.from(passphrase, 'utf8'), salt);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([SALTED_MAGIC, salt, body]).toString('base64');
}

/** Inverse of aesEncryptWithPassphrase; throws on a wrong passphrase or a malformed input. */
export function aesDecryptWithPassphrase(ciphertext: string, passphrase: string): string {
  const raw = Buffer.from(ciphertext, 'base64');
  if (raw.length < 32 || !raw.subarray(0, 8).equals(SALTED_MAGIC)) throw new Error('not an OpenSSL salted ciphertext');
  const salt = raw.subarray(8, 16);
  const { key, iv } = evpBytesToKey(Buffer.from(passphrase, 'utf8'), salt);
  const decipher = createDecipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]).toString('utf8');
}

/** The approved session's `accessKeySecret`, exactly as a real hub hands it out. */
export function encryptKeySecret(secret: string, challenge: string, accessKeyId: string): string {
  return aesEncryptWithPassphrase(secret, secretPassphrase(challenge, accessKeyId));
}

/** base64url without padding, as the approval page's `__token__` carries the session id. */
export function toBase64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

export function fromBase64Url(token: string): string {
  return Buffer.from(token, 'base64url').toString('utf8');
}
