import { hub } from '../hub';
import { KeysData } from './keys-data';
import { userTimeZone, watchHygieneSettings } from './hygiene-settings';

/** The one instance of the shared data the pages read; null without a bridge (a broken install). */
export const keysData: KeysData | null = hub ? new KeysData(hub, userTimeZone) : null;

/** Calls `run` when a hygiene setting changes (not on a theme or language change). */
export function onHygieneSettingsChange(run: () => void): () => void {
  return hub ? watchHygieneSettings(hub, run) : () => undefined;
}
