import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import {
  conversationSchema,
  type Conversation,
  type ConversationExportFormat,
  type ConversationMessage,
  type ConversationSearchHit,
  type ConversationSummary,
  type ConversationTotals,
  type ExportedFile,
  type NewConversationMessage,
} from '../../../shared/playground';
import type { KeyValueStore } from '../settings/store';
import { asideName, writeFileAtomicSync } from '../storage/atomic';
import { JsonStore } from '../storage/json-store';
import type { ParsedInput } from '../dispatcher';
import { roundCredits } from './metrics';

export const DEFAULT_CONVERSATION_TITLE = 'New chat';
const STORE_KEY = 'conversations';
const AUTO_TITLE_LENGTH = 60;

/** What is saved: the conversation without its derived figures, plus whether the title is still automatic. */
const storedSchema = conversationSchema.omit({ messageCount: true, totals: true }).extend({ autoTitle: z.boolean().optional() });
type Stored = z.infer<typeof storedSchema>;

/**
 * Saved playground conversations, in `conversations.json` in the app data
 * dir (or any KeyValueStore). A conversation holds messages, their metrics
 * and the local id of the key used — never a key: nothing here is ever given one.
 */
export class ConversationStore {
  private readonly store: KeyValueStore;
  private items = new Map<string, Stored>();
  private seenRevision = -1;
  /** Conversations that did not read back, kept in a file beside this one (never deleted); the user is told. */
  setAside: { count: number; file: string } | undefined;
  private readonly keptAside = new Set<string>();

  /** `storeOrDir`: a directory (the file `conversations.json` is created there) or any KeyValueStore. */
  constructor(
    storeOrDir: KeyValueStore | string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.store =
      typeof storeOrDir === 'string' ? new JsonStore(storeOrDir, 'conversations', { damagedReason: 'conversationsDamaged' }) : storeOrDir;
    this.sync();
  }

  /** The whole file's name when it was damaged and set aside at start. */
  get damagedFile(): string | undefined {
    return this.store instanceof JsonStore ? this.store.damagedAside : undefined;
  }

  get path(): string {
    return this.store.path;
  }

  /** Every conversation, most recently updated first. */
  list(): ConversationSummary[] {
    this.sync();
    return [...this.items.values()].sort(byUpdatedDesc).map(summary);
  }

  get(id: string): Conversation {
    return full(this.require(id));
  }

  create(input: ParsedInput<'conversations.create'>): Conversation {
    const data = input;
    const at = this.now().toISOString();
    const item: Stored = {
      id: randomUUID(),
      title: data.title ?? DEFAULT_CONVERSATION_TITLE,
      autoTitle: data.title === undefined,
      model: data.model,
      params: data.params ?? {},
      createdAt: at,
      updatedAt: at,
      messages: (data.messages ?? []).map((m) => this.message(m)),
    };
    if (data.keyId !== undefined) item.keyId = data.keyId;
    autoTitle(item);
    return this.save(item);
  }

  rename(id: string, title: string): Conversation {
    return this.update({ id, title });
  }

  /** Changes title, model, key or parameters; a given title stops the automatic one. */
  update(input: ParsedInput<'conversations.update'>): Conversation {
    const data = input;
    const item = this.require(data.id);
    if (data.title !== undefined) {
      item.title = data.title;
      item.autoTitle = false;
    }
    if (data.model !== undefined) item.model = data.model;
    if (data.keyId !== undefined) item.keyId = data.keyId;
    if (data.params !== undefined) item.params = data.params;
    return this.touch(item);
  }

  /** True when it existed. */
  delete(id: string): boolean {
    this.sync();
    const existed = this.items.delete(id);
    if (existed) this.persist(id, true);
    return existed;
  }

  /** Adds messages at the end (e.g. the user's prompt, then the finished answer with its metrics). */
  appendMessages(id: string, messages: readonly NewConversationMessage[]): Conversation {
    const item = this.require(id);
    item.messages.push(...this.messages(messages));
    autoTitle(item);
    return this.touch(item);
  }

  /** Replaces the whole message list (edit and resend, regenerate, delete a message). */
  replaceMessages(id: string, messages: readonly NewConversationMessage[]): Conversation {
    const item = this.require(id);
    item.messages = this.messages(messages);
    autoTitle(item);
    return this.touch(item);
  }

