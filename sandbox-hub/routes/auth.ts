// Resolving `Authorization: Bearer <key>` to a key and its user. Like the
// hub's session middleware, an unknown, revoked or missing key is not
// rejected here: the caller is simply anonymous and each route answers 401.
import type { IncomingMessage } from 'node:http';
import type { HubContext } from '../state/context';
import { headerString } from './http';
import type { KeyRecord, UserRecord } from '../state/types';

export interface Caller {
  key: KeyRecord;
  user: UserRecord;
}

export const NOT_AUTHENTICATED = 'User not authenticated';
export const UNAUTHORIZED = 'Unauthorized';

export function bearerToken(req: IncomingMessage): string | undefined {
  const header = headerString(req, 'authorization');
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/**
 * The calling key and user, or undefined. Revocation takes effect at once
 * (a real hub may honour a revoked key for up to 60 s from its cache).
 */
export function resolveCaller(ctx: HubContext, req: IncomingMessage, touch = true): Caller | undefined {
  const token = bearerToken(req);
  if (!token) return undefined;
  const key = ctx.store.keyBySecret(token);
  if (!key || key.revokedAt !== null) return undefined;
  if (touch) {
    key.lastUsedAt = ctx.now();
    ctx.store.changed();
  }
  return { key, user: ctx.store.ensureUser(key.userDid) };
}
