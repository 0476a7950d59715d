import { hub } from '../hub';
import { KeysData } from './keys-data';
import { SettingsPageStore } from './settings';
import { UsageViewStore } from './usage-view';
import { userTimeZone, watchHygieneSettings } from './hygiene-settings';

/** The one instance of the shared data the pages read; null without a bridge (a broken install). */
export const keysData: KeysData | null = hub ? new KeysData(hub, userTimeZone) : null;

/** The Settings page's facts and update cycle. */
export const settingsPage: SettingsPageStore | null = hub ? new SettingsPageStore(hub) : null;

function prefsStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The Usage page's view (range, grouping, filters, figures); it outlives the page, so coming back shows them at once. */
export const usageView: UsageViewStore | null = hub ? new UsageViewStore(hub, prefsStorage()) : null;

/** Calls `run` when a hygiene setting changes (not on a theme or language change). */
export function onHygieneSettingsChange(run: () => void): () => void {
  return hub ? watchHygieneSettings(hub, run) : () => undefined;
}
