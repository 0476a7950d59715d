// The skeleton both chat routes share: preflight, the route's own body
// check, the model, the plan, then the answer in the route's own format.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AnswerSink } from './answer';
import { playAnswer } from './answer';
import type { HubContext } from '../state/context';
import type { ChatRequest } from '../engine/generate';
import { planChat } from '../engine/generate';
import { resolveModel } from '../engine/models';
import { clientGoneSignal, hubErrorRenderer, preflight, proseSpeed } from './preflight';
import { startCall } from '../state/recorder';
import type { Validation } from '../engine/validate';

export interface ChatRoute<T extends ChatRequest & { model: string }> {
  endpoint: string;
  /** The model the call record names, read before validation (as the hub's tracker does). */
  modelId(body: unknown): string | undefined;
  parse(body: unknown): Validation<T>;
  /** The route's answer format; `timing` feeds the SSE `server-timing` event. */
  sink(request: T, timing: { startedAt: number; sessionMs: number }): AnswerSink;
}

export async function serveChat<T extends ChatRequest & { model: string }>(
  ctx: HubContext,
  req: IncomingMessage,
  res: ServerResponse,
  route: ChatRoute<T>,
): Promise<void> {
  const startedAt = performance.now();
  const signal = clientGoneSignal(res);
  const renderError = hubErrorRenderer(req, res);
  const { endpoint } = route;
  const pre = await preflight(ctx, req, res, { type: 'chatCompletion', endpoint, modelId: route.modelId, renderError, signal });
  if (!pre) return;

  const parsed = route.parse(pre.body);
  if (!parsed.ok) {
    pre.call?.fail(parsed.message);
    renderError(400, parsed.message);
    return;
  }
  const lookup = resolveModel(parsed.value.model, 'chat');
  if (!lookup.ok) {
    pre.call?.fail(lookup.message);
    renderError(lookup.status, lookup.message);
    return;
  }
  const call = pre.call ?? startCall(ctx, req, pre.caller, { type: 'chatCompletion', modelId: lookup.model.key, endpoint });
  if (lookup.model.checkError) {
    // A model whose check failed still takes calls; its provider then fails them (the hub's 502 CustomError form).
    call.fail(lookup.model.checkError.message);
    renderError(502, lookup.model.checkError.message);
    return;
  }
  const plan = planChat(lookup.model, parsed.value, { proseTokensPerSecond: proseSpeed(ctx, req), callId: call.record.id });
  const sink = route.sink(parsed.value, { startedAt, sessionMs: pre.sessionMs });
  await playAnswer(ctx, res, { plan, model: lookup.model, call, fault: pre.fault, signal }, sink);
}
