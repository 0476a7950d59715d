// `{origin}/__sandbox/…`: the admin API over HTTP (JSON) and a small admin
// page. Sandbox-only; answered to loopback clients addressing the hub by a
// loopback host name, and state changes need a JSON body (no form CSRF).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxAdmin } from '../state/admin';
import { ASSETS, PAGE_CSP, escapeHtml } from './assets';
import { formatCredits } from '../engine/billing';
import type { HubContext } from '../state/context';
import { queryInt, readJsonBody, sendJson, sendText } from './http';
import type { ImageShelf } from './media';
import { isRecord } from './preflight';
import { isFaultKind } from '../state/types';

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function isLoopbackRequest(ctx: HubContext, req: IncomingMessage): boolean {
  if (!LOOPBACK_ADDRESSES.has(req.socket.remoteAddress ?? '')) return false;
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) return false; // DNS rebinding
  const origin = req.headers.origin;
  return origin === undefined || origin === ctx.origin() || origin === ctx.origin().replace('127.0.0.1', 'localhost');
}

function time(ms: number | null): string {
  return ms === null ? '—' : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function adminPage(ctx: HubContext, admin: SandboxAdmin, url: URL): string {
  const e = escapeHtml;
  const topUp = url.searchParams.get('topUp');
  const callsByKey = new Map<string, number>();
  for (const call of ctx.store.calls) callsByKey.set(call.appDid, (callsByKey.get(call.appDid) ?? 0) + 1);
  const keys = admin
    .listKeys()
    .sort((a, b) => b.createdAt - a.createdAt)
    .map(
      (k) => `<tr class="${k.status}"><td>${e(k.name)}</td><td><code>${e(k.accessKeyId)}</code></td><td>${time(k.createdAt)}</td>
<td>${time(k.lastUsedAt)}</td><td>${callsByKey.get(k.accessKeyId) ?? 0}</td><td>${k.status === 'active' ? 'active' : `revoked ${time(k.revokedAt)}`}</td>
<td>${k.status === 'active' ? `<button type="button" class="danger" data-action="revoke" data-id="${e(k.accessKeyId)}" data-name="${e(k.name)}">Revoke</button>` : ''}</td></tr>`,
    )
    .join('\n');
  const users = [...ctx.store.users.values()]
    .map(
      (
        u,
      ) => `<tr${u.did === topUp ? ' class="focus"' : ''}><td>${e(u.fullName)}<br><code>${e(u.did)}</code></td><td>${formatCredits(u.balance)}</td>
<td>${formatCredits(u.granted - u.balance)}</td><td>${formatCredits(u.pending)}</td>
<td><form class="inline" data-form="credits"><input type="hidden" name="userDid" value="${e(u.did)}"><input name="credits" type="number" step="any" min="0" value="${u.did === topUp ? 10 : formatCredits(u.balance)}" aria-label="New balance"${u.did === topUp ? ' autofocus' : ''}><button type="submit">Set balance</button></form></td></tr>`,
    )
    .join('\n');
  const sessions = admin
    .listSessions()
    .filter((s) => s.status === 'pending')
    .map(
      (s) =>
        `<tr><td><code>${e(String(s.id))}</code></td><td>${e(String(s.createdAt))}</td><td>${ctx.options.allowDeny ? `<button type="button" data-action="deny" data-id="${e(String(s.id))}">Deny</button> ` : ''}<button type="button" class="primary" data-action="approve" data-id="${e(String(s.id))}">Approve</button></td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sandbox hub admin</title><link rel="icon" href="/__sandbox/avatar.svg"><link rel="stylesheet" href="/__sandbox/assets/style.css"><script src="/__sandbox/assets/admin.js" defer></script></head>
<body><main class="card wide">
<p class="badge">Sandbox hub · admin</p>
<h1>Sandbox hub</h1>
<p class="muted">Hub mounted at <code>${e(ctx.origin() + (ctx.options.mount || '/'))}</code> · ${ctx.store.calls.length} recorded calls</p>
<h2>Access keys</h2>
<table id="keys"><thead><tr><th>Name</th><th>Key id</th><th>Created</th><th>Last used</th><th>Calls</th><th>Status</th><th></th></tr></thead>
<tbody>${keys || '<tr><td colspan="7" class="muted">No keys yet. Approve one from an app, or create one below.</td></tr>'}</tbody></table>
<form class="inline spaced" data-form="create-key"><input name="name" placeholder="Key name" aria-label="Key name"><button type="submit">Create key</button></form>
<h2>Credits</h2>
<table id="users"><thead><tr><th>User</th><th>Balance</th><th>Used</th><th>Pending</th><th></th></tr></thead><tbody>${users}</tbody></table>
<h2>Pending key requests</h2>
<table id="sessions"><thead><tr><th>Session</th><th>Created</th><th></th></tr></thead>
<tbody>${sessions || '<tr><td colspan="3" class="muted">None.</td></tr>'}</tbody></table>
</main></body></html>`;
}

type Body = Record<string, unknown>;

async function jsonBody(req: IncomingMessage): Promise<Body | undefined> {
  if (!/\bjson\b/i.test(req.headers['content-type'] ?? '')) return undefined;
  const body = await readJsonBody(req);
  return body.ok && isRecord(body.value) ? body.value : undefined;
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

async function adminApi(
  ctx: HubContext,
  admin: SandboxAdmin,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  path: string,
): Promise<void> {
  if (req.method === 'GET') {
    if (path === '/keys') return sendJson(res, 200, { keys: admin.listKeys() });
    if (path === '/sessions') return sendJson(res, 200, { sessions: admin.listSessions() });
    if (path === '/users') return sendJson(res, 200, { users: [...ctx.store.users.values()] });
    if (path === '/calls') {
      const calls = ctx.store.calls;
      const limit = Math.max(0, queryInt(url, 'limit') ?? 100);
      return sendJson(res, 200, { count: calls.length, calls: calls.slice(Math.max(0, calls.length - limit)) });
    }
    return sendJson(res, 404, { error: 'Not found' });
  }
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'Method not allowed' });
  const body = await jsonBody(req);
  if (!body) return sendJson(res, 415, { error: 'Send a JSON object with Content-Type: application/json' });
  const keyAction = path.match(/^\/keys\/([^/]+)\/revoke$/);
  const sessionAction = path.match(/^\/sessions\/([^/]+)\/(approve|deny)$/);
  if (path === '/keys') {
    return sendJson(res, 201, admin.createKey({ name: str(body.name), credits: num(body.credits), userDid: str(body.userDid) }));
  }
  if (keyAction?.[1]) {
    admin.revokeKey(decodeURIComponent(keyAction[1]));
    return sendJson(res, 200, { ok: true });
  }
  if (path === '/credits') {
    const target = str(body.accessKeyId) ?? str(body.userDid);
    const credits = num(body.credits);
    if (!target || credits === undefined)
      return sendJson(res, 400, { error: 'accessKeyId or userDid, and credits (number), are required' });
    admin.setCredits(target, credits);
    return sendJson(res, 200, admin.credits(target));
  }
  if (path === '/faults') {
    const accessKeyId = str(body.accessKeyId);
    if (!accessKeyId || !isFaultKind(body.fault)) return sendJson(res, 400, { error: 'accessKeyId and a known fault are required' });
    admin.injectFault(accessKeyId, body.fault, num(body.count) ?? 1);
    return sendJson(res, 200, { ok: true });
  }
  if (sessionAction?.[1]) {
    const sid = decodeURIComponent(sessionAction[1]);
    if (sessionAction[2] === 'approve') return sendJson(res, 200, admin.approveSession(sid, str(body.source)));
    if (!ctx.options.allowDeny) return sendJson(res, 404, { error: 'A real hub has no decline: start the sandbox with --allow-deny' });
    admin.denySession(sid);
    return sendJson(res, 200, { ok: true });
  }
  if (path === '/seed') {
    const days = num(body.days);
    if (days === undefined || days < 1) return sendJson(res, 400, { error: 'days (≥ 1) is required' });
    return sendJson(res, 200, admin.seedUsage(Math.floor(days), { now: num(body.now) ?? ctx.now() }));
  }
  sendJson(res, 404, { error: 'Not found' });
}

/** Routes `/__sandbox/…`; false when the path is not under it. */
export async function handleAdmin(
  ctx: HubContext,
  admin: SandboxAdmin,
  shelf: ImageShelf,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  if (url.pathname !== '/__sandbox' && !url.pathname.startsWith('/__sandbox/')) return false;
  const asset = ASSETS[url.pathname];
  if (asset && req.method === 'GET') {
    sendText(res, 200, asset.type, asset.body, { 'Cache-Control': 'no-cache' });
    return true;
  }
  const image = url.pathname.match(/^\/__sandbox\/images\/([\w-]+)\.png$/);
  if (image?.[1]) {
    const png = shelf.get(image[1]);
    if (!png) sendJson(res, 404, { error: 'Image not found' });
    else {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length });
      res.end(png);
    }
    return true;
  }
  if (!isLoopbackRequest(ctx, req)) {
    sendJson(res, 403, { error: 'The sandbox admin answers loopback clients only' });
    return true;
  }
  if (url.pathname === '/__sandbox' || url.pathname === '/__sandbox/') {
    sendText(res, 200, 'text/html; charset=utf-8', adminPage(ctx, admin, url), {
      'Content-Security-Policy': PAGE_CSP,
      'Cache-Control': 'no-store',
    });
    return true;
  }
  try {
    await adminApi(ctx, admin, req, res, url, url.pathname.slice('/__sandbox'.length));
  } catch (error) {
    if (!res.headersSent) sendJson(res, 400, { error: (error as Error).message });
  }
  return true;
}
