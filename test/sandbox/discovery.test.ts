// Finding the hub, its models and checking a key (docs/hub-protocol.md §1, §3, §4).
import { describe, expect, it } from 'vitest';
import { HUB_DID, startSandboxHub } from '../../sandbox-hub/index';
import { getJson, useHub } from './helpers';

const ctx = useHub();

describe('mount discovery', () => {
  it('lists the hub under componentMountPoints at /ai-kit by default', async () => {
    const { status, body } = await getJson(`${ctx.hub.url}/__blocklet__.js?type=json`);
    expect(status).toBe(200);
    expect(body.componentMountPoints).toContainEqual(expect.objectContaining({ did: HUB_DID, mountPoint: '/ai-kit' }));
    expect(body.componentId.endsWith(HUB_DID)).toBe(false);
    expect(ctx.hub.mountUrl).toBe(`${ctx.hub.url}/ai-kit`);
  });

  it('serves the script form without type=json', async () => {
    const response = await fetch(`${ctx.hub.url}/__blocklet__.js`);
    expect(response.headers.get('content-type')).toContain('javascript');
    expect(await response.text()).toMatch(/^window\.blocklet = \{/);
  });

  it('at the root still lists itself, with mountPoint "/" and componentId ending in the hub DID', async () => {
    const root = await startSandboxHub({ mount: '/' });
    try {
      const { body } = await getJson(`${root.url}/__blocklet__.js?type=json`);
      expect(body.componentMountPoints).toContainEqual(expect.objectContaining({ did: HUB_DID, mountPoint: '/' }));
      expect(body.componentId.endsWith(HUB_DID)).toBe(true);
      expect(body.prefix).toBe('/');
      expect(root.mountUrl).toBe(root.url);
      expect((await getJson(`${root.url}/api/ai/models`)).status).toBe(200);
    } finally {
      await root.close();
    }
  });

  it('answers nothing of the API outside the mount', async () => {
    expect((await getJson(`${ctx.hub.url}/api/ai/models`)).status).toBe(404);
  });
});

describe('GET /api/ai/models', () => {
  it('needs no key and sends the billing-on form: numeric-string rates, status object', async () => {
    const { status, body } = await getJson(`${ctx.hub.mountUrl}/api/ai/models`);
    expect(status).toBe(200);
    expect(body.length).toBeGreaterThanOrEqual(5);
    for (const model of body) {
      expect(model.provider).toBe('sandbox');
      expect(model.key).toBe(`sandbox/${model.model}`);
      expect(model.input_credits_per_token).toMatch(/^\d+(\.\d+)?$/);
      expect(model.output_credits_per_token).toMatch(/^\d+(\.\d+)?$/);
      expect(typeof model.providerDisplayName).toBe('string');
      // The provider row's database id, as a real hub sends it: never the provider's name.
      expect(model.providerId).toMatch(/^\d{12,}$/);
      if (model.model === 'offline') {
        expect(model.status).toEqual(
          expect.objectContaining({ available: false, error: { code: expect.any(String), message: expect.any(String) } }),
        );
      } else {
        expect(model.status).toEqual(expect.objectContaining({ available: true }));
      }
      expect(typeof model.modelMetadata).toBe('object');
    }
  });

  it('with --billing off sends the billing-off form: number rates, status "active"', async () => {
    const hub = await startSandboxHub({ billing: 'off' });
    try {
      const { body } = await getJson(`${hub.mountUrl}/api/ai/models?type=chat`);
      expect(body[0]).toMatchObject({ input_credits_per_token: expect.any(Number), status: 'active' });
    } finally {
      await hub.close();
    }
  });

  it('filters by type', async () => {
    const types = async (type: string) =>
      (await getJson(`${ctx.hub.mountUrl}/api/ai/models?type=${type}`)).body.map(
        (m: { key: string; type: string }) => `${m.type}:${m.key}`,
      );
    expect(await types('chat')).toEqual(['chat:sandbox/echo', 'chat:sandbox/prose', 'chat:sandbox/prose-mini', 'chat:sandbox/offline']);
    expect(await types('image')).toEqual(['image_generation:sandbox/pixel']);
    expect(await types('embedding')).toEqual(['embedding:sandbox/embed']);
    expect(await types('video')).toEqual([]);
  });
});

describe('checking a key', () => {
  it('GET /api/user/info: 200 with the user for a good key, 401 without or with a bad one', async () => {
    const key = ctx.hub.admin.createKey({ name: 'info' });
    const ok = await getJson(`${ctx.hub.mountUrl}/api/user/info`, key.secret);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      user: { did: key.userDid, fullName: expect.any(String), email: expect.any(String), avatar: expect.any(String) },
      creditBalance: { balance: '10', total: '10', pendingCredit: '0' },
      enableCredit: true,
      creditPrefix: '',
    });
    expect(ok.body.paymentLink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);

    expect(await getJson(`${ctx.hub.mountUrl}/api/user/info`)).toEqual({ status: 401, body: { error: 'User not authenticated' } });
    expect(await getJson(`${ctx.hub.mountUrl}/api/user/info`, 'blocklet-nope')).toEqual({
      status: 401,
      body: { error: 'User not authenticated' },
    });
  });

  it('GET /api/v2/status says available, and not when the user has no credits', async () => {
    const key = ctx.hub.admin.createKey({ name: 'status', userDid: 'z1StatusUser', credits: 1 });
    expect((await getJson(`${ctx.hub.mountUrl}/api/v2/status`, key.secret)).body).toEqual({ available: true });
    expect((await getJson(`${ctx.hub.mountUrl}/api/v2/status?model=sandbox/echo`, key.secret)).body).toEqual({ available: true });
    expect((await getJson(`${ctx.hub.mountUrl}/api/v2/status?model=sandbox/nope`, key.secret)).body).toEqual({
      available: false,
      error: 'Model rate not available',
    });
    ctx.hub.admin.setCredits(key.accessKeyId, 0);
    const broke = await getJson(`${ctx.hub.mountUrl}/api/v2/status`, key.secret);
    expect(broke.body.available).toBe(false);
    expect(broke.body.error).toMatch(/buy some credits/);
  });
});
