import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useDispatcherResolver } from '../../src/main/services/hub/dispatchers';
import { KeysService } from '../../src/main/services/keys/keys-service';
import { memoryMetadataStore } from '../../src/main/services/keys/ports';
import { MemoryClipboard, MemorySecretStore } from '../unit/keys/support/memory-secret-store';
import { startHostileHub, type HostileHub } from '../support/hostile-hub';

/** Keys never go over plain http to another machine without the user's word, and discovery never follows a hub off its site. */
const tls = {
  key: readFileSync(join(__dirname, '../support/tls/key.pem'), 'utf8'),
  cert: readFileSync(join(__dirname, '../support/tls/cert.pem'), 'utf8'),
};
const trusting = new Agent({ connect: { ca: tls.cert } });
const hubs: HostileHub[] = [];

beforeAll(() => {
  useDispatcherResolver(() => trusting);
});
afterAll(async () => {
  useDispatcherResolver();
  await Promise.all(hubs.map((h) => h.close()));
  await trusting.close();
});

async function hostile(options: Parameters<typeof startHostileHub>[0] = {}) {
  const hub = await startHostileHub(options);
  hubs.push(hub);
  return hub;
}

function keysService(discovered: string[] = [], discover?: (url: string) => Promise<never>) {
  return new KeysService({
    secrets: new MemorySecretStore(),
    metadata: memoryMetadataStore(),
    clipboard: new MemoryClipboard(),
    browser: { openExternal: async () => true },
    ...(discover
      ? {
          discover: async (url: string) => {
            discovered.push(url);
            return discover(url);
          },
        }
      : {}),
  });
}

describe('plain http', () => {
  it('refuses http to another machine before any request, naming the risk', async () => {
    const discovered: string[] = [];
    const keys = keysService(discovered, async () => {
      throw new Error('must not be reached');
    });
    await expect(keys.addHub('http://hub.example.com')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('unencrypted'),
      detail: { reason: 'insecureHttp', host: 'hub.example.com' },
    });
    expect(discovered).toEqual([]);
    expect(await keys.listHubs()).toEqual([]);
  });

  it('stores the per-hub flag when the user confirmed the risk', async () => {
    const keys = new KeysService({
      secrets: new MemorySecretStore(),
      metadata: memoryMetadataStore(),
      clipboard: new MemoryClipboard(),
      browser: { openExternal: async () => true },
      discover: async () => ({ origin: 'http://10.1.2.3:8090', mountPoint: '/', mountUrl: 'http://10.1.2.3:8090', name: 'Lab' }),
    });
    const hub = await keys.addHub('http://10.1.2.3:8090', undefined, { allowInsecureHttp: true });
    expect(hub).toMatchObject({ origin: 'http://10.1.2.3:8090', insecureHttp: true });
  });

  it('allows http on this computer (loopback) without asking', async () => {
    const local = await hostile();
    const hub = await keysService().addHub(local.url);
    expect(hub.origin).toBe(local.origin);
    expect(hub.insecureHttp).toBeUndefined();
  });
});

describe('discovery redirects', () => {
  it('refuses an https → http downgrade and stores nothing', async () => {
    const plain = await hostile();
    const secure = await hostile({ tls, redirectTo: `${plain.origin}/__blocklet__.js?type=json` });
    const keys = keysService();
    await expect(keys.addHub(secure.url)).rejects.toMatchObject({
      code: 'HUB_ERROR',
      message: expect.stringContaining('unencrypted'),
      detail: { reason: 'redirectDowngrade', target: plain.origin },
    });
    expect(await keys.listHubs()).toEqual([]);
  });

  it('refuses a redirect to another site and stores nothing', async () => {
    const elsewhere = await hostile({ tls });
    const first = await hostile({ tls, redirectTo: `${elsewhere.origin}/__blocklet__.js?type=json` });
    const keys = keysService();
    await expect(keys.addHub(first.url)).rejects.toMatchObject({ code: 'HUB_ERROR', detail: { reason: 'redirectCrossOrigin' } });
    expect(await keys.listHubs()).toEqual([]);
  });

  it('still follows http → https on the same host', async () => {
    const secure = await hostile({ tls });
    const plain = await hostile({ redirectTo: `${secure.origin}/__blocklet__.js?type=json` });
    const hub = await keysService().addHub(plain.url);
    expect(hub.origin).toBe(secure.origin);
  });
});
