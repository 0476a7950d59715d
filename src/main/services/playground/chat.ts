import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { errors as undiciErrors, type Dispatcher } from 'undici';
import { CHAT_COMPLETIONS_PATH, chatRequestBody } from '../../../shared/code-export';
import { AppError } from '../../../shared/errors';
import {
  chatRequestSchema,
  type ChatDeltaEvent,
  type ChatRequest,
  type ChatRequestInput,
  type ChatResult,
  type ChatStatus,
  type ToolCall,
} from '../../../shared/playground';
import { hubErrorFromResponse } from '../hub/hub-errors';
import { networkError, openRequest, readCapped } from '../hub/http';
import { DEFAULT_BATCH_INTERVAL_MS, DeltaBatcher } from './batcher';
import { CallRecorder } from './call-recorder';
import { forPlayground, parseInput, toPlaygroundError } from './errors';
import { hubChatEvents, hubStreamError, malformedStreamError, plainDeltaText } from './hub-events';
import { formatSeconds, hostOf } from './http';
import { computeChatMetrics } from './metrics';
import { ratesLookup } from './models';
import type { CallLogSink, KeyResolver, RatesSource, ResolvedKey } from './ports';
import { SseParser, SseTooLongError, type SseEvent } from './sse';
import { MAX_ANSWER_CHARS } from '../../../shared/limits';

// A reasoning model can think for minutes before its first byte and between
// chunks; the hub sends nothing meanwhile (hub-protocol.md §5).
export const DEFAULT_HEADERS_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 10 * 60_000;
/** The whole call, however the hub paces it. */
export const DEFAULT_DEADLINE_MS = 30 * 60_000;
/** Bytes of one event-stream answer, whatever they carry. */
export const DEFAULT_MAX_STREAM_BYTES = 64 * 1024 * 1024;
/** One SSE line or event (characters). */
export const DEFAULT_MAX_SSE_LINE_CHARS = 4 * 1024 * 1024;
const MAX_ERROR_BODY_BYTES = 1024 * 1024;
const MAX_JSON_ANSWER_BYTES = 16 * 1024 * 1024;

export interface ChatServiceOptions {
  /** How long to wait for the hub's response headers (default 10 min). */
  headersTimeoutMs?: number;
  /** How long the stream may stay silent between chunks (default 10 min). */
  idleTimeoutMs?: number;
  /** The whole call, first byte to last (default 30 min). */
  deadlineMs?: number;
  /** Characters of answer text kept (default MAX_ANSWER_CHARS). */
  maxAnswerChars?: number;
  /** Bytes of one streamed answer (default 64 MiB). */
  maxStreamBytes?: number;
  /** Characters of one SSE line or event (default 4 Mi). */
  maxLineChars?: number;
  /** Minimum gap between two delta events (default 16 ms, one frame). */
  batchIntervalMs?: number;
  /** After the answer, how long to wait for the model's rates for the credit estimate (default 2 s). */
  ratesWaitMs?: number;
  userAgent?: string;
  dispatcher?: Dispatcher;
}

export interface ChatServiceDeps {
  keys: KeyResolver;
  models: RatesSource;
  callLog?: CallLogSink;
  options?: ChatServiceOptions;
}

export interface ChatHandlers {
  /** Text appended since the previous delta (and the whole tool-call list when it changed); at most once per batch interval. */
  onDelta?(event: ChatDeltaEvent): void;
  /** Once, with the same value `done` resolves to. */
  onDone?(result: ChatResult): void;
}

export interface ChatStream {
  streamId: string;
  /** Always resolves (never rejects): success, stopped or failed, with the text received so far. */
  done: Promise<ChatResult>;
}

/**
 * Aborts the stream's request (Stop, the deadline). undici takes an EventEmitter
 * as its `signal`; listening on one costs a fraction of an AbortSignal listener,
 * which was a measurable part of every chat's time to first token.
 */
class StopSignal extends EventEmitter {
  aborted = false;

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit('abort');
  }
}

interface ActiveStream {
  controller: StopSignal;
  stopRequested: boolean;
  deadlineHit?: boolean;
  /** Resolves when Stop is pressed (cheaper than a listener on the abort signal). */
  stopped: Promise<typeof ABORTED>;
  onStop: () => void;
}

