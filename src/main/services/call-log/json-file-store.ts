import type { KeyValueStore } from '../settings/store';
import { JsonStore } from '../storage/json-store';

/**
 * `{dir}/{name}.json` as a KeyValueStore: now the shared storage layer's
 * JsonStore (atomic 0600 writes, merged under the data folder's lock, a
 * damaged file set aside). Kept under its old name for existing callers.
 */
export { JsonStore as JsonFileStore };

export function openJsonFileStore(dir: string, name: string): KeyValueStore {
  return new JsonStore(dir, name);
}
