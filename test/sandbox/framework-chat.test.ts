// POST /api/v2/chat, the AIGNE framework protocol (docs/hub-protocol.md §5), over
// raw HTTP; sdk.test.ts drives the same route through the official SDK.
import { describe, expect, it } from 'vitest';
import { parseSse, postJson, useHub, type Json } from './helpers';

const ctx = useHub();
const url = () => `${ctx.hub.mountUrl}/api/v2/chat`;
const call = (text: string, streaming: boolean, model = 'sandbox/echo') => ({
  input: {
    messages: [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: text },
    ],
    modelOptions: { model },
  },
  agent: '$CHAT_MODEL',
  options: { streaming },
});

describe('POST /api/v2/chat', () => {
  it('non-streaming: {text, usage:{inputTokens, outputTokens, aigneHubCredits}, model}', async () => {
    const key = ctx.hub.admin.createKey({ name: 'framework' });
    const response = await postJson(url(), call('hello framework', false), { key: key.secret });
    expect(response.status).toBe(200);
    expect((await response.json()) as Json).toEqual({
      text: 'hello framework',
      usage: { inputTokens: 4, outputTokens: 2, aigneHubCredits: 0.000024, modelCallId: expect.any(String) },
      model: 'sandbox/echo',
    });
  });

  it('streaming: text deltas, then a json delta with usage, then close', async () => {
    const key = ctx.hub.admin.createKey({ name: 'framework stream' });
    const response = await postJson(url(), call('one two', true), { key: key.secret });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const frames = parseSse(await response.text());
    expect(frames.map((f) => [f.event, JSON.parse(f.data)])).toEqual([
      [undefined, { delta: { text: { text: 'one' } } }],
      [undefined, { delta: { text: { text: ' two' } } }],
      [
        undefined,
        {
          delta: {
            json: {
              usage: { inputTokens: 4, outputTokens: 2, aigneHubCredits: 0.000024, modelCallId: expect.any(String) },
              model: 'sandbox/echo',
            },
          },
        },
      ],
    ]);
  });

  it('a failure mid-stream is an `event: error` frame', async () => {
    const key = ctx.hub.admin.createKey({ name: 'framework drop' });
    const response = await postJson(url(), call('a b c', true), { key: key.secret, headers: { 'x-sandbox-fault': 'drop' } });
    const frames = parseSse(await response.text());
    expect(frames[0]).toEqual({ data: '{"delta":{"text":{"text":"a"}}}' });
    expect(frames[1]?.event).toBe('error');
    expect(JSON.parse(frames[1]!.data)).toEqual({ message: expect.stringMatching(/^Sandbox fault/) });
    expect(frames).toHaveLength(2);
  });

  it('401 for a bad key, 402 at zero credits, 400 for an unknown model', async () => {
    const bad = await postJson(url(), call('x', false), { key: 'blocklet-unknown' });
    expect([bad.status, (await bad.json()) as Json]).toEqual([401, { error: 'User not authenticated' }]);

    const broke = ctx.hub.admin.createKey({ name: 'framework broke', userDid: 'z1FrameworkBroke', credits: 0 });
    const credit = await postJson(url(), call('x', true), { key: broke.secret });
    expect(credit.status).toBe(402);
    expect(((await credit.json()) as Json).error).toMatchObject({ type: 'NOT_ENOUGH', link: expect.any(String) });

    const key = ctx.hub.admin.createKey({ name: 'framework model' });
    const unknown = await postJson(url(), call('x', false, 'sandbox/nope'), { key: key.secret });
    expect([unknown.status, (await unknown.json()) as Json]).toEqual([400, { error: 'Unsupported model nope' }]);
  });
});
