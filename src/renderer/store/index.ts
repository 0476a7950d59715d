import { hub } from '../hub';
import { userTimeZone } from '../pages/keys/useHygiene';
import { KeysData } from './keys-data';
import { SettingsPageStore } from './settings';

/** The one instance of the shared data the pages read; null without a bridge (a broken install). */
export const keysData: KeysData | null = hub ? new KeysData(hub, userTimeZone) : null;

/** The Settings page's facts and update cycle. */
export const settingsPage: SettingsPageStore | null = hub ? new SettingsPageStore(hub) : null;
