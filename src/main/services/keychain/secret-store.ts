import type { SecretStoreTier } from '../../../shared/keys';

/**
 * Where key secrets live. Implementations: the OS keychain (`KeytarStore`)
 * and the passphrase-encrypted fallback file (`VaultFileStore`).
 * Every failure is an `AppError`; no error or log ever carries a secret.
 */
export interface SecretStore {
  readonly tier: SecretStoreTier;
  /** The longest one call may take, when the store enforces its own limit (it may wait on a prompt). */
  readonly callLimitMs?: number;
  /** The secret saved under `account`, or null when there is none. */
  get(account: string): Promise<string | null>;
  /** Saves (or replaces) the secret under `account`. */
  set(account: string, secret: string): Promise<void>;
  /** Removes `account`; false when there was nothing to remove. */
  delete(account: string): Promise<boolean>;
  /** Every account saved in this store (names only, never secrets). */
  list(): Promise<string[]>;
}
