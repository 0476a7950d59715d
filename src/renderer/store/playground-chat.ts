import type { HubApi } from '../../shared/client';
import type { ErrorValue } from '../../shared/errors';
import type {
  ChatMessage,
  ChatMetrics,
  ChatParams,
  ChatResult,
  ChatStatus,
  Conversation,
  ConversationMessage,
  NewConversationMessage,
  ToolCall,
} from '../../shared/playground';
import { newId, toErrorValue } from '../pages/playground/helpers';
import { draftFromParams, EMPTY_PARAMS, type ParamsDraft } from '../pages/playground/params';
import { ExternalStore } from './external-store';
import { emptyMetrics, FrameBuffer, refusedResult, type StreamRouter } from './playground-streams';

/**
 * The chat tab's state, outside React: a conversation survives switching
 * sections, a running answer keeps streaming (and is saved) while the user is
 * on another page, and only the message being streamed changes per frame.
 */

/** The calls the chat needs: the real client, or a fake in unit tests. */
export type ChatApi = Pick<HubApi, 'playground' | 'conversations'>;

/** A click on Stop this soon after Send, before any text showed, is the second half of a double click. */
export const STOP_GRACE_MS = 700;

export type UiStatus = ChatStatus | 'streaming';

export interface UiMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  createdAt: string;
  model?: string;
  status?: UiStatus;
  metrics?: ChatMetrics;
  error?: ErrorValue;
  toolCalls?: ToolCall[];
}

export interface ChatTotals {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Sum of the per-answer estimates; null when none had one. */
  estimatedCredits: number | null;
}

export interface SessionState {
  conversationId: string | null;
  title: string | null;
  messages: readonly UiMessage[];
  system: string;
  model: string | null;
  keyId: string | null;
  params: ParamsDraft;
  /** The composer's text (kept when the user leaves the page). */
  draft: string;
  streaming: boolean;
  /** A conversation is being read and it is taking long enough to say so. */
  loading: boolean;
  /** Bumped each time a saved conversation is opened (its message list starts afresh, at its end). */
  opened: number;
  /** A failed save or load, in words; the conversation on screen is still there. */
  saveError: string | null;
  loadError: ErrorValue | null;
  /** Bumped after every save, so the conversation list reloads. */
  savedVersion: number;
}

/** What the store knows about the saved copy of the conversation on screen. */
interface Binding {
  id: string | null;
  /** Ids of the saved messages, in order (system prompt first when there is one). */
  ids: string[];
  /** Something other than "new messages at the end" changed: the next save replaces the list. */
  dirty: boolean;
  /** model, key and params as last saved. */
  meta: string;
}

interface Running {
  streamId: string;
  startedAt: number;
  messageId: string;
  buffer: FrameBuffer;
  unwatch: () => void;
  finished: Promise<void>;
  finish: () => void;
}

/** How long opening a conversation may take before the list says it is loading. */
const LOADING_SHOWN_AFTER_MS = 150;

export class ChatSession extends ExternalStore<SessionState> {
  private binding: Binding = { id: null, ids: [], dirty: false, meta: '' };
  private systemId = newId();
  private running: Running | null = null;
  private saving: Promise<void> = Promise.resolve();
  /** Saves queued and not yet finished: with none, a conversation can be read at once. */
  private savesPending = 0;
  private lastParams: ChatParams = {};

  constructor(
    private readonly api: ChatApi,
    private readonly streams: StreamRouter,
    private readonly clock: () => number = Date.now,
  ) {
    super({
      conversationId: null,
      title: null,
      messages: [],
      system: '',
      model: null,
      keyId: null,
      params: EMPTY_PARAMS,
      draft: '',
      streaming: false,
      loading: false,
      opened: 0,
      saveError: null,
      loadError: null,
      savedVersion: 0,
    });
  }

  private setMessage(id: string, change: (m: UiMessage) => UiMessage): void {
    this.set({ messages: this.state.messages.map((m) => (m.id === id ? change(m) : m)) });
  }

  // ---- settings ----

  setModel(model: string): void {
    if (model !== this.state.model) this.set({ model });
  }

  setKey(keyId: string | null): void {
    if (keyId !== this.state.keyId) this.set({ keyId });
  }

