import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { KeytarStore } from './keytar-store';
import type { SecretStore } from './secret-store';

/**
 * Interop with the `aigne` CLI's keychain layout, as current CLIs write it
 * (@aigne/cli 1.59.0 with @aigne/secrets 0.1.6; docs/hub-protocol.md §3):
 *
 * - service `aigne-hub-api-key`, account = `new URL(apiUrl).host`
 *   (e.g. `hub.aigne.io`, `127.0.0.1:3000`), password =
 *   JSON `{"AIGNE_HUB_API_URL": <mount URL>, "AIGNE_HUB_API_KEY": <key>}`;
 * - the CLI's default hub: account `default` in the same service, password
 *   JSON `{"AIGNE_HUB_API_URL": <mount URL>}`; the CLI's listing skips it.
 * - The prerelease @aigne/secrets 0.1.1-beta.2 kept the default in its own
 *   service and account, both `aigne-hub-default`. Current CLIs do not read
 *   it; import still does, and nothing writes it.
 *
 * The CLI reaches the keychain through @zowe/secrets-for-zowe-sdk, which keeps
 * keytar's libsecret attributes (service/account), so keytar sees the same items.
 * When the CLI has no keychain it falls back to ~/.aigne/aigne-hub-connected.yaml,
 * which this module deliberately does not write (it is plaintext).
 */
export const CLI_KEYS_SERVICE = 'aigne-hub-api-key';
/** The account holding the CLI's default hub, inside CLI_KEYS_SERVICE. */
export const CLI_DEFAULT_ACCOUNT = 'default';
/** The prerelease layout: read on import, never written. */
export const CLI_LEGACY_DEFAULT_SERVICE = 'aigne-hub-default';
export const CLI_LEGACY_DEFAULT_ACCOUNT = 'aigne-hub-default';

export interface CliKeyEntry {
  host: string;
  url: string;
  key: string;
}

const cliEntrySchema = z.object({ AIGNE_HUB_API_URL: z.string().min(1), AIGNE_HUB_API_KEY: z.string().min(1) });
const cliDefaultSchema = z.object({ AIGNE_HUB_API_URL: z.string().min(1) });

/** The CLI's account name for a hub: the host (with port) of its mount URL. */
export function cliHostOf(mountUrl: string): string {
  let host: string;
  try {
    host = new URL(mountUrl).host;
  } catch {
    throw new AppError('INVALID_INPUT', 'That hub address is not a valid URL, so it cannot be shared with the aigne CLI.', {
      reason: 'cliInvalidUrl',
    });
  }
  // A hub whose host is literally "default" would overwrite the CLI's default-hub entry.
  if (host.toLowerCase() === CLI_DEFAULT_ACCOUNT) {
    throw new AppError(
      'INVALID_INPUT',
      'The aigne CLI keeps its default hub under the name "default", so a hub at that host cannot be shared with it. Use the hub\'s full host name.',
      { reason: 'cliReservedHost', host },
    );
  }
  return host;
}

export class AigneCliKeychain {
  private readonly keys: SecretStore;
  private readonly legacyDefaults: SecretStore;

  constructor(options: { keys?: SecretStore; legacyDefaults?: SecretStore; timeoutMs?: number } = {}) {
    const timeout = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
    this.keys = options.keys ?? new KeytarStore(CLI_KEYS_SERVICE, timeout);
    this.legacyDefaults = options.legacyDefaults ?? new KeytarStore(CLI_LEGACY_DEFAULT_SERVICE, timeout);
  }

  /** Saves `key` where the CLI looks for `mountUrl`'s host; optionally makes it the CLI's default hub. */
  async writeCliKey(mountUrl: string, key: string, options: { makeDefault: boolean }): Promise<{ host: string; url: string }> {
    const host = cliHostOf(mountUrl);
    // Keep whatever else the CLI stored in its entries; only our two fields change.
    const entry = asObject(parseJson(await this.keys.get(host)));
    await this.keys.set(host, JSON.stringify({ ...entry, AIGNE_HUB_API_URL: mountUrl, AIGNE_HUB_API_KEY: key }));
    if (options.makeDefault) {
      const current = asObject(parseJson(await this.keys.get(CLI_DEFAULT_ACCOUNT)));
      // The default entry never carries a key: the CLI's listing relies on it being URL-only.
      delete current.AIGNE_HUB_API_KEY;
      await this.keys.set(CLI_DEFAULT_ACCOUNT, JSON.stringify({ ...current, AIGNE_HUB_API_URL: mountUrl }));
    }
    return { host, url: mountUrl };
  }

  /** Every hub the CLI holds a key for (never the default-hub entry). Entries that are not the CLI's JSON are skipped. */
  async readCliKeys(): Promise<CliKeyEntry[]> {
    const entries: CliKeyEntry[] = [];
    for (const host of await this.keys.list()) {
      if (host === CLI_DEFAULT_ACCOUNT) continue;
      const parsed = cliEntrySchema.safeParse(parseJson(await this.keys.get(host)));
      if (parsed.success) entries.push({ host, url: parsed.data.AIGNE_HUB_API_URL, key: parsed.data.AIGNE_HUB_API_KEY });
    }
    return entries;
  }

  /** The CLI's default hub mount URL (current layout first, then the prerelease one), or null. */
  async readCliDefault(): Promise<string | null> {
    const current = cliDefaultSchema.safeParse(parseJson(await this.keys.get(CLI_DEFAULT_ACCOUNT)));
    if (current.success) return current.data.AIGNE_HUB_API_URL;
    const legacy = cliDefaultSchema.safeParse(parseJson(await this.legacyDefaults.get(CLI_LEGACY_DEFAULT_ACCOUNT)));
    return legacy.success ? legacy.data.AIGNE_HUB_API_URL : null;
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Convenience wrappers over the real keychain, under the names the CLI uses. */
export function writeCliKey(mountUrl: string, key: string, options: { makeDefault: boolean }): Promise<{ host: string; url: string }> {
  return new AigneCliKeychain().writeCliKey(mountUrl, key, options);
}

export function readCliKeys(): Promise<CliKeyEntry[]> {
  return new AigneCliKeychain().readCliKeys();
}
