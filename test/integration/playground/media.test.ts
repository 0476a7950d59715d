// Images and embeddings: round trips through the sandbox hub, plus the
// shapes and fallbacks only a local server can produce.
import { afterEach, describe, expect, it } from 'vitest';
import { embed as sandboxEmbed } from '../../../sandbox-hub/routes/media';
import { EmbeddingService, cosineSimilarity } from '../../../src/main/services/playground/embeddings';
import { ImageService } from '../../../src/main/services/playground/images';
import { parseRequest } from '../../../src/main/services/dispatcher';
import { ModelCatalog } from '../../../src/main/services/playground/models';
import { TestKeys, guardUnhandledRejections, memoryCallLog, startLocalServer, useSandbox, type LocalServer } from './helpers';

guardUnhandledRejections();
const sandbox = useSandbox();
let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function services() {
  const keys = new TestKeys();
  const callLog = memoryCallLog();
  const deps = { keys, models: new ModelCatalog(), callLog };
  return { keys, callLog, images: new ImageService(deps), embeddings: new EmbeddingService(deps) };
}

describe('image generation', () => {
  it('returns the sandbox PNGs as base64 with their type, the billed credits and a call log entry', async () => {
    const { keys, callLog, images } = services();
    const created = sandbox.hub.admin.createKey({ name: 'images' });
    const keyId = keys.addSandboxKey(sandbox.hub, created);
    const result = await images.generate({ keyId, model: 'sandbox/pixel', prompt: 'a red square', n: 2, size: '64x64' });
    expect(result.images).toHaveLength(2);
    for (const image of result.images) {
      const bytes = Buffer.from(image.base64, 'base64');
      expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
      expect(image).toMatchObject({ mimeType: 'image/png', bytes: bytes.length });
    }
    // pixel: 0.04 credits per image, as the hub reports it.
    expect(result).toMatchObject({ model: 'sandbox/pixel', credits: 0.08, creditsAreEstimate: false });
    // The hub's record carries our call id (sent as x-request-id).
    expect(sandbox.hub.admin.calls().at(-1)).toMatchObject({ status: 'success', credits: 0.08 });
    expect(callLog.list()).toEqual([
      expect.objectContaining({ id: result.callId, kind: 'image', status: 'success', model: 'sandbox/pixel', estimatedCredits: 0.08 }),
    ]);
    expect(JSON.stringify(callLog.list())).not.toContain(created.secret);
  });

  it('maps hub errors and logs the failure', async () => {
    const { keys, callLog, images } = services();
    const created = sandbox.hub.admin.createKey({ name: 'images broke', userDid: 'z1ImagesBroke', credits: 0 });
    const keyId = keys.addSandboxKey(sandbox.hub, created);
    await expect(images.generate({ keyId, model: 'sandbox/pixel', prompt: 'x' })).rejects.toMatchObject({ code: 'OUT_OF_CREDITS' });
    const other = keys.addSandboxKey(sandbox.hub, sandbox.hub.admin.createKey({ name: 'images 2' }));
    await expect(images.generate({ keyId: other, model: 'sandbox/nope', prompt: 'x' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('Unsupported model nope'),
    });
    expect(callLog.list().map((c) => [c.status, c.errorCode])).toEqual([
      ['failed', 'OUT_OF_CREDITS'],
      ['failed', 'INVALID_INPUT'],
    ]);
  });

  it('a broken or dropped answer is a HUB_ERROR / HUB_UNREACHABLE, not a crash', async () => {
    const { keys, images } = services();
    const created = sandbox.hub.admin.createKey({ name: 'images faults' });
    const keyId = keys.addSandboxKey(sandbox.hub, created);
    sandbox.hub.admin.injectFault(created.accessKeyId, 'malformed', 1);
    await expect(images.generate({ keyId, model: 'sandbox/pixel', prompt: 'x' })).rejects.toMatchObject({
      code: 'HUB_ERROR',
      detail: { reason: 'malformed-json' },
    });
    sandbox.hub.admin.injectFault(created.accessKeyId, 'drop', 1);
    await expect(images.generate({ keyId, model: 'sandbox/pixel', prompt: 'x' })).rejects.toMatchObject({ code: 'HUB_UNREACHABLE' });
  });

  it('accepts url, b64Json and base64 items, downloading URLs without sending the key', async () => {
    const png = Buffer.from([...PNG_SIGNATURE, 1, 2, 3]);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 9, 9]);
    server = await startLocalServer((req, res) => {
      if (req.url === '/img/1.jpg') {
        res.writeHead(200, { 'Content-Type': 'image/jpeg' });
        return void res.end(jpeg);
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          data: [{ url: `http://${req.headers.host}/img/1.jpg` }, { b64Json: png.toString('base64') }, { base64: png.toString('base64') }],
        }),
      );
    });
    const { keys, images } = services();
    keys.add('k', { secret: 'blocklet-4mVbq8TzXw9kLpRa2NcYh7Qx2', mountUrl: server.url, hubId: 'local' });
    const result = await images.generate({ keyId: 'k', model: 'x/y', prompt: 'p', n: 3 });
    expect(result.images.map((i) => i.mimeType)).toEqual(['image/jpeg', 'image/png', 'image/png']);
    expect(result.credits).toBeNull(); // neither reported nor a known rate
    expect(server.requests[0]?.headers.authorization).toBe('Bearer blocklet-4mVbq8TzXw9kLpRa2NcYh7Qx2');
    expect(server.requests[1]?.url).toBe('/img/1.jpg');
    expect(server.requests[1]?.headers.authorization).toBeUndefined();
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ model: 'x/y', prompt: 'p', responseFormat: 'b64_json', n: 3 });
  });

  it('refuses a bad request at the boundary, before any key is resolved', () => {
    const { keys } = services();
    expect(() => parseRequest('playground.image', { keyId: 'k', model: 'm', prompt: '  ' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('Describe the image first.') }),
    );
    expect(() => parseRequest('playground.image', { keyId: 'k', model: 'm', prompt: 'p', n: 11 })).toThrow(/Ask for at most 10 images\./);
    expect(keys.resolves).toBe(0);
  });
});

