// Images and embeddings (docs/hub-protocol.md §6).
import { describe, expect, it } from 'vitest';
import { postJson, useHub, type Json } from './helpers';

const ctx = useHub();
const PNG_SIGNATURE = '89504e470d0a1a0a';

describe('POST /api/v2/image/generations', () => {
  it('returns a small PNG as base64 by default, in images and data, with credits', async () => {
    const key = ctx.hub.admin.createKey({ name: 'images' });
    const response = await postJson(
      `${ctx.hub.mountUrl}/api/v2/image/generations`,
      { model: 'sandbox/pixel', prompt: 'a red fox', n: 2, size: '32x16' },
      { key: key.secret },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as Json;
    expect(body.images).toHaveLength(2);
    expect(body.data).toEqual(body.images);
    expect(body.model).toBe('pixel');
    expect(body.usage).toEqual({ aigneHubCredits: 0.08, creditPrefix: '' });
    const [first] = body.images;
    expect(first.b64_json).toBe(first.base64);
    expect(first.b64Json).toBe(first.base64);
    const png = Buffer.from(first.base64, 'base64');
    expect(png.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([32, 16]);
    expect(ctx.hub.admin.calls().at(-1)).toMatchObject({ type: 'imageGeneration', model: 'pixel', totalUsage: 2, credits: 0.08 });
  });

  it('is deterministic per prompt', async () => {
    const key = ctx.hub.admin.createKey({ name: 'images again' });
    const once = async () =>
      (
        (await (
          await postJson(`${ctx.hub.mountUrl}/api/v2/image/generations`, { model: 'sandbox/pixel', prompt: 'same' }, { key: key.secret })
        ).json()) as Json
      ).images[0].base64;
    expect(await once()).toBe(await once());
  });

  it('serves a URL when asked for one', async () => {
    const key = ctx.hub.admin.createKey({ name: 'image url' });
    const response = await postJson(
      `${ctx.hub.mountUrl}/api/v2/image/generations`,
      { model: 'sandbox/pixel', prompt: 'x', responseFormat: 'url' },
      { key: key.secret },
    );
    const { images } = (await response.json()) as Json;
    const image = await fetch(images[0].url);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await image.arrayBuffer())
        .subarray(0, 8)
        .toString('hex'),
    ).toBe(PNG_SIGNATURE);
  });

  it('validates like the hub and defaults to a model the sandbox has no provider for', async () => {
    const key = ctx.hub.admin.createKey({ name: 'image validation' });
    const endpoint = `${ctx.hub.mountUrl}/api/v2/image/generations`;
    const tooMany = await postJson(endpoint, { model: 'sandbox/pixel', prompt: 'x', n: 11 }, { key: key.secret });
    expect([tooMany.status, (await tooMany.json()) as Json]).toEqual([400, { error: '"n" must be less than or equal to 10' }]);
    const noPrompt = await postJson(endpoint, { model: 'sandbox/pixel' }, { key: key.secret });
    expect([noPrompt.status, (await noPrompt.json()) as Json]).toEqual([400, { error: '"prompt" is required' }]);
    expect((await postJson(endpoint, { prompt: 'x' }, { key: key.secret })).status).toBe(404); // openai/dall-e-2
    expect((await postJson(endpoint, { model: 'sandbox/pixel', prompt: 'x' })).status).toBe(401);
  });
});

describe('POST /api/v2/embeddings', () => {
  const endpoint = () => `${ctx.hub.mountUrl}/api/v2/embeddings`;

  it('accepts the old form {input: "text"} and answers {data:[{embedding}]}', async () => {
    const key = ctx.hub.admin.createKey({ name: 'embed' });
    const response = await postJson(endpoint(), { model: 'sandbox/embed', input: 'hello vector world' }, { key: key.secret });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as Json;
    expect(data).toHaveLength(1);
    expect(data[0].embedding).toHaveLength(16);
    const norm = Math.hypot(...(data[0].embedding as number[]));
    expect(norm).toBeCloseTo(1, 4);
    expect(ctx.hub.admin.calls().at(-1)).toMatchObject({
      type: 'embedding',
      usageMetrics: { inputTokens: 3, outputTokens: 0 },
      credits: 0.0000003,
    });
  });

  it('accepts the new form {input: {input: [...]}} with the same vectors', async () => {
    const key = ctx.hub.admin.createKey({ name: 'embed new' });
    const old = (await (await postJson(endpoint(), { model: 'sandbox/embed', input: 'b' }, { key: key.secret })).json()) as Json;
    const response = await postJson(endpoint(), { model: 'sandbox/embed', input: { input: ['a', 'b'] } }, { key: key.secret });
    const { data } = (await response.json()) as Json;
    expect(data.map((d: { index: number }) => d.index)).toEqual([0, 1]);
    expect(data[1].embedding).toEqual(old.data[0].embedding);
    expect(data[0].embedding).not.toEqual(data[1].embedding);
  });

  it('reports validation failures as HTTP 500, as the hub does', async () => {
    const key = ctx.hub.admin.createKey({ name: 'embed invalid' });
    const response = await postJson(endpoint(), { input: 'x' }, { key: key.secret });
    expect([response.status, (await response.json()) as Json]).toEqual([500, { error: '"model" is required' }]);
  });
});
