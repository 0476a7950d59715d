import type { z } from 'zod';
import { isRequestChannel, requests, type Envelope, type RequestChannel, type Requests, type RequestOutput } from '../../shared/contract';
import { AppError, toErrorValue } from '../../shared/errors';
import { MAX_REPORTED_ISSUES, PAYLOAD_LIMITS } from '../../shared/limits';

/** Who is calling: hosts fill this in after they decided the sender is trusted. */
export interface CallContext {
  host: 'electron' | 'browser';
}

/** A request's input after the contract parsed it (defaults filled in, unknown keys refused). */
export type ParsedInput<C extends RequestChannel> = z.output<Requests[C]['input']>;

export type Handler<C extends RequestChannel> = (input: ParsedInput<C>, ctx: CallContext) => Promise<RequestOutput<C>> | RequestOutput<C>;

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
        // Only a string is echoed back: stringifying a hostile object could recurse without end.
        const name = typeof channel === 'string' ? channel.slice(0, 64) : typeof channel;
        return fail(
          new AppError('INVALID_INPUT', 'The app asked for something it does not offer.', { reason: 'unknownChannel', channel: name }),
        );
      }
      let input: unknown;
      try {
        input = parseRequest(channel, payload);
      } catch (e) {
        onError?.({ channel, code: 'INVALID_INPUT' });
        return { ok: false, error: toErrorValue(e) };
      }
      try {
        const handler = handlers[channel] as (input: unknown, ctx: CallContext) => unknown;
        const value = await handler(input, ctx);
        const output = requests[channel].output.safeParse(value);
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

/**
 * The one check a request's input gets: bounded shape first, then the
 * contract's schema. The dispatcher calls it for every request; code that
 * calls a service without going through IPC (tests, tools) calls it too, so
 * services only ever see parsed input and never validate it again.
 * Throws INVALID_INPUT with the reason and the first few problems.
 */
export function parseRequest<C extends RequestChannel>(channel: C, payload: unknown): ParsedInput<C> {
  const tooBig = checkShape(payload);
  if (tooBig) throw new AppError('INVALID_INPUT', tooBig.message, { reason: tooBig.reason, channel, limit: tooBig.limit });
  const parsed = (requests[channel].input as z.ZodType).safeParse(payload);
  if (parsed.success) return parsed.data as ParsedInput<C>;
  const all = parsed.error.issues;
  const issues = all
    .slice(0, MAX_REPORTED_ISSUES)
    .map((i) => ({ path: i.path.slice(0, 8).join('.').slice(0, 200), message: i.message.slice(0, 300) }));
  throw new AppError('INVALID_INPUT', describeIssues(issues), {
    reason: 'schema',
    channel,
    issues,
    ...(all.length > issues.length ? { moreIssues: all.length - issues.length } : {}),
  });
}

interface ShapeProblem {
  reason: 'tooDeep' | 'tooLong' | 'tooManyKeys' | 'tooLarge' | 'sparseArray';
  limit: number;
  message: string;
}

/**
 * Walks the payload once within PAYLOAD_LIMITS before any schema sees it: a
 * sparse array of ten million holes or a deep nest is refused in bounded time.
 */
export function checkShape(payload: unknown): ShapeProblem | undefined {
  const L = PAYLOAD_LIMITS;
  let nodes = 0;
  let chars = 0;
  const stack: { value: unknown; depth: number }[] = [{ value: payload, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (++nodes > L.maxNodes) return problem('tooLarge', L.maxNodes, 'The request is too large.');
    if (typeof value === 'string') {
      chars += value.length;
      if (chars > L.maxStringChars) return problem('tooLarge', L.maxStringChars, 'The request holds too much text.');
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= L.maxDepth) return problem('tooDeep', L.maxDepth, 'The request is nested too deeply.');
    if (Array.isArray(value)) {
      if (value.length > L.maxArrayLength) return problem('tooLong', L.maxArrayLength, 'The request holds a list that is too long.');
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) return problem('sparseArray', L.maxArrayLength, 'The request holds a list with gaps.');
        stack.push({ value: value[i], depth: depth + 1 });
      }
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > L.maxObjectKeys) return problem('tooManyKeys', L.maxObjectKeys, 'The request holds an object with too many fields.');
    for (const k of keys) {
      chars += k.length;
      stack.push({ value: (value as Record<string, unknown>)[k], depth: depth + 1 });
    }
  }
  return undefined;
}

function problem(reason: ShapeProblem['reason'], limit: number, message: string): ShapeProblem {
  return { reason, limit, message };
}

function fail(e: AppError): Envelope {
  return { ok: false, error: e.toValue() };
}

function describeIssues(issues: { path: string; message: string }[]): string {
  const first = issues[0];
  if (!first) return 'The request was not valid.';
  return first.path ? `Invalid ${first.path}: ${first.message}` : `Invalid request: ${first.message}`;
}
