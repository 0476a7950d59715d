import { readFile, realpath } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { APP_CSP, APP_HOST, APP_SCHEME } from '../security';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

function refuse(status: number): Response {
  return new Response(null, { status, headers: { 'Content-Type': 'text/plain' } });
}

/**
 * Serves app://renderer/<path> from the built renderer folder and from nowhere else: no `..`, encoded or
 * not, no absolute paths, no symlink out of the folder, only GET. Plain Node (Request/Response), so it is
 * testable without Electron.
 */
export function appProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(400);
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(404);
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return refuse(400);
    }
    // The URL parser already folds plain `..`; decoding can bring it (or a backslash, or NUL) back.
    if (path.includes('\0') || path.includes('\\') || path.split('/').some((part) => part === '..')) return refuse(403);
    const rel = path.replace(/^\/+/, '') || 'index.html';
    if (isAbsolute(rel)) return refuse(403);
    const file = resolve(root, rel);
    if (!inside(root, file)) return refuse(403);
    try {
      // Follow links, then check again: a symlink in the build must not lead out of it.
      const real = await realpath(file);
      if (!inside(await realpath(root), real)) return refuse(403);
      const body = await readFile(real);
      const headers: Record<string, string> = {
        'Content-Type': TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream',
        'X-Content-Type-Options': 'nosniff',
      };
      if (extname(real).toLowerCase() === '.html') headers['Content-Security-Policy'] = APP_CSP;
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
    } catch {
      return refuse(404);
    }
  };
}

function inside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && !rel.split(sep).includes('..');
}
