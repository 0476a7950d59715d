import { afterEach, describe, expect, it } from 'vitest';
import { HUB_DID, discoverHub, hubFromBlockletInfo, parseHubAddress } from '../../../src/main/services/hub/discover';
import { closedPort, startServer, type LocalServer } from './support/http-server';

const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(status: number, body: unknown, contentType = 'application/json'): Promise<LocalServer> {
  const s = await startServer((_req, res) => {
    res.writeHead(status, { 'content-type': contentType });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  servers.push(s);
  return s;
}

describe('finding the hub behind an address (§1)', () => {
  it('uses the mount point of the hub component and asks the origin, not the typed path', async () => {
    const s = await serve(200, {
      appName: 'My Hub',
      componentMountPoints: [
        { did: 'zOther', mountPoint: '/x' },
        { did: HUB_DID, mountPoint: '/ai-kit/' },
      ],
    });
    const hub = await discoverHub(`${s.origin}/some/page?x=1`);
    expect(hub).toEqual({ origin: s.origin, mountPoint: '/ai-kit', mountUrl: `${s.origin}/ai-kit`, name: 'My Hub' });
    expect(s.requests[0]?.url).toBe('/__blocklet__.js?type=json');
  });

  it('falls back to componentId + prefix when the hub is the root app', async () => {
    const s = await serve(200, { componentId: `zParent/${HUB_DID}`, prefix: '/' });
    expect(await discoverHub(s.origin)).toEqual({ origin: s.origin, mountPoint: '/', mountUrl: s.origin });
  });

  it('says "not an AIGNE Hub" for JSON without the hub DID, for non-JSON, and for a 404', async () => {
    for (const s of [
      await serve(200, { componentMountPoints: [{ did: 'zSomethingElse', mountPoint: '/' }] }),
      await serve(200, '<!doctype html><title>Blog</title>', 'text/html'),
      await serve(404, 'Not Found', 'text/plain'),
    ]) {
      await expect(discoverHub(s.origin)).rejects.toMatchObject({
        code: 'NOT_A_HUB',
        message: expect.stringContaining('this site is not an AIGNE Hub'),
      });
    }
  });

  it('reports an HTTP error with its status', async () => {
    const s = await serve(503, { error: 'maintenance' });
    await expect(discoverHub(s.origin)).rejects.toMatchObject({ code: 'HUB_ERROR', detail: { status: 503 } });
  });

  it('does not follow a redirect to another origin (the app would store an address the user never typed)', async () => {
    const target = await serve(200, { componentMountPoints: [{ did: HUB_DID, mountPoint: '/' }] });
    const redirector = await startServer((_req, res) => {
      res.writeHead(301, { location: `${target.origin}/__blocklet__.js?type=json` });
      res.end();
    });
    servers.push(redirector);
    await expect(discoverHub(redirector.origin)).rejects.toMatchObject({ code: 'HUB_ERROR', detail: { reason: 'redirectCrossOrigin' } });
  });

  it('names a refused connection', async () => {
    const port = await closedPort();
    await expect(discoverHub(`http://127.0.0.1:${port}`)).rejects.toMatchObject({
      code: 'HUB_UNREACHABLE',
      message: expect.stringContaining('refused'),
      detail: { reason: 'refused' },
    });
  });

  it('names a host that cannot be resolved', async () => {
    await expect(discoverHub('https://no-such-hub.invalid')).rejects.toMatchObject({
      code: 'HUB_UNREACHABLE',
      message: expect.stringContaining('Could not resolve no-such-hub.invalid'),
      detail: { reason: 'dns' },
    });
  });

  it('names a TLS problem as such', async () => {
    const s = await serve(200, {});
    await expect(discoverHub(`https://127.0.0.1:${s.port}`)).rejects.toMatchObject({
      code: 'HUB_UNREACHABLE',
      message: expect.stringContaining('TLS'),
      detail: { reason: 'tls' },
    });
  });
});

describe('reading what the user typed', () => {
  it('adds https:// to a bare host', () => {
    expect(parseHubAddress(' hub.aigne.io ').origin).toBe('https://hub.aigne.io');
  });
  it('a bare loopback address is tried over http: a local hub speaks http, and https would fail on TLS', () => {
    expect(parseHubAddress('localhost:8090').origin).toBe('http://localhost:8090');
    expect(parseHubAddress('127.0.0.1:8090/app').href).toBe('http://127.0.0.1:8090/app');
    expect(parseHubAddress('https://localhost:8443').origin).toBe('https://localhost:8443');
    expect(parseHubAddress('hub.example:8090').origin).toBe('https://hub.example:8090');
  });
  it.each(['', '   ', 'http://', 'https://exa mple.com'])('refuses malformed %j as INVALID_INPUT', (input) => {
    expect(() => parseHubAddress(input)).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
  it('refuses other schemes and embedded credentials', () => {
    expect(() => parseHubAddress('ftp://hub.example')).toThrowError(
      expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('https://') }),
    );
    expect(() => parseHubAddress('https://me:pw@hub.example')).toThrowError(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
  it('rejects discovery of a malformed address before any network call', async () => {
    await expect(discoverHub('file:///etc/passwd')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
  it('parses blocklet info without network', () => {
    expect(() => hubFromBlockletInfo('https://x.io', 'not json')).toThrowError(expect.objectContaining({ code: 'NOT_A_HUB' }));
    expect(hubFromBlockletInfo('https://x.io', { componentMountPoints: [{ did: HUB_DID, mountPoint: 'ai' }] }).mountUrl).toBe(
      'https://x.io/ai',
    );
  });
});
