import { JsonStore } from './json-store';
import type { NoticeBoard } from './notices';

/**
 * The settings file (`settings.json` in the data folder): hubs, key records
 * (never a secret), preferences. Shared safely between processes, kept with a
 * last-good backup so a damaged file gives the user their hubs and keys back,
 * and scrubbed of anything key-shaped before it is written.
 */
export function openSettingsStore(dir: string, notices?: NoticeBoard): JsonStore {
  return new JsonStore(dir, 'settings', {
    pretty: true,
    backup: true,
    redact: true,
    damagedReason: 'settingsDamaged',
    ...(notices ? { notices } : {}),
  });
}
