// The sandbox admin over HTTP (`/__sandbox/…`): what an admin does in the
// dashboard — list and revoke keys, set credits — plus faults and seeding.
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { getJson, postJson, useHub, type Json } from './helpers';

const ctx = useHub();
const admin = (path: string) => `${ctx.hub.url}/__sandbox${path}`;

describe('admin HTTP endpoints', () => {
  it('creates, lists and revokes keys; a revoked key gets 401 at once', async () => {
    const created = await postJson(admin('/keys'), { name: 'From HTTP' });
    expect(created.status).toBe(201);
    const key = (await created.json()) as Json;
    expect(key).toEqual({
      accessKeyId: expect.stringMatching(/^z1/),
      secret: expect.stringMatching(/^blocklet-/),
      name: 'From HTTP',
      userDid: expect.any(String),
    });

    const chat = () =>
      postJson(`${ctx.hub.mountUrl}/api/v2/chat/completions`, { model: 'sandbox/echo', prompt: 'hi' }, { key: key.secret });
    expect((await chat()).status).toBe(200);

    const { body } = await getJson(admin('/keys'));
    const listed = body.keys.find((k: { accessKeyId: string }) => k.accessKeyId === key.accessKeyId);
    expect(listed).toEqual({
      accessKeyId: key.accessKeyId,
      name: 'From HTTP',
      userDid: key.userDid,
      createdAt: expect.any(Number),
      lastUsedAt: expect.any(Number),
      revokedAt: null,
      status: 'active',
    });
    expect(JSON.stringify(body)).not.toContain(key.secret);

    expect((await postJson(admin(`/keys/${key.accessKeyId}/revoke`), {})).status).toBe(200);
    expect((await chat()).status).toBe(401);
    expect((await getJson(`${ctx.hub.mountUrl}/api/user/info`, key.secret)).status).toBe(401);
    expect((await getJson(admin('/keys'))).body.keys.find((k: { accessKeyId: string }) => k.accessKeyId === key.accessKeyId).status).toBe(
      'revoked',
    );
  });

  it('sets credits by key id or user DID', async () => {
    const key = ctx.hub.admin.createKey({ name: 'credits', userDid: 'z1AdminCredits' });
    const byKey = await postJson(admin('/credits'), { accessKeyId: key.accessKeyId, credits: 0 });
    expect((await byKey.json()) as Json).toEqual({ balance: 0, granted: 0, pending: 0 });
    expect(
      (await postJson(`${ctx.hub.mountUrl}/api/v2/chat/completions`, { model: 'sandbox/echo', prompt: 'x' }, { key: key.secret })).status,
    ).toBe(402);
    await postJson(admin('/credits'), { userDid: 'z1AdminCredits', credits: 3 });
    expect(
      (await postJson(`${ctx.hub.mountUrl}/api/v2/chat/completions`, { model: 'sandbox/echo', prompt: 'x' }, { key: key.secret })).status,
    ).toBe(200);
  });

  it('queues faults for a key', async () => {
    const key = ctx.hub.admin.createKey({ name: 'faults' });
    expect((await postJson(admin('/faults'), { accessKeyId: key.accessKeyId, fault: 'auth', count: 1 })).status).toBe(200);
    expect(
      (await postJson(`${ctx.hub.mountUrl}/api/v2/chat/completions`, { model: 'sandbox/echo', prompt: 'x' }, { key: key.secret })).status,
    ).toBe(401);
    expect((await postJson(admin('/faults'), { accessKeyId: key.accessKeyId, fault: 'explode' })).status).toBe(400);
  });

  it('seeds usage and lists recent calls', async () => {
    const seeded = (await (await postJson(admin('/seed'), { days: 3 })).json()) as Json;
    expect(seeded.calls).toBeGreaterThan(50);
    expect(seeded.keys.map((k: { name: string }) => k.name)).toContain('Laptop CLI');
    const { body } = await getJson(admin('/calls?limit=5'));
    expect(body.calls).toHaveLength(5);
    expect(body.count).toBeGreaterThan(50);
  });

  it('wants JSON for state changes and answers loopback host names only', async () => {
    const form = await fetch(admin('/keys'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'name=x',
    });
    expect(form.status).toBe(415);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(admin('/keys'), { headers: { Host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    const crossSite = await fetch(admin('/keys'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'https://evil.example' },
      body: '{}',
    });
    expect(crossSite.status).toBe(403);
  });
});

describe('admin page', () => {
  it('lists keys with names, ids, created and last-used times, under a strict CSP', async () => {
    const key = ctx.hub.admin.createKey({ name: 'Shown <on> page' });
    const response = await fetch(admin('/'));
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('Shown &lt;on&gt; page');
    expect(html).toContain(key.accessKeyId);
    expect(html).toMatch(/<th>Created<\/th><th>Last used<\/th>/);
    expect(html).not.toContain(key.secret);
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    expect((await fetch(`${ctx.hub.url}/__sandbox/assets/admin.js`)).status).toBe(200);
  });
});
