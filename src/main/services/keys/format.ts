/**
 * Where a key's secret is kept in the SecretStore: account `<hubId>:<keyId>`
 * (both local UUIDs), under the store's service ("AIGNE Hub Desktop" for the
 * OS keychain). Metadata never holds the secret.
 */
export function secretAccount(hubId: string, keyId: string): string {
  return `${hubId}:${keyId}`;
}

/** The clipboard text for "copy as environment variables" (what the aigne CLI and SDK read). */
export function envFormat(mountUrl: string, key: string): string {
  return `AIGNE_HUB_API_URL=${mountUrl}\nAIGNE_HUB_API_KEY=${key}`;
}

/** "Work laptop" → "Work laptop (rotated 2026-05-01)"; an older rotation suffix is replaced, not stacked. */
export function rotatedName(name: string, date: Date): string {
  const base = name.replace(/\s*\(rotated \d{4}-\d{2}-\d{2}\)$/, '').trim() || 'Key';
  const suffix = ` (rotated ${date.toISOString().slice(0, 10)})`;
  return `${base.slice(0, 80 - suffix.length)}${suffix}`;
}

/**
 * Blocklet Server's access-key admin page on the hub's origin, where keys are
 * revoked. A best guess: the hub has no API for it (hub-protocol.md §3), and the
 * path is not documented.
 */
export function accessKeyDashboardUrl(origin: string): string {
  return new URL('/.well-known/service/admin/access-keys', origin).toString();
}
