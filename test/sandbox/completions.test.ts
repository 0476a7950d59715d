// POST /api/v2/chat/completions in JSON, SSE and raw-text modes, with the
// hub's validation, auth and credit errors (docs/hub-protocol.md §5, §8).
import { describe, expect, it } from 'vitest';
import { parseSse, postJson, sseJson, useHub, userMessage, type Json } from './helpers';

const ctx = useHub();
const url = () => `${ctx.hub.mountUrl}/api/v2/chat/completions`;
const newKey = (name = 'completions', credits?: number) =>
  ctx.hub.admin.createKey({ name, userDid: `z1User${name.replace(/\W/g, '')}`, ...(credits === undefined ? {} : { credits }) });

describe('JSON mode', () => {
  it('answers {role, text, content} with no usage and no id', async () => {
    const key = newKey('json');
    const response = await postJson(url(), { model: 'sandbox/echo', messages: userMessage('hello there world') }, { key: key.secret });
    expect(response.status).toBe(200);
    expect((await response.json()) as Json).toEqual({ role: 'assistant', text: 'hello there world', content: 'hello there world' });
  });

  it('accepts `prompt` instead of messages and honours camelCase maxTokens', async () => {
    const key = newKey('prompt');
    const response = await postJson(url(), { model: 'sandbox/echo', prompt: 'one two three four', maxTokens: 2 }, { key: key.secret });
    expect(((await response.json()) as Json).text).toBe('one two');
  });

  it('drops unknown keys silently: snake_case max_tokens is ignored', async () => {
    const key = newKey('snake');
    const response = await postJson(
      url(),
      { model: 'sandbox/echo', prompt: 'one two three', max_tokens: 1, top_p: 9 },
      { key: key.secret },
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as Json).text).toBe('one two three');
  });

  it('generates deterministic prose of the requested length', async () => {
    const key = newKey('prose');
    const ask = async () =>
      ((await (await postJson(url(), { model: 'sandbox/prose', prompt: 'tell me', maxTokens: 20 }, { key: key.secret })).json()) as Json)
        .text as string;
    const first = await ask();
    expect(first.split(' ')).toHaveLength(20);
    expect(await ask()).toBe(first);
  });

  it('returns tool calls when a tool is required', async () => {
    const key = newKey('tools');
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
    const response = await postJson(
      url(),
      { model: 'sandbox/echo', prompt: 'find cats', tools, toolChoice: 'required' },
      { key: key.secret },
    );
    const body = (await response.json()) as Json;
    expect(body.toolCalls).toEqual([
      { id: expect.any(String), type: 'function', function: { name: 'lookup', arguments: '{"text":"find cats"}' } },
    ]);
  });
});

describe('SSE mode', () => {
  it('streams camelCase deltas, then usage, then server-timing, and ends without [DONE]', async () => {
    const key = newKey('sse');
    const response = await postJson(
      url(),
      { model: 'sandbox/echo', messages: userMessage('alpha beta gamma') },
      { key: key.secret, sse: true },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const body = await response.text();
    expect(body).not.toContain('[DONE]');
    const frames = parseSse(body);
    expect(frames.slice(0, 3).map((f) => JSON.parse(f.data))).toEqual([
      { delta: { role: 'assistant', content: 'alpha', toolCalls: [] } },
      { delta: { role: 'assistant', content: ' beta', toolCalls: [] } },
      { delta: { role: 'assistant', content: ' gamma', toolCalls: [] } },
    ]);
    expect(JSON.parse(frames[3]!.data)).toEqual({ usage: { promptTokens: 3, completionTokens: 3, totalTokens: 6 } });
    expect(frames[4]!.event).toBe('server-timing');
    expect(frames[4]!.data).toMatch(/^session;dur=\d+, total;dur=\d+$/);
    expect(frames).toHaveLength(5);
  });

  it('is chosen by the Accept header whatever `stream` says', async () => {
    const key = newKey('accept');
    const response = await postJson(url(), { model: 'sandbox/echo', prompt: 'hi', stream: false }, { key: key.secret, sse: true });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(sseJson(await response.text())[0]).toEqual({ delta: { role: 'assistant', content: 'hi', toolCalls: [] } });
  });

  it('sends the whole tool-call list in a delta', async () => {
    const key = newKey('sse tools');
    const tools = [{ type: 'function', function: { name: 'search', parameters: {} } }];
    const response = await postJson(
      url(),
      { model: 'sandbox/echo', prompt: 'q', tools, toolChoice: { type: 'function', function: { name: 'search' } } },
      { key: key.secret, sse: true },
    );
    const [delta] = sseJson(await response.text());
    expect(delta).toEqual({
      delta: {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: expect.any(String), type: 'function', function: { name: 'search', arguments: '{"text":"q"}' } }],
      },
    });
  });
});

