import { openSettingsStore } from '../storage/settings-file';
import type { NoticeBoard } from '../storage/notices';
import type { KeyValueStore } from './store';

/** The settings file for plain Node (tests and the browser host); same file and format as the app's. */
export function openConfStore(dir: string, notices?: NoticeBoard): KeyValueStore {
  return openSettingsStore(dir, notices);
}
