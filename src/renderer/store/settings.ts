import type { HubApi } from '../../shared/client';
import type { AppInfo } from '../../shared/contract';
import type { KeychainHealth } from '../../shared/keys';
import type { UpdateStatus } from '../../shared/updates';
import { ExternalStore } from './external-store';

export type SettingsApi = Pick<HubApi, 'app' | 'updates' | 'keychain' | 'on'>;

/** What the Settings page shows besides the settings themselves: the app's facts and the update cycle. */
export interface SettingsPageState {
  about: AppInfo | null;
  aboutError: unknown;
  updates: UpdateStatus | null;
  updatesError: unknown;
}

export class SettingsPageStore extends ExternalStore<SettingsPageState> {
  constructor(private readonly api: SettingsApi) {
    super({ about: null, aboutError: null, updates: null, updatesError: null });
  }

  /** Loads once per page visit and follows `updates.changed`; returns the unsubscribe. */
  open(): () => void {
    const off = this.api.on('updates.changed', (payload) => this.set({ updates: payload as UpdateStatus }));
    this.api.app.info().then(
      (about) => this.set({ about, aboutError: null }),
      (aboutError: unknown) => this.set({ aboutError }),
    );
    this.api.updates.status().then(
      (updates) => this.set({ updates }),
      (updatesError: unknown) => this.set({ updatesError }),
    );
    return off;
  }

  /** Leaves the vault file for the system keychain; resolves to the new health. */
  useSystemKeychain(): Promise<KeychainHealth> {
    return this.api.keychain.useSystemKeychain();
  }

  /** Check now, or restart into the downloaded update. */
  async runUpdate(action: 'check' | 'install'): Promise<void> {
    this.set({ updatesError: null });
    try {
      this.set({ updates: await this.api.updates[action]() });
    } catch (updatesError) {
      this.set({ updatesError });
    }
  }
}
