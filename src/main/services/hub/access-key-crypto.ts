import { createDecipheriv, createHash, pbkdf2Sync } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { KEY_PREFIX } from '../../../shared/keys';

/**
 * Decrypts the `accessKeySecret` an approved session carries (docs/hub-protocol.md §3.5),
 * with node's crypto alone:
 *   passphrase = hex(PBKDF2-SHA512(challenge, salt = accessKeyId, 256 iterations, 32 bytes))
 *   ciphertext = base64("Salted__" + 8-byte salt + AES-256-CBC data)   (crypto-js / OpenSSL format)
 *   key, iv    = EVP_BytesToKey(MD5, passphrase, salt) → 32 + 16 bytes
 * The result must start with `blocklet-`: a wrong passphrase does not reliably
 * fail the padding check, so the prefix is the real proof.
 */
export function decryptAccessKeySecret(encrypted: string, challenge: string, accessKeyId: string): string {
  const failure = () =>
    new AppError('HUB_ERROR', 'The hub sent a key this app could not decrypt, so nothing was saved. Try generating the key again.', {
      reason: 'keyNotDecryptable',
    });
  const passphrase = accessKeyPassphrase(challenge, accessKeyId);
  const raw = Buffer.from(encrypted, 'base64');
  if (raw.length < 32 || raw.subarray(0, 8).toString('latin1') !== 'Salted__') throw failure();
  const salt = raw.subarray(8, 16);
  const { key, iv } = evpBytesToKey(Buffer.from(passphrase, 'utf8'), salt);
  let plaintext: string;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, iv);
    plaintext = Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]).toString('utf8');
  } catch {
    throw failure();
  }
  if (!plaintext.startsWith(KEY_PREFIX)) throw failure();
  return plaintext;
}

/** The crypto-js passphrase for a session: 64 hex characters. */
export function accessKeyPassphrase(challenge: string, accessKeyId: string): string {
  return pbkdf2Sync(challenge, accessKeyId, 256, 32, 'sha512').toString('hex');
}

/** OpenSSL's EVP_BytesToKey with MD5 and one iteration, as crypto-js uses it. */
function evpBytesToKey(password: Buffer, salt: Buffer): { key: Buffer; iv: Buffer } {
  const blocks: Buffer[] = [];
  let prev = Buffer.alloc(0);
  while (Buffer.concat(blocks).length < 48) {
    prev = createHash('md5')
      .update(Buffer.concat([prev, password, salt]))
      .digest();
    blocks.push(prev);
  }
  const all = Buffer.concat(blocks);
  return { key: all.subarray(0, 32), iv: all.subarray(32, 48) };
}
