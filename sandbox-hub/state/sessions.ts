// Key approval sessions (docs/hub-protocol.md §3): created by a client, approved
// or denied on the approval page (or by the admin), polled until approved,
// then deleted by the client, after which the secret is never shown again.
import { randomUUID } from 'node:crypto';
import type { HubContext } from './context';
import { encryptKeySecret, newChallenge } from '../engine/crypto';
import { issueKey } from './keys';
import type { ApprovalSession } from './types';

export function createSession(ctx: HubContext, source?: string): ApprovalSession {
  const now = new Date(ctx.now()).toISOString();
  const session: ApprovalSession = {
    id: randomUUID(),
    type: 'access-key-simple',
    challenge: newChallenge(),
    createdAt: now,
    updatedAt: now,
    status: 'pending',
  };
  if (source) session.source = source;
  ctx.store.sessions.set(session.id, session);
  ctx.store.changed();
  return session;
}

/** The session as the hub shows it: key id and encrypted secret only once approved. */
export function sessionView(session: ApprovalSession, withSecret = true) {
  const view: Record<string, unknown> = {
    id: session.id,
    type: session.type,
    challenge: session.challenge,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    status: session.status,
  };
  if (session.status === 'approved') {
    view.accessKeyId = session.accessKeyId;
    if (withSecret) view.accessKeySecret = session.accessKeySecret;
  }
  return view;
}

export type SessionChange = { ok: true; session: ApprovalSession } | { ok: false; status: 404 | 409; message: string };

function pendingSession(ctx: HubContext, sid: string): SessionChange {
  const session = ctx.store.sessions.get(sid);
  if (!session) return { ok: false, status: 404, message: 'Access key session not found' };
  if (session.status !== 'pending') return { ok: false, status: 409, message: `Access key session already ${session.status}` };
  return { ok: true, session };
}

/** Issues the key (named `source`) and stores it on the session, encrypted as the hub does. */
export function approveSession(ctx: HubContext, sid: string, source?: string): SessionChange {
  const found = pendingSession(ctx, sid);
  if (!found.ok) return found;
  const { session } = found;
  const key = issueKey(ctx, { name: source || session.source });
  session.status = 'approved';
  session.accessKeyId = key.accessKeyId;
  session.accessKeySecret = encryptKeySecret(key.secret, session.challenge, key.accessKeyId);
  session.updatedAt = new Date(ctx.now()).toISOString();
  ctx.store.changed();
  return found;
}

export function denySession(ctx: HubContext, sid: string): SessionChange {
  if (!ctx.options.allowDeny) {
    return { ok: false, status: 404, message: 'A real hub has no decline: start the sandbox with --allow-deny (allowDeny) to deny' };
  }
  const found = pendingSession(ctx, sid);
  if (!found.ok) return found;
  found.session.status = 'denied';
  found.session.updatedAt = new Date(ctx.now()).toISOString();
  ctx.store.changed();
  return found;
}

/** DELETE: the session is gone; later polls get 404. */
export function closeSession(ctx: HubContext, sid: string): ApprovalSession | undefined {
  const session = ctx.store.sessions.get(sid);
  if (session) {
    ctx.store.sessions.delete(sid);
    ctx.store.changed();
  }
  return session;
}