interface StreamState {
  text: string;
  toolCalls: ToolCall[];
  usage: { promptTokens: number; completionTokens: number; totalTokens: number } | undefined;
  serverTiming: { sessionMs?: number; totalMs?: number } | undefined;
  firstDeltaAt: number | undefined;
  outcome: 'completed' | 'stopped' | 'failed' | undefined;
  error: AppError | undefined;
}

/**
 * Streams chat answers from a hub (`POST {mount}/api/v2/chat/completions` with
 * `Accept: text/event-stream`), measures them, lets the user stop them and
 * records every call in the client call log.
 *
 * Never sends `x-aigne-hub-client-did` (hub-protocol.md §2: without it the hub
 * attributes the call to the key, which per-key usage needs). Sends the call
 * log entry's id as `x-request-id`, so the hub's record can be matched to ours.
 */
export class ChatService {
  private readonly active = new Map<string, ActiveStream>();
  private readonly keys: KeyResolver;
  private readonly models: RatesSource;
  private readonly callLog: CallLogSink | undefined;
  private readonly headersTimeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly deadlineMs: number;
  private readonly maxAnswerChars: number;
  private readonly maxStreamBytes: number;
  private readonly maxLineChars: number;
  private readonly batchIntervalMs: number;
  private readonly ratesWaitMs: number;
  private readonly userAgent: string | undefined;
  private readonly dispatcher: Dispatcher | undefined;

  constructor(deps: ChatServiceDeps) {
    const options = deps.options ?? {};
    this.keys = deps.keys;
    this.models = deps.models;
    this.callLog = deps.callLog;
    this.headersTimeoutMs = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
    this.maxAnswerChars = options.maxAnswerChars ?? MAX_ANSWER_CHARS;
    this.maxStreamBytes = options.maxStreamBytes ?? DEFAULT_MAX_STREAM_BYTES;
    this.maxLineChars = options.maxLineChars ?? DEFAULT_MAX_SSE_LINE_CHARS;
    this.batchIntervalMs = options.batchIntervalMs ?? DEFAULT_BATCH_INTERVAL_MS;
    this.ratesWaitMs = options.ratesWaitMs ?? 2_000;
    this.userAgent = options.userAgent;
    this.dispatcher = options.dispatcher;
  }

  /**
   * Starts a stream. Throws INVALID_INPUT at once for a bad request (nothing is
   * sent); everything after that — key, network, hub errors — resolves `done`
   * with status `failed` and a typed error.
   */
  stream(input: ChatRequestInput, handlers: ChatHandlers = {}): ChatStream {
    return this.start(parseInput(chatRequestSchema, input), handlers);
  }

  /** Starts a stream for a request already validated at the boundary (the IPC dispatcher parses each payload once). */
  start(request: ChatRequest, handlers: ChatHandlers = {}): ChatStream {
    const streamId = request.streamId ?? randomUUID();
    if (this.active.has(streamId))
      throw new AppError('INVALID_INPUT', 'A chat with this id is already running.', { reason: 'chatRunning', streamId });
    let onStop = () => {};
    const stopped = new Promise<typeof ABORTED>((resolve) => (onStop = () => resolve(ABORTED)));
    const active: ActiveStream = { controller: new StopSignal(), stopRequested: false, stopped, onStop };
    this.active.set(streamId, active);

    const done = this.run(streamId, request, active, handlers)
      .catch((error: unknown) => this.result(streamId, request, 'failed', emptyState(), nothingMeasured(), toPlaygroundError(error)))
      .then((result) => {
        this.active.delete(streamId);
        safely(() => handlers.onDone?.(result));
        return result;
      });
    return { streamId, done };
  }

  /** Stops a running stream: the HTTP request is aborted and `done` resolves `stopped` with the partial text. */
  stop(streamId: string): boolean {
    const active = this.active.get(streamId);
    if (!active || active.stopRequested) return false;
    active.stopRequested = true;
    active.controller.abort();
    active.onStop();
    return true;
  }

  /** Stops every running stream (window closed, app quitting). */
  stopAll(): void {
    for (const id of [...this.active.keys()]) this.stop(id);
  }

  runningStreams(): string[] {
    return [...this.active.keys()];
  }

