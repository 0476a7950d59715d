import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseProxyRules, systemNetworkResolver, trustedCertificates } from '../../../src/main/platform/network';
import { useDispatcherResolver } from '../../../src/main/services/hub/dispatchers';
import { hubRequest } from '../../../src/main/services/hub/http';

// Behind a corporate proxy with TLS inspection the browser works because it uses the system proxy and the
// OS certificate store; hub calls must too. Here: a local CONNECT proxy, and a local TLS "hub" whose
// certificate comes from a private CA that only the (simulated) OS store trusts. The hub's name does not
// resolve at all: only the proxy knows where it is, so a direct connection cannot pass by accident.
const HUB_NAME = 'hub.corp.test';

let dir: string;
let caPem: string;
let hub: Server;
let hubPort: number;
let proxy: Server;
let proxyPort: number;
const tunnels: string[] = [];

function openssl(...args: string[]) {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hub-ca-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=Private Test Root CA');
  openssl('req', ...ec, '-keyout', 'hub.key', '-out', 'hub.csr', '-subj', `/CN=${HUB_NAME}`);
  writeFileSync(join(dir, 'ext.cnf'), `subjectAltName=DNS:${HUB_NAME}\n`);
  openssl(
    'x509',
    '-req',
    '-in',
    'hub.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'hub.crt',
    '-days',
    '2',
    '-extfile',
    'ext.cnf',
  );
  caPem = readFileSync(join(dir, 'ca.crt'), 'utf8');

  hub = createHttpsServer({ key: readFileSync(join(dir, 'hub.key')), cert: readFileSync(join(dir, 'hub.crt')) }, (req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ hub: true, path: req.url }));
  });
  await new Promise<void>((done) => hub.listen(0, '127.0.0.1', done));
  hubPort = (hub.address() as AddressInfo).port;

  proxy = createHttpServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, client, head) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    if (host !== HUB_NAME) return client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    const upstream = connect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  proxyPort = (proxy.address() as AddressInfo).port;
});

afterEach(() => {
  useDispatcherResolver();
  tunnels.length = 0;
});

afterAll(async () => {
  proxy?.closeAllConnections();
  hub?.closeAllConnections();
  await Promise.all([new Promise((d) => proxy?.close(d)), new Promise((d) => hub?.close(d))]);
  rmSync(dir, { recursive: true, force: true });
});

const hubUrl = () => `https://${HUB_NAME}:${hubPort}/api/user/info`;

describe('hub calls through the system proxy, trusting the OS certificates', () => {
  it('reach a TLS hub behind a CONNECT proxy when the OS store trusts its private CA', async () => {
    const asked: string[] = [];
    useDispatcherResolver(
      systemNetworkResolver({
        resolveProxy: async (url) => (asked.push(url), `PROXY 127.0.0.1:${proxyPort}; DIRECT`),
        certificates: () => trustedCertificates((type) => (type === 'system' ? [caPem] : [...tls.rootCertificates])),
      }),
    );
    const res = await hubRequest(hubUrl());
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ hub: true, path: '/api/user/info' });
    expect(tunnels).toEqual([`${HUB_NAME}:${hubPort}`]);
    // Resolved per URL, as Chromium decides (PAC files can answer differently per host or path).
    expect(asked).toEqual([hubUrl()]);
  });

  it('refuse the hub, naming a TLS problem, when no trusted root signed its certificate', async () => {
    useDispatcherResolver(
      systemNetworkResolver({ resolveProxy: async () => `PROXY 127.0.0.1:${proxyPort}`, certificates: () => [...tls.rootCertificates] }),
    );
    await expect(hubRequest(hubUrl())).rejects.toMatchObject({ code: 'HUB_UNREACHABLE', detail: { reason: 'tls' } });
    expect(tunnels).toEqual([`${HUB_NAME}:${hubPort}`]);
  });

  it('go direct when the system says DIRECT (and the unresolvable name then fails as DNS)', async () => {
    useDispatcherResolver(systemNetworkResolver({ resolveProxy: async () => 'DIRECT', certificates: () => [caPem] }));
    await expect(hubRequest(hubUrl())).rejects.toMatchObject({ code: 'HUB_UNREACHABLE', detail: { reason: 'dns' } });
    expect(tunnels).toEqual([]);
  });

  it('name a proxy the app cannot use (SOCKS only) instead of bypassing it', async () => {
    useDispatcherResolver(systemNetworkResolver({ resolveProxy: async () => 'SOCKS5 127.0.0.1:1080' }));
    await expect(hubRequest(hubUrl())).rejects.toMatchObject({
      code: 'HUB_UNREACHABLE',
      detail: { reason: 'unsupportedProxy', proxy: 'SOCKS5 127.0.0.1:1080' },
    });
    expect(tunnels).toEqual([]);
  });
});

describe('proxy rules and trusted roots', () => {
  it('take the first route undici can use', () => {
    expect(parseProxyRules('DIRECT')).toEqual({ kind: 'direct' });
    expect(parseProxyRules('')).toEqual({ kind: 'direct' });
    expect(parseProxyRules('PROXY proxy.corp:8080; DIRECT')).toEqual({ kind: 'proxy', uri: 'http://proxy.corp:8080' });
    expect(parseProxyRules('HTTPS proxy.corp:443')).toEqual({ kind: 'proxy', uri: 'https://proxy.corp:443' });
    expect(parseProxyRules('SOCKS5 s:1080; PROXY p:3128')).toEqual({ kind: 'proxy', uri: 'http://p:3128' });
    expect(parseProxyRules('SOCKS5 s:1080; DIRECT')).toEqual({ kind: 'direct' });
    expect(parseProxyRules('SOCKS s:1080')).toEqual({ kind: 'unsupported', rule: 'SOCKS s:1080' });
  });

  it('add the OS roots to Node’s own where the runtime can read them, and fall back to the bundled list where not', () => {
    const both = trustedCertificates((type) => (type === 'system' ? ['OS-ROOT'] : ['NODE-ROOT']));
    expect(both).toEqual(['NODE-ROOT', 'OS-ROOT']);
    const brokenStore = trustedCertificates((type) => {
      if (type === 'system') throw new Error('no store');
      return ['NODE-ROOT'];
    });
    expect(brokenStore).toEqual(['NODE-ROOT']);
    expect(trustedCertificates(null)).toEqual([...tls.rootCertificates]);
  });
});
