import type { HubApi } from '../../shared/client';
import type { ChatDeltaEvent, ChatResult } from '../../shared/playground';
import { toErrorValue } from '../pages/playground/helpers';

/**
 * Routes `playground.delta` / `playground.done` to whoever started the stream, by streamId.
 * One subscription for the playground: the caller chooses the id and registers before
 * `playground.chat`, so even the first delta is never missed.
 */
export interface StreamHandlers {
  delta(event: ChatDeltaEvent): void;
  done(result: ChatResult): void;
}

export type StreamEventsApi = Pick<HubApi, 'on'>;

export class StreamRouter {
  private readonly handlers = new Map<string, StreamHandlers>();
  private subscribed = false;

  constructor(private readonly api: StreamEventsApi) {}

  private subscribe(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    this.api.on('playground.delta', (event) => this.handlers.get(event.streamId)?.delta(event));
    this.api.on('playground.done', (result) => {
      const h = this.handlers.get(result.streamId);
      this.handlers.delete(result.streamId);
      h?.done(result);
    });
  }

  /** Listens to one stream until its done event (or until the returned function is called). */
  watch(streamId: string, h: StreamHandlers): () => void {
    this.subscribe();
    this.handlers.set(streamId, h);
    return () => {
      if (this.handlers.get(streamId) === h) this.handlers.delete(streamId);
    };
  }
}

// Outside a page (unit tests) a timer stands in for the animation frame.
const nextFrame: (fn: () => void) => unknown =
  typeof requestAnimationFrame === 'function' ? (fn) => requestAnimationFrame(fn) : (fn) => setTimeout(fn, 16);
const cancelFrame = (handle: unknown): void => {
  if (typeof cancelAnimationFrame === 'function' && typeof handle === 'number') cancelAnimationFrame(handle);
  else clearTimeout(handle as ReturnType<typeof setTimeout>);
};

/**
 * Collects streamed text and hands it over at most once per animation frame, so
 * the UI repaints once a frame however many deltas (or columns) arrive.
 */
export class FrameBuffer {
  private pending = '';
  private frame: unknown = null;

  constructor(private readonly flushTo: (text: string) => void) {}

  push(text: string): void {
    if (!text) return;
    this.pending += text;
    if (this.frame === null) this.frame = nextFrame(() => this.flush());
  }

  /** Hands over what is pending now (e.g. right before the final result). */
  flush(): void {
    if (this.frame !== null) cancelFrame(this.frame);
    this.frame = null;
    if (!this.pending) return;
    const text = this.pending;
    this.pending = '';
    this.flushTo(text);
  }

  cancel(): void {
    if (this.frame !== null) cancelFrame(this.frame);
    this.frame = null;
    this.pending = '';
  }
}

/** The metrics of a call that never reached the hub. */
export function emptyMetrics(): ChatResult['metrics'] {
  return {
    ttftMs: null,
    durationMs: 0,
    promptTokens: null,
    completionTokens: null,
    totalTokens: null,
    tokensPerSecond: null,
    estimatedCredits: null,
  };
}

/** The result of a chat refused before anything was sent (e.g. invalid input): no done event will come. */
export function refusedResult(streamId: string, model: string, error: unknown): ChatResult {
  return { streamId, model, status: 'failed', text: '', toolCalls: [], metrics: emptyMetrics(), error: toErrorValue(error) };
}