  private async run(streamId: string, request: ChatRequest, active: ActiveStream, handlers: ChatHandlers): Promise<ChatResult> {
    const state = emptyState();
    let key: ResolvedKey;
    // Until a key is resolved nothing has been sent: no call to log, nothing measured.
    try {
      // Stop must not wait for a slow keychain: race the lookup against the abort.
      const lookup = this.keys.resolve(request.keyId);
      lookup.catch(() => {});
      const resolved = await Promise.race([lookup, active.stopped]);
      if (resolved === ABORTED) return this.result(streamId, request, 'stopped', state);
      key = resolved;
    } catch (error) {
      if (active.stopRequested) return this.result(streamId, request, 'stopped', state);
      return this.result(streamId, request, 'failed', state, undefined, toPlaygroundError(error));
    }
    if (active.stopRequested) return this.result(streamId, request, 'stopped', state);

    const recorder = new CallRecorder(this.callLog, key, request.keyId, request.model, 'chat');
    const callId = recorder.id;
    const startedAt = performance.now();
    const url = `${key.mountUrl.replace(/\/+$/, '')}${CHAT_COMPLETIONS_PATH}`;
    const response = this.send(url, key, request, callId, active);
    response.catch(() => {});
    // What reading the answer needs is set up once the request is out, while the hub works on it:
    // undici writes a request on a reused keep-alive socket from a setImmediate (after checking the
    // idle socket), so anything done before that turn would delay the request itself.
    await new Promise<void>((resolve) => setImmediate(resolve));
    const rates = ratesLookup(this.models, key.mountUrl, request.model, 'chat', this.ratesWaitMs);
    const batcher = new DeltaBatcher(this.batchIntervalMs, (text, toolCalls) =>
      safely(() => handlers.onDelta?.(toolCalls ? { streamId, text, toolCalls } : { streamId, text })),
    );
    // The overall deadline aborts like Stop does, but ends as a failure that names it.
    const deadline = setTimeout(() => {
      active.deadlineHit = true;
      active.controller.abort();
    }, this.deadlineMs);
    try {
      await this.exchange(url, response, active, state, batcher);
    } finally {
      clearTimeout(deadline);
      batcher.flush();
      batcher.dispose();
    }
    if (active.deadlineHit && state.outcome !== 'completed') {
      state.outcome = 'failed';
      state.error = new AppError(
        'TIMEOUT',
        `The answer took longer than ${formatMinutes(this.deadlineMs)} in all, so it was stopped. The text received so far is kept.`,
        { reason: 'deadline', timeoutMs: this.deadlineMs },
      );
    }
    const endedAt = performance.now();

    let status: ChatStatus;
    if (state.outcome === 'completed') status = 'success';
    else if (state.outcome === 'stopped' || (active.stopRequested && state.outcome !== 'failed')) status = 'stopped';
    else status = 'failed';
    const error =
      status === 'failed'
        ? (state.error ?? new AppError('INTERNAL', 'The answer ended for an unknown reason.', { reason: 'answerEnded' }))
        : undefined;

    const modelRates = state.usage ? await rates() : undefined;
    const metrics = computeChatMetrics({
      startedAt,
      firstDeltaAt: state.firstDeltaAt,
      endedAt,
      usage: state.usage,
      rates: modelRates,
      serverTiming: state.serverTiming,
    });

    recorder.settle(status, {
      errorCode: error?.code,
      ttfbMs: metrics.ttftMs,
      durationMs: metrics.durationMs,
      promptTokens: metrics.promptTokens,
      completionTokens: metrics.completionTokens,
      estimatedCredits: metrics.estimatedCredits,
    });

    return this.result(streamId, request, status, state, metrics, error, callId);
  }

