import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../src/host/server';

let host: WebHost;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'web-host-'));
  const renderer = join(root, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(
    join(renderer, 'index.html'),
    `<html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'; connect-src 'none'" /></head><body><script type="module" src="./assets/app.js"></script></body></html>`,
  );
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log("app")');
  writeFileSync(join(root, 'secret.txt'), 'outside the renderer');
  writeFileSync(join(root, 'bridge.js'), '/* bridge */');
  host = await startWebHost({ dataDir: join(root, 'data'), rendererDir: renderer, bridgeFile: join(root, 'bridge.js') });
});

afterAll(async () => {
  await host.close();
  rmSync(root, { recursive: true, force: true });
});

function connect(opts: { token?: string; origin?: string; host?: string }) {
  const url = `${host.origin.replace('http', 'ws')}/__host/ipc?token=${opts.token ?? ''}`;
  const headers: Record<string, string> = {};
  if (opts.host) headers.Host = opts.host;
  return new WebSocket(url, { origin: opts.origin, headers });
}

function outcome(ws: WebSocket): Promise<{ opened: boolean; status?: number }> {
  return new Promise((resolve) => {
    ws.on('open', () => {
      resolve({ opened: true });
      ws.close();
    });
    ws.on('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode }));
    ws.on('error', () => resolve({ opened: false }));
  });
}

function call(ws: WebSocket, id: number, channel: string, payload?: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown };
      if (msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg.result);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, channel, payload }));
  });
}

describe('the browser host', () => {
  it('listens on loopback only and prints a tokenised URL', () => {
    expect(host.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.url).toBe(`${host.origin}/?token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{48}$/);
  });

  it('refuses a connection without the token, with a wrong token, or from another origin', async () => {
    expect(await outcome(connect({ origin: host.origin }))).toEqual({ opened: false, status: 401 });
    expect(await outcome(connect({ origin: host.origin, token: 'f'.repeat(48) }))).toEqual({ opened: false, status: 401 });
    expect(await outcome(connect({ token: host.token, origin: 'https://evil.example' }))).toEqual({ opened: false, status: 403 });
    expect(await outcome(connect({ token: host.token }))).toEqual({ opened: false, status: 403 });
    const port = new URL(host.origin).port;
    expect(await outcome(connect({ token: host.token, origin: host.origin, host: `rebound.example:${port}` }))).toEqual({
      opened: false,
      status: 421,
    });
  });

  it('carries the contract over the socket: a round trip, a validation error, a broadcast event', async () => {
    const ws = connect({ token: host.token, origin: host.origin });
    await new Promise((r) => ws.once('open', r));
    expect(await call(ws, 1, 'app.info')).toMatchObject({
      ok: true,
      value: { host: 'browser', versions: { node: process.versions.node } },
    });
    expect(await call(ws, 2, 'settings.update', { theme: 'sepia' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    const event = new Promise((resolve) =>
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString()) as { event?: string; payload?: unknown };
        if (m.event === 'settings.changed') resolve(m.payload);
      }),
    );
    expect(await call(ws, 3, 'settings.update', { theme: 'dark' })).toMatchObject({ ok: true, value: { theme: 'dark' } });
    expect(await event).toMatchObject({ theme: 'dark' });
    ws.close();
  });

  it('serves the page with the bridge first and a CSP that reaches only its own socket', async () => {
    const res = await fetch(`${host.origin}/`);
    const html = await res.text();
    expect(html.indexOf('/__host/bridge.js')).toBeGreaterThan(-1);
    expect(html.indexOf('/__host/bridge.js')).toBeLessThan(html.indexOf('./assets/app.js'));
    const ws = host.origin.replace('http', 'ws');
    expect(html).toContain(`connect-src ${ws}`);
    expect(res.headers.get('content-security-policy')).toContain(`connect-src ${ws}`);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('serves nothing outside the renderer folder', async () => {
    expect((await fetch(`${host.origin}/assets/app.js`)).status).toBe(200);
    // Raw requests: fetch would normalise the dots away before they reach the host.
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const { status, body } = await rawGet(path);
      expect(body, path).not.toContain('outside the renderer');
      expect(status, path).toBe(404);
    }
  });
});

function rawGet(path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(host.origin);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