  setParams(params: ParamsDraft): void {
    this.set({ params });
  }

  setDraft(draft: string): void {
    this.set({ draft });
  }

  setSystem(system: string): void {
    if (system === this.state.system) return;
    if (this.binding.id) this.binding.dirty = true;
    this.set({ system });
  }

  // ---- chat ----

  /** Sends a prompt; false when it cannot be sent right now (nothing typed, no key or model, or an answer is running). */
  send(text: string, params: ChatParams): boolean {
    if (this.running || text.trim() === '' || !this.state.keyId || !this.state.model) return false;
    const user: UiMessage = { id: newId(), role: 'user', content: text, createdAt: now() };
    this.set({ messages: [...this.state.messages, user] });
    this.answer(params);
    return true;
  }

  /** Asks again for the last answer (or answers a prompt left without one). */
  regenerate(params: ChatParams): void {
    if (this.running) return;
    const messages = [...this.state.messages];
    while (messages.length && messages[messages.length - 1]!.role === 'assistant') messages.pop();
    if (!messages.length) return;
    this.markDirty();
    this.set({ messages });
    this.answer(params);
  }

  /** Changes a prompt, drops everything after it and sends it again. */
  editAndResend(messageId: string, text: string, params: ChatParams): void {
    if (this.running || text.trim() === '') return;
    const index = this.state.messages.findIndex((m) => m.id === messageId);
    const target = this.state.messages[index];
    if (!target || target.role !== 'user') return;
    this.markDirty();
    this.set({ messages: [...this.state.messages.slice(0, index), { ...target, content: text, createdAt: now() }] });
    this.answer(params);
  }

  /** Removes one message; returns a function that puts it back. */
  deleteMessage(messageId: string): (() => void) | null {
    if (this.running) return null;
    const before = this.state.messages;
    if (!before.some((m) => m.id === messageId)) return null;
    this.markDirty();
    this.set({ messages: before.filter((m) => m.id !== messageId) });
    this.save();
    const binding = this.binding;
    return () => {
      if (this.binding !== binding || this.running) return;
      this.markDirty();
      this.set({ messages: before });
      this.save();
    };
  }

  /**
   * Stops the running answer. `fromClick`: the Stop button took the place of Send, so a click
   * right after sending, before any text showed, is a double click on Send and is ignored.
   */
  stop(options: { fromClick?: boolean } = {}): void {
    const running = this.running;
    if (!running) return;
    if (options.fromClick && this.clock() - running.startedAt < STOP_GRACE_MS) {
      const shown = this.state.messages.find((m) => m.id === running.messageId);
      if (!shown?.content) return;
    }
    // If main no longer knows the stream (its end was lost on the way), end it here, keeping the text.
    const orphaned = () =>
      setTimeout(() => {
        if (this.running !== running) return;
        running.buffer.flush();
        const message = this.state.messages.find((m) => m.id === running.messageId);
        const content = message?.content ?? '';
        const model = message?.model ?? this.state.model ?? 'unknown';
        this.settle(running, {
          streamId: running.streamId,
          model,
          status: 'stopped',
          text: content,
          toolCalls: [],
          metrics: emptyMetrics(),
        });
      }, 1500);
    this.api.playground.stop({ streamId: running.streamId }).then(({ stopped }) => !stopped && orphaned(), orphaned);
  }

  /** Stops the running answer (if any) and waits until it is settled and queued for saving. */
  async stopAndWait(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.stop();
    await running.finished;
  }

  /** The messages a request would carry now: the system prompt, then the conversation (empty failed answers left out). */
  requestMessages(extraUserText?: string): ChatMessage[] {
    const list: ChatMessage[] = [];
    if (this.state.system.trim()) list.push({ role: 'system', content: this.state.system });
    for (const m of this.state.messages) {
      if (m.status === 'streaming') continue;
      if (m.role === 'assistant' && m.content === '') continue;
      list.push({ role: m.role, content: m.content });
    }
    if (extraUserText?.trim()) list.push({ role: 'user', content: extraUserText });
    return list;
  }

