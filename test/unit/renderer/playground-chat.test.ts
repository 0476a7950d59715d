import { describe, expect, it, vi } from 'vitest';
import { ChatSession, STOP_GRACE_MS, totalsOf } from '../../../src/renderer/store/playground-chat';
import { CompareSession } from '../../../src/renderer/store/playground-compare';
import { StreamRouter } from '../../../src/renderer/store/playground-streams';
import { fakePlaygroundApi, settle } from './playground-fake';

function session(clock = () => 0) {
  const fake = fakePlaygroundApi();
  const chat = new ChatSession(fake.api, new StreamRouter(fake.api), clock);
  chat.setKey('k1');
  chat.setModel('sandbox/prose');
  return { fake, chat };
}

const texts = (chat: ChatSession) => chat.getSnapshot().messages.map((m) => `${m.role}:${m.content}:${m.status ?? ''}`);

describe('chat session store', () => {
  it('send streams the answer into one message and saves the pair once, in one create', async () => {
    const { fake, chat } = session();
    expect(chat.send('hello', { temperature: 0.5 })).toBe(true);
    expect(chat.getSnapshot().streaming).toBe(true);
    expect(fake.started[0]!.messages).toEqual([{ role: 'user', content: 'hello' }]);
    fake.delta('Hi ');
    fake.done({ text: 'Hi there' });
    await settle();
    expect(texts(chat)).toEqual(['user:hello:', 'assistant:Hi there:success']);
    expect(chat.getSnapshot().streaming).toBe(false);
    expect(fake.names().filter((n) => n.startsWith('conversations.'))).toEqual(['conversations.create']);
    expect(chat.getSnapshot().conversationId).toBe('c1');
  });

  it('refuses to send with nothing typed, without a key, or while an answer runs', () => {
    const { fake, chat } = session();
    expect(chat.send('   ', {})).toBe(false);
    expect(chat.send('one', {})).toBe(true);
    expect(chat.send('two', {})).toBe(false);
    chat.setKey(null);
    expect(fake.started).toHaveLength(1);
  });

  it('the next prompt is appended to the saved conversation (only the new messages cross)', async () => {
    const { fake, chat } = session();
    chat.send('one', {});
    fake.done({ text: 'first' });
    await settle();
    chat.send('two', {});
    expect(fake.started[1]!.messages.map((m) => m.content)).toEqual(['one', 'first', 'two']);
    fake.done({ text: 'second' });
    await settle();
    const append = fake.calls.find((c) => c.name === 'conversations.append')!.input as { messages: { content: string }[] };
    expect(append.messages.map((m) => m.content)).toEqual(['two', 'second']);
    expect(fake.conversations.get('c1')!.messages.map((m) => m.content)).toEqual(['one', 'first', 'two', 'second']);
  });

  it('stop keeps the partial text, marked stopped, and saves it', async () => {
    const { fake, chat } = session();
    chat.send('tell me', {});
    fake.delta('Once upon');
    chat.stop();
    expect(fake.names()).toContain('playground.stop');
    fake.done({ text: 'Once upon', status: 'stopped' });
    await settle();
    expect(texts(chat)).toEqual(['user:tell me:', 'assistant:Once upon:stopped']);
    expect(fake.conversations.get('c1')!.messages[1]!.status).toBe('stopped');
  });

  it('a second click on Send (now Stop) right after sending, before any text, does not stop the answer', () => {
    let now = 1000;
    const { fake, chat } = session(() => now);
    chat.send('hi', {});
    now += 150;
    chat.stop({ fromClick: true });
    expect(fake.names()).not.toContain('playground.stop');
    // Later, or once text shows, a click stops; Esc (not a click) always stops.
    now += STOP_GRACE_MS;
    chat.stop({ fromClick: true });
    expect(fake.names()).toContain('playground.stop');
  });

  it('a click on Stop once text is showing stops at once, even right after sending', async () => {
    let now = 0;
    const { fake, chat } = session(() => now);
    chat.send('hi', {});
    fake.delta('Hel');
    await new Promise((r) => setTimeout(r, 30)); // the frame buffer hands the text over
    now += 100;
    chat.stop({ fromClick: true });
    expect(fake.names()).toContain('playground.stop');
  });

  it('regenerate drops the last answer, asks again with the same prompt and replaces the saved list', async () => {
    const { fake, chat } = session();
    chat.send('q', {});
    fake.done({ text: 'a1' });
    await settle();
    chat.regenerate({});
    expect(fake.started[1]!.messages).toEqual([{ role: 'user', content: 'q' }]);
    fake.done({ text: 'a2' });
    await settle();
    expect(texts(chat)).toEqual(['user:q:', 'assistant:a2:success']);
    expect(fake.names()).toContain('conversations.replace');
    expect(fake.conversations.get('c1')!.messages.map((m) => m.content)).toEqual(['q', 'a2']);
  });

  it('edit and resend changes the prompt, drops what followed and answers again', async () => {
    const { fake, chat } = session();
    chat.send('first', {});
    fake.done({ text: 'a' });
    await settle();
    chat.send('second', {});
    fake.done({ text: 'b' });
    await settle();
    const firstId = chat.getSnapshot().messages[0]!.id;
    chat.editAndResend(firstId, 'first, edited', {});
    expect(fake.started[2]!.messages).toEqual([{ role: 'user', content: 'first, edited' }]);
    fake.done({ text: 'c' });
    await settle();
    expect(fake.conversations.get('c1')!.messages.map((m) => m.content)).toEqual(['first, edited', 'c']);
  });

  it('a refused call (nothing sent) ends as a failed answer with the error, and is saved', async () => {
    const { fake, chat } = session();
    fake.refuseNext(Object.assign(new Error('bad input'), { code: 'INVALID_INPUT' }));
    chat.send('x', {});
    await settle();
    await settle();
    const last = chat.getSnapshot().messages.at(-1)!;
    expect(last.status).toBe('failed');
    expect(last.error?.message).toBe('bad input');
    expect(chat.getSnapshot().streaming).toBe(false);
  });

  it('the system prompt goes first into the request and is saved with the conversation', async () => {
    const { fake, chat } = session();
    chat.setSystem('Be brief.');
    chat.send('hi', {});
    expect(fake.started[0]!.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    fake.done({ text: 'ok' });
    await settle();
    expect(fake.conversations.get('c1')!.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant']);
  });

  it('opening a saved conversation restores its messages, model and parameters; new chat clears it', async () => {
    const { fake, chat } = session();
    chat.send('saved', {});
    fake.done({ text: 'answer' });
    await settle();
    await chat.newChat();
    expect(chat.getSnapshot().messages).toHaveLength(0);
    const opened = await chat.open('c1');
    expect(opened?.id).toBe('c1');
    expect(texts(chat)).toEqual(['user:saved:', 'assistant:answer:success']);
    expect(chat.getSnapshot().conversationId).toBe('c1');
  });

  it('opening asks for the conversation at once and says "loading" only when the read is slow', async () => {
    const { fake, chat } = session();
    chat.send('saved', {});
    fake.done({ text: 'answer' });
    await settle();
    await chat.newChat();
    const api = fake.api as unknown as { conversations: { get: (input: { id: string }) => Promise<unknown> } };
    const realGet = api.conversations.get;
    let release = () => {};
    const asked: string[] = [];
    api.conversations.get = (input) => {
      asked.push(input.id);
      return new Promise((ok) => (release = () => ok(realGet(input))));
    };
    vi.useFakeTimers();
    try {
      const seen: boolean[] = [];
      const unsubscribe = chat.subscribe(() => seen.push(chat.getSnapshot().loading));
      const opening = chat.open('c1');
      // Already on its way when `open` returns: nothing awaited (and so nothing rendered) first.
      expect(asked).toEqual(['c1']);
      vi.advanceTimersByTime(100);
      expect(chat.getSnapshot().loading).toBe(false);
      vi.advanceTimersByTime(100);
      expect(chat.getSnapshot().loading).toBe(true);
      release();
      await vi.runAllTimersAsync();
      await opening;
      unsubscribe();
      expect(chat.getSnapshot().loading).toBe(false);
      expect(texts(chat)).toEqual(['user:saved:', 'assistant:answer:success']);
      expect(seen).toContain(true);

      // A quick read goes straight to the conversation: no loading state is ever set.
      api.conversations.get = realGet;
      await chat.newChat();
      const before = chat.getSnapshot().opened;
      const states: boolean[] = [];
      const off = chat.subscribe(() => states.push(chat.getSnapshot().loading));
      await chat.open('c1');
      await vi.runAllTimersAsync();
      off();
      expect(states.every((loading) => !loading)).toBe(true);
      expect(chat.getSnapshot().opened).toBe(before + 1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('deleting a message saves the shorter list, and undo puts it back', async () => {
    const { fake, chat } = session();
    chat.send('keep', {});
    fake.done({ text: 'gone soon' });
    await settle();
    const undo = chat.deleteMessage(chat.getSnapshot().messages[1]!.id)!;
    await settle();
    expect(fake.conversations.get('c1')!.messages.map((m) => m.content)).toEqual(['keep']);
    undo();
    await settle();
    expect(fake.conversations.get('c1')!.messages.map((m) => m.content)).toEqual(['keep', 'gone soon']);
  });

  it('totals count only answers that reached the hub', () => {
    const metrics = {
      ttftMs: 1,
      durationMs: 10,
      promptTokens: 2,
      completionTokens: 3,
      totalTokens: 5,
      tokensPerSecond: 1,
      estimatedCredits: 0.1,
    };
    const totals = totalsOf([
      { id: '1', role: 'assistant', content: 'a', createdAt: '', status: 'success', metrics },
      { id: '2', role: 'assistant', content: 'b', createdAt: '', status: 'success', metrics: { ...metrics, estimatedCredits: 0.2 } },
      {
        id: '3',
        role: 'assistant',
        content: '',
        createdAt: '',
        status: 'failed',
        metrics: { ...metrics, durationMs: 0, totalTokens: null },
      },
    ]);
    expect(totals).toMatchObject({ calls: 2, totalTokens: 10, estimatedCredits: 0.3 });
  });
});

describe('compare session store', () => {
  function compare() {
    const fake = fakePlaygroundApi();
    const session = new CompareSession(fake.api, new StreamRouter(fake.api));
    return { fake, session };
  }

  it('fills empty columns with distinct models and sends one prompt to each, streaming apart', async () => {
    const { fake, session } = compare();
    session.fillModels(['sandbox/prose', 'sandbox/prose-mini']);
    expect(session.getSnapshot().columns.map((c) => c.model)).toEqual(['sandbox/prose', 'sandbox/prose-mini']);
    expect(session.run('compare me', 'k1', 'sys', {})).toBe(true);
    expect(fake.started.map((s) => s.model)).toEqual(['sandbox/prose', 'sandbox/prose-mini']);
    expect(fake.started[0]!.messages).toEqual([
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'compare me' },
    ]);
    fake.done({ text: 'fast' }, fake.started[1]!.streamId);
    expect(session.running).toBe(true);
    expect(session.getSnapshot().columns[1]!.status).toBe('success');
    fake.done({ text: 'slow' }, fake.started[0]!.streamId);
    expect(session.running).toBe(false);
    expect(session.getSnapshot().columns.map((c) => c.text)).toEqual(['slow', 'fast']);
  });

  it('stops one column by its stream, adds a third column and not a fourth, keeps two at least', () => {
    const { fake, session } = compare();
    session.fillModels(['a/x', 'a/y']);
    session.run('p', 'k1', '', {});
    const first = session.getSnapshot().columns[0]!;
    session.stop(first.id);
    expect(fake.calls.find((c) => c.name === 'playground.stop')?.input).toEqual({ streamId: fake.started[0]!.streamId });
    session.addColumn('a/z');
    session.addColumn('a/w');
    expect(session.getSnapshot().columns).toHaveLength(3);
    session.removeColumn(session.getSnapshot().columns[2]!.id);
    session.removeColumn(session.getSnapshot().columns[1]!.id);
    expect(session.getSnapshot().columns).toHaveLength(2);
  });

  it('retry runs one failed column again with the last prompt', () => {
    const { fake, session } = compare();
    session.fillModels(['a/x', 'a/y']);
    session.run('again', 'k1', '', {});
    fake.done({ text: '', status: 'failed' }, fake.started[0]!.streamId);
    fake.done({ text: 'ok' }, fake.started[1]!.streamId);
    session.retry(session.getSnapshot().columns[0]!.id, 'k1', '', {});
    expect(fake.started).toHaveLength(3);
    expect(fake.started[2]!.messages.at(-1)).toEqual({ role: 'user', content: 'again' });
  });
});
