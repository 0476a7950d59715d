import { randomUUID } from 'node:crypto';
import { isAppError } from '../../../shared/errors';
import type { KeychainFailureReason, KeychainHealth } from '../../../shared/keys';
import { KEYCHAIN_MESSAGES, keychainError } from './keychain-errors';
import type { SecretStore } from './secret-store';
import { withTimeout } from './timeout';

export const HEALTH_SENTINEL_PREFIX = '__health-check__:';

/**
 * Proves the store can keep a secret: sentinel set → get (must match) → delete,
 * each under a timeout. Why all three: on Linux a locked or missing keyring makes
 * reads silently return null, so only a round trip tells the truth.
 */
export async function checkKeychainHealth(store: SecretStore, options: { timeoutMs?: number } = {}): Promise<KeychainHealth> {
  // A store that waits for a person (a keychain prompt) sets its own, longer limit: never cut it short.
  const timeoutMs = options.timeoutMs ?? Math.max(5_000, 2 * (store.callLimitMs ?? 0) + 1_000);
  const account = `${HEALTH_SENTINEL_PREFIX}${randomUUID()}`;
  const sentinel = `sentinel-${randomUUID()}`;
  const step = <T>(work: Promise<T>) => withTimeout(work, timeoutMs, () => keychainError('timeout'));
  let wrote = false;
  try {
    await step(store.set(account, sentinel));
    wrote = true;
    const readBack = await step(store.get(account));
    if (readBack !== sentinel) return failure('silent-read-failure');
    await step(store.delete(account));
    wrote = false;
    return { ok: true, tier: store.tier };
  } catch (error) {
    return failure(reasonOf(error));
  } finally {
    // Best effort: never leave a sentinel behind, never let cleanup mask the verdict.
    if (wrote) await step(store.delete(account)).catch(() => undefined);
  }
}

function reasonOf(error: unknown): KeychainFailureReason {
  if (isAppError(error) && error.code === 'KEYCHAIN_UNAVAILABLE') {
    const reason = error.detail?.reason;
    if (typeof reason === 'string' && reason in KEYCHAIN_MESSAGES) return reason as KeychainFailureReason;
  }
  return 'unknown';
}

function failure(reason: KeychainFailureReason): KeychainHealth {
  return { ok: false, reason, message: KEYCHAIN_MESSAGES[reason] };
}
