import { afterEach, describe, expect, it } from 'vitest';
import { approvalPageUrl, createSession, deleteSession, pollSession } from '../../../src/main/services/hub/approval';
import { encryptLikeHub } from './support/fake-hub';
import { sendJson, startServer, type LocalServer } from './support/http-server';

const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A session endpoint that answers each poll from a script. */
async function scripted(answers: Array<[number, unknown] | 'hang'>): Promise<LocalServer> {
  let i = 0;
  const s = await startServer((req, res) => {
    if (req.method === 'DELETE') return sendJson(res, 200, { id: 'sid-1' });
    if (req.method === 'POST') return sendJson(res, 200, { id: 'sid/1+x=', type: 'access-key-simple', challenge: 'ab'.repeat(24) });
    const answer = answers[Math.min(i++, answers.length - 1)];
    if (answer === 'hang' || answer === undefined) return;
    const [status, body] = answer;
    if (typeof body === 'string') {
      res.writeHead(status, { 'content-type': 'text/html' });
      res.end(body);
    } else sendJson(res, status, body);
  });
  servers.push(s);
  return s;
}

const pending = [200, { id: 'sid-1', challenge: 'c' }] as [number, unknown];

describe('the browser approval flow (§3)', () => {
  it('opens a session with POST to the well-known path', async () => {
    const s = await scripted([]);
    expect(await createSession(s.origin)).toEqual({ id: 'sid/1+x=', challenge: 'ab'.repeat(24) });
    expect(s.requests[0]).toMatchObject({ method: 'POST', url: '/.well-known/service/api/access-key/session' });
  });

  it('builds the approval page URL with a base64url token without padding', () => {
    const url = new URL(
      approvalPageUrl('https://hub.example', 'sid/1+x=', { source: 'Work laptop', appName: 'AIGNE Hub Desktop', appLogo: 'https://logo' }),
    );
    expect(url.origin + url.pathname).toBe('https://hub.example/.well-known/service/gen-simple-access-key');
    const token = url.searchParams.get('__token__') ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(token, 'base64url').toString()).toBe('sid/1+x=');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      source: 'Work laptop',
      closeOnSuccess: 'true',
      cli: 'true',
      appName: 'AIGNE Hub Desktop',
      appLogo: 'https://logo',
    });
  });

  it('polls with X-Request-Count 0,1,2… until the session carries the key', async () => {
    const encrypted = encryptLikeHub('blocklet-Secret123', 'chal', 'z1Key');
    const s = await scripted([
      pending,
      pending,
      [200, { id: 'sid-1', challenge: 'chal', accessKeyId: 'z1Key', accessKeySecret: encrypted }],
    ]);
    const attempts: number[] = [];
    const approved = await pollSession(s.origin, 'sid-1', { intervalMs: 20, timeoutMs: 5_000, onAttempt: (p) => attempts.push(p.attempt) });
    expect(approved).toEqual({ accessKeyId: 'z1Key', accessKeySecret: encrypted, challenge: 'chal' });
    expect(attempts).toEqual([1, 2]);
    expect(s.requests.map((r) => r.headers['x-request-count'])).toEqual(['0', '1', '2']);
    expect(s.requests[0]?.url).toBe('/.well-known/service/api/access-key/session?sid=sid-1');
  });

  it('treats a 404 as the session having ended (declined or expired)', async () => {
    const s = await scripted([pending, [404, { error: 'not found' }]]);
    await expect(pollSession(s.origin, 'sid-1', { intervalMs: 10 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('declined, expired'),
    });
  });

  it('treats a non-JSON answer as the session having ended', async () => {
    const s = await scripted([[200, '<html>login</html>']]);
    await expect(pollSession(s.origin, 'sid-1', { intervalMs: 10 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rides out a few 5xx answers, then gives up with the hub error', async () => {
    const ok = await scripted([
      [502, ''],
      [503, ''],
      [200, { id: 's', accessKeyId: 'a', accessKeySecret: 'b' }],
    ]);
    await expect(pollSession(ok.origin, 'sid-1', { intervalMs: 10 })).resolves.toMatchObject({ accessKeyId: 'a' });
    const bad = await scripted([[500, { error: 'db down' }]]);
    await expect(pollSession(bad.origin, 'sid-1', { intervalMs: 10 })).rejects.toMatchObject({
      code: 'HUB_ERROR',
      detail: { status: 500 },
    });
    expect(bad.requests).toHaveLength(4);
  });

  it('stops with CANCELLED when aborted, even mid-request', async () => {
    const s = await scripted(['hang']);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(pollSession(s.origin, 'sid-1', { intervalMs: 10, signal: controller.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });

  it('stops with TIMEOUT when nobody approves in time', async () => {
    const s = await scripted([pending]);
    await expect(pollSession(s.origin, 'sid-1', { intervalMs: 30, timeoutMs: 200 })).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringContaining('No approval arrived'),
    });
  });

  it('deletes the session, and a session already gone is fine', async () => {
    const s = await scripted([]);
    await deleteSession(s.origin, 'sid-1');
    expect(s.requests.at(-1)).toMatchObject({ method: 'DELETE', url: '/.well-known/service/api/access-key/session?sid=sid-1' });
    const gone = await startServer((_req, res) => sendJson(res, 404, { error: 'gone' }));
    servers.push(gone);
    await expect(deleteSession(gone.origin, 'sid-1')).resolves.toBeUndefined();
  });
});
