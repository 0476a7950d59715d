import { createHash } from 'node:crypto';

/**
 * A Blocklet "simple" access key's id, derived from the key itself: the DID
 * address of its public key (docs/hub-protocol.md §3). The text after
 * `blocklet-` is the base58 public key; the address is, in `@ocap/wallet`
 * terms, `fromPublicKey(pk).address` with the default wallet type
 * (role account, ed25519, sha3):
 *
 *   `z` + base58(type(2 bytes) ‖ sha3-256(pk)[0..20) ‖ checksum(4 bytes)),
 *   checksum = sha3-256(type ‖ hash20)[0..4).
 *
 * The hub records such calls under this id (`appDid`), so pasted and
 * CLI-imported keys get per-key figures too.
 */

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));
/** role account (0) << 10 | ed25519 (0) << 5 | sha3 (1). */
const DEFAULT_DID_TYPE = Uint8Array.of(0x00, 0x01);

export function base58Decode(text: string): Uint8Array | undefined {
  const bytes: number[] = [];
  for (const char of text) {
    let carry = INDEX.get(char);
    if (carry === undefined) return undefined;
    for (let i = 0; i < bytes.length; i++) {
      carry += (bytes[i] ?? 0) * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  for (const char of text) {
    if (char !== '1') break;
    bytes.push(0);
  }
  return Uint8Array.from(bytes.reverse());
}

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
  for (let i = digits.length - 1; i >= 0; i--) out += ALPHABET[digits[i] ?? 0];
  return out;
}

const sha3 = (data: Uint8Array) => createHash('sha3-256').update(data).digest();

/** The DID address of an ed25519 public key (default DID type). */
export function didAddressOfPublicKey(publicKey: Uint8Array): string {
  const hash20 = sha3(publicKey).subarray(0, 20);
  const body = Buffer.concat([DEFAULT_DID_TYPE, hash20]);
  const checksum = sha3(body).subarray(0, 4);
  return `z${base58Encode(Buffer.concat([body, checksum]))}`;
}

/** The `accessKeyId` of a `blocklet-…` key, or undefined when the text is not one. */
export function accessKeyIdOf(secret: string): string | undefined {
  const match = /^blocklet-([1-9A-HJ-NP-Za-km-z]+)$/.exec(secret.trim());
  if (!match?.[1]) return undefined;
  const publicKey = base58Decode(match[1]);
  return publicKey && publicKey.length > 0 ? didAddressOfPublicKey(publicKey) : undefined;
}
