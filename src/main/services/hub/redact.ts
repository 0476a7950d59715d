const KEY_LIKE = /blocklet-[1-9A-HJ-NP-Za-km-z]{4,}/g;

/** Masks anything that looks like a hub key. Why: hub messages are shown to users and must never echo a secret. */
export function redactSecrets(text: string): string {
  return text.replace(KEY_LIKE, 'blocklet-…');
}
