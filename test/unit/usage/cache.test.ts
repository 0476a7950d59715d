import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageCache, fileMirrorStore, openUsageCacheStore } from '../../../src/main/services/usage/cache';
import { RecordMirror } from '../../../src/main/services/usage/mirror';
import { memoryStore } from '../../../src/main/services/settings/store';
import { rec } from './records';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'usage-cache-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the usage cache', () => {
  it('keeps figures per key and hands back copies', () => {
    const cache = new UsageCache();
    cache.put('a', 1000, { calls: 3 });
    const hit = cache.get('a');
    expect(hit).toEqual({ fetchedAt: 1000, data: { calls: 3 } });
    (hit!.data as { calls: number }).calls = 99;
    expect(cache.get('a')!.data).toEqual({ calls: 3 });
    expect(cache.get('b')).toBeUndefined();
  });

  it('caps entries and bytes, dropping the oldest writes first', () => {
    const cache = new UsageCache({ maxEntries: 3 });
    for (const k of ['a', 'b', 'c', 'd']) cache.put(k, 1, { k });
    expect(['a', 'b', 'c', 'd'].map((k) => cache.get(k) !== undefined)).toEqual([false, true, true, true]);
    const small = new UsageCache({ maxBytes: 300 });
    small.put('x', 1, { text: 'x'.repeat(120) });
    small.put('y', 1, { text: 'y'.repeat(120) });
    small.put('z', 1, { text: 'z'.repeat(120) });
    expect(small.size.bytes).toBeLessThanOrEqual(300);
    expect(small.get('z')).toBeDefined();
    expect(small.get('x')).toBeUndefined();
    expect(small.put('huge', 1, { text: 'h'.repeat(1000) })).toBe(false);
  });

  it('refuses anything that looks like a key', () => {
    const cache = new UsageCache();
    expect(cache.put('a', 1, { note: 'blocklet-5XyZabcDEFghijkLMNop' })).toBe(false);
    expect(cache.get('a')).toBeUndefined();
  });

  it('forgets a hub by key prefix', () => {
    const cache = new UsageCache();
    cache.put('hub1/k/models', 1, 1);
    cache.put('hub2/k/models', 1, 2);
    cache.forget('hub1/');
    expect(cache.get('hub1/k/models')).toBeUndefined();
    expect(cache.get('hub2/k/models')).toBeDefined();
  });

  it('persists to a conf file in the data dir and reads it back after a restart', () => {
    const dir = tempDir();
    new UsageCache({ store: openUsageCacheStore(dir) }).put('hub/k/overview', 1234, { calls: 7 });
    expect(readdirSync(dir)).toContain('usage-cache.json');
    const again = new UsageCache({ store: openUsageCacheStore(dir) });
    expect(again.get('hub/k/overview')).toEqual({ fetchedAt: 1234, data: { calls: 7 } });
  });

  it('starts empty from a damaged or foreign file rather than failing', () => {
    const store = memoryStore({ usageCache: { version: 99, entries: 'nope' } });
    expect(new UsageCache({ store }).size.entries).toBe(0);
  });
});

describe('the call-log mirror on disk', () => {
  it('round-trips a mirror through an owner-only file and deletes it', async () => {
    const dir = join(tempDir(), 'usage-records');
    const store = fileMirrorStore(dir);
    const mirror = new RecordMirror();
    mirror.replaceWindow(0, 10_000, [rec(1000), rec(2000, { status: 'failed' })]);
    mirror.markCovered(0, 5000);
    mirror.syncedAt = 42;
    await store.save('hub/key', mirror.state());
    const [file] = readdirSync(dir);
    expect(file).toMatch(/^[0-9a-f]{32}\.json$/);
    expect(statSync(join(dir, file!)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, file!), 'utf8')).not.toContain('hub/key');
    const back = RecordMirror.from(await store.load('hub/key'));
    expect(back.records()).toEqual(mirror.records());
    expect(back.covered).toEqual([[0, 5000]]);
    expect(back.syncedAt).toBe(42);
    await store.delete('hub/key');
    expect(await store.load('hub/key')).toBeUndefined();
  });
});

describe('reading a mirror file back', () => {
  it('starts over from a damaged or foreign file', () => {
    expect(RecordMirror.from({ version: 2 } as never).size).toBe(0);
    expect(RecordMirror.from({ version: 1, syncedAt: 1, covered: [], records: [{ id: 5 }] } as never).size).toBe(0);
    expect(RecordMirror.from({ version: 1, syncedAt: 1, covered: [['a', 1]], records: [] } as never).covered).toEqual([]);
  });
});
