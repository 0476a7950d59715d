import type { HubApi } from '../../shared/client';
import type { ErrorValue } from '../../shared/errors';
import type { ChatMessage, ChatMetrics, ChatParams, ChatResult } from '../../shared/playground';
import { newId } from '../pages/playground/helpers';
import { ExternalStore } from './external-store';
import { FrameBuffer, refusedResult, type StreamRouter } from './playground-streams';

/**
 * Compare mode: one prompt, two or three models answering side by side, each
 * its own `playground.chat` stream (routed by streamId) with its own metrics
 * and Stop. Kept outside React like the chat session.
 */

export type CompareApi = Pick<HubApi, 'playground'>;

export const MIN_COLUMNS = 2;
export const MAX_COLUMNS = 3;

export interface CompareColumn {
  id: string;
  model: string | null;
  streamId: string | null;
  text: string;
  status: ChatResult['status'] | 'streaming' | null;
  metrics: ChatMetrics | null;
  error: ErrorValue | null;
}

export interface CompareState {
  prompt: string | null;
  columns: readonly CompareColumn[];
}

function column(model: string | null = null): CompareColumn {
  return { id: newId(), model, streamId: null, text: '', status: null, metrics: null, error: null };
}

export class CompareSession extends ExternalStore<CompareState> {
  private readonly buffers = new Map<string, FrameBuffer>();

  constructor(
    private readonly api: CompareApi,
    private readonly streams: StreamRouter,
  ) {
    super({ prompt: null, columns: [column(), column()] });
  }

  private update(columnId: string, change: (c: CompareColumn) => CompareColumn): void {
    this.set({ columns: this.state.columns.map((c) => (c.id === columnId ? change(c) : c)) });
  }

  get running(): boolean {
    return this.state.columns.some((c) => c.status === 'streaming');
  }

  setModel(columnId: string, model: string): void {
    this.update(columnId, (c) => ({ ...c, model }));
  }

  addColumn(model: string | null): void {
    if (this.state.columns.length >= MAX_COLUMNS) return;
    this.set({ columns: [...this.state.columns, column(model)] });
  }

  removeColumn(columnId: string): void {
    if (this.state.columns.length <= MIN_COLUMNS) return;
    const target = this.state.columns.find((c) => c.id === columnId);
    if (target?.streamId) this.stop(columnId);
    this.set({ columns: this.state.columns.filter((c) => c.id !== columnId) });
  }

  /** Fills empty columns with distinct models (the first ones the hub lists). */
  fillModels(available: readonly string[]): void {
    const used = new Set(this.state.columns.map((c) => c.model).filter(Boolean));
    let changed = false;
    const columns = this.state.columns.map((c) => {
      if (c.model) return c;
      const next = available.find((m) => !used.has(m)) ?? available[0];
      if (!next) return c;
      used.add(next);
      changed = true;
      return { ...c, model: next };
    });
    if (changed) this.set({ columns });
  }

  /** Sends the prompt to every column at once. */
  run(prompt: string, keyId: string, system: string, params: ChatParams): boolean {
    if (this.running || prompt.trim() === '') return false;
    const messages: ChatMessage[] = [];
    if (system.trim()) messages.push({ role: 'system', content: system });
    messages.push({ role: 'user', content: prompt });
    this.set({ prompt });
    for (const c of this.state.columns) if (c.model) this.start(c.id, c.model, keyId, messages, params);
    return true;
  }

  stop(columnId: string): void {
    const streamId = this.state.columns.find((c) => c.id === columnId)?.streamId;
    if (streamId) this.api.playground.stop({ streamId }).catch(() => undefined);
  }

  stopAll(): void {
    for (const c of this.state.columns) if (c.status === 'streaming') this.stop(c.id);
  }

  private start(columnId: string, model: string, keyId: string, messages: ChatMessage[], params: ChatParams): void {
    const streamId = newId();
    const buffer = new FrameBuffer((text) => this.update(columnId, (c) => (c.streamId === streamId ? { ...c, text: c.text + text } : c)));
    this.buffers.set(streamId, buffer);
    const finish = (result: ChatResult) => {
      buffer.flush();
      buffer.cancel();
      this.buffers.delete(streamId);
      unwatch();
      this.update(columnId, (c) =>
        c.streamId === streamId
          ? { ...c, text: result.text, status: result.status, metrics: result.metrics, error: result.error ?? null }
          : c,
      );
    };
    const unwatch = this.streams.watch(streamId, { delta: (e) => buffer.push(e.text), done: finish });
    this.update(columnId, (c) => ({ ...c, model, streamId, text: '', status: 'streaming', metrics: null, error: null }));
    this.api.playground
      .chat({ keyId, model, messages, params, streamId })
      .catch((error: unknown) => finish(refusedResult(streamId, model, error)));
  }

  /** Runs one column again with the last prompt (its Retry button). */
  retry(columnId: string, keyId: string, system: string, params: ChatParams): void {
    const c = this.state.columns.find((x) => x.id === columnId);
    if (!c?.model || !this.state.prompt || c.status === 'streaming') return;
    const messages: ChatMessage[] = [];
    if (system.trim()) messages.push({ role: 'system', content: system });
    messages.push({ role: 'user', content: this.state.prompt });
    this.start(columnId, c.model, keyId, messages, params);
  }

  clear(): void {
    this.stopAll();
    this.set({ prompt: null, columns: this.state.columns.map((c) => ({ ...column(c.model), id: c.id })) });
  }
}
