import { settingsSchema } from '../../../shared/contract';
import { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from '../../../shared/settings';
import { migrate } from './migrations';
import type { KeyValueStore } from './store';

/** Reads and writes the user's settings; emits every change so all windows follow. */
export class SettingsService {
  private readonly listeners = new Set<(s: Settings) => void>();

  constructor(private readonly store: KeyValueStore) {
    migrate(store);
  }

  get(): Settings {
    const parsed = settingsSchema.safeParse(this.store.get('settings'));
    return parsed.success ? parsed.data : { ...DEFAULT_SETTINGS };
  }

  update(patch: SettingsPatch): Settings {
    const next = settingsSchema.parse({ ...this.get(), ...patch });
    this.store.set('settings', next);
    for (const l of this.listeners) l(next);
    return next;
  }

  onChange(listener: (s: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
