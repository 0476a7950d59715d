import type { SecretStore } from '../../../../src/main/services/keychain/secret-store';

/** A SecretStore in memory — for service logic tests only; keychain behaviour is tested against gnome-keyring. */
export class MemorySecretStore implements SecretStore {
  readonly tier = 'os-keychain' as const;
  readonly data = new Map<string, string>();

  async get(account: string): Promise<string | null> {
    return this.data.get(account) ?? null;
  }
  async set(account: string, secret: string): Promise<void> {
    this.data.set(account, secret);
  }
  async delete(account: string): Promise<boolean> {
    return this.data.delete(account);
  }
  async list(): Promise<string[]> {
    return [...this.data.keys()];
  }
}

/** A clipboard in memory, with a log of clears. */
export class MemoryClipboard {
  text = '';
  clears = 0;
  readText(): string {
    return this.text;
  }
  writeText(text: string): void {
    this.text = text;
  }
  clear(): void {
    this.text = '';
    this.clears++;
  }
}