describe('embeddings', () => {
  it("embeds a text: the sandbox's vector, dimension and preview, in the current request form", async () => {
    const { keys, callLog, embeddings } = services();
    const keyId = keys.addSandboxKey(sandbox.hub, sandbox.hub.admin.createKey({ name: 'embed' }));
    const result = await embeddings.embed({ keyId, model: 'sandbox/embed', input: 'the quick brown fox' });
    expect(result.vector).toEqual(sandboxEmbed('the quick brown fox'));
    expect(result).toMatchObject({ dimension: 16, model: 'sandbox/embed' });
    expect(result.preview).toEqual(result.vector.slice(0, 8));
    expect(embeddings.knownForm(sandbox.hub.mountUrl)).toBe('current');
    expect(callLog.list()).toEqual([expect.objectContaining({ kind: 'embedding', status: 'success', id: result.callId })]);
  });

  it('logs the credits the hub billed for an embedding (usage.aigneHubCredits), not an estimate', async () => {
    const { startSandboxHub } = await import('../../../sandbox-hub/index');
    // Billing off: the hub bills 0 while the published rate would estimate more, so the two cannot be confused.
    const free = await startSandboxHub({ billing: 'off' });
    try {
      const { keys, callLog, embeddings } = services();
      const keyId = keys.addSandboxKey(free, free.admin.createKey({ name: 'billed' }));
      await embeddings.embed({ keyId, model: 'sandbox/embed', input: 'four words of text' });
      expect(callLog.list()[0]).toMatchObject({ kind: 'embedding', status: 'success', estimatedCredits: 0 });
    } finally {
      await free.close();
    }
  });

  it('compares two texts by cosine similarity', async () => {
    const { keys, callLog, embeddings } = services();
    const keyId = keys.addSandboxKey(sandbox.hub, sandbox.hub.admin.createKey({ name: 'compare' }));
    const same = await embeddings.compareTexts({ keyId, model: 'sandbox/embed', a: 'hello world', b: 'hello world' });
    expect(same.similarity).toBeCloseTo(1, 5);
    const diff = await embeddings.compareTexts({ keyId, model: 'sandbox/embed', a: 'hello world', b: 'goodbye moon' });
    expect(diff.similarity).toBeCloseTo(cosineSimilarity(sandboxEmbed('hello world'), sandboxEmbed('goodbye moon')), 10);
    expect(diff.similarity).toBeLessThan(0.99);
    expect(diff).toMatchObject({ dimension: 16, previewA: sandboxEmbed('hello world').slice(0, 8) });
    expect(callLog.list()).toHaveLength(4); // one call per text
  });

  it('falls back once to the older `input: "text"` form when the hub rejects the current one, then remembers', async () => {
    server = await startLocalServer((_req, res, body) => {
      const json = JSON.parse(body) as { input: unknown };
      if (typeof json.input !== 'string') {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        return void res.end(JSON.stringify({ error: '"input" must be a string' }));
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ embeddings: [[0.6, 0.8]] }));
    });
    const { keys, callLog, embeddings } = services();
    keys.add('k', { secret: 'blocklet-x', mountUrl: `${server.url}/ai-kit`, hubId: 'old' });
    const first = await embeddings.embed({ keyId: 'k', model: 'openai/text-embedding-3-small', input: 'hi' });
    expect(first.vector).toEqual([0.6, 0.8]);
    expect(server.requests.map((r) => JSON.parse(r.body) as unknown)).toEqual([
      { model: 'openai/text-embedding-3-small', input: { input: 'hi' } },
      { model: 'openai/text-embedding-3-small', input: 'hi' },
    ]);
    expect(embeddings.knownForm(`${server.url}/ai-kit`)).toBe('legacy');
    await embeddings.embed({ keyId: 'k', model: 'openai/text-embedding-3-small', input: 'again' });
    expect(server.requests).toHaveLength(3); // straight to the older form
    expect(callLog.list().map((c) => c.status)).toEqual(['success', 'success']);
  });

  it('does not retry auth or credit failures', async () => {
    const { keys, embeddings } = services();
    const created = sandbox.hub.admin.createKey({ name: 'embed auth' });
    const keyId = keys.addSandboxKey(sandbox.hub, created);
    // One queued fault: a retry would succeed, so a rejection proves there was none.
    sandbox.hub.admin.injectFault(created.accessKeyId, 'auth', 1);
    await expect(embeddings.embed({ keyId, model: 'sandbox/embed', input: 'x' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    sandbox.hub.admin.injectFault(created.accessKeyId, 'credit', 1);
    await expect(embeddings.embed({ keyId, model: 'sandbox/embed', input: 'x' })).rejects.toMatchObject({ code: 'OUT_OF_CREDITS' });
    expect(embeddings.knownForm(sandbox.hub.mountUrl)).toBeUndefined();
  });
});