  /** Sends the chat request (written at once when the dispatcher is known). */
  private send(
    url: string,
    key: ResolvedKey,
    request: ChatRequest,
    callId: string,
    active: ActiveStream,
  ): Promise<Dispatcher.ResponseData> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${key.secret}`,
      'x-request-id': callId,
    };
    if (this.userAgent) headers['user-agent'] = this.userAgent;
    return openRequest(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(chatRequestBody(request, { stream: true })),
      signal: active.controller,
      pool: 'stream',
      dispatcher: this.dispatcher,
      headersTimeout: this.headersTimeoutMs,
      bodyTimeout: this.idleTimeoutMs,
    });
  }

  /** Reads the answer to `send`; records the outcome in `state` and never throws. */
  private async exchange(
    url: string,
    response: Promise<Dispatcher.ResponseData>,
    active: ActiveStream,
    state: StreamState,
    batcher: DeltaBatcher,
  ): Promise<void> {
    const fail = (error: AppError) => {
      state.outcome = 'failed';
      state.error = error;
    };

    let res: Dispatcher.ResponseData;
    try {
      res = await response;
    } catch (error) {
      if (active.stopRequested) state.outcome = 'stopped';
      else if (!active.deadlineHit) fail(this.connectFailure(error, url));
      return;
    }

    const body = res.body;
    // Destroying an unread body emits an error; it is expected and handled here.
    body.on('error', () => {});
    // Set once an event ended the answer (an error, too long): the rest of the stream is ignored.
    let ended = false;
    try {
      if (res.statusCode < 200 || res.statusCode >= 300) {
        const text = (await readCapped(body, MAX_ERROR_BODY_BYTES)).toString('utf8');
        return fail(forPlayground(hubErrorFromResponse(res.statusCode, text)));
      }
      const contentType = String(res.headers['content-type'] ?? '');
      if (!/^\s*text\/event-stream/i.test(contentType)) {
        // Not SSE (a proxy, or an old hub ignoring Accept): read one JSON answer.
        const text = (await readCapped(body, MAX_JSON_ANSWER_BYTES)).toString('utf8');
        return this.applyJsonAnswer(text, state, batcher);
      }
      const parser = new SseParser({ maxLineChars: this.maxLineChars });
      // Each event is applied as soon as it is parsed: the first token of a big chunk goes out
      // before the rest of the chunk is read.
      const onEvent = (event: SseEvent) => {
        if (!ended && this.applyEvent(event, state, batcher)) ended = true;
      };
      let received = 0;
      for await (const chunk of body) {
        received += (chunk as Buffer).length;
        if (received > this.maxStreamBytes) {
          return fail(
            new AppError(
              'HUB_ERROR',
              `The hub sent more than ${formatMegabytes(this.maxStreamBytes)} for one answer, so it was stopped. The text received so far is kept.`,
              { reason: 'streamTooLarge', maxBytes: this.maxStreamBytes },
            ),
          );
        }
        parser.push(chunk as Buffer, onEvent);
        if (ended) return;
        batcher.flushIfDue();
      }
      parser.end(onEvent);
      if (ended) return;
      if (state.text === '' && state.toolCalls.length === 0 && !state.usage) {
        return fail(new AppError('HUB_ERROR', 'The hub ended the answer without sending anything. Try again.', { reason: 'empty-stream' }));
      }
      state.outcome = 'completed';
    } catch (error) {
      // What followed the event that ended the answer (in the same chunk) does not replace its reason.
      if (ended) return;
      if (error instanceof SseTooLongError) {
        fail(
          new AppError(
            'HUB_ERROR',
            `The hub sent one line of over ${formatMegabytes(error.maxLineChars)} without ending it, so the answer was stopped. The text received so far is kept.`,
            { reason: 'sseLineTooLong', maxChars: error.maxLineChars },
          ),
        );
      } else if (active.stopRequested) state.outcome = 'stopped';
      else if (!active.deadlineHit) fail(this.bodyFailure(error, url));
    } finally {
      if (!body.readableEnded) body.destroy();
    }
  }

  /** Applies one parsed event; true when the stream must end (an error). */
  private applyEvent(event: SseEvent, state: StreamState, batcher: DeltaBatcher): boolean {
    // Most of a stream is the hub's plain delta: applied without building event objects.
    const plain = plainDeltaText(event);
    if (plain !== undefined) return this.applyDelta(plain, undefined, state, batcher);
    for (const item of hubChatEvents(event)) {
      switch (item.type) {
        case 'delta':
          if (this.applyDelta(item.content, item.toolCalls, state, batcher)) return true;
          break;
        case 'usage':
          state.usage = { promptTokens: item.promptTokens, completionTokens: item.completionTokens, totalTokens: item.totalTokens };
          break;
        case 'server-timing': {
          const { type: _type, ...timing } = item;
          state.serverTiming = timing;
          break;
        }
        case 'error':
          state.outcome = 'failed';
          state.error = forPlayground(item.error);
          return true;
      }
    }
    return false;
  }

  /** Appends a delta within the answer's cap; true when the cap ended the answer. */
  private applyDelta(text: string, toolCalls: ToolCall[] | undefined, state: StreamState, batcher: DeltaBatcher): boolean {
    if (text !== '' || toolCalls) state.firstDeltaAt ??= performance.now();
    const room = this.maxAnswerChars - state.text.length;
    const content = text.length > room ? text.slice(0, Math.max(0, room)) : text;
    state.text += content;
    if (toolCalls) state.toolCalls = toolCalls;
    batcher.push(content, toolCalls);
    if (text.length <= room) return false;
    state.outcome = 'failed';
    state.error = new AppError(
      'HUB_ERROR',
      `The answer grew past ${this.maxAnswerChars.toLocaleString('en-US')} characters, so it was stopped. The text received so far is kept.`,
      { reason: 'answerTooLong', maxChars: this.maxAnswerChars },
    );
    return true;
  }

  /** A non-SSE 200: `{text|content, toolCalls?}`, or `{error}`. */
  private applyJsonAnswer(text: string, state: StreamState, batcher: DeltaBatcher): void {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      state.outcome = 'failed';
      state.error = malformedStreamError();
      return;
    }
    const answer = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
    if (answer.error !== undefined && answer.error !== null) {
      state.outcome = 'failed';
      state.error = forPlayground(hubStreamError(answer.error));
      return;
    }
    const content = typeof answer.text === 'string' ? answer.text : typeof answer.content === 'string' ? answer.content : '';
    this.applyEvent({ data: JSON.stringify({ delta: { content, toolCalls: answer.toolCalls ?? [] } }) }, state, batcher);
    state.outcome = 'completed';
  }

  private connectFailure(error: unknown, url: string): AppError {
    if (error instanceof undiciErrors.HeadersTimeoutError) {
      return new AppError(
        'TIMEOUT',
        `${hostOf(url)} did not start answering within ${formatSeconds(this.headersTimeoutMs)}. The hub or the model may be overloaded; try again.`,
        {
          reason: 'noFirstToken',
          seconds: Math.round(this.headersTimeoutMs / 1000),
          phase: 'headers',
          timeoutMs: this.headersTimeoutMs,
          host: hostOf(url),
        },
      );
    }
    return networkError(error, url);
  }

  private bodyFailure(error: unknown, url: string): AppError {
    if (error instanceof AppError) return error;
    if (error instanceof undiciErrors.BodyTimeoutError) {
      return new AppError(
        'TIMEOUT',
        `The hub went silent for ${formatSeconds(this.idleTimeoutMs)} in the middle of the answer, so it was stopped. The text received so far is kept.`,
        {
          reason: 'silentStream',
          seconds: Math.round(this.idleTimeoutMs / 1000),
          phase: 'idle',
          timeoutMs: this.idleTimeoutMs,
          host: hostOf(url),
        },
      );
    }
    return new AppError(
      'HUB_UNREACHABLE',
      `The connection to ${hostOf(url)} was lost before the answer finished. The text received so far is kept; try again.`,
      { ...networkError(error, url).detail, reason: 'dropped' },
    );
  }

  private result(
    streamId: string,
    request: ChatRequest,
    status: ChatStatus,
    state: StreamState,
    metrics: ChatResult['metrics'] = nothingMeasured(),
    error?: AppError,
    callId?: string,
  ): ChatResult {
    const result: ChatResult = {
      streamId,
      model: request.model,
      status,
      text: state.text,
      toolCalls: state.toolCalls,
      metrics,
    };
    if (callId) result.callId = callId;
    if (error) result.error = error.toValue();
    return result;
  }
}

const ABORTED = Symbol('aborted');

function formatMinutes(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : formatSeconds(ms);
}

function formatMegabytes(n: number): string {
  return `${Math.round(n / (1024 * 1024))} MB`;
}

/** The metrics of a call that was never sent. */
function nothingMeasured(): ChatResult['metrics'] {
  return computeChatMetrics({ startedAt: 0, firstDeltaAt: undefined, endedAt: 0, usage: undefined, rates: undefined });
}

function emptyState(): StreamState {
  return {
    text: '',
    toolCalls: [],
    usage: undefined,
    serverTiming: undefined,
    firstDeltaAt: undefined,
    outcome: undefined,
    error: undefined,
  };
}

/** Runs a callback from the outside world (UI handlers, the call log); its failure must not break the stream. */
function safely(fn: () => unknown): void {
  try {
    const r = fn();
    if (r instanceof Promise) r.catch(() => {});
  } catch {
    // A handler's failure is not the stream's failure.
  }
}
