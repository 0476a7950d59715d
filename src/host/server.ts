import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { isEventChannel } from '../shared/channels';
import { MAX_FRAME_BYTES } from '../shared/limits';
import { createServices, type ServiceDeps, type Services } from '../main/services';
import { MemoryClipboard } from './clipboard';
import { openConfStore } from '../main/services/settings/conf-store';
import { acquireHostLock, ensurePrivateDir, NoticeBoard } from '../main/services/storage';
import { APP_CSP, APP_CSP_META } from '../main/security';
import { browserRuntime } from './runtime';
import { createFileLogger } from '../main/services/logger';

export interface WebHostOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Where settings are kept. */
  dataDir: string;
  /** Built renderer (out/renderer) and bridge (out/web). */
  rendererDir?: string;
  bridgeFile?: string;
  /** Fixed token, for tests that need one; otherwise random per launch. */
  token?: string;
  /** Replace parts of the services (tests: a different secret store, shorter timeouts, the hygiene clock). */
  services?: Pick<ServiceDeps, 'secrets' | 'keys' | 'hygiene'>;
  /** Run the hourly hygiene check in the background (the CLI does; tests trigger checks themselves). */
  scheduleHygiene?: boolean;
}

export interface WebHost {
  /** The address to open: carries the token. */
  url: string;
  origin: string;
  token: string;
  services: Services;
  /** The host's stand-in for the system clipboard (a browser page cannot be given the real one). */
  clipboard: MemoryClipboard;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * The development and test host: the real main-process services in plain
 * Node, the built renderer on 127.0.0.1, and the IPC contract over a loopback
 * WebSocket guarded by a per-launch token and an Origin check.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const rendererDir = resolve(options.rendererDir ?? 'out/renderer');
  const bridgeFile = resolve(options.bridgeFile ?? 'out/web/bridge.js');
  const token = options.token ?? randomBytes(24).toString('hex');
  const sockets = new Set<WebSocket>();
  const clipboard = new MemoryClipboard();

  // One host per data folder: a second one would race the first's writes.
  ensurePrivateDir(options.dataDir);
  const hostLock = acquireHostLock(options.dataDir, 'browser host');
  const notices = new NoticeBoard();
  let services: Services;
  try {
    services = createServices({
      store: openConfStore(options.dataDir, notices),
      notices,
      dataDir: options.dataDir,
      runtime: browserRuntime(),
      clipboard,
      logger: createFileLogger({ dir: join(options.dataDir, 'logs'), echo: (line) => console.warn(line) }),
      ...options.services,
      // No system browser here: ask the page to open the link itself.
      shell: {
        async openExternal(url) {
          broadcast('shell.openRequested', { url });
          return sockets.size > 0;
        },
      },
      // No OS notifier here: hygiene notifications reach the page as events, shown as toasts.
      emit: (event, payload) => broadcast(event, payload),
    });
  } catch (error) {
    hostLock.release();
    throw error;
  }
  if (options.scheduleHygiene) services.hygiene.start();

  function broadcast(event: string, payload: unknown) {
    if (!isEventChannel(event)) return;
    const text = JSON.stringify({ event, payload });
    for (const s of sockets) s.send(text);
  }

  let origin = '';
  let allowedHosts = new Set<string>();
  const server = createServer((req, res) => {
    void serveHttp(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end('Internal error');
    });
  });

  async function serveHttp(req: IncomingMessage, res: ServerResponse) {
    // A foreign Host header means DNS rebinding or a proxy: not for us.
    if (!allowedHosts.has(req.headers.host ?? '')) return void res.writeHead(421).end('Misdirected request');
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end();
    const path = new URL(req.url ?? '/', origin).pathname;
    if (path === '/' || path === '/index.html') {
      const html = await readFile(join(rendererDir, 'index.html'), 'utf8');
      const ws = origin.replace(/^http/, 'ws');
      const headers = { 'Content-Security-Policy': APP_CSP.replace("connect-src 'none'", `connect-src ${ws}`) };
      return send(res, 200, MIME['.html']!, injectBridge(html, origin), headers);
    }
    if (path === '/__host/bridge.js') return send(res, 200, MIME['.js']!, await readFile(bridgeFile));
    const file = normalize(join(rendererDir, decodeURIComponent(path)));
    if (!file.startsWith(rendererDir + sep)) return void res.writeHead(404).end();
    try {
      return send(res, 200, MIME[extname(file)] ?? 'application/octet-stream', await readFile(file));
    } catch {
      return void res.writeHead(404).end('Not found');
    }
  }

  // Above the largest payload the contract accepts (src/shared/limits.ts), so a valid call always fits.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  wss.on('error', () => {});
  // A client that resets its connection must cost that connection only, never the host.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    const refuse = (status: number, why: string) => {
      socket.end(`HTTP/1.1 ${status} ${why}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    let url: URL;
    try {
      url = new URL(req.url ?? '/', origin);
    } catch {
      return refuse(400, 'Bad Request');
    }
    if (url.pathname !== '/__host/ipc') return refuse(404, 'Not Found');
    if (!allowedHosts.has(req.headers.host ?? '')) return refuse(421, 'Misdirected Request');
    if (!isOurOrigin(req.headers.origin, origin)) return refuse(403, 'Forbidden');
    if (!sameSecret(url.searchParams.get('token') ?? '', token)) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      // Bad frames, invalid UTF-8 and oversized messages end this connection (ws closes it with the right code).
      ws.on('error', () => ws.terminate());
      ws.on('message', (data) => {
        answer(ws, data.toString()).catch(() => {
          if (ws.readyState === ws.OPEN) ws.close(1011, 'Internal error');
        });
      });
    });
  });

  async function answer(ws: WebSocket, text: string) {
    let msg: { id?: unknown; channel?: unknown; payload?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return ws.close(1003, 'Messages must be JSON');
    }
    if (typeof msg !== 'object' || msg === null || typeof msg.id !== 'number') return ws.close(1003, 'Malformed message');
    const result = await services.dispatcher.dispatch(msg.channel, msg.payload, { host: 'browser' });
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: msg.id, result }));
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  }).catch((error: unknown) => {
    services.dispose();
    hostLock.release();
    throw error;
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    services,
    clipboard,
    async close() {
      services.dispose();
      for (const s of sockets) s.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      hostLock.release();
    },
  };
}

function isOurOrigin(header: string | undefined, origin: string): boolean {
  if (!header) return false;
  const port = new URL(origin).port;
  return header === origin || header === `http://localhost:${port}`;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Adds the bridge before the renderer's module script and lets the page reach our WebSocket only. */
export function injectBridge(html: string, origin: string): string {
  const ws = origin.replace(/^http/, 'ws');
  const csp = APP_CSP_META.replace("connect-src 'none'", `connect-src ${ws}`);
  return html
    .replace(/(<meta\s+http-equiv="Content-Security-Policy"\s+content=")[^"]*(")/i, `$1${csp}$2`)
    .replace(/<script\b/i, '<script src="/__host/bridge.js"></script>\n    <script');
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) {
  res.writeHead(status, {
    ...extra,
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ...(type.startsWith('text/html') ? { 'X-Frame-Options': 'DENY' } : {}),
  });
  res.end(body);
}
