// Fault injection: per request (x-sandbox-fault) and per key for its next N
// calls, each failing in the route's own real format (docs/hub-protocol.md §9).
import { describe, expect, it } from 'vitest';
import { startSandboxHub } from '../../sandbox-hub/index';
import { parseSse, postJson, sseJson, useHub, type Json } from './helpers';

const ctx = useHub({ slowHeadersMs: 300 });
const completions = () => `${ctx.hub.mountUrl}/api/v2/chat/completions`;
const body = { model: 'sandbox/echo', prompt: 'alpha beta gamma delta' };
const fault = (name: string) => ({ 'x-sandbox-fault': name });
const lastCall = () => ctx.hub.admin.calls().at(-1);

describe('x-sandbox-fault on /api/v2/chat/completions', () => {
  it('credit: 402 NOT_ENOUGH before any output (SSE: 200 + error event)', async () => {
    const key = ctx.hub.admin.createKey({ name: 'fault credit' });
    const json = await postJson(completions(), body, { key: key.secret, headers: fault('credit') });
    expect(json.status).toBe(402);
    expect(((await json.json()) as Json).error.type).toBe('NOT_ENOUGH');
    const sse = await postJson(completions(), body, { key: key.secret, headers: fault('credit'), sse: true });
    expect(sse.status).toBe(200);
    expect(sseJson(await sse.text())).toEqual([{ error: expect.objectContaining({ type: 'NOT_ENOUGH' }) }]);
    expect(ctx.hub.admin.credits(key.accessKeyId).balance).toBe(10); // nothing spent
  });

  it('auth: answers as an unknown key would', async () => {
    const key = ctx.hub.admin.createKey({ name: 'fault auth' });
    const response = await postJson(completions(), body, { key: key.secret, headers: fault('auth') });
    expect([response.status, (await response.json()) as Json]).toEqual([401, { error: 'User not authenticated' }]);
  });

  it('server-error: 500 {error:{message}}; server-error-502: 502 {error:"…"}', async () => {
    const key = ctx.hub.admin.createKey({ name: 'fault 5xx' });
    const r500 = await postJson(completions(), body, { key: key.secret, headers: fault('server-error') });
    expect([r500.status, (await r500.json()) as Json]).toEqual([500, { error: { message: expect.stringMatching(/^Sandbox fault/) } }]);
    const r502 = await postJson(completions(), body, { key: key.secret, headers: fault('server-error-502') });
    expect([r502.status, (await r502.json()) as Json]).toEqual([502, { error: expect.stringMatching(/^Sandbox fault/) }]);
    expect(lastCall()).toMatchObject({ status: 'failed', errorReason: expect.stringMatching(/^Sandbox fault/) });
  });

  it('drop (SSE): at least one delta, then {"error":{"message"}}, then a normal close, no usage', async () => {
    const key = ctx.hub.admin.createKey({ name: 'fault drop' });
    const response = await postJson(completions(), body, { key: key.secret, headers: fault('drop'), sse: true });
    const frames = sseJson(await response.text());
    expect(frames).toEqual([
      { delta: { role: 'assistant', content: 'alpha', toolCalls: [] } },
      { error: { message: expect.stringMatching(/^Sandbox fault/) } },
    ]);
    expect(lastCall()).toMatchObject({ status: 'failed', usageMetrics: { inputTokens: 4, outputTokens: 1 }, credits: 0 });
  });

  it('drop (JSON): the hub ends the answer with an empty 200', async () => {
    const key = ctx.hub.admin.createKey({ name: 'fault drop json' });
    const response = await postJson(completions(), body, { key: key.secret, headers: fault('drop') });
    expect([response.status, await response.text()]).toEqual([200, '']);
  });

  it('drop-socket: at least one delta, then the connection is destroyed', async () => {
    const key = ctx.hub.admin.createKey({ name: 'fault socket' });
    const response = await postJson(completions(), body, { key: key.secret, headers: fault('drop-socket'), sse: true });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    let error: unknown;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value);
      }
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(sseJson(received)[0]).toEqual({ delta: { role: 'assistant', content: 'alpha', toolCalls: [] } });
    expect(lastCall()).toMatchObject({ status: 'failed', errorReason: 'Response ended without completion' });
  });

  it('malformed: a frame that is not JSON, then the end', async () => {
    const key = ctx.hub.admin.createKey({ name: 'fault malformed' });
    const response = await postJson(completions(), body, { key: key.secret, headers: fault('malformed'), sse: true });
    const frames = parseSse(await response.text());
    expect(JSON.parse(frames[0]!.data)).toEqual({ delta: { role: 'assistant', content: 'alpha', toolCalls: [] } });
    expect(frames).toHaveLength(2);
    expect(() => JSON.parse(frames[1]!.data)).toThrow();
  });

  it('slow-headers: holds the headers back past a client timeout, then answers', async () => {
    const key = ctx.hub.admin.createKey({ name: 'fault slow' });
    await expect(
      postJson(completions(), body, { key: key.secret, headers: fault('slow-headers'), signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    const started = performance.now();
    const patient = await postJson(completions(), body, { key: key.secret, headers: fault('slow-headers') });
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
    expect(((await patient.json()) as Json).text).toBe('alpha beta gamma delta');
  });

  it('slow-headers never holds up close()', async () => {
    const hub = await startSandboxHub(); // default delay: 30 s
    const key = hub.admin.createKey({ name: 'slow close' });
    const pending = postJson(`${hub.mountUrl}/api/v2/chat/completions`, body, { key: key.secret, headers: fault('slow-headers') });
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Resolves at all (a held response would keep close() waiting for the 30 s delay and time the test out).
    await hub.close();
    await expect(pending).rejects.toThrow();
  });
});

describe('faults on /api/v2/chat', () => {
  const chat = (streaming: boolean) => ({
    input: { messages: [{ role: 'user', content: 'a b' }], modelOptions: { model: 'sandbox/echo' } },
    options: { streaming },
  });

  it('credit: a real 402 even when streaming', async () => {
    const key = ctx.hub.admin.createKey({ name: 'chat credit' });
    const response = await postJson(`${ctx.hub.mountUrl}/api/v2/chat`, chat(true), { key: key.secret, headers: fault('credit') });
    expect(response.status).toBe(402);
  });

  it('malformed: a broken frame in the framework stream', async () => {
    const key = ctx.hub.admin.createKey({ name: 'chat malformed' });
    const response = await postJson(`${ctx.hub.mountUrl}/api/v2/chat`, chat(true), { key: key.secret, headers: fault('malformed') });
    const frames = parseSse(await response.text());
    expect(() => JSON.parse(frames.at(-1)!.data)).toThrow();
  });
});

describe('faults queued on a key', () => {
  it('fail the key’s next N model calls only, without special headers', async () => {
    const key = ctx.hub.admin.createKey({ name: 'queued' });
    ctx.hub.admin.injectFault(key.accessKeyId, 'server-error', 2);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await postJson(completions(), body, { key: key.secret })).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('are not consumed by calls that carry the header, and clear with count 0', async () => {
    const key = ctx.hub.admin.createKey({ name: 'queued header' });
    ctx.hub.admin.injectFault(key.accessKeyId, 'credit', 1);
    expect((await postJson(completions(), body, { key: key.secret, headers: fault('auth') })).status).toBe(401);
    expect((await postJson(completions(), body, { key: key.secret })).status).toBe(402);
    ctx.hub.admin.injectFault(key.accessKeyId, 'credit', 5);
    ctx.hub.admin.injectFault(key.accessKeyId, 'credit', 0);
    expect((await postJson(completions(), body, { key: key.secret })).status).toBe(200);
  });

  it('apply to images and embeddings too', async () => {
    const key = ctx.hub.admin.createKey({ name: 'queued media' });
    ctx.hub.admin.injectFault(key.accessKeyId, 'server-error-502', 2);
    const image = await postJson(
      `${ctx.hub.mountUrl}/api/v2/image/generations`,
      { model: 'sandbox/pixel', prompt: 'x' },
      { key: key.secret },
    );
    const embedding = await postJson(`${ctx.hub.mountUrl}/api/v2/embeddings`, { model: 'sandbox/embed', input: 'x' }, { key: key.secret });
    expect([image.status, embedding.status]).toEqual([502, 502]);
  });
});

describe('pacing', () => {
  it('streams prose at the requested tokens per second', async () => {
    const key = ctx.hub.admin.createKey({ name: 'pacing' });
    const started = performance.now();
    const response = await postJson(
      completions(),
      { model: 'sandbox/prose', prompt: 'x', maxTokens: 10 },
      { key: key.secret, sse: true, headers: { 'x-sandbox-tokens-per-second': '100' } },
    );
    const deltas = sseJson(await response.text()).filter((f) => 'delta' in f);
    expect(deltas).toHaveLength(10);
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
    expect(lastCall()!.ttfb).toBeGreaterThanOrEqual(9);
  });
});
