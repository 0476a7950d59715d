import type { ChatDeltaEvent, ChatResult, Conversation, NewConversationMessage } from '../../../src/shared/playground';

/**
 * A hub API for the playground stores: chat streams are driven by the test (`delta`, `done`),
 * conversations live in memory, and every call is recorded in order.
 */
export function fakePlaygroundApi() {
  const calls: { name: string; input: unknown }[] = [];
  const record = (name: string, input: unknown) => calls.push({ name, input });
  const listeners: Record<string, Set<(payload: never) => void>> = {};
  const emit = (event: string, payload: unknown) => listeners[event]?.forEach((l) => (l as (p: unknown) => void)(payload));
  const conversations = new Map<string, Conversation>();
  let seq = 0;
  const started: { streamId: string; model: string; messages: { role: string; content: string }[] }[] = [];
  let refuse: Error | null = null;

  const save = (id: string, messages: NewConversationMessage[], patch: Partial<Conversation> = {}): Conversation => {
    const old = conversations.get(id);
    const c = {
      id,
      title: old?.title ?? 'New chat',
      model: patch.model ?? old?.model ?? 'm',
      params: patch.params ?? old?.params ?? {},
      createdAt: 'now',
      updatedAt: 'now',
      messages: messages.map((m) => ({ ...m, id: m.id ?? `m${++seq}`, createdAt: m.createdAt ?? 'now' })),
      ...(patch.keyId ? { keyId: patch.keyId } : old?.keyId ? { keyId: old.keyId } : {}),
    } as unknown as Conversation;
    conversations.set(id, c);
    return c;
  };

  const api = {
    on: (event: string, listener: (payload: never) => void) => {
      (listeners[event] ??= new Set()).add(listener);
      return () => listeners[event]!.delete(listener);
    },
    playground: {
      chat: async (input: { streamId?: string; model: string; messages: { role: string; content: string }[] }) => {
        record('playground.chat', input);
        if (refuse) throw refuse;
        started.push({ streamId: input.streamId!, model: input.model, messages: input.messages });
        return { streamId: input.streamId! };
      },
      stop: async (input: { streamId: string }) => {
        record('playground.stop', input);
        return { stopped: true };
      },
      models: async (input: unknown) => {
        record('playground.models', input);
        return { models: [], groups: [], fetchedAt: 'now' };
      },
    },
    conversations: {
      create: async (input: { messages: NewConversationMessage[]; model: string; keyId?: string }) => {
        record('conversations.create', input);
        return save(`c${++seq}`, input.messages, { model: input.model, ...(input.keyId ? { keyId: input.keyId } : {}) });
      },
      append: async (input: { id: string; messages: NewConversationMessage[] }) => {
        record('conversations.append', input);
        return save(input.id, [...(conversations.get(input.id)?.messages ?? []), ...input.messages] as NewConversationMessage[]);
      },
      replace: async (input: { id: string; messages: NewConversationMessage[] }) => {
        record('conversations.replace', input);
        return save(input.id, input.messages);
      },
      update: async (input: { id: string; model: string }) => {
        record('conversations.update', input);
        return save(input.id, conversations.get(input.id)!.messages as NewConversationMessage[], { model: input.model });
      },
      get: async (input: { id: string }) => {
        record('conversations.get', input);
        const c = conversations.get(input.id);
        if (!c) throw Object.assign(new Error('gone'), { code: 'NOT_FOUND' });
        return c;
      },
    },
  };

  return {
    api: api as never,
    calls,
    started,
    conversations,
    names: () => calls.map((c) => c.name),
    refuseNext: (error: Error | null) => (refuse = error),
    /** The latest stream (or the one given) streams text. */
    delta: (text: string, streamId = started.at(-1)!.streamId) =>
      emit('playground.delta', { streamId, text } satisfies Partial<ChatDeltaEvent>),
    /** The stream ends as main would report it. */
    done: (result: Partial<ChatResult> & { text: string }, streamId = started.at(-1)!.streamId) =>
      emit('playground.done', {
        streamId,
        model: started.find((s) => s.streamId === streamId)?.model ?? 'm',
        status: 'success',
        toolCalls: [],
        metrics: {
          ttftMs: 5,
          durationMs: 10,
          promptTokens: 1,
          completionTokens: 2,
          totalTokens: 3,
          tokensPerSecond: 1,
          estimatedCredits: 0.5,
        },
        ...result,
      }),
  };
}

/** Lets queued promises (the session's save chain) run. */
export const settle = () => new Promise((r) => setTimeout(r, 0));
