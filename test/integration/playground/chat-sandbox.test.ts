// Chat through the sandbox hub over real HTTP: answers, usage, metrics,
// stop, every fault, and the client call log.
import { describe, expect, it } from 'vitest';
import { proseWords } from '../../../sandbox-hub/engine/generate';
import type { FaultKind } from '../../../sandbox-hub/index';
import { ChatService } from '../../../src/main/services/playground/chat';
import { ModelCatalog } from '../../../src/main/services/playground/models';
import type { ChatDeltaEvent, ChatRequestInput } from '../../../src/shared/playground';
import { TestKeys, guardUnhandledRejections, memoryCallLog, useSandbox, waitFor } from './helpers';

guardUnhandledRejections();
const fast = useSandbox({ slowHeadersMs: 2_000 });
const slow = useSandbox({ proseTokensPerSecond: 40 });

function setup(options: ConstructorParameters<typeof ChatService>[0]['options'] = {}) {
  const keys = new TestKeys();
  const callLog = memoryCallLog();
  const chat = new ChatService({ keys, models: new ModelCatalog(), callLog, options });
  return { keys, callLog, chat };
}

async function collect(chat: ChatService, request: ChatRequestInput) {
  const deltas: ChatDeltaEvent[] = [];
  const stream = chat.stream(request, { onDelta: (d) => deltas.push(d) });
  const result = await stream.done;
  return { result, deltas, streamed: deltas.map((d) => d.text).join('') };
}

describe('a streamed answer from the sandbox', () => {
  it('equals the deterministic echo, with exact usage, an estimated cost and a call log entry', async () => {
    const { keys, callLog, chat } = setup();
    const created = fast.hub.admin.createKey({ name: 'chat echo' });
    const keyId = keys.addSandboxKey(fast.hub, created);
    const { result, streamed } = await collect(chat, {
      keyId,
      model: 'sandbox/echo',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'alpha beta gamma delta' },
      ],
    });

    expect(result.status).toBe('success');
    expect(result.error).toBeUndefined();
    expect(result.text).toBe('alpha beta gamma delta');
    expect(streamed).toBe(result.text); // the deltas add up to the answer
    // Sandbox rules: a token is a word; prompt = every message's words.
    expect(result.metrics).toMatchObject({ promptTokens: 6, completionTokens: 4, totalTokens: 10 });
    // echo rates: 0.000002 in, 0.000008 out → 6 × 0.000002 + 4 × 0.000008.
    expect(result.metrics.estimatedCredits).toBe(0.000044);
    expect(result.metrics.ttftMs).toBeGreaterThan(0);
    expect(result.metrics.durationMs).toBeGreaterThanOrEqual(result.metrics.ttftMs ?? 0);
    expect(result.metrics.tokensPerSecond).toBeGreaterThan(0);
    expect(result.metrics.serverTiming?.totalMs).toEqual(expect.any(Number));

    // The hub billed exactly what we estimated, and attributed the call to the key (no client DID header).
    const record = fast.hub.admin.calls().at(-1); // behind the gateway the request id is replaced: the latest record;
    expect(record).toMatchObject({ status: 'success', appDid: created.accessKeyId, credits: 0.000044 });
    expect(record?.usageMetrics).toEqual({ inputTokens: 6, outputTokens: 4 });

    expect(callLog.list()).toEqual([
      {
        id: result.callId,
        hubId: 'sandbox-hub',
        keyId,
        accessKeyId: created.accessKeyId,
        model: 'sandbox/echo',
        kind: 'chat',
        startedAt: expect.any(String),
        ttfbMs: result.metrics.ttftMs,
        durationMs: result.metrics.durationMs,
        status: 'success',
        promptTokens: 6,
        completionTokens: 4,
        estimatedCredits: 0.000044,
      },
    ]);
    expect(JSON.stringify(callLog.list())).not.toContain(created.secret);
    expect(JSON.stringify(callLog.list())).not.toContain('alpha');
  });

  it('streams deterministic prose of the requested length', async () => {
    const { keys, chat } = setup();
    const keyId = keys.addSandboxKey(fast.hub, fast.hub.admin.createKey({ name: 'prose' }));
    const { result } = await collect(chat, {
      keyId,
      model: 'sandbox/prose',
      messages: [{ role: 'user', content: 'tell me a story' }],
      params: { maxTokens: 120, temperature: 0.5, topP: 0.9, presencePenalty: 0.1, frequencyPenalty: 0.2 },
    });
    expect(result.status).toBe('success');
    expect(result.text).toBe(proseWords('sandbox/prose\ntell me a story', 120).join(' '));
    expect(result.metrics).toMatchObject({ promptTokens: 4, completionTokens: 120, totalTokens: 124 });
    // prose: 0.000003 in, 0.000015 out.
    expect(result.metrics.estimatedCredits).toBe(Math.round((4 * 0.000003 + 120 * 0.000015) * 1e10) / 1e10);
  });

  it('batches deltas: fewer events than tokens, adding up to the whole answer', async () => {
    const { keys, chat } = setup({ batchIntervalMs: 16 });
    const keyId = keys.addSandboxKey(slow.hub, slow.hub.admin.createKey({ name: 'batched' }));
    const { result, deltas, streamed } = await collect(chat, {
      keyId,
      model: 'sandbox/prose',
      messages: [{ role: 'user', content: 'batch me' }],
      params: { maxTokens: 12 },
    });
    expect(result.status).toBe('success');
    expect(streamed).toBe(result.text);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.length).toBeLessThanOrEqual(12);
    expect(result.metrics.ttftMs).toBeGreaterThan(0);
    // The speed is measured over the window after the first token (no absolute time: machines are noisy).
    const m = result.metrics;
    expect(m.tokensPerSecond).toBeCloseTo((m.completionTokens! * 1000) / (m.durationMs - m.ttftMs!), -1);
  });
});

