// The official @aigne/aigne-hub SDK works against the sandbox unchanged: it
// discovers the mount through __blocklet__.js, posts to /api/v2/chat and
// validates /api/ai/models with its own schema.
import { AIGNEHubChatModel } from '@aigne/aigne-hub';
import { afterEach, describe, expect, it } from 'vitest';
import { useHub } from './helpers';

const ctx = useHub();
const savedUrl = process.env.AIGNE_HUB_API_URL;

afterEach(() => {
  if (savedUrl === undefined) delete process.env.AIGNE_HUB_API_URL;
  else process.env.AIGNE_HUB_API_URL = savedUrl;
});

describe('official SDK: AIGNEHubChatModel', () => {
  it('completes a non-streaming chat (baseURL = origin)', async () => {
    const key = ctx.hub.admin.createKey({ name: 'sdk' });
    const model = new AIGNEHubChatModel({ baseURL: ctx.hub.url, apiKey: key.secret, model: 'sandbox/echo' });
    const output = await model.invoke({ messages: [{ role: 'user', content: 'hello from the sdk' }] });
    expect(output.text).toBe('hello from the sdk');
    expect(output.usage).toMatchObject({ inputTokens: 4, outputTokens: 4, aigneHubCredits: 0.00004 });

    // The SDK sends x-aigne-hub-client-did, so the call is attributed to it, not to the key.
    const record = ctx.hub.admin.calls().at(-1);
    expect(record).toMatchObject({ model: 'echo', status: 'success', userDid: key.userDid });
    expect(record?.appDid).toMatch(/^@aigne\/aigne-hub:/);
  });

  it('completes a streaming chat (baseURL = mount URL)', async () => {
    const key = ctx.hub.admin.createKey({ name: 'sdk stream' });
    const model = new AIGNEHubChatModel({ baseURL: ctx.hub.mountUrl, apiKey: key.secret, model: 'sandbox/prose' });
    const stream = await model.invoke(
      { messages: [{ role: 'user', content: 'write' }], modelOptions: { model: 'sandbox/prose' } },
      { streaming: true },
    );
    let text = '';
    let usage: unknown;
    let deltas = 0;
    for await (const chunk of stream) {
      if ('delta' in chunk) {
        deltas++;
        text = (chunk.delta.json?.text as string | undefined) ?? text;
        usage = chunk.delta.json?.usage ?? usage;
      }
    }
    expect(deltas).toBeGreaterThan(10);
    expect(text.split(' ')).toHaveLength(64);
    expect(usage).toMatchObject({ inputTokens: 1, outputTokens: 64 });
  });

  it('surfaces the hub 402 as an error with type NOT_ENOUGH', async () => {
    const key = ctx.hub.admin.createKey({ name: 'sdk broke', userDid: 'z1SdkBroke', credits: 0 });
    const model = new AIGNEHubChatModel({ baseURL: ctx.hub.url, apiKey: key.secret, model: 'sandbox/echo' });
    await expect(model.invoke({ messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({ type: 'NOT_ENOUGH' });
  });

  it('lists the sandbox models through the SDK schema', async () => {
    process.env.AIGNE_HUB_API_URL = ctx.hub.url;
    const models = await AIGNEHubChatModel.models();
    expect(models.map((m) => m.model)).toEqual(['echo', 'prose', 'prose-mini', 'offline']);
  });
});
