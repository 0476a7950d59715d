import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallLogStore } from '../../../src/main/services/call-log/store';
import type { ClientCallSource } from '../../../src/main/services/usage/ports';
import { ConversationStore } from '../../../src/main/services/playground/conversations';
import { parseRequest } from '../../../src/main/services/dispatcher';
import { memoryStore } from '../../../src/main/services/settings/store';
import type { ClientCall } from '../../../src/shared/call-log';
import type { ChatMetrics } from '../../../src/shared/playground';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'playground-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const metrics = (promptTokens: number, completionTokens: number, estimatedCredits: number | null): ChatMetrics => ({
  ttftMs: 120,
  durationMs: 1500,
  promptTokens,
  completionTokens,
  totalTokens: promptTokens + completionTokens,
  tokensPerSecond: 30,
  estimatedCredits,
});

/** A clock that ticks one second per reading, so updatedAt orders are deterministic. */
function clock(start = Date.parse('2025-01-01T00:00:00Z')) {
  let t = start;
  return () => new Date((t += 1000));
}

describe('conversations', () => {
  it('are created, titled after the first prompt, appended with metrics and totalled', () => {
    const store = new ConversationStore(dir, clock());
    const c = store.create({ model: 'sandbox/echo', keyId: 'key-1', params: { temperature: 0.3 } });
    expect(c).toMatchObject({ title: 'New chat', messageCount: 0, totals: { promptTokens: 0, estimatedCredits: null } });

    const after = store.appendMessages(c.id, [
      { role: 'user', content: 'How do   rivers\nflow uphill when nobody is watching them closely enough?' },
      { role: 'assistant', content: 'They do not.', model: 'sandbox/echo', status: 'success', metrics: metrics(10, 3, 0.00005) },
      { role: 'user', content: 'Again' },
      { role: 'assistant', content: 'Still no.', status: 'success', metrics: metrics(14, 2, 0.00007) },
    ]);
    expect(after.title).toBe('How do rivers flow uphill when nobody is watching them clos…');
    expect(after.title.length).toBeLessThanOrEqual(60);
    expect(after.totals).toEqual({ promptTokens: 24, completionTokens: 5, totalTokens: 29, estimatedCredits: 0.00012 });
    expect(after.messages.every((m) => m.id && m.createdAt)).toBe(true);
    expect(store.list()[0]).toMatchObject({ id: c.id, messageCount: 4, model: 'sandbox/echo' });
  });

  it('rename stops the automatic title; update changes model, key and params', () => {
    const store = new ConversationStore(dir, clock());
    const c = store.create({ model: 'm1' });
    store.rename(c.id, 'My research');
    store.appendMessages(c.id, [{ role: 'user', content: 'first prompt' }]);
    expect(store.get(c.id).title).toBe('My research');
    const updated = store.update({ id: c.id, model: 'm2', keyId: 'k2', params: { maxTokens: 10 } });
    expect(updated).toMatchObject({ model: 'm2', keyId: 'k2', params: { maxTokens: 10 } });
    expect(() => parseRequest('conversations.rename', { id: c.id, title: '   ' })).toThrow(/Give it a title/);
  });

  it('are listed most recent first, searched by title and text, replaced and deleted', () => {
    const store = new ConversationStore(dir, clock());
    const a = store.create({ model: 'm', title: 'Cooking ideas' });
    const b = store.create({ model: 'm', title: 'Travel' });
    store.appendMessages(b.id, [
      { role: 'user', content: 'A long preamble that goes on and on before we finally mention the Eiffel Tower in Paris.' },
    ]);
    expect(store.list().map((s) => s.id)).toEqual([b.id, a.id]);

    expect(store.search('eiffel')).toEqual([expect.objectContaining({ id: b.id, snippet: expect.stringContaining('Eiffel Tower') })]);
    expect(store.search('eiffel')[0]?.snippet?.startsWith('…')).toBe(true);
    expect(store.search('COOKING').map((h) => h.id)).toEqual([a.id]);
    expect(store.search('nothing like this')).toEqual([]);
    expect(store.search('  ')).toHaveLength(2);

    const replaced = store.replaceMessages(b.id, [{ role: 'user', content: 'just this' }]);
    expect(replaced.messages.map((m) => m.content)).toEqual(['just this']);
    expect(store.delete(a.id)).toBe(true);
    expect(store.delete(a.id)).toBe(false);
    expect(() => store.get(a.id)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => store.appendMessages(a.id, [{ role: 'user', content: 'x' }])).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('persist in conversations.json (owner-only) and survive a restart', () => {
    const store = new ConversationStore(dir, clock());
    const c = store.create({ model: 'm', messages: [{ role: 'user', content: 'remember me' }] });
    const file = join(dir, 'conversations.json');
    expect(store.path).toBe(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const reopened = new ConversationStore(dir);
    expect(reopened.get(c.id)).toEqual(store.get(c.id));
  });

  it('keep a damaged conversation aside (not deleted by the next save), and move a corrupt file aside instead of failing to start', () => {
    const store = new ConversationStore(dir, clock());
    const good = store.create({ model: 'm', title: 'good' });
    const file = join(dir, 'conversations.json');
    const data = JSON.parse(readFileSync(file, 'utf8')) as { conversations: unknown[] };
    data.conversations.push({ id: 'broken', title: 42, messages: [{ content: 'my precious answer' }] });
    writeFileSync(file, JSON.stringify(data));
    const reopened = new ConversationStore(dir);
    expect(reopened.list().map((c) => c.id)).toEqual([good.id]);
    expect(reopened.setAside?.count).toBe(1);
    // The next save drops it from the main file, but the set-aside copy stays.
    reopened.rename(good.id, 'renamed');
    const aside = readdirSync(dir).filter((f) => /^conversations\.set-aside-.+\.json$/.test(f));
    expect(aside).toEqual([reopened.setAside?.file]);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toContain('my precious answer');
    expect(statSync(join(dir, aside[0]!)).mode & 0o777).toBe(0o600);

    writeFileSync(file, '{"conversations": [ truncated');
    const fresh = new ConversationStore(dir);
    expect(fresh.list()).toEqual([]);
    expect(fresh.damagedFile).toMatch(/conversations\.damaged-.+\.json$/);
    expect(readFileSync(fresh.damagedFile!, 'utf8')).toBe('{"conversations": [ truncated');
  });

  it('export as Markdown and JSON, without the local key id', () => {
    const store = new ConversationStore(memoryStore(), clock());
    const c = store.create({ model: 'sandbox/echo', keyId: 'key-secret-id', title: 'Q: what/why?' });
    store.appendMessages(c.id, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello **there**' },
      { role: 'assistant', content: 'Hi.', model: 'sandbox/echo', status: 'success', metrics: metrics(3, 1, 0.000014) },
      { role: 'assistant', content: 'Half', status: 'stopped' },
    ]);
    const md = store.export(c.id, 'markdown');
    expect(md).toMatchObject({ filename: 'Q- what-why-.md', mimeType: 'text/markdown' });
    expect(md.text).toContain('# Q: what/why?');
    expect(md.text).toContain('## User\n\nHello **there**');
    expect(md.text).toContain('## Assistant · sandbox/echo\n\nHi.');
    expect(md.text).toContain('3 + 1 tokens');
    expect(md.text).toContain('≈0.000014 credits (estimate)');
    expect(md.text).toContain('_stopped_');

    const json = store.export(c.id, 'json');
    expect(json.filename).toBe('Q- what-why-.json');
    const parsed = JSON.parse(json.text) as { format: string; conversation: { messages: unknown[]; keyId?: string } };
    expect(parsed.format).toBe('aigne-hub-desktop/conversation');
    expect(parsed.conversation.messages).toHaveLength(4);
    expect(json.text).not.toContain('key-secret-id');
  });
});

describe('the client call log', () => {
  const call = (n: number, extra: Partial<ClientCall> = {}): ClientCall => ({
    id: `c${n}`,
    hubId: n % 2 ? 'hub-a' : 'hub-b',
    keyId: n % 3 ? 'key-1' : 'key-2',
    model: n % 2 ? 'sandbox/echo' : 'sandbox/prose',
    kind: 'chat',
    startedAt: new Date(Date.UTC(2025, 0, 1, 0, n)).toISOString(),
    durationMs: 100 + n,
    status: 'success',
    ...extra,
  });

  it('appends, filters by time, hub, key, model, kind and status, oldest first', () => {
    const log = new CallLogStore(memoryStore());
    for (let n = 1; n <= 6; n++) log.append(call(n, n === 4 ? { status: 'failed', errorCode: 'TIMEOUT' } : {}));
    expect(log.list().map((c) => c.id)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    expect(log.list({ from: '2025-01-01T00:02:00Z', to: '2025-01-01T00:04:00Z' }).map((c) => c.id)).toEqual(['c2', 'c3', 'c4']);
    expect(log.list({ hubId: 'hub-a' }).map((c) => c.id)).toEqual(['c1', 'c3', 'c5']);
    expect(log.list({ keyId: 'key-2' }).map((c) => c.id)).toEqual(['c3', 'c6']);
    expect(log.list({ model: 'sandbox/prose', status: 'failed' }).map((c) => c.id)).toEqual(['c4']);
    expect(log.list({ kind: 'image' })).toEqual([]);
    expect(log.list({ limit: 2 }).map((c) => c.id)).toEqual(['c5', 'c6']);
    // The usage service's form: UTC ms, end excluded.
    const source: ClientCallSource = log;
    const start = Date.UTC(2025, 0, 1, 0, 1);
    expect((source.list({ hubId: 'hub-a', start, end: Date.UTC(2025, 0, 1, 0, 5) }) as ClientCall[]).map((c) => c.id)).toEqual([
      'c1',
      'c3',
    ]);
    expect(log.get('c4')?.errorCode).toBe('TIMEOUT');
  });

  it('keeps only the newest entries beyond its cap, in time order even when calls settle late', () => {
    const log = new CallLogStore(memoryStore(), { maxEntries: 3 });
    for (const n of [1, 2, 5, 3, 4]) log.append(call(n));
    expect(log.list().map((c) => c.id)).toEqual(['c3', 'c4', 'c5']);
    expect(log.size).toBe(3);
  });

  it('stores only the schema: a prompt or key passed by mistake is dropped', () => {
    const log = new CallLogStore(dir);
    log.append({ ...call(1), prompt: 'secret prompt', secret: 'blocklet-4mVbq8TzXw9kLpRa2NcYh7Qx2' } as ClientCall);
    log.flush();
    const text = readFileSync(join(dir, 'call-log.jsonl'), 'utf8');
    expect(text).not.toContain('secret prompt');
    expect(text).not.toContain('blocklet-');
    expect(() => log.append({ ...call(2), status: 'weird' } as unknown as ClientCall)).toThrow();
  });

  it('persists in call-log.jsonl, survives a restart, and tells listeners', async () => {
    const log = new CallLogStore(dir);
    const seen: string[] = [];
    const off = log.onAppend((c) => seen.push(c.id));
    log.append(call(1));
    off();
    log.append(call(2));
    expect(seen).toEqual(['c1']);
    expect(log.path).toBe(join(dir, 'call-log.jsonl'));
    // Listed at once; written to disk after the caller's turn (a chat's answer goes out first).
    expect(log.list().map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(new CallLogStore(dir).list()).toEqual([]);
    await new Promise((done) => setImmediate(done));
    expect(new CallLogStore(dir).list().map((c) => c.id)).toEqual(['c1', 'c2']);
    log.clear();
    expect(new CallLogStore(dir).size).toBe(0);
  });

  it('keeps a call not yet written when another process compacts or clears the file meanwhile', () => {
    const log = new CallLogStore(dir);
    log.append(call(1));
    log.flush();
    log.append(call(2));
    new CallLogStore(dir).clear();
    expect(log.list().map((c) => c.id)).toEqual(['c2']);
    log.flush();
    expect(new CallLogStore(dir).list().map((c) => c.id)).toEqual(['c2']);
  });

  it('survives its folder turning unwritable before the line is written: nothing crashes, and the call is written once it can be', async () => {
    const log = new CallLogStore(dir);
    log.append(call(1));
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, 'not a folder');
    await new Promise((done) => setImmediate(done));
    rmSync(dir, { force: true });
    log.append(call(2));
    log.flush();
    expect(new CallLogStore(dir).list().map((c) => c.id)).toEqual(['c1', 'c2']);
  });

  it('stays quick when full: appending to a 10 000-entry file (carried over from the older call-log.json) adds lines, never rewrites it', () => {
    writeFileSync(join(dir, 'call-log.json'), JSON.stringify({ version: 1, calls: Array.from({ length: 10_000 }, (_v, n) => call(n)) }));
    const log = new CallLogStore(dir);
    expect(log.size).toBe(10_000);
    const file = join(dir, 'call-log.jsonl');
    const before = statSync(file);
    for (let n = 10_000; n < 10_020; n++) log.append(call(n));
    log.flush();
    const after = statSync(file);
    expect(log.size).toBe(10_000);
    expect(log.list({ limit: 1 })[0]?.id).toBe('c10019');
    // The same file, 20 lines longer: no rewrite of the 10 000 entries per call.
    expect(after.ino).toBe(before.ino);
    expect(readFileSync(file, 'utf8').slice(before.size).trim().split('\n')).toHaveLength(20);
  });
});
