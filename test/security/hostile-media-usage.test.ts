import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageService } from '../../src/main/services/playground/images';
import { UsageService } from '../../src/main/services/usage/service';
import { memoryMirrorStore } from '../../src/main/services/usage/mirror';
import { memoryCallLog, TestKeys } from '../integration/playground/helpers';
import { keyPorts } from '../integration/usage/support';
import { startHostileHub, type HostileHub } from '../support/hostile-hub';
import { MB, measureHeap } from '../support/memory';

/** Images and usage from a hostile hub: no more images than asked for, no image past its cap, no endless paging. */
describe('images from a hostile hub', () => {
  let hub: HostileHub;
  beforeAll(async () => {
    hub = await startHostileHub({ count: 12, imageBytes: 8 * MB });
  });
  afterAll(async () => {
    await hub.close();
  });

  function images() {
    const keys = new TestKeys();
    keys.add('k1', { secret: 'blocklet-hostile', mountUrl: hub.url, hubId: 'hostile' });
    return new ImageService({ keys, models: { rates: async () => undefined }, callLog: memoryCallLog() });
  }

  it('downloads no more images than asked for when the hub lists twelve for n: 1', async () => {
    const before = hub.stats.imageDownloads;
    const { result, peakGrowth } = await measureHeap(() =>
      images().generate({ keyId: 'k1', model: 'hostile/too-many', prompt: 'cat', n: 1 }),
    );
    expect(result.images).toHaveLength(1);
    expect(result.images[0]).toMatchObject({ mimeType: 'image/png', bytes: 8 * MB });
    expect(hub.stats.imageDownloads - before).toBe(1);
    // One image (and its base64 copy), not twelve.
    expect(peakGrowth).toBeLessThan(8 * MB * 8);
    console.info(`[hostile] 12 images for n:1: 1 downloaded, peak heap +${(peakGrowth / MB).toFixed(1)} MB`);
  });

  it('refuses an image larger than the per-image cap with a named reason', async () => {
    const big = await startHostileHub({ imageBytes: 40 * MB });
    try {
      const keys = new TestKeys();
      keys.add('k1', { secret: 'blocklet-hostile', mountUrl: big.url, hubId: 'hostile' });
      const service = new ImageService({ keys, models: { rates: async () => undefined } });
      const { result: error, peakGrowth } = await measureHeap(() =>
        service.generate({ keyId: 'k1', model: 'hostile/huge-image', prompt: 'cat' }).then(
          () => undefined,
          (e: unknown) => e,
        ),
      );
      expect(error).toMatchObject({ code: 'HUB_ERROR', detail: { reason: 'imageTooLarge', maxBytes: 32 * MB } });
      expect(peakGrowth).toBeLessThan(32 * MB * 4);
    } finally {
      await big.close();
    }
  });
});

describe('usage from a hostile hub', () => {
  let hub: HostileHub;
  beforeAll(async () => {
    hub = await startHostileHub({ usageCount: 1e9 });
  });
  afterAll(async () => {
    await hub.close();
  });

  it('stops paging a call log that claims 10^9 records, keeps what arrived, and says why', async () => {
    const maxSyncRecords = 5_000;
    const inner = memoryMirrorStore();
    const saved: { records: unknown[] }[] = [];
    const mirrors = { ...inner, save: async (key: string, state: Parameters<typeof inner.save>[1]) => void saved.push(state) };
    const ports = keyPorts('hostile', [{ keyId: 'k1', name: 'k', secret: 'blocklet-hostile' }], () => hub.url);
    const service = new UsageService({ resolver: ports.resolver, directory: ports.directory, mirrors, maxSyncRecords });
    const pagesBefore = hub.stats.usagePages;
    const { result: error, peakGrowth } = await measureHeap(() =>
      service.models('hostile', { preset: '24h', timezoneOffset: 0 }).then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    expect(error).toMatchObject({ code: 'HUB_ERROR', detail: { reason: 'usageTooManyRecords', reported: 1e9, read: maxSyncRecords } });
    const pages = hub.stats.usagePages - pagesBefore;
    expect(pages).toBeLessThanOrEqual(maxSyncRecords / 100 + 1);
    // What arrived is kept for the next look.
    expect(saved.at(-1)?.records).toHaveLength(maxSyncRecords);
    // Far below the gigabyte endless paging once cost; bounded by the records read.
    expect(peakGrowth).toBeLessThan(maxSyncRecords * 4096 + 64 * MB);
    console.info(`[hostile] usage count 1e9: ${pages} pages read, peak heap +${(peakGrowth / MB).toFixed(1)} MB`);
  });
});