  private answer(params: ChatParams): void {
    const { keyId, model } = this.state;
    if (!keyId || !model) return;
    this.lastParams = params;
    const messages = this.requestMessages();
    const assistant: UiMessage = { id: newId(), role: 'assistant', content: '', createdAt: now(), model, status: 'streaming' };
    const streamId = newId();
    let finish = () => {};
    const finished = new Promise<void>((resolve) => (finish = resolve));
    const buffer = new FrameBuffer((text) => this.setMessage(assistant.id, (m) => ({ ...m, content: m.content + text })));
    const running: Running = {
      streamId,
      startedAt: this.clock(),
      messageId: assistant.id,
      buffer,
      finished,
      finish,
      unwatch: this.streams.watch(streamId, {
        delta: (event) => {
          buffer.push(event.text);
          if (event.toolCalls) {
            const toolCalls = event.toolCalls;
            this.setMessage(assistant.id, (m) => ({ ...m, toolCalls }));
          }
        },
        done: (result) => this.settle(running, result),
      }),
    };
    this.running = running;
    this.set({ messages: [...this.state.messages, assistant], streaming: true });
    this.api.playground.chat({ keyId, model, messages, params, streamId }).catch((error: unknown) => {
      // Refused before anything was sent (e.g. invalid input): no done event will come.
      running.unwatch();
      this.settle(running, refusedResult(streamId, model, error));
    });
  }

  private settle(running: Running, result: ChatResult): void {
    if (this.running !== running) return;
    running.buffer.flush();
    running.buffer.cancel();
    running.unwatch();
    this.running = null;
    this.setMessage(running.messageId, (m) => {
      const settled: UiMessage = { ...m, content: result.text, status: result.status, metrics: result.metrics, model: result.model };
      if (result.toolCalls.length) settled.toolCalls = result.toolCalls;
      if (result.error) settled.error = result.error;
      return settled;
    });
    this.set({ streaming: false });
    this.save();
    running.finish();
  }

  // ---- conversations ----

  /** Starts an empty conversation, keeping the key, model, system prompt and parameters. */
  async newChat(): Promise<void> {
    await this.stopAndWait();
    this.binding = { id: null, ids: [], dirty: false, meta: '' };
    this.systemId = newId();
    this.set({ conversationId: null, title: null, messages: [], saveError: null, loadError: null, loading: false });
  }

  async open(id: string): Promise<Conversation | null> {
    // With no answer running and no save queued, the request leaves now, in the click's own
    // task, before anything renders; otherwise it waits for them (it must read what they save).
    const idle = !this.running && this.savesPending === 0;
    if (!idle) await this.stopAndWait();
    const request = idle ? this.api.conversations.get({ id }) : this.saving.then(() => this.api.conversations.get({ id }));
    // "Loading" only once the wait is long enough to notice: a quick open goes straight from one
    // conversation to the next, without rendering and painting a loading state in between.
    const slow = setTimeout(() => this.set({ loading: true }), LOADING_SHOWN_AFTER_MS);
    if (this.state.loadError) this.set({ loadError: null });
    try {
      const conversation = await request;
      clearTimeout(slow);
      const system = conversation.messages[0]?.role === 'system' ? conversation.messages[0] : undefined;
      this.systemId = system?.id ?? newId();
      this.binding = { id: conversation.id, ids: conversation.messages.map((m) => m.id), dirty: false, meta: '' };
      this.lastParams = conversation.params;
      this.set({
        conversationId: conversation.id,
        title: conversation.title,
        messages: conversation.messages.filter((m) => m.role !== 'system').map(toUiMessage),
        system: system?.content ?? '',
        model: conversation.model,
        keyId: conversation.keyId ?? this.state.keyId,
        params: draftFromParams(conversation.params),
        loading: false,
        opened: this.state.opened + 1,
        saveError: null,
      });
      this.binding.meta = this.meta();
      return conversation;
    } catch (error) {
      clearTimeout(slow);
      this.set({ loading: false, loadError: toErrorValue(error) });
      return null;
    }
  }

  /** The list says this conversation was renamed or deleted elsewhere. */
  renamed(id: string, title: string): void {
    if (this.state.conversationId === id) this.set({ title });
  }

  async deleted(id: string): Promise<void> {
    if (this.state.conversationId === id) await this.newChat();
  }

  private markDirty(): void {
    if (this.binding.id) this.binding.dirty = true;
  }

