import {
  isRequestChannel,
  requests,
  type Envelope,
  type RequestChannel,
  type RequestInput,
  type RequestOutput,
} from '../../shared/contract';
import { AppError, toErrorValue } from '../../shared/errors';

/** Who is calling: hosts fill this in after they decided the sender is trusted. */
export interface CallContext {
  host: 'electron' | 'browser';
}

export type Handler<C extends RequestChannel> = (
  input: RequestInput<C> extends undefined ? undefined : NonNullable<RequestInput<C>>,
  ctx: CallContext,
) => Promise<RequestOutput<C>> | RequestOutput<C>;

export type Handlers = { [C in RequestChannel]: Handler<C> };

export interface Dispatcher {
  dispatch(channel: unknown, payload: unknown, ctx: CallContext): Promise<Envelope>;
}

/** Optional sink for failures: receives the code and channel only, never payloads (they may hold keys). */
export type ErrorSink = (info: { channel: string; code: string; internal?: unknown }) => void;

/**
 * The one path every call takes, whichever host carried it: known channel?
 * payload valid? → handler → output parsed through its schema (which also
 * strips any field the contract does not list) → envelope.
 */
export function createDispatcher(handlers: Handlers, onError?: ErrorSink): Dispatcher {
  return {
    async dispatch(channel, payload, ctx) {
      if (!isRequestChannel(channel)) {
        return fail(
          new AppError('INVALID_INPUT', 'The app asked for something it does not offer.', {
            reason: 'unknownChannel',
            channel: String(channel).slice(0, 64),
          }),
        );
      }
      const spec = requests[channel];
      const parsed = spec.input.safeParse(payload);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        onError?.({ channel, code: 'INVALID_INPUT' });
        return fail(new AppError('INVALID_INPUT', describeIssues(issues), { reason: 'invalidPayload', channel, issues }));
      }
      try {
        const handler = handlers[channel] as (input: unknown, ctx: CallContext) => unknown;
        const value = await handler(parsed.data, ctx);
        const output = spec.output.safeParse(value);
        if (!output.success) {
          onError?.({ channel, code: 'INTERNAL', internal: 'output failed its schema' });
          return fail(
            new AppError('INTERNAL', 'The app produced an answer it could not send. Please try again.', { reason: 'unsendableAnswer' }),
          );
        }
        return { ok: true, value: output.data };
      } catch (e) {
        const value = toErrorValue(e);
        onError?.({ channel, code: value.code, internal: value.code === 'INTERNAL' ? e : undefined });
        return { ok: false, error: value };
      }
    },
  };
}

function fail(e: AppError): Envelope {
  return { ok: false, error: e.toValue() };
}

function describeIssues(issues: { path: string; message: string }[]): string {
  const first = issues[0];
  if (!first) return 'The request was not valid.';
  return first.path ? `Invalid ${first.path}: ${first.message}` : `Invalid request: ${first.message}`;
}
