// Shared pieces for the playground's integration tests: sandbox hubs, a key
// resolver over sandbox keys, tiny local HTTP servers for the cases the
// sandbox cannot produce, and a guard that fails a file on any unhandled rejection.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, expect } from 'vitest';
import type { CreatedKey, SandboxHub } from '../../../sandbox-hub/index';
import { CallLogStore } from '../../../src/main/services/call-log/store';
import type { KeyResolver, ResolvedKey } from '../../../src/main/services/playground/ports';
import { AppError } from '../../../src/shared/errors';
import { memoryStore } from '../../../src/main/services/settings/store';

/** Fails the file if any promise rejection goes unhandled while it runs. */
export function guardUnhandledRejections(): { reasons: unknown[] } {
  const seen = { reasons: [] as unknown[] };
  const onRejection = (reason: unknown) => seen.reasons.push(reason);
  beforeAll(() => {
    process.on('unhandledRejection', onRejection);
  });
  afterAll(async () => {
    // Let late rejections surface before checking.
    await new Promise((r) => setTimeout(r, 50));
    process.off('unhandledRejection', onRejection);
    expect(seen.reasons).toEqual([]);
  });
  return seen;
}

/** One sandbox hub per file (prose at full speed unless told otherwise): the sandbox suite's own helper. */
export { useHub as useSandbox } from '../../sandbox/helpers';

/** Resolves local key ids to sandbox (or any) keys; unknown ids are NOT_FOUND, as the keys service would say. */
export class TestKeys implements KeyResolver {
  private readonly keys = new Map<string, ResolvedKey>();
  resolves = 0;

  add(keyId: string, key: ResolvedKey): string {
    this.keys.set(keyId, key);
    return keyId;
  }

  addSandboxKey(hub: SandboxHub, created: CreatedKey, keyId = `key-${created.accessKeyId.slice(-8)}`): string {
    return this.add(keyId, { secret: created.secret, mountUrl: hub.mountUrl, hubId: 'sandbox-hub', accessKeyId: created.accessKeyId });
  }

  async resolve(keyId: string): Promise<ResolvedKey> {
    this.resolves++;
    const key = this.keys.get(keyId);
    if (!key) throw new AppError('NOT_FOUND', 'This key is no longer saved in the app.');
    return key;
  }
}

export function memoryCallLog(): CallLogStore {
  return new CallLogStore(memoryStore());
}

export interface LocalServer {
  url: string;
  /** Requests seen, with their headers and body. */
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  /** Sockets that have closed so far. */
  closedSockets: () => number;
  close(): Promise<void>;
}

/** A tiny HTTP server on 127.0.0.1:0 for wire cases the sandbox cannot produce. */
export async function startLocalServer(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void | Promise<void>,
): Promise<LocalServer> {
  const requests: LocalServer['requests'] = [];
  const sockets = new Set<Socket>();
  let closed = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      // The model list (looked up for rates): these servers have none, and it is not what tests watch.
      if (req.method === 'GET' && req.url?.includes('/api/ai/models')) {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        return void res.end(JSON.stringify({ error: 'Not Found' }));
      }
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      Promise.resolve()
        .then(() => handler(req, res, body))
        .catch(() => res.destroy());
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => {
      closed++;
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    closedSockets: () => closed,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export function sseHead(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  res.flushHeaders();
}

export const delta = (content: string, toolCalls: unknown[] = []) =>
  `data: ${JSON.stringify({ delta: { role: 'assistant', content, toolCalls } })}\n\n`;
export const usage = (promptTokens: number, completionTokens: number) =>
  `data: ${JSON.stringify({ usage: { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens } })}\n\n`;

export async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 3000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
