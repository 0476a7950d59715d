// The sandbox is as strict as a real hub where the app could otherwise be
// fooled (docs/hub-protocol.md; every remaining difference is in
// sandbox-hub/README.md).
import { describe, expect, it } from 'vitest';
import { startSandboxHub } from '../../sandbox-hub/index';
import { getJson, postJson, useHub } from './helpers';

const ctx = useHub();
const completions = () => `${ctx.hub.mountUrl}/api/v2/chat/completions`;

describe('chat body validation (the hub’s Joi rules)', () => {
  it('rejects a bare JSON Schema as responseFormat.jsonSchema with the hub’s message', async () => {
    const key = ctx.hub.admin.createKey({ name: 'json' });
    const response = await postJson(
      completions(),
      { model: 'sandbox/echo', prompt: 'hi', responseFormat: { type: 'json_schema', jsonSchema: { type: 'object', properties: {} } } },
      { key: key.secret },
    );
    expect(response.status).toBe(400);
    await expect(response.json()).resolves.toEqual({ error: '"responseFormat.jsonSchema.name" is required' });
  });

  it('accepts the {name, schema} wrapper and answers JSON that fits the schema', async () => {
    const key = ctx.hub.admin.createKey({ name: 'json ok' });
    const schema = { type: 'object', properties: { city: { type: 'string' }, rank: { type: 'integer' } }, required: ['city', 'rank'] };
    const response = await postJson(
      completions(),
      {
        model: 'sandbox/echo',
        prompt: 'Paris',
        responseFormat: { type: 'json_schema', jsonSchema: { name: 'answer', schema, strict: true } },
      },
      { key: key.secret },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { text: string };
    expect(JSON.parse(body.text)).toEqual({ city: 'Paris', rank: 0 });
  });

  it('drops unknown keys silently: snake_case max_tokens changes nothing', async () => {
    const key = ctx.hub.admin.createKey({ name: 'strip' });
    const response = await postJson(completions(), { model: 'sandbox/echo', prompt: 'a b c d', max_tokens: 1 }, { key: key.secret });
    expect(((await response.json()) as { text: string }).text).toBe('a b c d');
  });

  it('takes bodies up to the hub’s 30 MB limit', async () => {
    const key = ctx.hub.admin.createKey({ name: 'big' });
    const big = 'x'.repeat(2 * 1024 * 1024); // over the old 1 MB limit
    const response = await postJson(completions(), { model: 'sandbox/echo', prompt: big }, { key: key.secret });
    expect(response.status).toBe(200);
  });
});

describe('call records', () => {
  it('writes one record when a call ends, never a processing row', async () => {
    const key = ctx.hub.admin.createKey({ name: 'one record' });
    const before = ctx.hub.admin.calls().length;
    const response = await fetch(completions(), {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${key.secret}`,
        'Content-Type': 'application/json',
        Accept: 'text/event-stream',
        'x-sandbox-tokens-per-second': '20',
      },
      body: JSON.stringify({ model: 'sandbox/prose', prompt: 'slow', maxTokens: 6 }),
    });
    // While the answer is still streaming (6 tokens at 20/s) there is no record.
    const reader = response.body!.getReader();
    await reader.read();
    const whileStreaming = ctx.hub.admin.calls().filter((c) => c.appDid === key.accessKeyId);
    for (;;) if ((await reader.read()).done) break;
    const after = ctx.hub.admin.calls().filter((c) => c.appDid === key.accessKeyId);
    expect(whileStreaming).toEqual([]);
    expect(after).toHaveLength(1);
    expect(after[0]?.status).toBe('success');
    expect(ctx.hub.admin.calls().length).toBe(before + 1);
  });

  it('the gateway replaces x-request-id; --no-gateway keeps it', async () => {
    const key = ctx.hub.admin.createKey({ name: 'gateway' });
    await (
      await postJson(completions(), { model: 'sandbox/echo', prompt: 'x' }, { key: key.secret, headers: { 'x-request-id': 'mine-1' } })
    ).text();
    const replaced = ctx.hub.admin.calls().filter((c) => c.appDid === key.accessKeyId);
    expect(replaced[0]?.requestId).toMatch(/^[0-9a-f]{32}$/);

    const direct = await startSandboxHub({ gateway: false, proseTokensPerSecond: 0 });
    try {
      const k = direct.admin.createKey({ name: 'direct' });
      await (
        await postJson(
          `${direct.mountUrl}/api/v2/chat/completions`,
          { model: 'sandbox/echo', prompt: 'x' },
          { key: k.secret, headers: { 'x-request-id': 'mine-2' } },
        )
      ).text();
      expect(direct.admin.calls().at(-1)?.requestId).toBe('mine-2');
    } finally {
      await direct.close();
    }
  });

  it('avgTtfb in the trends is seconds rounded to 0.1, while records keep ms', async () => {
    const now = Date.UTC(2025, 2, 3, 12, 0, 0);
    const hub = await startSandboxHub({ now: () => now });
    try {
      hub.admin.seedUsage(2);
      const key = hub.admin.listKeys()[0]!;
      const secret = hub.admin.createKey({ name: 'reader' }).secret;
      const start = Math.floor(now / 1000) - 2 * 86400;
      const { body } = await getJson(
        `${hub.mountUrl}/api/usage/projects/group-trends?startTime=${start}&endTime=${Math.floor(now / 1000)}`,
        secret,
      );
      const calls = hub.admin.calls().filter((c) => c.status === 'success');
      const withTtfb = (body.trends as { byProject: Record<string, { avgTtfb: number; successCalls: number }> }[])
        .flatMap((t) => Object.values(t.byProject))
        .filter((p) => p.successCalls > 0);
      expect(withTtfb.length).toBeGreaterThan(0);
      expect(calls.every((c) => c.ttfb >= 120)).toBe(true); // records: ms
      for (const p of withTtfb) expect(p.avgTtfb).toBeLessThan(1); // seeded ttfb is 0.12–0.95 s
      expect(key).toBeDefined();
    } finally {
      await hub.close();
    }
  });
});

describe('models', () => {
  it('lists a model whose check failed with status.error as an object {code, message}, and calls to it fail', async () => {
    const { body } = await getJson(`${ctx.hub.mountUrl}/api/ai/models?type=chat`);
    const offline = (body as { key: string; status: { available: boolean; error?: unknown } }[]).find((m) => m.key === 'sandbox/offline');
    expect(offline?.status).toMatchObject({ available: false, error: { code: expect.any(String), message: expect.any(String) } });
    const key = ctx.hub.admin.createKey({ name: 'offline' });
    const response = await postJson(completions(), { model: 'sandbox/offline', prompt: 'x' }, { key: key.secret });
    expect(response.status).toBe(502);
  });
});

describe('--billing off', () => {
  it('has no balance, no 402, all-zero quota and free calls', async () => {
    const hub = await startSandboxHub({ billing: 'off', initialCredits: 0 });
    try {
      const key = hub.admin.createKey({ name: 'free' });
      const info = await getJson(`${hub.mountUrl}/api/user/info`, key.secret);
      expect(info.body).toMatchObject({ enableCredit: false, creditBalance: null });
      const quota = await getJson(`${hub.mountUrl}/api/usage/quota`, key.secret);
      expect(quota.body).toMatchObject({ total: 0, remaining: 0, used: 0, estimatedDaysRemaining: 0 });
      const chat = await postJson(
        `${hub.mountUrl}/api/v2/chat/completions`,
        { model: 'sandbox/echo', prompt: 'free' },
        { key: key.secret },
      );
      expect(chat.status).toBe(200);
      expect(hub.admin.calls().at(-1)).toMatchObject({ status: 'success', credits: 0 });
    } finally {
      await hub.close();
    }
  });
});
