/**
 * A hostile hub for the security tests: a real HTTP(S) server that answers
 * like an AIGNE Hub at first sight, then misbehaves. Chat and image behaviour
 * is picked by the model name (`hostile/<behaviour>`), so one server serves
 * every case; `stats` counts what it sent, for assertions on what the app fetched.
 *
 * Behaviours:
 * - chat `hostile/endless`: an SSE stream of text deltas that never ends
 * - chat `hostile/long-line`: one `data:` line that never ends
 * - chat `hostile/no-blank-line`: endless `data:` lines that never make an event
 * - chat `hostile/drip`: a small delta every few ms forever (never idle)
 * - chat `hostile/slow-header`: no response headers for `slowMs`
 * - chat `hostile/silent-then-answer`: headers, then silence for `silentMs` (a long-thinking model), then an answer
 * - image `hostile/too-many`: `count` image URLs whatever `n` was asked for
 * - image `hostile/huge-image`: one URL to an image of `imageBytes`
 * - usage `/api/user/model-calls`: a count of 10^9 and a full page for every page asked
 * - discovery `redirect`: `__blocklet__.js` redirects to another address (downgrade or cross-origin)
 * - approval: a session that stays pending forever (no decline signal), and an unknown session as HTTP 500 text
 */
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export const HUB_DID = 'z8ia3xzq2tMq8CRHfaXj1BTYJyYnEcHbqP8cJ';

export interface HostileHubOptions {
  /** Serve https with this certificate. */
  tls?: { key: string; cert: string };
  /** `__blocklet__.js` answers with a 302 to this address instead of the hub's info. */
  redirectTo?: string;
  slowMs?: number;
  silentMs?: number;
  /** Images listed by `hostile/too-many`. */
  count?: number;
  /** Bytes of each image served. */
  imageBytes?: number;
  /** The call-log count the hub claims. */
  usageCount?: number;
}

export interface HostileStats {
  /** Bytes of chat/image/usage bodies written. */
  bytesSent: number;
  imageDownloads: number;
  usagePages: number;
  chatRequests: number;
  /** Streams that were still being written when the client went away. */
  abandonedStreams: number;
}

export interface HostileHub {
  url: string;
  origin: string;
  stats: HostileStats;
  sessions: Set<string>;
  close(): Promise<void>;
}

const DELTA_TEXT = 'x'.repeat(16 * 1024);