describe('stop', () => {
  it('keeps the partial text, resolves `stopped` and closes the hub connection', async () => {
    const { keys, callLog, chat } = setup();
    const keyId = keys.addSandboxKey(slow.hub, slow.hub.admin.createKey({ name: 'stopper' }));
    let seen = '';
    const stream = chat.stream(
      { keyId, model: 'sandbox/prose', messages: [{ role: 'user', content: 'a long story' }], params: { maxTokens: 400 } },
      { onDelta: (d) => (seen += d.text) },
    );
    await waitFor(() => seen.split(' ').length >= 3);
    expect(chat.stop(stream.streamId)).toBe(true);
    expect(chat.stop(stream.streamId)).toBe(false); // once
    const result = await stream.done;

    const full = proseWords('sandbox/prose\na long story', 400).join(' ');
    expect(result.status).toBe('stopped');
    expect(result.error).toBeUndefined();
    expect(result.text.length).toBeGreaterThan(0);
    expect(full.startsWith(result.text)).toBe(true);
    expect(result.text.length).toBeLessThan(full.length);
    expect(result.text).toBe(seen); // everything shown was kept, and nothing more
    expect(result.metrics.completionTokens).toBeNull(); // no usage event arrived

    // The hub saw the client go away: its record of the call settles as failed with "ended without completion".
    const record = await waitFor(() => {
      const r = slow.hub.admin.calls().at(-1);
      return r?.status === 'failed' ? r : undefined;
    });
    expect(record.errorReason).toBe('Response ended without completion');
    expect(record.usageMetrics.outputTokens).toBeLessThan(400);

    expect(callLog.list()[0]).toMatchObject({ id: result.callId, status: 'stopped' });
    expect(callLog.list()[0]?.errorCode).toBeUndefined();
    expect(chat.runningStreams()).toEqual([]);
  });

  it('works before the first byte (the hub holds its headers back)', async () => {
    const { keys, chat } = setup();
    const created = fast.hub.admin.createKey({ name: 'early stop' });
    const keyId = keys.addSandboxKey(fast.hub, created);
    fast.hub.admin.injectFault(created.accessKeyId, 'slow-headers', 1);
    const stream = chat.stream({ keyId, model: 'sandbox/echo', messages: [{ role: 'user', content: 'hi' }], streamId: 'early-stop' });
    expect(stream.streamId).toBe('early-stop');
    await new Promise((r) => setTimeout(r, 100));
    chat.stop('early-stop');
    const result = await stream.done;
    expect(result).toMatchObject({ status: 'stopped', text: '' });
  });

  it('stopping an unknown stream is a no-op', () => {
    expect(setup().chat.stop('nope')).toBe(false);
  });
});

