import type { KeychainHealth } from '../../../shared/keys';
import type { KeyValueStore } from '../settings/store';
import { checkKeychainHealth } from './health';
import type { SecretStore } from './secret-store';
import type { VaultFileStore } from './vault-file-store';

/** Delegates to whichever tier holds the keys now, so services never hold a stale store. */
export class SwitchableSecretStore implements SecretStore {
  constructor(private current: SecretStore) {}
  get tier() {
    return this.current.tier;
  }
  get callLimitMs() {
    return this.current.callLimitMs;
  }
  use(store: SecretStore): void {
    this.current = store;
  }
  get(account: string) {
    return this.current.get(account);
  }
  set(account: string, secret: string) {
    return this.current.set(account, secret);
  }
  delete(account: string) {
    return this.current.delete(account);
  }
  list() {
    return this.current.list();
  }
}

const PREFERENCE_KEY = 'secretTier';

/**
 * Chooses where keys live: the OS keychain, or, when the user opts in because
 * the keychain cannot be used, a passphrase-protected vault file. The choice is
 * remembered (it is not a secret); the passphrase never is.
 */
export class KeyStorage {
  readonly store: SwitchableSecretStore;

  constructor(
    private readonly kv: KeyValueStore,
    private readonly os: SecretStore,
    private readonly vault: VaultFileStore,
  ) {
    this.store = new SwitchableSecretStore(kv.get(PREFERENCE_KEY) === 'vault-file' ? vault : os);
  }

  async health(): Promise<KeychainHealth> {
    const result = await checkKeychainHealth(this.store);
    return { ...result, vaultExists: await this.vault.exists() };
  }

  async createVault(passphrase: string): Promise<KeychainHealth> {
    await this.vault.create(passphrase);
    return this.switchTo('vault-file');
  }

  async unlockVault(passphrase: string): Promise<KeychainHealth> {
    await this.vault.unlock(passphrase);
    return this.switchTo('vault-file');
  }

  async useSystemKeychain(): Promise<KeychainHealth> {
    this.vault.lock();
    return this.switchTo('os-keychain');
  }

  private switchTo(tier: 'os-keychain' | 'vault-file'): Promise<KeychainHealth> {
    this.store.use(tier === 'vault-file' ? this.vault : this.os);
    this.kv.set(PREFERENCE_KEY, tier);
    return this.health();
  }
}
