// Access keys: issuing (by approval or directly by the admin) and revoking,
// as Blocklet Server does for the hub.
import type { HubContext } from './context';
import { setBalance } from './credits';
import { accessKeyIdFor, newKeySecret } from '../engine/crypto';
import { DEFAULT_USER_DID } from './store';
import type { KeyRecord } from './types';

export interface IssueKeyInput {
  name?: string | undefined;
  userDid?: string | undefined;
  /** Sets the balance of the key's user (balances belong to users, not keys). */
  credits?: number | undefined;
}

export function defaultKeyName(ctx: HubContext): string {
  return `Sandbox key ${ctx.store.keys.size + 1}`;
}

export function issueKey(ctx: HubContext, input: IssueKeyInput = {}): KeyRecord {
  const user = ctx.store.ensureUser(input.userDid ?? DEFAULT_USER_DID);
  if (input.credits !== undefined) setBalance(ctx, user, input.credits);
  const secret = newKeySecret();
  const key: KeyRecord = {
    accessKeyId: accessKeyIdFor(secret),
    secret,
    remark: input.name?.trim() || defaultKeyName(ctx),
    userDid: user.did,
    createdAt: ctx.now(),
    lastUsedAt: null,
    revokedAt: null,
  };
  ctx.store.addKey(key);
  return key;
}

/** Revokes at once; false when the key does not exist. */
export function revokeKey(ctx: HubContext, accessKeyId: string): boolean {
  const key = ctx.store.keys.get(accessKeyId);
  if (!key) return false;
  key.revokedAt ??= ctx.now();
  ctx.store.keyFaults.delete(accessKeyId);
  ctx.store.changed();
  return true;
}

/** What the admin sees of a key: everything but the secret. */
export function keySummary(key: KeyRecord) {
  return {
    accessKeyId: key.accessKeyId,
    name: key.remark,
    userDid: key.userDid,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
    status: key.revokedAt === null ? 'active' : 'revoked',
  };
}