  private meta(): string {
    return JSON.stringify([this.state.model, this.state.keyId, this.lastParams]);
  }

  /** Queues a save of the conversation as it is now; saves run one after another. */
  private save(): void {
    const binding = this.binding;
    const wire = this.wireMessages();
    if (!binding.id && wire.every((m) => m.role === 'system')) return;
    const model = this.state.model ?? 'unknown';
    const keyId = this.state.keyId;
    const params = this.lastParams;
    const meta = this.meta();
    this.savesPending++;
    this.saving = this.saving.then(async () => {
      try {
        let conversation: Conversation;
        if (!binding.id) {
          conversation = await this.api.conversations.create({ model, ...(keyId ? { keyId } : {}), params, messages: wire });
          binding.id = conversation.id;
        } else {
          const prefix = binding.ids.every((id, i) => wire[i]?.id === id);
          if (binding.dirty || !prefix) {
            conversation = await this.api.conversations.replace({ id: binding.id, messages: wire });
          } else if (wire.length > binding.ids.length) {
            conversation = await this.api.conversations.append({ id: binding.id, messages: wire.slice(binding.ids.length) });
          } else {
            conversation = await this.api.conversations.get({ id: binding.id });
          }
          if (meta !== binding.meta) {
            conversation = await this.api.conversations.update({ id: binding.id, model, ...(keyId ? { keyId } : {}), params });
          }
        }
        binding.ids = wire.map((m) => m.id!);
        binding.dirty = false;
        binding.meta = meta;
        if (this.binding === binding) this.set({ conversationId: conversation.id, title: conversation.title, saveError: null });
        this.set({ savedVersion: this.state.savedVersion + 1 });
      } catch (error) {
        if (this.binding === binding) this.set({ saveError: toErrorValue(error).message });
      } finally {
        this.savesPending--;
      }
    });
  }

  /** The conversation as it is saved: the system prompt first, then every settled message. */
  private wireMessages(): NewConversationMessage[] {
    const list: NewConversationMessage[] = [];
    if (this.state.system.trim()) list.push({ id: this.systemId, role: 'system', content: this.state.system, createdAt: now() });
    for (const m of this.state.messages) {
      if (m.status === 'streaming') continue;
      const saved: NewConversationMessage = { id: m.id, role: m.role, content: m.content, createdAt: m.createdAt };
      if (m.model) saved.model = m.model;
      if (m.status) saved.status = m.status;
      if (m.metrics) saved.metrics = m.metrics;
      if (m.toolCalls?.length) saved.toolCalls = m.toolCalls;
      if (m.error) saved.error = m.error;
      list.push(saved);
    }
    return list;
  }
}

function toUiMessage(m: ConversationMessage): UiMessage {
  const ui: UiMessage = { id: m.id, role: m.role === 'user' ? 'user' : 'assistant', content: m.content, createdAt: m.createdAt };
  if (m.model) ui.model = m.model;
  if (m.status) ui.status = m.status;
  if (m.metrics) ui.metrics = m.metrics;
  if (m.error) ui.error = m.error;
  if (m.toolCalls?.length) ui.toolCalls = m.toolCalls;
  return ui;
}

function now(): string {
  return new Date().toISOString();
}

/** Running totals over the answers on screen: calls, tokens and the summed credit estimate. */
export function totalsOf(messages: readonly UiMessage[]): ChatTotals {
  const totals: ChatTotals = { calls: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, estimatedCredits: null };
  for (const m of messages) {
    if (m.role !== 'assistant' || !m.metrics || m.status === 'streaming') continue;
    // A call that never reached the hub (refused at once) cost nothing and is not counted.
    if (m.metrics.durationMs === 0 && m.metrics.totalTokens === null) continue;
    totals.calls++;
    totals.promptTokens += m.metrics.promptTokens ?? 0;
    totals.completionTokens += m.metrics.completionTokens ?? 0;
    totals.totalTokens += m.metrics.totalTokens ?? (m.metrics.promptTokens ?? 0) + (m.metrics.completionTokens ?? 0);
    if (m.metrics.estimatedCredits !== null) {
      totals.estimatedCredits = Math.round(((totals.estimatedCredits ?? 0) + m.metrics.estimatedCredits) * 1e10) / 1e10;
    }
  }
  return totals;
}
