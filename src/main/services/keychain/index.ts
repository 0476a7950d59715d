export type { SecretStore } from './secret-store';
export {
  KeytarStore,
  DEFAULT_KEYCHAIN_SERVICE,
  DEFAULT_KEYCHAIN_TIMEOUT_MS,
  KEYCHAIN_PROMPT_TIMEOUT_MS,
  keychainWaitPolicy,
} from './keytar-store';
export type { KeytarLike, KeytarStoreOptions } from './keytar-store';
export { VaultFileStore } from './vault-file-store';
export { checkKeychainHealth } from './health';
export { KEYCHAIN_MESSAGES, classifyKeychainError, keychainError, keychainReasonOf } from './keychain-errors';
export {
  AigneCliKeychain,
  CLI_DEFAULT_ACCOUNT,
  CLI_LEGACY_DEFAULT_ACCOUNT,
  CLI_LEGACY_DEFAULT_SERVICE,
  CLI_KEYS_SERVICE,
  cliHostOf,
  readCliKeys,
  writeCliKey,
} from './aigne-cli';
export type { CliKeyEntry } from './aigne-cli';