export async function startHostileHub(options: HostileHubOptions = {}): Promise<HostileHub> {
  const stats: HostileStats = { bytesSent: 0, imageDownloads: 0, usagePages: 0, chatRequests: 0, abandonedStreams: 0 };
  const sessions = new Set<string>();
  let origin = '';

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    void route(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  };
  const server: Server = options.tls ? createHttpsServer(options.tls, handler) : createHttpServer(handler);

  async function route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/__blocklet__.js') {
      if (options.redirectTo) return void res.writeHead(302, { location: options.redirectTo }).end();
      return json(res, 200, { appName: 'Hostile Hub', componentMountPoints: [{ did: HUB_DID, mountPoint: '/', name: 'ai-kit' }] });
    }
    if (url.pathname === '/api/v2/chat/completions' && req.method === 'POST') return chat(req, res);
    if (url.pathname === '/api/v2/image/generations' && req.method === 'POST') return images(req, res);
    if (url.pathname.startsWith('/img/')) return image(res);
    if (url.pathname === '/api/user/model-calls') return modelCalls(url, res);
    if (url.pathname === '/.well-known/service/api/access-key/session') return session(req, url, res);
    res.writeHead(404).end();
  }

  async function chat(req: IncomingMessage, res: ServerResponse) {
    stats.chatRequests++;
    const body = JSON.parse(await readBody(req)) as { model?: string };
    const behaviour = String(body.model ?? '').replace(/^hostile\//, '');
    if (behaviour === 'slow-header') await sleep(options.slowMs ?? 60_000, res);
    if (res.destroyed) return;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    const delta = (content: string) => `data: ${JSON.stringify({ delta: { content } })}\n\n`;
    switch (behaviour) {
      case 'endless':
        return pump(res, () => delta(DELTA_TEXT));
      case 'long-line':
        await write(res, 'data: {"delta":{"content":"');
        return pump(res, () => DELTA_TEXT);
      case 'no-blank-line':
        return pump(res, () => `data: ${DELTA_TEXT}\n`);
      case 'drip':
        return pump(res, () => delta('drip '), 5);
      case 'silent-then-answer':
        await sleep(options.silentMs ?? 1_000, res);
        if (res.destroyed) return;
        await write(res, delta('Thought long; here is the answer.'));
        await write(res, `data: ${JSON.stringify({ usage: { promptTokens: 3, completionTokens: 7, totalTokens: 10 } })}\n\n`);
        return void res.end();
      default:
        await write(res, delta(`echo ${behaviour}`));
        return void res.end();
    }
  }

  async function images(req: IncomingMessage, res: ServerResponse) {
    const body = JSON.parse(await readBody(req)) as { model?: string };
    const behaviour = String(body.model ?? '').replace(/^hostile\//, '');
    const count = behaviour === 'too-many' ? (options.count ?? 12) : 1;
    const data = Array.from({ length: count }, (_, i) => ({ url: `${origin}/img/${i}.png` }));
    json(res, 200, { data });
  }

  async function image(res: ServerResponse) {
    stats.imageDownloads++;
    const size = options.imageBytes ?? 32 * 1024 * 1024;
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(size) });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const chunk = Buffer.alloc(256 * 1024, 1);
    png.copy(chunk);
    let sent = 0;
    while (sent < size && !res.destroyed) {
      const part = chunk.subarray(0, Math.min(chunk.length, size - sent));
      sent += part.length;
      await write(res, part);
    }
    res.end();
  }

  function modelCalls(url: URL, res: ServerResponse) {
    stats.usagePages++;
    const page = Number(url.searchParams.get('page') ?? 1);
    const pageSize = Number(url.searchParams.get('pageSize') ?? 100);
    const start = Number(url.searchParams.get('startTime') ?? 0);
    const list = Array.from({ length: pageSize }, (_, i) => ({
      id: `rec-${page}-${i}`,
      callTime: start + 1,
      model: 'gpt-hostile',
      provider: { name: 'openai' },
      type: 'chatCompletion',
      status: 'success',
      duration: 1,
      credits: 0.001,
      usageMetrics: { inputTokens: 1, outputTokens: 1 },
      appDid: 'z1hostile',
      requestId: randomUUID(),
    }));
    json(res, 200, { list, count: options.usageCount ?? 1e9, paging: { page, pageSize } });
  }

  async function session(req: IncomingMessage, url: URL, res: ServerResponse) {
    if (req.method === 'POST') {
      const id = randomUUID();
      sessions.add(id);
      return json(res, 200, { id, type: 'access-key-simple', challenge: 'c'.repeat(48) });
    }
    const sid = url.searchParams.get('sid') ?? '';
    if (req.method === 'DELETE') {
      sessions.delete(sid);
      return json(res, 200, { id: sid });
    }
    // The real hub: an unknown session is an internal error with a text body; a live one stays pending.
    if (!sessions.has(sid)) return void res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal Server Error');
    return json(res, 200, { id: sid, challenge: 'c'.repeat(48) });
  }

  /** Writes until the client goes away; `gapMs` between writes. */
  async function pump(res: ServerResponse, next: () => string, gapMs = 0) {
    while (!res.destroyed && !res.writableEnded) {
      await write(res, next());
      if (gapMs > 0) await sleep(gapMs, res);
    }
    stats.abandonedStreams++;
  }

  function write(res: ServerResponse, data: string | Buffer): Promise<void> {
    if (res.destroyed) return Promise.resolve();
    stats.bytesSent += Buffer.byteLength(data);
    if (res.write(data)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.once('drain', done);
      res.once('close', done);
    });
  }

  function json(res: ServerResponse, status: number, value: unknown) {
    const text = JSON.stringify(value);
    stats.bytesSent += text.length;
    res.writeHead(status, { 'content-type': 'application/json' }).end(text);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    url: origin,
    origin,
    stats,
    sessions,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Waits, but stops early when the client has gone. */
function sleep(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    }
    res.once('close', done);
  });
}
