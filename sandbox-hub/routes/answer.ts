// Plays a chat plan into a route-specific "sink" (SSE, raw text, JSON, or
// the AIGNE framework's stream), pacing the chunks, applying the streaming
// faults and settling the call record.
import type { ServerResponse } from 'node:http';
import { tokenCredits } from '../engine/billing';
import type { HubContext } from '../state/context';
import { billed } from '../state/credits';
import { FAULT_MESSAGES } from '../engine/faults';
import type { ChatPlan, PlannedToolCall } from '../engine/generate';
import type { SandboxModel } from '../engine/models';
import type { CallHandle } from '../state/recorder';
import type { FaultKind } from '../state/types';

export interface AnswerTotals {
  promptTokens: number;
  completionTokens: number;
  credits: number;
  callId: string;
  model: SandboxModel;
  /** JSON mode: the answer, parsed. */
  json?: unknown;
}

/** How one route writes an answer; every method after `delta` ends the response. */
export interface AnswerSink {
  /** An increment of content, with the whole tool-call list so far. */
  delta(text: string, toolCalls: readonly PlannedToolCall[]): void;
  finish(totals: AnswerTotals): void;
  /** The route's own form of a provider failing mid-answer. */
  midStreamError(message: string): void;
  /** A frame the client cannot parse, then the end. */
  malformed(): void;
}

const STREAM_BREAKERS: ReadonlySet<FaultKind> = new Set(['drop', 'drop-socket', 'malformed']);

export async function playAnswer(
  ctx: HubContext,
  res: ServerResponse,
  run: { plan: ChatPlan; model: SandboxModel; call: CallHandle; fault: FaultKind | undefined; signal: AbortSignal },
  sink: AnswerSink,
): Promise<void> {
  const { plan, call, fault, signal } = run;
  const partial = (emitted: number) => ({ inputTokens: plan.promptTokens, outputTokens: emitted });

  // A tool-call-only answer still sends one delta, so "after ≥1 delta" holds.
  const steps = plan.chunks.length > 0 ? plan.chunks : [''];
  let emittedWords = 0;
  for (let i = 0; i < steps.length; i++) {
    if (plan.chunkDelayMs > 0 && !(await ctx.sleep(plan.chunkDelayMs, signal))) {
      call.fail(FAULT_MESSAGES.dropSocket, partial(emittedWords));
      if (!res.writableEnded) res.destroy();
      return;
    }
    const isLast = i === steps.length - 1;
    sink.delta(steps[i] ?? '', isLast ? plan.toolCalls : []);
    call.firstByte();
    if (plan.chunks.length > 0) emittedWords++;

    if (fault !== undefined && STREAM_BREAKERS.has(fault)) {
      breakStream(res, sink, fault, call, partial(emittedWords));
      return;
    }
  }
  const totals: AnswerTotals = {
    promptTokens: plan.promptTokens,
    completionTokens: plan.completionTokens,
    credits: billed(ctx, tokenCredits(run.model, plan.promptTokens, plan.completionTokens)),
    callId: call.record.id,
    model: run.model,
    ...(plan.json !== undefined ? { json: plan.json } : {}),
  };
  call.succeed({ inputTokens: totals.promptTokens, outputTokens: totals.completionTokens, credits: totals.credits });
  sink.finish(totals);
}

function breakStream(
  res: ServerResponse,
  sink: AnswerSink,
  fault: FaultKind,
  call: CallHandle,
  partial: { inputTokens: number; outputTokens: number },
): void {
  if (fault === 'drop') {
    call.fail(FAULT_MESSAGES.drop, partial);
    sink.midStreamError(FAULT_MESSAGES.drop);
  } else if (fault === 'malformed') {
    call.fail(FAULT_MESSAGES.malformed, partial);
    sink.malformed();
  } else {
    // drop-socket: the TCP connection dies without any closing frame.
    call.fail(FAULT_MESSAGES.dropSocket, partial);
    destroyAfterFlush(res);
  }
}

/** Destroys the socket once what was written has left it, so the client sees the deltas first. */
function destroyAfterFlush(res: ServerResponse): void {
  setImmediate(() => {
    const socket = res.socket;
    if (socket && socket.writableLength > 0) socket.once('drain', () => res.destroy());
    else res.destroy();
  });
}
