import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hubModelSchema, hubUserInfoSchema } from '../../../src/shared/keys';
import { HubClient } from '../../../src/main/services/hub/client';
import { sendJson, startServer, type LocalServer } from './support/http-server';
import { rejectionOf } from './support/rejection';

const KEY = 'blocklet-4mVbq8TzXw9kLpRa2NcYh7Qx2';
let server: LocalServer;
let routes: Record<string, [number, unknown]>;

beforeEach(async () => {
  routes = {};
  server = await startServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const route = routes[path];
    if (route?.[0] === 0) return; // hang
    if (!route) return sendJson(res, 404, { error: 'no route' });
    const [status, body] = route;
    if (typeof body === 'string') {
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(body);
    } else sendJson(res, status, body);
  });
});
afterEach(() => server.close());

const client = (timeoutMs = 2_000) => new HubClient(`${server.origin}/ai-kit/`, { timeoutMs, userAgent: 'AIGNE Hub Desktop test' });

describe('asking the hub about a key', () => {
  it('normalises user info with billing on (balances as strings)', async () => {
    routes['/ai-kit/api/user/info'] = [
      200,
      {
        user: { did: 'z1U', fullName: 'Ada', email: 'ada@x', avatar: null },
        creditBalance: { balance: '12.5', total: 100, grantCount: 1, pendingCredit: '0' },
        paymentLink: 'https://pay',
        currency: { decimal: 2 },
        enableCredit: true,
        profileLink: null,
        creditPrefix: '$',
      },
    ];
    const info = await client().userInfo(KEY);
    expect(hubUserInfoSchema.parse(info)).toEqual(info);
    expect(info).toEqual({
      user: { did: 'z1U', fullName: 'Ada', email: 'ada@x' },
      credits: { enabled: true, balance: '12.5', total: '100', pending: '0', prefix: '$' },
      paymentLink: 'https://pay',
    });
  });

  it('normalises user info with billing off', async () => {
    routes['/ai-kit/api/user/info'] = [
      200,
      { user: { did: 'z1U' }, creditBalance: null, paymentLink: null, enableCredit: false, profileLink: 'https://p', creditPrefix: '' },
    ];
    expect(await client().userInfo(KEY)).toEqual({ user: { did: 'z1U' }, credits: { enabled: false }, profileLink: 'https://p' });
  });

  it('sends the key only as a bearer header: never in the URL, never with x-aigne-hub-client-did', async () => {
    routes['/ai-kit/api/user/info'] = [200, { user: { did: 'z1U' } }];
    routes['/ai-kit/api/v2/status'] = [200, { available: true }];
    await client().userInfo(KEY);
    await client().status(KEY);
    for (const req of server.requests) {
      expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(req.headers['x-aigne-hub-client-did']).toBeUndefined();
      expect(req.url).not.toContain(KEY);
      expect(req.headers['user-agent']).toBe('AIGNE Hub Desktop test');
    }
  });

  it('turns 401 into UNAUTHORIZED without the key in the message', async () => {
    routes['/ai-kit/api/user/info'] = [401, { error: 'User not authenticated' }];
    const error = await rejectionOf(client().userInfo(KEY));
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toMatch(/did not accept this key/);
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect(error.message).not.toContain(KEY);
  });

  it('turns 402 NOT_ENOUGH into OUT_OF_CREDITS with the link', async () => {
    routes['/ai-kit/api/user/info'] = [402, { error: { message: 'no credits', type: 'NOT_ENOUGH', link: 'https://top-up' } }];
    await expect(client().userInfo(KEY)).rejects.toMatchObject({ code: 'OUT_OF_CREDITS', detail: { link: 'https://top-up' } });
  });

  it('refuses an unexpected shape with HUB_ERROR naming the fields, not the values', async () => {
    routes['/ai-kit/api/user/info'] = [200, { hello: 'world' }];
    await expect(client().userInfo(KEY)).rejects.toMatchObject({ code: 'HUB_ERROR', detail: { fields: ['user'] } });
    routes['/ai-kit/api/v2/status'] = [200, 'OK'];
    await expect(client().status(KEY)).rejects.toMatchObject({ code: 'HUB_ERROR', message: expect.stringContaining('not JSON') });
  });

  it('gives up with TIMEOUT when the hub does not answer', async () => {
    routes['/ai-kit/api/v2/status'] = [0, null];
    await expect(client(300).status(KEY)).rejects.toMatchObject({ code: 'TIMEOUT' });
  });
});