  /** Case-insensitive search in titles and message text, most recent first. */
  search(query: string): ConversationSearchHit[] {
    const needle = query.trim().toLocaleLowerCase();
    if (needle === '') return this.list();
    this.sync();
    const hits: ConversationSearchHit[] = [];
    for (const item of [...this.items.values()].sort(byUpdatedDesc)) {
      const message = item.messages.find((m) => m.content.toLocaleLowerCase().includes(needle));
      if (!message && !item.title.toLocaleLowerCase().includes(needle)) continue;
      const hit: ConversationSearchHit = summary(item);
      if (message) {
        hit.messageId = message.id;
        hit.snippet = snippet(message.content, needle);
      }
      hits.push(hit);
    }
    return hits;
  }

  /** The conversation as a file's text (the UI saves it). JSON leaves out the local key id. */
  export(id: string, format: ConversationExportFormat): ExportedFile {
    const conversation = full(this.require(id));
    const base = fileName(conversation.title);
    if (format === 'json') {
      const { keyId: _keyId, ...rest } = conversation;
      const text = `${JSON.stringify({ format: 'aigne-hub-desktop/conversation', version: 1, exportedAt: this.now().toISOString(), conversation: rest }, null, 2)}\n`;
      return { filename: `${base}.json`, mimeType: 'application/json', text };
    }
    return { filename: `${base}.md`, mimeType: 'text/markdown', text: toMarkdown(conversation) };
  }

  private require(id: string): Stored {
    this.sync();
    const item = this.items.get(id);
    if (!item)
      throw new AppError('NOT_FOUND', 'This conversation no longer exists. It may have been deleted in another window.', {
        reason: 'conversationGone',
        id,
      });
    return item;
  }

  private messages(list: readonly NewConversationMessage[]): ConversationMessage[] {
    return list.map((m) => this.message(m));
  }

  private message(m: NewConversationMessage): ConversationMessage {
    return { ...m, id: m.id ?? randomUUID(), createdAt: m.createdAt ?? this.now().toISOString() };
  }

  private touch(item: Stored): Conversation {
    item.updatedAt = this.now().toISOString();
    return this.save(item);
  }

  private save(item: Stored): Conversation {
    this.items.set(item.id, item);
    this.persist(item.id, false);
    return full(item);
  }

  /** Reloads when another process (or window's store) changed the file. */
  private sync(): void {
    const revision = this.store instanceof JsonStore ? this.store.revision : 0;
    if (revision === this.seenRevision) return;
    this.seenRevision = revision;
    this.items = this.parse(this.store.get(STORE_KEY));
  }

  /** Valid entries by id; damaged ones are written to a set-aside file first, so no later save can lose them. */
  private parse(raw: unknown): Map<string, Stored> {
    const items = new Map<string, Stored>();
    const bad: unknown[] = [];
    for (const item of Array.isArray(raw) ? raw : []) {
      const parsed = storedSchema.safeParse(item);
      if (parsed.success) items.set(parsed.data.id, parsed.data);
      else bad.push(item);
    }
    if (bad.length > 0) this.keepAside(bad);
    return items;
  }

  private keepAside(found: unknown[]): void {
    if (this.store.path === ':memory:') return;
    const bad = found.filter((item) => !this.keptAside.has(JSON.stringify(item)));
    if (bad.length === 0) return;
    for (const item of bad) this.keptAside.add(JSON.stringify(item));
    const file = asideName(this.store.path, 'set-aside');
    writeFileAtomicSync(file, JSON.stringify({ conversations: bad }));
    this.setAside = { count: (this.setAside?.count ?? 0) + bad.length, file: basename(file) };
  }

  /**
   * Writes one conversation's change, merged into the file as it is now: other
   * processes' changes to other conversations are kept.
   */
  private persist(id: string, deleted: boolean): void {
    const merge = (disk: unknown): Stored[] => {
      const merged = this.parse(disk);
      if (deleted) merged.delete(id);
      else merged.set(id, this.items.get(id)!);
      this.items = merged;
      return [...merged.values()];
    };
    if (this.store instanceof JsonStore) {
      this.store.update(STORE_KEY, merge);
      this.seenRevision = this.store.revision;
    } else {
      this.store.set(STORE_KEY, merge(this.store.get(STORE_KEY)));
    }
  }
}

