import Conf from 'conf';
import type { KeyValueStore } from './store';

/** A conf-backed settings file, for plain Node (tests and the browser host). */
export function openConfStore(dir: string): KeyValueStore {
  return new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings', projectName: 'aigne-hub-desktop' });
}
