import type { ChatDeltaEvent, ChatResult } from '../../../shared/playground';
import { hub } from '../../hub';

/**
 * Routes `playground.delta` / `playground.done` to whoever started the stream,
 * by streamId. One subscription for the whole page: the caller chooses the id
 * and registers before `playground.chat`, so even the first delta is never missed.
 */
export interface StreamHandlers {
  delta(event: ChatDeltaEvent): void;
  done(result: ChatResult): void;
}

const handlers = new Map<string, StreamHandlers>();
let subscribed = false;

function subscribe(): void {
  if (subscribed || !hub) return;
  subscribed = true;
  hub.on('playground.delta', (event) => handlers.get(event.streamId)?.delta(event));
  hub.on('playground.done', (result) => {
    const h = handlers.get(result.streamId);
    handlers.delete(result.streamId);
    h?.done(result);
  });
}

/** Listens to one stream until its done event (or until the returned function is called). */
export function watchStream(streamId: string, h: StreamHandlers): () => void {
  subscribe();
  handlers.set(streamId, h);
  return () => {
    if (handlers.get(streamId) === h) handlers.delete(streamId);
  };
}

/**
 * Collects streamed text and hands it over at most once per animation frame, so
 * the UI repaints once a frame however many deltas (or columns) arrive.
 */
export class FrameBuffer {
  private pending = '';
  private frame: number | null = null;

  constructor(private readonly flushTo: (text: string) => void) {}

  push(text: string): void {
    if (!text) return;
    this.pending += text;
    if (this.frame === null) this.frame = requestAnimationFrame(() => this.flush());
  }

  /** Hands over what is pending now (e.g. right before the final result). */
  flush(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    if (!this.pending) return;
    const text = this.pending;
    this.pending = '';
    this.flushTo(text);
  }

  cancel(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.pending = '';
  }
}
