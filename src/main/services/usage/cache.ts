import { createHash } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { memoryStore, type KeyValueStore } from '../settings/store';
import { writeFileAtomic } from '../storage/atomic';
import { JsonStore } from '../storage/json-store';
import type { NoticeBoard } from '../storage/notices';
import type { MirrorState, MirrorStore } from './mirror';

/**
 * The usage figures last fetched, kept on disk so the Usage pages work
 * offline. What is stored is exactly what the pages were shown: per hub, key
 * and query (range, filters), the DTO and when it was fetched. Never a key
 * secret (the DTOs have no field for one, and `put` refuses anything that
 * looks like a key) and never prompt text (call records do not carry it).
 *
 * Size is capped (entries and serialized bytes); the oldest entries go first.
 */

const CACHE_KEY = 'usageCache';
const CACHE_VERSION = 1;
const KEY_LIKE = /blocklet-[1-9A-HJ-NP-Za-km-z]{12,}/;

const entrySchema = z.object({ key: z.string(), fetchedAt: z.number(), data: z.unknown() });
const fileSchema = z.object({ version: z.literal(CACHE_VERSION), entries: z.array(entrySchema) });
type Entry = z.infer<typeof entrySchema> & { bytes: number };

export interface UsageCacheOptions {
  /** Where entries persist; an in-memory store when omitted. */
  store?: KeyValueStore;
  /** Cap on the serialized size of all entries. Default 4 MB. */
  maxBytes?: number;
  /** Cap on the number of entries. Default 300. */
  maxEntries?: number;
}

export interface CachedFigures {
  fetchedAt: number;
  data: unknown;
}

export class UsageCache {
  private readonly store: KeyValueStore;
  private readonly maxBytes: number;
  private readonly maxEntries: number;
  /** Oldest write first. */
  private entries: Entry[];

  constructor(options: UsageCacheOptions = {}) {
    this.store = options.store ?? memoryStore();
    this.maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
    this.maxEntries = options.maxEntries ?? 300;
    // Read once: the store (conf) re-reads its file on every access.
    this.entries = parseEntries(this.store.get(CACHE_KEY));
  }

  get(key: string): CachedFigures | undefined {
    const entry = this.entries.find((e) => e.key === key);
    return entry && { fetchedAt: entry.fetchedAt, data: structuredClone(entry.data) };
  }

  /** Saves figures; returns false when they were not kept (too big, or they look like they hold a key). */
  put(key: string, fetchedAt: number, data: unknown): boolean {
    const json = JSON.stringify({ key, fetchedAt, data });
    if (KEY_LIKE.test(json) || json.length > this.maxBytes) return false;
    const entry: Entry = { key, fetchedAt, data: JSON.parse(json).data as unknown, bytes: json.length };
    this.persist((entries) => [...entries.filter((e) => e.key !== key), entry]);
    return true;
  }

  /** Drops every entry whose key starts with `prefix` (e.g. a removed hub's). */
  forget(prefix: string): void {
    if (!this.entries.some((e) => e.key.startsWith(prefix))) return;
    this.persist((entries) => entries.filter((e) => !e.key.startsWith(prefix)));
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.length, bytes: this.entries.reduce((sum, e) => sum + e.bytes, 0) };
  }

  /**
   * Applies one change to the entries as they are in the file now (another
   * process may have cached other figures since), trims to the caps, writes.
   */
  private persist(change: (entries: Entry[]) => Entry[]): void {
    const apply = (current: unknown) => {
      const disk = current === undefined ? this.entries : parseEntries(current);
      const entries = change(disk);
      let total = entries.reduce((sum, e) => sum + e.bytes, 0);
      while (entries.length > this.maxEntries || total > this.maxBytes) {
        const dropped = entries.shift();
        if (!dropped) break;
        total -= dropped.bytes;
      }
      this.entries = entries;
      return { version: CACHE_VERSION, entries: entries.map(({ key, fetchedAt, data }) => ({ key, fetchedAt, data })) };
    };
    const store = this.store as KeyValueStore & { update?(key: string, fn: (current: unknown) => unknown): unknown };
    if (store.update) store.update(CACHE_KEY, apply);
    else store.set(CACHE_KEY, apply(store.get(CACHE_KEY)));
  }
}

function parseEntries(raw: unknown): Entry[] {
  const parsed = fileSchema.safeParse(raw);
  return parsed.success ? parsed.data.entries.map((e) => ({ ...e, bytes: JSON.stringify(e).length })) : [];
}

/**
 * The cache's file in the app's data dir (`usage-cache.json`). Only a cache:
 * a damaged file is set aside and the cache starts empty (refilled on the next
 * fetch); the user is told.
 */
export function openUsageCacheStore(dir: string, notices?: NoticeBoard): KeyValueStore {
  return new JsonStore(dir, 'usage-cache', { redact: true, damagedReason: 'usageCacheDamaged', ...(notices ? { notices } : {}) });
}

/**
 * Mirrors of the call log on disk: one JSON file per hub account under
 * `dir` (the data dir's `usage-records/`), written atomically (temp, rename)
 * with owner-only permissions. Files are named by a hash of the mirror's key.
 */
export function fileMirrorStore(dir: string): MirrorStore {
  const fileOf = (key: string) => join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`);
  let writes = Promise.resolve();
  return {
    async load(key) {
      try {
        return JSON.parse(await readFile(fileOf(key), 'utf8')) as MirrorState;
      } catch {
        return undefined; // missing or damaged: it is only a cache
      }
    },
    save(key, state) {
      const write = async () => {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await writeFileAtomic(fileOf(key), JSON.stringify(state));
      };
      // One write at a time, so an older state never lands after a newer one.
      writes = writes.then(write, write);
      return writes;
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
  };
}