describe('listing models (§4)', () => {
  it('accepts the billing-on form: string rates, object or null status', async () => {
    routes['/ai-kit/api/ai/models'] = [
      200,
      [
        {
          key: 'openai/gpt-4o',
          model: 'gpt-4o',
          type: 'chat',
          provider: 'openai',
          providerDisplayName: 'OpenAI',
          input_credits_per_token: '0.0000025',
          output_credits_per_token: '0.00001',
          modelMetadata: { maxTokens: 128000, features: ['tools', 'vision'] },
          status: { available: true, responseTime: 120, lastChecked: '2026-01-01' },
        },
        {
          model: 'dall-e-2',
          type: 'image_generation',
          provider: 'openai',
          providerDisplayName: 'OpenAI',
          input_credits_per_token: '0',
          output_credits_per_token: '0.02',
          modelMetadata: { imageGeneration: { max: 4, quality: [], size: ['256x256'], style: [] } },
          status: null,
        },
      ],
    ];
    const models = await client().models('chat');
    expect(server.requests.at(-1)?.url).toBe('/ai-kit/api/ai/models?type=chat');
    expect(models.map((m) => hubModelSchema.parse(m))).toEqual(models);
    expect(models[0]).toMatchObject({
      key: 'openai/gpt-4o',
      inputCreditsPerToken: 0.0000025,
      outputCreditsPerToken: 0.00001,
      maxTokens: 128000,
      features: ['tools', 'vision'],
      status: { available: true, responseTime: 120 },
    });
    expect(models[1]).toMatchObject({
      key: 'openai/dall-e-2',
      imageGeneration: { max: 4, size: ['256x256'] },
      status: { available: null },
    });
    expect(server.requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('reads a real hub row whose check failed (status.error is an object) and never fails the list for one bad row', async () => {
    routes['/ai-kit/api/ai/models'] = [
      200,
      [
        {
          key: 'openai/gpt-4o',
          model: 'gpt-4o',
          type: 'chat',
          provider: 'openai',
          providerId: '386112337925046272',
          providerDisplayName: 'OpenAI',
          input_credits_per_token: '0.0000025',
          output_credits_per_token: '0.00001',
          modelMetadata: { maxTokens: 128000 },
          status: {
            available: false,
            error: { code: 'PROVIDER_ERROR', message: 'Incorrect API key provided' },
            responseTime: 812,
            lastChecked: '2026-01-01T00:00:00.000Z',
          },
        },
        // A row this app cannot read (rates of an unknown shape): shown unavailable, the others still load.
        {
          key: 'anthropic/claude-x',
          model: 'claude-x',
          type: 'chat',
          provider: 'anthropic',
          providerDisplayName: 'Anthropic',
          input_credits_per_token: { amount: 1 },
          output_credits_per_token: '0.00001',
          status: { available: true },
        },
        { model: 'gpt-4o-mini', type: 'chat', provider: 'openai', providerDisplayName: 'OpenAI', status: null },
        'not a model',
      ],
    ];
    const models = await client().models('chat');
    expect(models.map((m) => hubModelSchema.parse(m))).toEqual(models);
    expect(models.map((m) => m.key)).toEqual(['openai/gpt-4o', 'anthropic/claude-x', 'openai/gpt-4o-mini']);
    expect(models[0]).toMatchObject({ status: { available: false, error: 'Incorrect API key provided', responseTime: 812 } });
    expect(models[1]).toMatchObject({ status: { available: false }, unreadable: true });
    expect(models[2]).toMatchObject({ status: { available: null } });
  });

  it("accepts the billing-off form: numeric rates and status 'active'", async () => {
    routes['/ai-kit/api/ai/models'] = [
      200,
      [
        {
          key: 'sandbox/echo',
          model: 'echo',
          type: 'chat',
          provider: 'sandbox',
          providerDisplayName: 'Sandbox',
          input_credits_per_token: 0,
          output_credits_per_token: 1.5,
          modelMetadata: null,
          status: 'active',
        },
      ],
    ];
    expect((await client().models())[0]).toMatchObject({
      inputCreditsPerToken: 0,
      outputCreditsPerToken: 1.5,
      features: [],
      status: { available: true },
    });
  });
});
