import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { KeytarStore } from './keytar-store';
import type { SecretStore } from './secret-store';

/**
 * Interop with the `aigne` CLI's keychain layout, as its code writes it
 * (@aigne/secrets KeyringStore with serviceName "aigne-hub", used by
 * packages/cli/src/utils/aigne-hub/store):
 *
 * - service `aigne-hub-api-key`, account = `new URL(apiUrl).host`
 *   (e.g. `hub.aigne.io`, `127.0.0.1:3000`), password =
 *   JSON `{"AIGNE_HUB_API_URL": <mount URL>, "AIGNE_HUB_API_KEY": <key>}`;
 * - the CLI's default hub lives in its OWN service and account, both
 *   `aigne-hub-default`, password JSON `{"AIGNE_HUB_API_URL": <mount URL>}`.
 *   (Not an account `default` inside `aigne-hub-api-key`: the CLI lists every
 *   account of that service as a hub, so such an entry would show up as a
 *   hub without a key.)
 *
 * The CLI reaches the keychain through @zowe/secrets-for-zowe-sdk, which keeps
 * keytar's libsecret attributes (service/account), so keytar sees the same items.
 * When the CLI has no keychain it falls back to ~/.aigne/aigne-hub-connected.yaml,
 * which this module deliberately does not write (it is plaintext).
 */
export const CLI_KEYS_SERVICE = 'aigne-hub-api-key';
export const CLI_DEFAULT_SERVICE = 'aigne-hub-default';
export const CLI_DEFAULT_ACCOUNT = 'aigne-hub-default';

export interface CliKeyEntry {
  host: string;
  url: string;
  key: string;
}

const cliEntrySchema = z.object({ AIGNE_HUB_API_URL: z.string().min(1), AIGNE_HUB_API_KEY: z.string().min(1) });
const cliDefaultSchema = z.object({ AIGNE_HUB_API_URL: z.string().min(1) });

/** The CLI's account name for a hub: the host (with port) of its mount URL. */
export function cliHostOf(mountUrl: string): string {
  try {
    return new URL(mountUrl).host;
  } catch {
    throw new AppError('INVALID_INPUT', 'That hub address is not a valid URL, so it cannot be shared with the aigne CLI.', {
      reason: 'cliBadUrl',
    });
  }
}

export class AigneCliKeychain {
  private readonly keys: SecretStore;
  private readonly defaults: SecretStore;

  constructor(options: { keys?: SecretStore; defaults?: SecretStore; timeoutMs?: number } = {}) {
    const timeout = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
    this.keys = options.keys ?? new KeytarStore(CLI_KEYS_SERVICE, timeout);
    this.defaults = options.defaults ?? new KeytarStore(CLI_DEFAULT_SERVICE, timeout);
  }

  /** Saves `key` where the CLI looks for `mountUrl`'s host; optionally makes it the CLI's default hub. */
  async writeCliKey(mountUrl: string, key: string, options: { makeDefault: boolean }): Promise<{ host: string; url: string }> {
    const host = cliHostOf(mountUrl);
    await this.keys.set(host, JSON.stringify({ AIGNE_HUB_API_URL: mountUrl, AIGNE_HUB_API_KEY: key }));
    if (options.makeDefault) {
      await this.defaults.set(CLI_DEFAULT_ACCOUNT, JSON.stringify({ AIGNE_HUB_API_URL: mountUrl }));
    }
    return { host, url: mountUrl };
  }

  /** Every hub the CLI holds a key for. Entries that are not the CLI's JSON are skipped. */
  async readCliKeys(): Promise<CliKeyEntry[]> {
    const entries: CliKeyEntry[] = [];
    for (const host of await this.keys.list()) {
      const parsed = cliEntrySchema.safeParse(parseJson(await this.keys.get(host)));
      if (parsed.success) entries.push({ host, url: parsed.data.AIGNE_HUB_API_URL, key: parsed.data.AIGNE_HUB_API_KEY });
    }
    return entries;
  }

  /** The CLI's default hub mount URL, or null. */
  async readCliDefault(): Promise<string | null> {
    const parsed = cliDefaultSchema.safeParse(parseJson(await this.defaults.get(CLI_DEFAULT_ACCOUNT)));
    return parsed.success ? parsed.data.AIGNE_HUB_API_URL : null;
  }
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Convenience wrappers over the real keychain (brief's names). */
export function writeCliKey(mountUrl: string, key: string, options: { makeDefault: boolean }): Promise<{ host: string; url: string }> {
  return new AigneCliKeychain().writeCliKey(mountUrl, key, options);
}

export function readCliKeys(): Promise<CliKeyEntry[]> {
  return new AigneCliKeychain().readCliKeys();
}
