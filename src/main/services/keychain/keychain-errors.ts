import { AppError } from '../../../shared/errors';
import type { KeychainFailureReason } from '../../../shared/keys';

const VAULT_HINT = 'or switch to the encrypted vault file in Settings.';

/** What each failure means for the user and what to do next. */
export const KEYCHAIN_MESSAGES: Record<KeychainFailureReason, string> = {
  'no-session-bus':
    'The system keychain cannot be reached because this session has no D-Bus session bus (common over SSH or in a minimal desktop). ' +
    `Log in to a full desktop session, or start one with "dbus-run-session", ${VAULT_HINT}`,
  'no-provider':
    'No keychain service is running. Install and start a Secret Service provider such as GNOME Keyring (package "gnome-keyring") or KWallet, ' +
    VAULT_HINT,
  'no-collection':
    'Your keychain has no default "login" keyring yet. Create and unlock one (for example with the Passwords and Keys app, or by logging in to the desktop), ' +
    VAULT_HINT,
  locked:
    'Your login keyring is locked. Unlock it (for example with the Passwords and Keys app, or by logging out and in again) and try again, ' +
    VAULT_HINT,
  timeout:
    'The system keychain did not answer in time. It may be waiting for an unlock prompt that cannot be shown. Unlock your login keyring and try again, ' +
    VAULT_HINT,
  'silent-read-failure':
    'The system keychain accepted the key but returned nothing when it was read back, so keys would be lost. It is probably locked or misconfigured. ' +
    `Unlock your login keyring and try again, ${VAULT_HINT}`,
  'vault-locked': 'The encrypted vault file is locked. Unlock it with your passphrase first.',
  unknown: `The system keychain reported an error the app does not recognise. Try again; if it keeps happening, ${VAULT_HINT}`,
};

export function keychainError(reason: KeychainFailureReason, systemMessage?: string): AppError {
  const detail: Record<string, unknown> = { reason };
  // libsecret's own text helps support; it never contains the secret.
  if (systemMessage !== undefined) detail.systemMessage = systemMessage;
  return new AppError('KEYCHAIN_UNAVAILABLE', KEYCHAIN_MESSAGES[reason], detail);
}

/** Names the reason behind a raw keytar/libsecret error message. */
export function keychainReasonOf(systemMessage: string): KeychainFailureReason {
  const m = systemMessage.toLowerCase();
  if (m.includes('autolaunch d-bus') || m.includes('dbus_session_bus_address') || m.includes('could not connect: no such file'))
    return 'no-session-bus';
  if (m.includes('org.freedesktop.secrets') && (m.includes('not provided') || m.includes('serviceunknown'))) return 'no-provider';
  if (m.includes('object does not exist at path') && m.includes('collection')) return 'no-collection';
  if (m.includes('locked collection') || m.includes('is locked')) return 'locked';
  return 'unknown';
}

/** Turns anything a keytar call threw into a KEYCHAIN_UNAVAILABLE AppError. */
export function classifyKeychainError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const systemMessage = error instanceof Error ? error.message : String(error);
  return keychainError(keychainReasonOf(systemMessage), systemMessage);
}
