import { redactText } from '../storage/redact';

const KEY_LIKE = /blocklet-[1-9A-HJ-NP-Za-km-z]{4,}/g;

/**
 * Masks anything that looks like a hub key, raw or encoded (base64, base64url,
 * URL-encoded). Why: hub messages are shown to users and stored with a key's
 * last check, and must never echo a secret.
 */
export function redactSecrets(text: string, known: readonly string[] = []): string {
  return redactText(text.replace(KEY_LIKE, 'blocklet-…'), known);
}
