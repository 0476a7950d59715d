// The key approval flow under `{origin}/.well-known/service/` (docs/hub-protocol.md §3):
// session create / poll / delete, the approval page, and the page's
// authorize call. A real hub has no decline: the page's Cancel only closes
// the window. `allowDeny` adds a demo-only Deny (README).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PAGE_CSP, escapeHtml } from './assets';
import type { HubContext } from '../state/context';
import { fromBase64Url } from '../engine/crypto';
import { headerString, readJsonBody, sendJson, sendText } from './http';
import { isRecord } from './preflight';
import { approveSession, closeSession, createSession, denySession, sessionView } from '../state/sessions';
import type { SessionChange } from '../state/sessions';
import type { ApprovalSession } from '../state/types';

const SERVICE = '/.well-known/service';

/**
 * A real hub answers a poll or close of an unknown or ended session with a
 * 500 plain-text body: the server dereferences a null session.
 */
function sendMissingSession(res: ServerResponse): void {
  sendText(res, 500, 'text/plain; charset=utf-8', "Cannot read properties of null (reading 'accessKeyId')");
}

function sendChange(res: ServerResponse, change: SessionChange): void {
  if (!change.ok) return sendJson(res, change.status, { error: change.message });
  sendJson(res, 200, { id: change.session.id, status: change.session.status, accessKeyId: change.session.accessKeyId });
}

/**
 * A poll. With --auto-approve a session nobody opened the page for is approved
 * on its second poll (X-Request-Count ≥ 1), giving a browser a moment to open
 * the page first (the page would name the key).
 */
function pollSession(ctx: HubContext, req: IncomingMessage, res: ServerResponse, sid: string): void {
  let session = ctx.store.sessions.get(sid);
  // A poll without the header counts as a later poll, so header-less clients get approved too.
  const count = Number(headerString(req, 'x-request-count') ?? '1');
  if (session?.status === 'pending' && ctx.options.autoApprove && count >= 1) {
    const change = approveSession(ctx, sid);
    if (change.ok) session = change.session;
  }
  if (!session) return sendMissingSession(res);
  // Demo-only (--allow-deny): a denied session ends the poll the way the CLI understands, 404 with a status.
  if (session.status === 'denied') return sendJson(res, 404, { error: 'Access key request was denied', status: 'denied' });
  sendJson(res, 200, sessionView(session));
}

async function handleSessionApi(ctx: HubContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const sid = url.searchParams.get('sid') ?? '';
  if (req.method === 'POST') {
    // The real body is empty; `source` is accepted as a sandbox extension (the key's name under --auto-approve).
    const body = await readJsonBody(req);
    const source = body.ok && isRecord(body.value) && typeof body.value.source === 'string' ? body.value.source : undefined;
    return sendJson(res, 200, sessionView(createSession(ctx, source ?? url.searchParams.get('source') ?? undefined)));
  }
  if (req.method === 'GET') return pollSession(ctx, req, res, sid);
  if (req.method === 'DELETE') {
    const session = closeSession(ctx, sid);
    if (!session) return sendMissingSession(res);
    return sendJson(res, 200, sessionView(session, false));
  }
  sendJson(res, 405, { error: 'Method not allowed' });
}

async function handleDecision(ctx: HubContext, req: IncomingMessage, res: ServerResponse, approve: boolean): Promise<void> {
  const body = await readJsonBody(req);
  const value = body.ok && isRecord(body.value) ? body.value : {};
  const sid = typeof value.sid === 'string' ? value.sid : '';
  const source = typeof value.source === 'string' ? value.source : undefined;
  sendChange(res, approve ? approveSession(ctx, sid, source) : denySession(ctx, sid));
}

function statusText(session: ApprovalSession | undefined, appName: string): string {
  if (!session) return 'This request has expired or does not exist.';
  if (session.status === 'approved') return `Approved. You can close this window and return to ${appName}.`;
  if (session.status === 'denied') return 'Denied. No key was created.';
  return '';
}

function handlePage(ctx: HubContext, res: ServerResponse, url: URL): void {
  const params = url.searchParams;
  let sid = '';
  try {
    sid = fromBase64Url(params.get('__token__') ?? '');
  } catch {
    sid = '';
  }
  const appName = params.get('appName') || 'An application';
  const source = params.get('source') ?? '';
  const logo = params.get('appLogo') ?? '';
  if (ctx.options.autoApprove && ctx.store.sessions.get(sid)?.status === 'pending') approveSession(ctx, sid, source);
  const session = ctx.store.sessions.get(sid);
  const state = session?.status ?? 'missing';
  const e = escapeHtml;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Authorize ${e(appName)} · AIGNE Hub (sandbox)</title>
<link rel="icon" href="/__sandbox/avatar.svg"><link rel="stylesheet" href="/__sandbox/assets/style.css">
<script src="/__sandbox/assets/approval.js" defer></script>
</head>
<body>
<main class="card" id="approval" data-state="${e(state)}" data-sid="${e(sid)}" data-source="${e(source)}" data-app-name="${e(appName)}" data-close-on-success="${params.get('closeOnSuccess') === 'true'}">
<p class="badge">Sandbox hub · no real account or provider</p>
<div class="app">${/^https?:\/\//.test(logo) ? `<img src="${e(logo)}" alt="">` : ''}<h1 id="app-name">${e(appName)}</h1></div>
<p>wants an access key for <strong>AIGNE Hub</strong>.</p>
<dl>
<dt>Key name</dt><dd id="key-name">${e(source || '(unnamed)')}</dd>
<dt>Signed in as</dt><dd>Sandbox User</dd>
</dl>
${state === 'pending' ? `<div class="actions">${ctx.options.allowDeny ? '<button id="deny" type="button">Deny</button>' : '<button id="cancel" type="button">Cancel</button>'}<button id="approve" type="button" class="primary">Approve</button></div>` : ''}
<p id="status" role="status" aria-live="polite">${e(statusText(session, appName))}</p>
</main>
</body>
</html>`;
  sendText(res, session ? 200 : 404, 'text/html; charset=utf-8', html, {
    'Content-Security-Policy': PAGE_CSP,
    'Cache-Control': 'no-store',
  });
}

/** Routes `/.well-known/service/…`; false when the path is not one of ours. */
export async function handleApproval(ctx: HubContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const path = url.pathname;
  if (path === `${SERVICE}/api/access-key/session`) await handleSessionApi(ctx, req, res, url);
  else if (path === `${SERVICE}/api/access-key/authorize` && req.method === 'POST') await handleDecision(ctx, req, res, true);
  else if (path === `${SERVICE}/api/access-key/deny` && req.method === 'POST' && ctx.options.allowDeny)
    await handleDecision(ctx, req, res, false);
  else if (path === `${SERVICE}/gen-simple-access-key` && req.method === 'GET') handlePage(ctx, res, url);
  else if ((path === `${SERVICE}/user/settings` || path === `${SERVICE}/admin/integrations/access-keys`) && req.method === 'GET') {
    // Where a real hub lists (and revokes) keys; the sandbox's own admin page does that here.
    res.writeHead(302, { Location: '/__sandbox/' });
    res.end();
  } else return false;
  return true;
}
