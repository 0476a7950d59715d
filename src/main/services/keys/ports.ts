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

/** Persists KeysState (the settings file in the app). Synchronous, like the settings store. */
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
 * Keeps KeysState under one key of the settings store. A missing entry reads
 * as empty; a whole entry that is not ours is an error rather than an empty
 * list, so a later write cannot silently wipe the user's hubs. One damaged hub
 * or key record is skipped and reported (`onSkipped`), and kept in the file.
 *
 * Writes merge with the file as it is now (another process may share the
 * data folder): records this process did not change keep the other's version,
 * records it added, changed or removed win.
 */
export function metadataStoreFromKeyValue(
  store: KeyValueStore & { update?(key: string, fn: (current: unknown) => unknown): unknown },
  key = 'keys',
  onSkipped?: (skipped: SkippedRecord) => void,
): MetadataStore {
  let base: KeysState | undefined;
  const damaged = () =>
    new AppError('INTERNAL', 'The saved list of hubs and keys could not be read. Your keys are still in the keychain.', {
      reason: 'keysFileDamaged',
      file: store.path,
    });
  return {
    read() {
      const raw = store.get(key);
      if (raw === undefined) {
        base = emptyKeysState();
        return emptyKeysState();
      }
      if (!isRecord(raw) || raw.version !== 1 || !Array.isArray(raw.hubs) || !Array.isArray(raw.keys)) throw damaged();
      const state: KeysState = { version: 1, hubs: [], keys: [] };
      raw.hubs.forEach((item, index) => {
        const parsed = hubRecordSchema.safeParse(item);
        if (parsed.success) state.hubs.push(parsed.data);
        else onSkipped?.({ kind: 'hub', index, id: idOf(item) ?? '' });
      });
      raw.keys.forEach((item, index) => {
        const parsed = keyRecordSchema.safeParse(item);
        if (parsed.success) state.keys.push(parsed.data);
        else onSkipped?.({ kind: 'key', index, id: idOf(item) ?? '' });
      });
      base = structuredClone(state);
      return state;
    },
    write(state) {
      const mine = keysStateSchema.parse(state);
      const merge = (current: unknown) => {
        const disk = isRecord(current) ? current : {};
        return {
          version: 1,
          hubs: mergeById(base?.hubs ?? [], mine.hubs, Array.isArray(disk.hubs) ? disk.hubs : []),
          keys: mergeById(base?.keys ?? [], mine.keys, Array.isArray(disk.keys) ? disk.keys : []),
        };
      };
      if (store.update) store.update(key, merge);
      else store.set(key, merge(store.get(key)));
      base = structuredClone(mine);
    },
  };
}

export interface SkippedRecord {
  kind: 'hub' | 'key';
  index: number;
  id: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function idOf(item: unknown): string | undefined {
  return isRecord(item) && typeof item.id === 'string' ? item.id.slice(0, 100) : undefined;
}

/**
 * Three-way merge of record lists by id: `base` is what this process last
 * read, `mine` what it wants now, `theirs` the file now (raw: records this
 * process could not read are kept as they are).
 */
export function mergeById<T extends { id: string }>(base: readonly T[], mine: readonly T[], theirs: readonly unknown[]): unknown[] {
  const baseById = new Map(base.map((r) => [r.id, r]));
  const mineById = new Map(mine.map((r) => [r.id, r]));
  const changed = (r: T) => JSON.stringify(r) !== JSON.stringify(baseById.get(r.id));
  const out: unknown[] = [];
  const seen = new Set<string>();
  for (const record of theirs) {
    const id = idOf(record);
    if (id === undefined) {
      out.push(record);
      continue;
    }
    seen.add(id);
    const own = mineById.get(id);
    if (own) out.push(changed(own) ? own : record);
    else if (!baseById.has(id)) out.push(record); // added by another process, or one we could not read
    // else: removed here
  }
  for (const own of mine) {
    if (seen.has(own.id)) continue;
    // New here, or removed by another process after we changed it.
    if (!baseById.has(own.id) || changed(own)) out.push(own);
  }
  return out;
}
