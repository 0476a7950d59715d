import { clientCallSchema, type ClientCall } from '../../../shared/call-log';
import type { CallLogQuery } from '../../../shared/playground';
import type { KeyValueStore } from '../settings/store';
import { JsonlFile } from './jsonl-file';

export const DEFAULT_MAX_CALLS = 10_000;
const STORE_KEY = 'calls';
const VERSION_KEY = 'version';
const FILE_NAME = 'call-log';

export interface CallLogStoreOptions {
  /** Oldest entries are dropped beyond this many (default 10 000). */
  maxEntries?: number;
}

/**
 * The app's own log of the calls it made (`ClientCall`, src/shared/call-log.ts).
 * In a data folder it is `call-log.jsonl`: one line per call, appended (see
 * JsonlFile), so a call costs one small write and two processes on one folder
 * both keep their entries. Entries are validated and stripped to the schema on
 * the way in, so no prompt, answer or key can be stored even if a caller
 * passes more. Kept in time order; capped.
 */
export class CallLogStore {
  private readonly store: KeyValueStore | undefined;
  private readonly file: JsonlFile | undefined;
  private readonly maxEntries: number;
  /** Loaded on first use, so opening the app does not parse 10 000 entries up front. */
  private loaded: ClientCall[] | undefined;
  private versioned = false;
  /** Appended in memory, not yet in the file. */
  private pending: ClientCall[] = [];
  private flushQueued = false;
  private readonly listeners = new Set<(call: ClientCall) => void>();

  /** `storeOrDir`: a directory (the file `call-log.jsonl` is kept there) or any KeyValueStore. */
  constructor(storeOrDir: KeyValueStore | string, options: CallLogStoreOptions = {}) {
    if (typeof storeOrDir === 'string') this.file = new JsonlFile(storeOrDir, FILE_NAME);
    else this.store = storeOrDir;
    this.maxEntries = Math.max(1, options.maxEntries ?? DEFAULT_MAX_CALLS);
  }

  /** Adds a call; returns what was stored (frozen: no copy on every call). Throws on an entry that does not match the schema. */
  append(call: ClientCall): Readonly<ClientCall> {
    const entry = Object.freeze(clientCallSchema.parse(call));
    if (this.file) {
      // In memory now (a list right after sees it); on disk once the caller's turn is over, so the
      // answer reaches the user before any file work (see flush).
      this.insert(entry);
      this.pending.push(entry);
      if (!this.flushQueued) {
        this.flushQueued = true;
        setImmediate(() => {
          try {
            this.flush();
          } catch {
            // The folder is gone or full: the calls stay pending (in memory, listed) for the next try.
            if (this.pending.length > this.maxEntries) this.pending.splice(0, this.pending.length - this.maxEntries);
          }
        });
      }
    } else {
      this.insert(entry);
      this.persist();
    }
    for (const listener of this.listeners) {
      try {
        listener(structuredClone(entry));
      } catch {
        // A listener's failure does not undo the append.
      }
    }
    return entry;
  }

  /**
   * Matching calls, oldest first; `limit` keeps the most recent N. Also serves the usage
   * service's `ClientCallSource` (`{hubId, start, end}` in UTC ms, end excluded).
   */
  list(query: CallLogQuery = {}): ClientCall[] {
    this.sync();
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
    this.sync();
    const call = this.calls.find((c) => c.id === id);
    return call ? structuredClone(call) : undefined;
  }

  get size(): number {
    this.sync();
    return this.calls.length;
  }

  /** Called after every append (the usage page refreshes from it). Returns the unsubscribe function. */
  onAppend(listener: (call: ClientCall) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Writes the calls appended since the last flush: one O_APPEND line each under the folder's
   * lock, after reading what other processes appended. Runs on its own after each append's
   * turn; call it before quitting.
   */
  flush(): void {
    this.flushQueued = false;
    const file = this.file;
    if (!file || this.pending.length === 0) return;
    file.locked(() => {
      this.sync();
      for (const entry of this.pending) file.append(entry);
      this.pending = [];
      // Rewrite only when well over the cap, so compaction is rare.
      if (file.lineCount > this.maxEntries + Math.max(100, Math.ceil(this.maxEntries / 4))) file.replace(this.calls);
    });
  }

  /** Forgets every entry (e.g. a "clear history" action). */
  clear(): void {
    this.pending = [];
    this.calls = [];
    if (this.file) {
      const file = this.file;
      file.locked(() => file.replace([]));
    } else this.persist();
  }

  get path(): string {
    return this.file ? this.file.path : this.store!.path;
  }

  private get calls(): ClientCall[] {
    this.loaded ??= this.load();
    return this.loaded;
  }

  private set calls(value: ClientCall[]) {
    this.loaded = value;
  }

  /** Inserts in time order (usually at the end; a late-settling call goes in its place) and applies the cap. */
  private insert(entry: ClientCall): void {
    const calls = this.calls;
    const t = time(entry);
    let at = calls.length;
    while (at > 0 && time(calls[at - 1]) > t) at--;
    calls.splice(at, 0, entry);
    if (calls.length > this.maxEntries) calls.splice(0, calls.length - this.maxEntries);
  }

  /** Picks up calls other processes appended since we last looked. */
  private sync(): void {
    if (!this.file || this.loaded === undefined) return;
    const fresh = this.file.readNew();
    if (fresh === null) {
      // Replaced by another process: reload, keeping our calls not yet written.
      this.loaded = this.load();
      for (const entry of this.pending) if (!this.loaded.some((c) => c.id === entry.id)) this.insert(entry);
      return;
    }
    for (const item of fresh) {
      const parsed = clientCallSchema.safeParse(item);
      if (parsed.success && !this.loaded.some((c) => c.id === parsed.data.id)) this.insert(parsed.data);
    }
  }

  private load(): ClientCall[] {
    let raw: unknown[];
    if (this.file) {
      const file = this.file;
      raw = file.locked(() => {
        const legacy = file.readLegacy(FILE_NAME, STORE_KEY);
        if (legacy) {
          file.replace([...file.readAll(), ...legacy.items]);
          file.dropLegacy(legacy.file);
        }
        return file.readAll();
      });
    } else {
      const stored = this.store!.get(STORE_KEY);
      raw = Array.isArray(stored) ? stored : [];
    }
    const calls: ClientCall[] = [];
    const seen = new Set<string>();
    for (const item of raw) {
      const parsed = clientCallSchema.safeParse(item);
      if (parsed.success && !seen.has(parsed.data.id)) {
        seen.add(parsed.data.id);
        calls.push(parsed.data);
      }
    }
    calls.sort((a, b) => time(a) - time(b));
    return calls.slice(-this.maxEntries);
  }

  private persist(): void {
    if (!this.store) return;
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