describe('raw text mode', () => {
  it('streams plain text deltas for stream: true without SSE Accept', async () => {
    const key = newKey('raw');
    const response = await postJson(url(), { model: 'sandbox/echo', prompt: 'plain words here', stream: true }, { key: key.secret });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('plain words here');
  });

  it('appends ERROR: <message> when the answer fails mid-way', async () => {
    const key = newKey('raw drop');
    const response = await postJson(
      url(),
      { model: 'sandbox/echo', prompt: 'a b c', stream: true },
      { key: key.secret, headers: { 'x-sandbox-fault': 'drop' } },
    );
    // The hub appends the marker right after the content, with no separator.
    expect(await response.text()).toMatch(/^aERROR: Sandbox fault: .+/);
  });
});

describe('validation, as the hub words it', () => {
  const cases: [string, unknown, string][] = [
    ['temperature too high', { model: 'sandbox/echo', prompt: 'x', temperature: 3 }, '"temperature" must be less than or equal to 2'],
    ['topP too low', { model: 'sandbox/echo', prompt: 'x', topP: 0 }, '"topP" must be greater than or equal to 0.1'],
    ['maxTokens not an integer', { model: 'sandbox/echo', prompt: 'x', maxTokens: 1.5 }, '"maxTokens" must be an integer'],
    ['neither prompt nor messages', { model: 'sandbox/echo' }, '"value" must contain at least one of [prompt, messages]'],
    [
      'both prompt and messages',
      { model: 'sandbox/echo', prompt: 'x', messages: userMessage('y') },
      '"value" contains a conflict between exclusive peers [prompt, messages]',
    ],
    [
      'bad role',
      { model: 'sandbox/echo', messages: [{ role: 'agent', content: 'x' }] },
      '"messages[0].role" must be one of [system, user, assistant, tool]',
    ],
    [
      'tool message without toolCallId',
      { model: 'sandbox/echo', messages: [{ role: 'tool', content: 'x' }] },
      '"messages[0].toolCallId" is required',
    ],
    ['empty messages', { model: 'sandbox/echo', messages: [] }, '"messages" must contain at least 1 items'],
  ];

  it.each(cases)('%s → 400 {error: "<Joi message>"}', async (_name, body, message) => {
    const key = newKey('validation');
    const response = await postJson(url(), body, { key: key.secret });
    expect(response.status).toBe(400);
    expect((await response.json()) as Json).toEqual({ error: message });
  });

  it('with SSE accepted, a validation error is HTTP 200 and one data event', async () => {
    const key = newKey('validation sse');
    const response = await postJson(url(), { model: 'sandbox/echo', prompt: 'x', temperature: 5 }, { key: key.secret, sse: true });
    expect(response.status).toBe(200);
    expect(parseSse(await response.text())).toEqual([{ data: '{"error":"\\"temperature\\" must be less than or equal to 2"}' }]);
  });

  it('rejects models the hub does not have', async () => {
    const key = newKey('models');
    const unknown = await postJson(url(), { model: 'sandbox/nope', prompt: 'x' }, { key: key.secret });
    expect([unknown.status, (await unknown.json()) as Json]).toEqual([400, { error: 'Unsupported model nope' }]);
    const provider = await postJson(url(), { model: 'openai/gpt-4o', prompt: 'x' }, { key: key.secret });
    expect(provider.status).toBe(404);
    const defaulted = await postJson(url(), { prompt: 'x' }, { key: key.secret });
    expect([defaulted.status, (await defaulted.json()) as Json]).toEqual([400, { error: 'Unsupported model gpt-3.5-turbo' }]);
  });

  it('answers malformed JSON with 400 {error:{message}}', async () => {
    const key = newKey('bad json');
    const response = await fetch(url(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key.secret}` },
      body: '{"model":',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json).error.message).toEqual(expect.any(String));
  });
});

describe('authentication (§8)', () => {
  it('401 {"error":"User not authenticated"} for a missing, unknown or revoked key', async () => {
    const key = newKey('revoked');
    const body = { model: 'sandbox/echo', prompt: 'x' };
    expect((await postJson(url(), body, { key: key.secret })).status).toBe(200);
    ctx.hub.admin.revokeKey(key.accessKeyId);
    for (const secret of [undefined, 'blocklet-unknown', key.secret]) {
      const response = await postJson(url(), body, secret ? { key: secret } : {});
      expect([response.status, (await response.json()) as Json]).toEqual([401, { error: 'User not authenticated' }]);
    }
  });

  it('with SSE accepted, a bad key is HTTP 200 + data: {"error":"User not authenticated"}', async () => {
    const response = await postJson(url(), { model: 'sandbox/echo', prompt: 'x' }, { key: 'blocklet-unknown', sse: true });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('data: {"error":"User not authenticated"}\n\n');
  });
});

describe('credits', () => {
  it('spends exactly promptTokens × input rate + completionTokens × output rate', async () => {
    const key = newKey('spend', 1);
    await (await postJson(url(), { model: 'sandbox/echo', prompt: 'one two three' }, { key: key.secret })).text();
    // 3 × 0.000002 + 3 × 0.000008
    expect(ctx.hub.admin.credits(key.accessKeyId)).toEqual({ balance: 0.99997, granted: 1, pending: 0 });
    const [record] = ctx.hub.admin.calls().filter((c) => c.appDid === key.accessKeyId);
    expect(record).toMatchObject({ status: 'success', credits: 0.00003, totalUsage: 6, usageMetrics: { inputTokens: 3, outputTokens: 3 } });
  });

  it('at zero: 402 NOT_ENOUGH with a top-up link; with SSE: 200 + data: {"error":{…}}', async () => {
    const key = newKey('broke', 0);
    const json = await postJson(url(), { model: 'sandbox/echo', prompt: 'x' }, { key: key.secret });
    expect(json.status).toBe(402);
    const { error } = (await json.json()) as Json;
    expect(error).toEqual({
      message: expect.stringMatching(/buy some credits/),
      type: 'NOT_ENOUGH',
      link: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/__sandbox\//),
      timestamp: expect.any(String),
    });
    expect(error.message.endsWith(error.link)).toBe(true);

    const sse = await postJson(url(), { model: 'sandbox/echo', prompt: 'x' }, { key: key.secret, sse: true });
    expect(sse.status).toBe(200);
    const frames = sseJson(await sse.text());
    expect(frames).toHaveLength(1);
    expect(frames[0]).toEqual({ error: expect.objectContaining({ type: 'NOT_ENOUGH', link: error.link }) });
  });

  it('lets the last call finish and carries the overdraft as pending, like the hub', async () => {
    const key = newKey('overdraft', 0.00001);
    expect((await postJson(url(), { model: 'sandbox/echo', prompt: 'one two three' }, { key: key.secret })).status).toBe(200);
    expect(ctx.hub.admin.credits(key.accessKeyId)).toEqual({ balance: 0, granted: 0.00001, pending: 0.00002 });
    expect((await postJson(url(), { model: 'sandbox/echo', prompt: 'x' }, { key: key.secret })).status).toBe(402);
  });
});
