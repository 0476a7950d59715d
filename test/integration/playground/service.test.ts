// The playground as createServices binds it: one PlaygroundService over a data dir,
// against the sandbox hub. A user story per test.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRequest } from '../../../src/main/services/dispatcher';
import { ModelCatalog } from '../../../src/main/services/playground/models';
import { PlaygroundService } from '../../../src/main/services/playground';
import { chatDoneEventSchema, chatDeltaEventSchema, conversationSchema, listModelsResultSchema } from '../../../src/shared/playground';
import { TestKeys, guardUnhandledRejections, useSandbox } from './helpers';

const run = promisify(execFile);
guardUnhandledRejections();
const sandbox = useSandbox();
let dir: string;
let keys: TestKeys;
let playground: PlaygroundService;
let secret: string;
let keyId: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'playground-service-'));
  keys = new TestKeys();
  const created = sandbox.hub.admin.createKey({ name: 'service' });
  secret = created.secret;
  keyId = keys.addSandboxKey(sandbox.hub, created, 'key-service');
  playground = new PlaygroundService({
    keys,
    hubs: { mountUrl: async () => sandbox.hub.mountUrl },
    dataDir: dir,
  });
});
afterAll(() => {
  playground.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('models', () => {
  it('lists the hub models grouped by provider, with rates, from a short cache', async () => {
    const result = await playground.listModels({ keyId, type: 'chat' });
    expect(listModelsResultSchema.parse(result)).toEqual(result);
    expect(result.models.map((m) => m.key)).toEqual(['sandbox/echo', 'sandbox/prose', 'sandbox/prose-mini', 'sandbox/offline']);
    expect(result.groups).toEqual([expect.objectContaining({ provider: 'sandbox', providerDisplayName: 'Sandbox (local, no provider)' })]);
    expect(result.groups[0]?.models.map((m) => m.model)).toEqual(['echo', 'offline', 'prose', 'prose-mini']);
    // The model whose check failed is listed, unavailable, with the hub's message (an object on the wire).
    expect(result.models.find((m) => m.key === 'sandbox/offline')?.status).toMatchObject({
      available: false,
      error: expect.stringMatching(/unavailable/),
    });
    expect(result.models[0]).toMatchObject({ inputCreditsPerToken: 0.000002, outputCreditsPerToken: 0.000008 });
    const byHub = await playground.listModels({ hubId: 'sandbox-hub', type: 'image' });
    expect(byHub.models.map((m) => m.key)).toEqual(['sandbox/pixel']);
    await expect(playground.listModels({})).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('reuses a list for 5 minutes, then asks again (or at once on refresh)', async () => {
    let now = 0;
    const catalog = new ModelCatalog({ now: () => now });
    const first = await catalog.list(sandbox.hub.mountUrl, 'embedding');
    expect(await catalog.list(`${sandbox.hub.mountUrl}/`, 'embedding')).toBe(first);
    now = 4 * 60_000;
    expect(await catalog.list(sandbox.hub.mountUrl, 'embedding')).toBe(first);
    now = 5 * 60_000 + 1;
    const second = await catalog.list(sandbox.hub.mountUrl, 'embedding');
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    expect(await catalog.list(sandbox.hub.mountUrl, 'embedding', { refresh: true })).not.toBe(second);
  });

  it('an unreachable hub is HUB_UNREACHABLE, and the failure is not cached', async () => {
    const catalog = new ModelCatalog();
    await expect(catalog.list('http://127.0.0.1:1/ai-kit')).rejects.toMatchObject({ code: 'HUB_UNREACHABLE' });
    expect(await catalog.rates('http://127.0.0.1:1/ai-kit', 'x/y')).toBeUndefined();
  });
});

describe('a chat saved as a conversation', () => {
  it('streams, saves both messages with metrics, totals them, and never writes the key to disk', async () => {
    const conversation = playground.createConversation({ model: 'sandbox/echo', keyId });
    const prompt = 'please echo these five words';
    playground.appendMessages({ id: conversation.id, messages: [{ role: 'user', content: prompt }] });

    const deltas: unknown[] = [];
    let done: unknown;
    const stream = playground.startChat(
      parseRequest('playground.chat', { keyId, model: 'sandbox/echo', messages: [{ role: 'user', content: prompt }], streamId: 'chat-1' }),
      { onDelta: (d) => deltas.push(d), onDone: (r) => (done = r) },
    );
    const result = await stream.done;
    expect(done).toEqual(result);
    // What the app sends over IPC matches the contract exactly.
    for (const d of deltas) expect(chatDeltaEventSchema.parse(d)).toEqual(d);
    expect(chatDoneEventSchema.parse(result)).toEqual(result);
    expect(result).toMatchObject({ streamId: 'chat-1', status: 'success', text: prompt });

    const saved = playground.appendMessages({
      id: conversation.id,
      messages: [{ role: 'assistant', content: result.text, model: result.model, status: result.status, metrics: result.metrics }],
    });
    expect(conversationSchema.parse(saved)).toEqual(saved);
    expect(saved.title).toBe(prompt);
    expect(saved.totals).toEqual({ promptTokens: 5, completionTokens: 5, totalTokens: 10, estimatedCredits: 0.00005 });
    expect(playground.searchConversations({ query: 'FIVE words' })[0]?.id).toBe(conversation.id);
    expect(playground.exportConversation({ id: conversation.id, format: 'markdown' }).text).toContain(
      `## Assistant · sandbox/echo\n\n${prompt}`,
    );

    const calls = playground.listCalls({ kind: 'chat' });
    expect(calls.at(-1)).toMatchObject({ id: result.callId, status: 'success', keyId, promptTokens: 5, completionTokens: 5 });

    // Neither file ever holds the key (the call log line is written after the answer's turn).
    await new Promise((done) => setImmediate(done));
    expect(readdirSync(dir).sort()).toEqual(['call-log.jsonl', 'conversations.json']);
    for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file), 'utf8')).not.toContain(secret);
    expect(readFileSync(join(dir, 'call-log.jsonl'), 'utf8')).not.toContain(prompt);
  });

  it('stop from the service resolves the stream as stopped', async () => {
    const slowKeys = new TestKeys();
    const created = sandbox.hub.admin.createKey({ name: 'slow service' });
    slowKeys.add('slow', { secret: created.secret, mountUrl: sandbox.hub.mountUrl, hubId: 'sandbox-hub' });
    const slow = new PlaygroundService({ keys: slowKeys, dataDir: join(dir, 'slow') });
    // A stream that is still waiting for headers (slow-headers fault) is stopped cleanly.
    sandbox.hub.admin.injectFault(created.accessKeyId, 'slow-headers', 1);
    const stream = slow.startChat(
      parseRequest('playground.chat', { keyId: 'slow', model: 'sandbox/prose', messages: [{ role: 'user', content: 'x' }] }),
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(slow.stopChat(stream.streamId)).toEqual({ stopped: true });
    expect((await stream.done).status).toBe('stopped');
    expect(slow.stopChat(stream.streamId)).toEqual({ stopped: false });
    expect(slow.listCalls()).toEqual([expect.objectContaining({ status: 'stopped' })]);
  });
});

describe('images and embeddings through the service', () => {
  it('generate an image and compare two texts, each logged', async () => {
    const image = await playground.generateImage({ keyId, model: 'sandbox/pixel', prompt: 'a lighthouse', size: '64x64' });
    expect(image.images).toHaveLength(1);
    const compared = await playground.compareTexts({ keyId, model: 'sandbox/embed', a: 'cat', b: 'cat' });
    expect(compared.similarity).toBeCloseTo(1, 6);
    const embedded = await playground.embed({ keyId, model: 'sandbox/embed', input: 'cat' });
    expect(embedded.dimension).toBe(16);
    expect(playground.listCalls({ kind: 'image' })).toHaveLength(1);
    expect(playground.listCalls({ kind: 'embedding' })).toHaveLength(3);
  });
});

describe('copy as code runs against the hub', () => {
  const request = {
    model: 'sandbox/echo',
    messages: [{ role: 'user' as const, content: `it's "quoted" 中文 🙂` }],
    params: { maxTokens: 10 },
  };
  const env = () => ({ PATH: process.env.PATH ?? '', AIGNE_HUB_API_KEY: secret, PYTHONIOENCODING: 'utf-8' });

  it('curl prints the streamed answer', async () => {
    const { code } = playground.exportCode({ request, format: 'curl', mountUrl: sandbox.hub.mountUrl });
    expect(code).not.toContain(secret);
    const { stdout } = await run('sh', ['-c', code], { env: env() });
    expect(stdout).toContain('"content":"it\'s"');
    expect(stdout).toContain('"usage":{"promptTokens":4,"completionTokens":4,"totalTokens":8}');
    expect(stdout).toContain('event: server-timing');
  });

  it('JavaScript prints the answer text', async () => {
    const { code } = playground.exportCode({ request, format: 'javascript', mountUrl: sandbox.hub.mountUrl });
    const file = join(dir, 'chat.mjs');
    writeFileSync(file, code);
    const { stdout } = await run(process.execPath, [file], { env: env() });
    expect(stdout).toContain(`it's "quoted" 中文 🙂`);
    expect(stdout).toContain('promptTokens: 4');
  });

  it('Python prints the answer text (streaming and not)', async () => {
    for (const stream of [true, false]) {
      const { code } = playground.exportCode({ request, format: 'python', mountUrl: sandbox.hub.mountUrl, stream });
      const file = join(dir, `chat-${stream}.py`);
      writeFileSync(file, code);
      const { stdout } = await run('python3', [file], { env: env() });
      expect(stdout).toContain(`it's "quoted" 中文 🙂`);
    }
  });
});
