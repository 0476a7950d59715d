import { clientCallSchema, type ClientCall } from '../../../shared/call-log';
import type { CallLogQuery } from '../../../shared/playground';
import type { KeyValueStore } from '../settings/store';
import { openJsonFileStore } from './json-file-store';

export const DEFAULT_MAX_CALLS = 10_000;
const STORE_KEY = 'calls';
const VERSION_KEY = 'version';

export interface CallLogStoreOptions {
  /** Oldest entries are dropped beyond this many (default 10 000). */
  maxEntries?: number;
}

/**
 * The app's own log of the calls it made (`ClientCall`, src/shared/call-log.ts),
 * persisted in `call-log.json` in the data dir. Entries are validated and
 * stripped to the schema on the way in, so no prompt, answer or key can be
 * stored even if a caller passes more. Kept in time order; capped.
 */
export class CallLogStore {
  private readonly store: KeyValueStore;
  private readonly maxEntries: number;
  /** Loaded on first use, so opening the app does not parse 10 000 entries up front. */
  private loaded: ClientCall[] | undefined;
  private versioned = false;
  private readonly listeners = new Set<(call: ClientCall) => void>();

  /** `storeOrDir`: a directory (the file `call-log.json` is created there) or any KeyValueStore. */
  constructor(storeOrDir: KeyValueStore | string, options: CallLogStoreOptions = {}) {
    this.store = typeof storeOrDir === 'string' ? openJsonFileStore(storeOrDir, 'call-log') : storeOrDir;
    this.maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_CALLS);
  }

  /** Adds a call; returns what was stored. Throws on an entry that does not match the schema. */
  append(call: ClientCall): ClientCall {
    const entry = clientCallSchema.parse(call);
    // Usually the newest; a late-settling call is inserted in order.
    const t = time(entry);
    let at = this.calls.length;
    while (at > 0 && time(this.calls[at - 1]) > t) at--;
    this.calls.splice(at, 0, entry);
    if (this.calls.length > this.maxEntries) this.calls.splice(0, this.calls.length - this.maxEntries);
    this.persist();
    for (const listener of this.listeners) {
      try {
        listener(structuredClone(entry));
      } catch {
        // A listener's failure does not undo the append.
      }
    }
    return structuredClone(entry);
  }

  /**
   * Matching calls, oldest first; `limit` keeps the most recent N. Also serves the usage
   * service's `ClientCallSource` (`{hubId, start, end}` in UTC ms, end excluded).
   */
  list(query: CallLogQuery = {}): ClientCall[] {
    const from = Math.max(query.from ? Date.parse(query.from) : Number.NEGATIVE_INFINITY, query.start ?? Number.NEGATIVE_INFINITY);
    const to = query.to ? Date.parse(query.to) : Number.POSITIVE_INFINITY;
    const end = query.end ?? Number.POSITIVE_INFINITY;
    let out = this.calls.filter((c) => {
      const t = time(c);
      return (
        t >= from &&
        t <= to &&
        t < end &&
        (query.hubId === undefined || c.hubId === query.hubId) &&
        (query.keyId === undefined || c.keyId === query.keyId) &&
        (query.model === undefined || c.model === query.model) &&
        (query.kind === undefined || c.kind === query.kind) &&
        (query.status === undefined || c.status === query.status)
      );
    });
    if (query.limit !== undefined && out.length > query.limit) out = out.slice(out.length - query.limit);
    return structuredClone(out);
  }

  get(id: string): ClientCall | undefined {
    const call = this.calls.find((c) => c.id === id);
    return call ? structuredClone(call) : undefined;
  }

  get size(): number {
    return this.calls.length;
  }

  /** Called after every append (the usage page refreshes from it). Returns the unsubscribe function. */
  onAppend(listener: (call: ClientCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets every entry (e.g. a "clear history" action). */
  clear(): void {
    this.calls = [];
    this.persist();
  }

  get path(): string {
    return this.store.path;
  }

  private get calls(): ClientCall[] {
    this.loaded ??= this.load();
    return this.loaded;
  }

  private set calls(value: ClientCall[]) {
    this.loaded = value;
  }

  private load(): ClientCall[] {
    const raw = this.store.get(STORE_KEY);
    if (!Array.isArray(raw)) return [];
    const calls: ClientCall[] = [];
    for (const item of raw) {
      const parsed = clientCallSchema.safeParse(item);
      if (parsed.success) calls.push(parsed.data);
    }
    calls.sort((a, b) => time(a) - time(b));
    return calls.slice(-this.maxEntries);
  }

  private persist(): void {
    if (!this.versioned) {
      this.versioned = true;
      if (this.store.get(VERSION_KEY) === undefined) this.store.set(VERSION_KEY, 1);
    }
    this.store.set(STORE_KEY, this.calls);
  }
}

function time(call: ClientCall | undefined): number {
  const t = call ? Date.parse(call.startedAt) : Number.NaN;
  return Number.isNaN(t) ? 0 : t;
}
