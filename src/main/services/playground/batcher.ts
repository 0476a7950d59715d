import { performance } from 'node:perf_hooks';
import type { ToolCall } from '../../../shared/playground';

export const DEFAULT_BATCH_INTERVAL_MS = 16;

/**
 * Coalesces stream deltas so the renderer repaints at most once a frame.
 *
 * The first push is emitted at once; later pushes accumulate and an emit is
 * scheduled for `intervalMs` after the previous one (on the next macrotask, or
 * at the end of the network chunk via `flushIfDue`, when the stream was quiet
 * for longer). Everything pushed in the same tick — a network chunk often holds
 * dozens of events — goes out as one delta. `flush` emits what is pending at
 * once (the service calls it before done/error), so nothing is ever held back.
 * Tool calls replace, so only the latest list is kept. An interval of 0 emits
 * on every push.
 */
export class DeltaBatcher {
  private text = '';
  private toolCalls: ToolCall[] | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastEmitAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (text: string, toolCalls: ToolCall[] | undefined) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(text: string, toolCalls?: ToolCall[]): void {
    this.text += text;
    if (toolCalls) this.toolCalls = toolCalls;
    if (this.text === '' && !this.toolCalls) return;
    // The first text of an answer goes out at once: time to first token is what the user feels most.
    if (this.intervalMs <= 0 || this.lastEmitAt === Number.NEGATIVE_INFINITY) return this.flush();
    if (this.timer) return;
    const wait = Math.max(0, this.lastEmitAt + this.intervalMs - this.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /**
   * Emits now what is pending if a frame has passed since the last emit (the
   * service calls it after each network chunk): the first delta of an answer
   * then goes out without waiting for a timer turn.
   */
  flushIfDue(): void {
    if (this.timer && this.now() >= this.lastEmitAt + this.intervalMs) this.flush();
  }

  /** Emits whatever is pending now. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.text === '' && !this.toolCalls) return;
    const text = this.text;
    const toolCalls = this.toolCalls;
    this.text = '';
    this.toolCalls = undefined;
    this.lastEmitAt = this.now();
    this.emit(text, toolCalls);
  }

  /** Drops the timer without emitting (after a final flush). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
