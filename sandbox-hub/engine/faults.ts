// Fault injection: a per-request `x-sandbox-fault` header, or a fault queued
// on a key for its next N model calls (so an app can be tested end to end
// without sending special headers). The header wins over a queued fault and
// does not consume it.
import type { IncomingMessage } from 'node:http';
import type { HubContext } from '../state/context';
import { headerString } from '../routes/http';
import type { KeyRecord, FaultKind } from '../state/types';
import { isFaultKind } from '../state/types';

export const FAULT_HEADER = 'x-sandbox-fault';

/** The fault to apply to this model call, consuming one queued use if it came from the key. */
export function takeFault(ctx: HubContext, req: IncomingMessage, key: KeyRecord | undefined): FaultKind | undefined {
  const header = headerString(req, FAULT_HEADER)?.trim().toLowerCase();
  if (header !== undefined && isFaultKind(header)) return header;
  if (!key) return undefined;
  const queued = ctx.store.keyFaults.get(key.accessKeyId);
  if (!queued) return undefined;
  queued.remaining--;
  if (queued.remaining <= 0) ctx.store.keyFaults.delete(key.accessKeyId);
  return queued.fault;
}

/** Queues `fault` for the key's next `count` model calls; count 0 clears it. */
export function queueFault(ctx: HubContext, accessKeyId: string, fault: FaultKind, count: number): void {
  if (!ctx.store.keys.has(accessKeyId)) throw new Error(`unknown key ${accessKeyId}`);
  if (count <= 0) ctx.store.keyFaults.delete(accessKeyId);
  else ctx.store.keyFaults.set(accessKeyId, { fault, remaining: Math.floor(count) });
}

export const FAULT_MESSAGES = {
  drop: 'Sandbox fault: the provider connection was lost mid-answer',
  serverError: 'Sandbox fault: internal server error',
  badGateway: 'Sandbox fault: provider unavailable',
  malformed: 'Sandbox fault: malformed frame sent',
  dropSocket: 'Response ended without completion',
} as const;
