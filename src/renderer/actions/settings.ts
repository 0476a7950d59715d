import type { SettingsPatch } from '../../shared/settings';
import { ExternalStore } from '../store/external-store';

/** The parts of the Settings page a save can come from: its confirmation shows there, not at the page's foot. */
export type SettingsSection = 'appearance' | 'safety' | 'hygiene' | 'updates';

/**
 * The outcome of the last save, by section. It holds no text: the page words it
 * at render time, so a language switch rewords "Saved" at once.
 */
export class SaveStatusStore extends ExternalStore<{ section: SettingsSection | null; error: unknown }> {
  constructor() {
    super({ section: null, error: null });
  }
  saved = (section: SettingsSection): void => this.set({ section, error: null });
  failed = (section: SettingsSection, error: unknown): void => this.set({ section, error });
}

/** Saves a patch through the app's settings call and records where the confirmation belongs. */
export function createSettingsActions(deps: { update: (patch: SettingsPatch) => Promise<void>; status: SaveStatusStore }) {
  return {
    save: async (section: SettingsSection, patch: SettingsPatch): Promise<boolean> => {
      try {
        await deps.update(patch);
        deps.status.saved(section);
        return true;
      } catch (error) {
        deps.status.failed(section, error);
        return false;
      }
    },
  };
}
