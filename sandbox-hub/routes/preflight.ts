// The part every model route shares, in the hub's order: body parsing,
// the key, fault injection, the call record, the credit check.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Caller } from './auth';
import { NOT_AUTHENTICATED, resolveCaller } from './auth';
import type { HubContext } from '../state/context';
import { creditError, hasCredits } from '../state/credits';
import { FAULT_MESSAGES, takeFault } from '../engine/faults';
import { headerString, readJsonBody, sendEventStreamError, sendJson, wantsEventStream } from './http';
import type { CallHandle } from '../state/recorder';
import { startCall } from '../state/recorder';
import type { CallType, FaultKind } from '../state/types';

/** Answers an error in the hub's error-handler shapes; `error` is a string or an object. */
export type ErrorRenderer = (status: number, error: unknown) => void;

/** The hub's error handler: JSON with the status, or 200 + one SSE event when SSE was accepted. */
export function hubErrorRenderer(req: IncomingMessage, res: ServerResponse): ErrorRenderer {
  const sse = wantsEventStream(req);
  return (status, error) => {
    if (res.headersSent || res.destroyed) {
      res.end();
      return;
    }
    if (sse) sendEventStreamError(res, error);
    else sendJson(res, status, { error });
  };
}

/** Aborts when the client goes away before the answer is complete. */
export function clientGoneSignal(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

export interface Preflight {
  body: unknown;
  caller: Caller;
  /** Undefined when the body names no model (the hub's tracker records nothing then). */
  call: CallHandle | undefined;
  fault: FaultKind | undefined;
  /** ms spent resolving the key, for the `server-timing` event. */
  sessionMs: number;
}

export interface PreflightOptions {
  type: CallType;
  endpoint: string;
  modelId(body: unknown): string | undefined;
  renderError: ErrorRenderer;
  signal: AbortSignal;
}

/** Runs the shared checks; answers and returns undefined when the call must stop here. */
export async function preflight(
  ctx: HubContext,
  req: IncomingMessage,
  res: ServerResponse,
  options: PreflightOptions,
): Promise<Preflight | undefined> {
  const { renderError } = options;
  const body = await readJsonBody(req);
  if (!body.ok) {
    renderError(body.status, { message: body.message });
    return undefined;
  }
  const sessionStart = performance.now();
  const resolved = resolveCaller(ctx, req);
  const fault = takeFault(ctx, req, resolved?.key);
  const sessionMs = Math.round(performance.now() - sessionStart);

  if (fault === 'slow-headers' && !(await ctx.sleep(ctx.options.slowHeadersMs, options.signal))) {
    res.destroy(); // the client gave up or the hub is closing
    return undefined;
  }
  const caller = fault === 'auth' ? undefined : resolved;
  if (!caller) {
    renderError(401, NOT_AUTHENTICATED);
    return undefined;
  }

  const modelId = options.modelId(body.value);
  const call = modelId ? startCall(ctx, req, caller, { type: options.type, modelId, endpoint: options.endpoint }) : undefined;

  if (fault === 'credit' || !hasCredits(ctx, caller.user)) {
    const error = creditError(ctx, caller.user.did);
    call?.fail(error.message);
    renderError(402, error);
    return undefined;
  }
  if (fault === 'server-error') {
    call?.fail(FAULT_MESSAGES.serverError);
    renderError(500, { message: FAULT_MESSAGES.serverError });
    return undefined;
  }
  if (fault === 'server-error-502') {
    call?.fail(FAULT_MESSAGES.badGateway);
    renderError(502, FAULT_MESSAGES.badGateway);
    return undefined;
  }
  return { body: body.value, caller, call, fault, sessionMs };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `body.model` when it is a non-empty string. */
export function bodyModel(body: unknown): string | undefined {
  return isRecord(body) && typeof body.model === 'string' && body.model !== '' ? body.model : undefined;
}

/** Tokens per second for prose: `x-sandbox-tokens-per-second` overrides the hub option. */
export function proseSpeed(ctx: HubContext, req: IncomingMessage): number {
  const header = Number(headerString(req, 'x-sandbox-tokens-per-second') ?? Number.NaN);
  return Number.isFinite(header) && header >= 0 ? header : ctx.options.proseTokensPerSecond;
}
