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

/** The name without a rotation label ("Work laptop (replaced 2026-05-01)" → "Work laptop"). */
export function baseKeyName(name: string): string {
  return name.replace(/\s*\((?:rotated|replaced) \d{4}-\d{2}-\d{2}\)$/, '').trim() || 'Key';
}

/**
 * Rotation keeps the name on the key that is now in use; the old one is labelled:
 * "Work laptop" → "Work laptop (replaced 2026-05-01)". An older label is replaced, not stacked.
 */
export function replacedName(name: string, date: Date): string {
  const suffix = ` (replaced ${date.toISOString().slice(0, 10)})`;
  return `${baseKeyName(name).slice(0, 80 - suffix.length)}${suffix}`;
}

/**
 * Where a user manages (and revokes) their own access keys: Blocklet Server's
 * user settings page on the hub's origin, the page the approval page links to.
 * Every signed-in user can open it; the hub itself has no revoke API
 * (docs/hub-protocol.md §3).
 */
export function accessKeyDashboardUrl(origin: string): string {
  return new URL('/.well-known/service/user/settings#user-center-access-key-setting', origin).toString();
}

/** Blocklet Server's admin list of every key: opens only for owners, admins and members. */
export function accessKeyAdminUrl(origin: string): string {
  return new URL('/.well-known/service/admin/integrations/access-keys', origin).toString();
}
