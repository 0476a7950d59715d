// Request routing: the origin-level paths (discovery, key approval, admin)
// and the hub's API under the mount.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleQuota, handleStatus, handleUserInfo } from './account';
import type { SandboxAdmin } from '../state/admin';
import { handleAdmin } from './admin-routes';
import { handleFrameworkChat } from './aigne-chat';
import { handleApproval } from './approval';
import { handleCallLog } from './calls-routes';
import { handleCompletions } from './completions';
import type { HubContext } from '../state/context';
import { handleBlockletJs } from './discovery';
import { sendJson } from './http';
import { handleEmbeddings, handleImageGeneration } from './media';
import type { ImageShelf } from './media';
import { listModels } from '../engine/models';
import { handleUsageProjects } from './usage-routes';

type Handler = (ctx: HubContext, req: IncomingMessage, res: ServerResponse, url: URL) => unknown;

/** The hub's API, keyed by `METHOD path-below-the-mount`. */
function apiRoutes(shelf: ImageShelf): Record<string, Handler> {
  return {
    'GET /api/ai/models': (ctx, _req, res, url) =>
      sendJson(res, 200, listModels(url.searchParams.get('type'), ctx.now(), ctx.options.billing)),
    'GET /api/v2/status': handleStatus,
    'GET /api/user/info': handleUserInfo,
    'GET /api/usage/quota': handleQuota,
    'POST /api/v2/chat/completions': handleCompletions,
    'POST /api/v2/completions': handleCompletions, // the hub's route is `/:type(chat)?/completions`
    'POST /api/v2/chat': handleFrameworkChat,
    'POST /api/v2/image/generations': (ctx, req, res) => handleImageGeneration(ctx, req, res, shelf),
    'POST /api/v2/embeddings': handleEmbeddings,
  };
}

/** `path` below the mount, or undefined when the path is outside it. */
function belowMount(path: string, mount: string): string | undefined {
  if (mount === '') return path;
  if (path === mount) return '/';
  return path.startsWith(`${mount}/`) ? path.slice(mount.length) : undefined;
}

/** The real hub runs `cors()`: any origin may call its API. */
function allowCors(req: IncomingMessage, res: ServerResponse): boolean {
  res.setHeader('Access-Control-Allow-Origin', '*');
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, {
    'Access-Control-Allow-Methods': 'GET,HEAD,PUT,PATCH,POST,DELETE',
    'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
    'Content-Length': 0,
  });
  res.end();
  return true;
}

export function createRequestHandler(ctx: HubContext, admin: SandboxAdmin, shelf: ImageShelf) {
  const routes = apiRoutes(shelf);
  const mount = ctx.options.mount;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', ctx.origin());
    const path = url.pathname;
    if (path === '/__blocklet__.js') return handleBlockletJs(ctx, res, url, false);
    if (path.startsWith('/.well-known/service/') && (await handleApproval(ctx, req, res, url))) return;
    if (await handleAdmin(ctx, admin, shelf, req, res, url)) return;

    const rest = belowMount(path, mount);
    if (rest === undefined) {
      if (path === '/' && req.method === 'GET') {
        res.writeHead(302, { Location: '/__sandbox/' });
        res.end();
        return;
      }
      return sendJson(res, 404, { error: 'Not Found' });
    }
    if (rest === '/__blocklet__.js') return handleBlockletJs(ctx, res, url, true);
    if (rest.startsWith('/api/') && allowCors(req, res)) return;

    const handler = routes[`${req.method} ${rest.replace(/\/$/, '')}`];
    if (handler) {
      await handler(ctx, req, res, url);
      return;
    }
    if (req.method === 'GET' && rest.startsWith('/api/usage/') && handleUsageProjects(ctx, req, res, url, rest.slice('/api/usage'.length)))
      return;
    if (req.method === 'GET' && rest.startsWith('/api/user/') && handleCallLog(ctx, req, res, url, rest.slice('/api/user'.length))) return;
    if (rest === '/' && req.method === 'GET')
      return sendJson(res, 200, { name: 'AIGNE Hub (sandbox)', admin: `${ctx.origin()}/__sandbox/` });
    sendJson(res, 404, { error: 'Not Found' });
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: (error as Error).message } });
      else res.destroy();
    });
  };
}