describe('every sandbox fault becomes a typed error, keeping partial text', () => {
  const cases: { fault: FaultKind; code: string; message: RegExp; partial: string; detail?: Record<string, unknown> }[] = [
    {
      fault: 'credit',
      code: 'OUT_OF_CREDITS',
      message: /out of credits/,
      partial: '',
      detail: { link: expect.any(String), action: 'top-up' },
    },
    { fault: 'auth', code: 'UNAUTHORIZED', message: /Go to Keys/, partial: '', detail: { action: 'open-keys' } },
    { fault: 'drop', code: 'HUB_ERROR', message: /provider connection was lost mid-answer/, partial: 'alpha' },
    {
      fault: 'drop-socket',
      code: 'HUB_UNREACHABLE',
      message: /connection to 127\.0\.0\.1:\d+ was lost before the answer finished/,
      partial: 'alpha',
      detail: { reason: 'dropped' },
    },
    { fault: 'server-error', code: 'HUB_ERROR', message: /internal server error/, partial: '' },
    { fault: 'server-error-502', code: 'HUB_ERROR', message: /provider unavailable/, partial: '' },
    { fault: 'malformed', code: 'HUB_ERROR', message: /malformed stream/, partial: 'alpha', detail: { reason: 'malformed-stream' } },
  ];

  it.each(cases)('$fault → $code', async ({ fault, code, message, partial, detail }) => {
    const { keys, callLog, chat } = setup();
    const created = fast.hub.admin.createKey({ name: `fault ${fault}` });
    const keyId = keys.addSandboxKey(fast.hub, created);
    fast.hub.admin.injectFault(created.accessKeyId, fault, 1);
    const { result, streamed } = await collect(chat, {
      keyId,
      model: 'sandbox/echo',
      messages: [{ role: 'user', content: 'alpha beta gamma' }],
    });
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe(code);
    expect(result.error?.message).toMatch(message);
    if (detail) expect(result.error?.detail).toMatchObject(detail);
    expect(result.text).toBe(partial);
    expect(streamed).toBe(partial); // what was shown before the error stays shown
    expect(result.error?.message).not.toContain(created.secret);
    expect(callLog.list()).toEqual([expect.objectContaining({ status: 'failed', errorCode: code, kind: 'chat' })]);
  });

  it('slow-headers → TIMEOUT after the client headers timeout', async () => {
    const { keys, chat } = setup({ headersTimeoutMs: 300 });
    const created = fast.hub.admin.createKey({ name: 'slow headers' });
    const keyId = keys.addSandboxKey(fast.hub, created);
    fast.hub.admin.injectFault(created.accessKeyId, 'slow-headers', 1);
    const { result } = await collect(chat, { keyId, model: 'sandbox/echo', messages: [{ role: 'user', content: 'hi' }] });
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'TIMEOUT', detail: { phase: 'headers', timeoutMs: 300 } });
    expect(result.error?.message).toMatch(/did not start answering within 0\.3 s/);
  });

  it('a key with no credits left → OUT_OF_CREDITS; a revoked key → UNAUTHORIZED', async () => {
    const { keys, chat } = setup();
    const broke = keys.addSandboxKey(fast.hub, fast.hub.admin.createKey({ name: 'broke', userDid: 'z1Broke', credits: 0 }));
    const revoked = fast.hub.admin.createKey({ name: 'revoked' });
    const revokedId = keys.addSandboxKey(fast.hub, revoked);
    fast.hub.admin.revokeKey(revoked.accessKeyId);
    const ask = (keyId: string) => collect(chat, { keyId, model: 'sandbox/echo', messages: [{ role: 'user', content: 'hi' }] });
    expect((await ask(broke)).result.error?.code).toBe('OUT_OF_CREDITS');
    expect((await ask(revokedId)).result.error?.code).toBe('UNAUTHORIZED');
  });

  it("an unknown model → the hub's message", async () => {
    const { keys, chat } = setup();
    const keyId = keys.addSandboxKey(fast.hub, fast.hub.admin.createKey({ name: 'no model' }));
    const { result } = await collect(chat, { keyId, model: 'sandbox/nope', messages: [{ role: 'user', content: 'hi' }] });
    expect(result.error?.message).toContain('Unsupported model nope');
    expect(result.metrics.estimatedCredits).toBeNull();
  });

  it('a key the app cannot resolve fails without calling the hub or logging a call', async () => {
    const { callLog, chat } = setup();
    const { result } = await collect(chat, { keyId: 'missing', model: 'sandbox/echo', messages: [{ role: 'user', content: 'hi' }] });
    expect(result).toMatchObject({ status: 'failed', error: { code: 'NOT_FOUND' } });
    expect(result.callId).toBeUndefined();
    expect(callLog.size).toBe(0);
  });

  it('a hub that is not listening → HUB_UNREACHABLE', async () => {
    const { keys, chat } = setup();
    const keyId = keys.add('dead', { secret: 'blocklet-dead', mountUrl: 'http://127.0.0.1:1/ai-kit', hubId: 'dead' });
    const { result } = await collect(chat, { keyId, model: 'sandbox/echo', messages: [{ role: 'user', content: 'hi' }] });
    expect(result.error).toMatchObject({ code: 'HUB_UNREACHABLE', detail: { reason: 'refused' } });
  });

  it('rejects an invalid request before sending anything, with a clear message', () => {
    const { chat, keys } = setup();
    const base = { keyId: 'k', model: 'sandbox/echo', messages: [{ role: 'user' as const, content: 'hi' }] };
    expect(() => chat.stream({ ...base, params: { temperature: 3 } })).toThrow(/Temperature must be between 0 and 2/);
    expect(() => chat.stream({ ...base, params: { topP: 0.05 } })).toThrow(/Top P must be between 0.1 and 1/);
    expect(() => chat.stream({ ...base, params: { maxTokens: 0 } })).toThrow(/Max tokens must be at least 1/);
    expect(() => chat.stream({ ...base, params: { presencePenalty: -2.5 } })).toThrow(/Presence penalty must be between -2 and 2/);
    expect(() => chat.stream({ ...base, messages: [] })).toThrow(/Write a message first/);
    try {
      chat.stream({ ...base, params: { frequencyPenalty: 9 } });
    } catch (error) {
      expect(error).toMatchObject({ code: 'INVALID_INPUT', detail: { fields: ['params.frequencyPenalty'] } });
    }
    expect(keys.resolves).toBe(0);
  });
});
