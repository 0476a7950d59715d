// Helpers for the usage integration tests: a real sandbox hub, a small
// counting HTTP proxy in front of it, in-memory key ports, and the ground truth
// computed straight from the sandbox's recorded calls.
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../../src/shared/errors';
import type { KeyDirectory, KeyResolver, LocalKeyInfo } from '../../../src/main/services/usage/ports';
import { DEFAULT_USER_DID, type CallRecord, type CreatedKey } from '../../../sandbox-hub/index';

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

export interface CountingProxy {
  url: string;
  requests: SeenRequest[];
  /** Answer JSON with every number turned into a string, as some hub versions send amounts. */
  stringifyNumbers: boolean;
  count(path: string): number;
  close(): Promise<void>;
}

function numbersToStrings(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(numbersToStrings);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, numbersToStrings(v)]));
  return value;
}

/** Forwards every request to `target` (an origin) and remembers it. */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const proxy: CountingProxy = {
    url: '',
    requests: [],
    stringifyNumbers: false,
    count: (path) => proxy.requests.filter((r) => r.path.endsWith(path)).length,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    proxy.requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers });
    const out = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          let body = Buffer.concat(chunks);
          const headers = { ...answer.headers };
          if (proxy.stringifyNumbers && String(headers['content-type']).includes('json')) {
            body = Buffer.from(JSON.stringify(numbersToStrings(JSON.parse(body.toString('utf8')))));
            headers['content-length'] = String(body.length);
          }
          res.writeHead(answer.statusCode ?? 502, headers);
          res.end(body);
        });
      },
    );
    out.on('error', () => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end('{"error":"Bad Gateway"}');
    });
    req.pipe(out);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

export interface TestKey extends LocalKeyInfo {
  secret: string;
}

export function testKey(keyId: string, created: CreatedKey, over: Partial<TestKey> = {}): TestKey {
  return { keyId, name: created.name, accessKeyId: created.accessKeyId, secret: created.secret, ...over };
}

/** The ports createServices provides, in a few lines: one hub, keys in memory, mount URL switchable (direct or via the proxy). */
export function keyPorts(
  hubId: string,
  keys: TestKey[],
  mountUrl: () => string,
): { resolver: KeyResolver; directory: KeyDirectory; resolved: string[] } {
  const resolved: string[] = [];
  return {
    resolved,
    resolver: {
      async resolve(keyId) {
        const key = keys.find((k) => k.keyId === keyId);
        if (!key) throw new AppError('NOT_FOUND', 'No such key.');
        resolved.push(keyId);
        return { secret: key.secret, mountUrl: mountUrl(), hubId, accessKeyId: key.accessKeyId, name: key.name };
      },
    },
    directory: {
      keysForHub: (id) =>
        id === hubId ? keys.map(({ keyId, name, accessKeyId, isDefault }) => ({ keyId, name, accessKeyId, isDefault })) : [],
    },
  };
}

// ---- ground truth ----

/** The default sandbox user's calls with `start <= callTime*1000 < end`. */
export function truthCalls(all: readonly CallRecord[], start: number, end: number): CallRecord[] {
  return all.filter((c) => c.userDid === DEFAULT_USER_DID && c.callTime * 1000 >= start && c.callTime * 1000 < end);
}

/** Exact decimal sum: each credit figure as written (≤ 10 decimals) in integer units of 1e-10. */
export function exactCredits(values: readonly number[]): number {
  let units = 0n;
  for (const v of values) {
    const [int, frac = ''] = plain(v).split('.');
    const negative = int!.startsWith('-');
    const digits = BigInt(`${int!.replace('-', '')}${frac.padEnd(10, '0').slice(0, 10)}`);
    if (frac.length > 10) throw new Error(`more than 10 decimals: ${v}`);
    units += negative ? -digits : digits;
  }
  return Number(units) / 1e10;
}

function plain(v: number): string {
  const s = String(v);
  if (!/e/.test(s)) return s;
  return v.toFixed(12).replace(/0+$/, '').replace(/\.$/, '');
}

export interface TruthTotals {
  calls: number;
  successCalls: number;
  failedCalls: number;
  inputTokens: number;
  outputTokens: number;
  credits: number;
}

export function truthTotals(calls: readonly CallRecord[]): TruthTotals {
  return {
    calls: calls.length,
    successCalls: calls.filter((c) => c.status === 'success').length,
    failedCalls: calls.filter((c) => c.status === 'failed').length,
    inputTokens: calls.reduce((s, c) => s + c.usageMetrics.inputTokens, 0),
    outputTokens: calls.reduce((s, c) => s + c.usageMetrics.outputTokens, 0),
    credits: exactCredits(calls.map((c) => c.credits)),
  };
}

export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** The local day (at a fixed offset, JS minutes) a call falls in, as its start in UTC ms. */
export function localDayStart(callTimeSec: number, offsetMin: number): number {
  const shift = offsetMin * 60_000;
  return Math.floor((callTimeSec * 1000 - shift) / 86_400_000) * 86_400_000 + shift;
}

export async function chat(mountUrl: string, secret: string, prompt: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(`${mountUrl}/api/v2/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}`, ...headers },
    body: JSON.stringify({ model: 'sandbox/echo', messages: [{ role: 'user', content: prompt }] }),
  });
  await res.text();
  return res.status;
}