export function conversationTotals(messages: readonly ConversationMessage[]): ConversationTotals {
  let promptTokens = 0;
  let completionTokens = 0;
  let totalTokens = 0;
  let credits: number | null = null;
  for (const m of messages) {
    const metrics = m.metrics;
    if (!metrics) continue;
    promptTokens += metrics.promptTokens ?? 0;
    completionTokens += metrics.completionTokens ?? 0;
    totalTokens += metrics.totalTokens ?? (metrics.promptTokens ?? 0) + (metrics.completionTokens ?? 0);
    if (metrics.estimatedCredits !== null) credits = roundCredits((credits ?? 0) + metrics.estimatedCredits);
  }
  return { promptTokens, completionTokens, totalTokens, estimatedCredits: credits };
}

function summary(item: Stored): ConversationSummary {
  return {
    id: item.id,
    title: item.title,
    model: item.model,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    messageCount: item.messages.length,
    totals: conversationTotals(item.messages),
  };
}

function full(item: Stored): Conversation {
  const { autoTitle: _auto, ...rest } = structuredClone(item);
  return { ...rest, messageCount: item.messages.length, totals: conversationTotals(item.messages) };
}

/** Until the user names it, a conversation is called after its first prompt. */
function autoTitle(item: Stored): void {
  if (!item.autoTitle) return;
  const first = item.messages.find((m) => m.role === 'user' && m.content.trim() !== '');
  const text = first?.content.replace(/\s+/g, ' ').trim();
  item.title = !text
    ? DEFAULT_CONVERSATION_TITLE
    : text.length > AUTO_TITLE_LENGTH
      ? `${text.slice(0, AUTO_TITLE_LENGTH - 1).trimEnd()}…`
      : text;
}

function byUpdatedDesc(a: Stored, b: Stored): number {
  return a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0;
}

function snippet(text: string, needle: string): string {
  const flat = text.replace(/\s+/g, ' ');
  const at = flat.toLocaleLowerCase().indexOf(needle);
  const start = Math.max(0, at - 40);
  const end = Math.min(flat.length, at + needle.length + 40);
  return `${start > 0 ? '…' : ''}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
}

/** A file name from a title: no path separators or characters Windows forbids. */
export function fileName(title: string): string {
  const cleaned = title
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, 80)
    .trim();
  return cleaned || 'conversation';
}

const ROLE_NAMES: Record<ConversationMessage['role'], string> = { system: 'System', user: 'User', assistant: 'Assistant' };

export function toMarkdown(conversation: Conversation): string {
  const { totals } = conversation;
  const lines = [
    `# ${conversation.title.replace(/\n/g, ' ')}`,
    '',
    `- Model: ${conversation.model}`,
    `- Created: ${conversation.createdAt}`,
  ];
  lines.push(`- Messages: ${conversation.messageCount}`);
  if (totals.totalTokens > 0) {
    lines.push(`- Tokens: ${totals.promptTokens} prompt, ${totals.completionTokens} completion`);
  }
  if (totals.estimatedCredits !== null) lines.push(`- Credits (estimate): ${totals.estimatedCredits}`);
  for (const m of conversation.messages) {
    const heading = m.role === 'assistant' && m.model ? `${ROLE_NAMES[m.role]} · ${m.model}` : ROLE_NAMES[m.role];
    lines.push('', `## ${heading}`, '', m.content || '_(empty)_');
    const note = messageNote(m);
    if (note) lines.push('', `_${note}_`);
  }
  return `${lines.join('\n')}\n`;
}

function messageNote(m: ConversationMessage): string | undefined {
  const parts: string[] = [];
  if (m.status === 'stopped') parts.push('stopped');
  if (m.status === 'failed') parts.push(`failed: ${m.error?.message ?? 'error'}`);
  const metrics = m.metrics;
  if (metrics) {
    parts.push(`${(metrics.durationMs / 1000).toFixed(1)} s`);
    if (metrics.ttftMs !== null) parts.push(`first token ${(metrics.ttftMs / 1000).toFixed(2)} s`);
    if (metrics.totalTokens !== null) parts.push(`${metrics.promptTokens ?? 0} + ${metrics.completionTokens ?? 0} tokens`);
    if (metrics.tokensPerSecond !== null) parts.push(`${metrics.tokensPerSecond} tokens/s`);
    if (metrics.estimatedCredits !== null) parts.push(`≈${metrics.estimatedCredits} credits (estimate)`);
  }
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
