import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { hubRecordSchema, keyRecordSchema } from '../../../shared/keys';
import type { ClipboardPort } from '../../platform/ports';
import type { KeyValueStore } from '../settings/store';

/**
 * The small ports KeysService depends on. Electron (or the browser host, or a
 * test) provides them; nothing here imports `electron`.
 */

/** Everything the app remembers about hubs and keys — never a secret. */
export const keysStateSchema = z.object({
  version: z.literal(1),
  hubs: z.array(hubRecordSchema),
  keys: z.array(keyRecordSchema),
});
export type KeysState = z.infer<typeof keysStateSchema>;

export function emptyKeysState(): KeysState {
  return { version: 1, hubs: [], keys: [] };
}

/** Persists KeysState (electron-store / conf in the app). Synchronous, like both of those. */
export interface MetadataStore {
  read(): KeysState;
  write(state: KeysState): void;
}

/** The system clipboard: the platform's port (reads and writes may be sync or async). */
export type Clipboard = ClipboardPort;

/** Opens the approval page in the user's browser. `ShellPort` from platform/ports satisfies it. */
export interface Browser {
  openExternal(url: string): Promise<boolean | void>;
}

/** A MetadataStore in memory, for tests and for the browser host's demo mode. */
export function memoryMetadataStore(initial: KeysState = emptyKeysState()): MetadataStore {
  let state = structuredClone(initial);
  return {
    read: () => structuredClone(state),
    write: (next) => {
      state = structuredClone(next);
    },
  };
}

/**
 * Keeps KeysState under one key of a settings-style store (electron-store,
 * conf). A missing entry reads as empty; a damaged one is an error rather than
 * an empty list, so a later write cannot silently wipe the user's hubs.
 */
export function metadataStoreFromKeyValue(store: KeyValueStore, key = 'keys'): MetadataStore {
  return {
    read() {
      const raw = store.get(key);
      if (raw === undefined) return emptyKeysState();
      const parsed = keysStateSchema.safeParse(raw);
      if (!parsed.success) {
        throw new AppError('INTERNAL', 'The saved list of hubs and keys could not be read. Your keys are still in the keychain.', {
          reason: 'keyListUnreadable',
          file: store.path,
        });
      }
      return parsed.data;
    },
    write(state) {
      store.set(key, keysStateSchema.parse(state));
    },
  };
}
