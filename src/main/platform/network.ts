import tls from 'node:tls';
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import { AppError } from '../../shared/errors';
import type { DispatcherPool, DispatcherResolver } from '../services/hub/dispatchers';

/** Where one request goes, from Chromium's PAC-style answer ("PROXY host:port; DIRECT"). */
export type ProxyRoute = { kind: 'direct' } | { kind: 'proxy'; uri: string } | { kind: 'unsupported'; rule: string };

/** The first entry undici can take; SOCKS and QUIC entries are skipped (undici's proxy agent speaks HTTP CONNECT). */
export function parseProxyRules(rules: string): ProxyRoute {
  const entries = rules
    .split(';')
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return { kind: 'direct' };
  for (const entry of entries) {
    const [type = '', hostPort] = entry.split(/\s+/);
    const upper = type.toUpperCase();
    if (upper === 'DIRECT') return { kind: 'direct' };
    if ((upper === 'PROXY' || upper === 'HTTP') && hostPort) return { kind: 'proxy', uri: `http://${hostPort}` };
    if (upper === 'HTTPS' && hostPort) return { kind: 'proxy', uri: `https://${hostPort}` };
  }
  return { kind: 'unsupported', rule: entries[0]! };
}

type CaReader = (type: 'default' | 'system' | 'bundled' | 'extra') => string[];

/**
 * The certificates hub calls trust: Node's own (bundled + NODE_EXTRA_CA_CERTS) and the operating system's,
 * so TLS-inspecting corporate proxies work as in the browser. Node 20 has no reader for the OS store; Electron's
 * Node does (tls.getCACertificates), so this feature-detects.
 */
export function trustedCertificates(
  reader: CaReader | null = (tls as { getCACertificates?: CaReader }).getCACertificates ?? null,
): string[] {
  if (reader === null) return [...tls.rootCertificates];
  const all = new Set<string>(reader('default'));
  try {
    for (const cert of reader('system')) all.add(cert);
  } catch {
    // No readable OS store: Node's own list still stands.
  }
  return [...all];
}

export interface SystemNetworkOptions {
  /** Chromium's proxy decision for a URL (Electron: session.resolveProxy). */
  resolveProxy(url: string): Promise<string>;
  /** Trusted roots; defaults to Node's plus the OS's. */
  certificates?: () => string[];
}

/** A dispatcher per (pool, route), built on first use and reused: proxies and roots rarely change in a session. */
export function systemNetworkResolver(options: SystemNetworkOptions): DispatcherResolver {
  let ca: string[] | undefined;
  const roots = () => (ca ??= (options.certificates ?? trustedCertificates)());
  const cache = new Map<string, Dispatcher>();
  return async (url: string, pool: DispatcherPool) => {
    let rules = 'DIRECT';
    try {
      rules = await options.resolveProxy(url);
    } catch {
      // No answer from the system: go direct, as Chromium does.
    }
    const route = parseProxyRules(rules);
    if (route.kind === 'unsupported') {
      throw new AppError(
        'HUB_UNREACHABLE',
        `Your system sends this request through a proxy the app cannot use (${route.rule}). Set an HTTP proxy for the hub, or allow a direct connection.`,
        { reason: 'unsupportedProxy', proxy: route.rule },
      );
    }
    const key = `${pool} ${route.kind === 'proxy' ? route.uri : 'DIRECT'}`;
    let dispatcher = cache.get(key);
    if (!dispatcher) {
      dispatcher =
        route.kind === 'proxy'
          ? new ProxyAgent({ uri: route.uri, requestTls: { ca: roots() }, proxyTls: { ca: roots() }, connect: { timeout: 10_000 } })
          : new Agent({ connect: { timeout: 10_000, ca: roots() }, keepAliveTimeout: 10_000 });
      cache.set(key, dispatcher);
    }
    return dispatcher;
  };
}
