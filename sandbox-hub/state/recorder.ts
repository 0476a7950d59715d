// Records every model call as a current hub's model-call tracker does: one
// record written when the call ends (`success` with usage and credits, or
// `failed` with a reason), its `callTime` the call's start, so a long call
// lands in a window a client may already have read (docs/hub-protocol.md §7).
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Caller } from '../routes/auth';
import type { HubContext } from './context';
import { spend } from './credits';
import { headerString } from '../routes/http';
import { SANDBOX_PROVIDER_ID, splitModelId } from '../engine/models';
import type { CallRecord, CallType } from './types';

export interface CallUsage {
  inputTokens: number;
  outputTokens: number;
  credits: number;
  /** Defaults to input + output tokens; image calls count images. */
  totalUsage?: number;
}

export interface CallHandle {
  readonly record: CallRecord;
  /** Call when the first byte of the answer is written (ttfb). */
  firstByte(): void;
  succeed(usage: CallUsage): void;
  fail(reason: string, partial?: { inputTokens: number; outputTokens: number }): void;
}

/** `appDid` is the client DID header when sent, else the key's id: per-key usage. */
export function appDidFor(req: IncomingMessage, caller: Caller): string {
  return headerString(req, 'x-aigne-hub-client-did') ?? caller.key.accessKeyId;
}

/**
 * The request id the hub sees. Behind Blocklet Server's gateway (nginx sets
 * `X-Request-ID $request_id`) it is the gateway's own 32-hex id, whatever the
 * client sent; `gateway: false` keeps the client's header.
 */
export function requestIdFor(ctx: HubContext, req: IncomingMessage): string | undefined {
  if (ctx.options.gateway) return randomBytes(16).toString('hex');
  return headerString(req, 'x-request-id');
}

export function startCall(
  ctx: HubContext,
  req: IncomingMessage,
  caller: Caller,
  call: { type: CallType; modelId: string; endpoint: string },
): CallHandle {
  const started = performance.now();
  const nowMs = ctx.now();
  const { model } = splitModelId(call.modelId);
  const iso = new Date(nowMs).toISOString();
  const record: CallRecord = {
    id: randomUUID(),
    callTime: Math.floor(nowMs / 1000),
    createdAt: iso,
    updatedAt: iso,
    model,
    providerId: SANDBOX_PROVIDER_ID,
    type: call.type,
    status: 'processing',
    duration: 0,
    ttfb: 0,
    totalUsage: 0,
    usageMetrics: { inputTokens: 0, outputTokens: 0 },
    credits: 0,
    appDid: appDidFor(req, caller),
    userDid: caller.user.did,
    metadata: { endpoint: call.endpoint },
  };
  const requestId = requestIdFor(ctx, req);
  if (requestId !== undefined) record.requestId = requestId;

  let ttfbMs: number | undefined;
  let settled = false;
  const finish = () => {
    const elapsed = performance.now() - started;
    record.duration = Math.round(elapsed) / 1000;
    record.ttfb = Math.round(ttfbMs ?? elapsed);
    record.updatedAt = new Date(ctx.now()).toISOString();
    settled = true;
    ctx.store.addCall(record);
  };

  return {
    record,
    firstByte() {
      ttfbMs ??= performance.now() - started;
    },
    succeed(usage) {
      if (settled) return;
      record.status = 'success';
      record.usageMetrics = { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens };
      record.totalUsage = usage.totalUsage ?? usage.inputTokens + usage.outputTokens;
      record.credits = usage.credits;
      spend(ctx, caller.user, usage.credits);
      finish();
    },
    fail(reason, partial) {
      if (settled) return;
      record.status = 'failed';
      record.errorReason = reason.slice(0, 1000);
      if (partial) {
        record.usageMetrics = { ...partial };
        record.totalUsage = partial.inputTokens + partial.outputTokens;
      }
      finish();
    },
  };
}
