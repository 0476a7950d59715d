// The sandbox's admin API, in process (for tests): what a hub admin would do
// in the Blocklet dashboard, plus fault injection and seeding.
import type { HubContext } from './context';
import { setBalance } from './credits';
import { queueFault } from '../engine/faults';
import { issueKey, keySummary, revokeKey } from './keys';
import { seedUsage } from './seed';
import type { SeedResult } from './seed';
import { approveSession, denySession, sessionView } from './sessions';
import type { CallRecord, FaultKind, UserRecord } from './types';
import { isFaultKind } from './types';

export type KeySummary = ReturnType<typeof keySummary>;

export interface CreatedKey {
  accessKeyId: string;
  /** The plain `blocklet-…` key to send as `Authorization: Bearer`. */
  secret: string;
  name: string;
  userDid: string;
}

export interface SandboxAdmin {
  /** Issues a key directly, without the browser flow. `credits` sets the balance of the key's user. */
  createKey(input?: { name?: string; credits?: number; userDid?: string }): CreatedKey;
  /** Revokes a key at once: its next call gets 401. */
  revokeKey(accessKeyId: string): void;
  /** Sets the balance of a user, given the user's DID or one of its keys' ids. */
  setCredits(accessKeyIdOrUserDid: string, credits: number): void;
  /** Balance, grant total and pending credits of a user (by DID or key id). */
  credits(accessKeyIdOrUserDid: string): { balance: number; granted: number; pending: number };
  /** Makes the key's next `count` model calls fail with `fault` (count 0 clears). */
  injectFault(accessKeyId: string, fault: FaultKind, count?: number): void;
  approveSession(sid: string, source?: string): { accessKeyId: string };
  denySession(sid: string): void;
  listKeys(): KeySummary[];
  listSessions(): Record<string, unknown>[];
  /** The recorded calls, oldest first (copies). */
  calls(): CallRecord[];
  seedUsage(days: number, options?: { now?: number }): SeedResult;
}

function userFor(ctx: HubContext, target: string): UserRecord {
  const key = ctx.store.keys.get(target);
  const did = key?.userDid ?? target;
  if (!key && !ctx.store.users.has(did)) throw new Error(`no key or user ${target}`);
  return ctx.store.ensureUser(did);
}

export function createAdmin(ctx: HubContext): SandboxAdmin {
  return {
    createKey(input = {}) {
      const key = issueKey(ctx, input);
      return { accessKeyId: key.accessKeyId, secret: key.secret, name: key.remark, userDid: key.userDid };
    },
    revokeKey(accessKeyId) {
      if (!revokeKey(ctx, accessKeyId)) throw new Error(`unknown key ${accessKeyId}`);
    },
    setCredits(target, credits) {
      if (!Number.isFinite(credits)) throw new Error('credits must be a number');
      setBalance(ctx, userFor(ctx, target), credits);
    },
    credits(target) {
      const { balance, granted, pending } = userFor(ctx, target);
      return { balance, granted, pending };
    },
    injectFault(accessKeyId, fault, count = 1) {
      if (!isFaultKind(fault)) throw new Error(`unknown fault ${String(fault)}`);
      queueFault(ctx, accessKeyId, fault, count);
    },
    approveSession(sid, source) {
      const change = approveSession(ctx, sid, source);
      if (!change.ok) throw new Error(change.message);
      return { accessKeyId: change.session.accessKeyId ?? '' };
    },
    denySession(sid) {
      const change = denySession(ctx, sid);
      if (!change.ok) throw new Error(change.message);
    },
    listKeys: () => [...ctx.store.keys.values()].map(keySummary),
    listSessions: () => [...ctx.store.sessions.values()].map((s) => sessionView(s, false)),
    calls: () => ctx.store.calls.map((c) => structuredClone(c)),
    seedUsage: (days, options = {}) => seedUsage(ctx, days, options.now ?? ctx.now()),
  };
}
