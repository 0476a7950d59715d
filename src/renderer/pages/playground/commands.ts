import type { ToastInput } from '../../components/Toasts';
import type { Translate } from '../../i18n';
import type { Playground } from '../../store/playground';
import type { ChatContext } from './data';
import { downloadBlob } from './helpers';

type Toast = (input: ToastInput) => void;

export function focusComposer(): void {
  document.querySelector<HTMLTextAreaElement>('#pg-panel-chat .composer textarea')?.focus();
}

/** Starts an empty conversation on the chat tab, with the focus in the composer. */
export function newChat(pg: Playground): void {
  pg.ui.setTab('chat');
  void pg.chat.newChat().then(() => requestAnimationFrame(focusComposer));
}

/** Opens a saved conversation; its key, if forgotten since, gives way to the one chosen now. */
export function openConversation(pg: Playground, id: string, ctx: ChatContext, toast: Toast, t: Translate): void {
  pg.ui.setTab('chat');
  const now = pg.chat.getSnapshot();
  // Already on screen (perhaps still answering): nothing to open.
  if (id === now.conversationId && !now.loadError) return;
  void pg.chat.open(id).then((conversation) => {
    const data = ctx.data;
    if (conversation?.keyId && data && !data.keys.some((k) => k.id === conversation.keyId)) {
      pg.chat.setKey(ctx.keyId ?? data.keys[0]?.id ?? null);
      toast({ text: t('playground.conversation.keyGone'), ttlMs: 6000 });
    }
  });
}

/**
 * "Get code": the request the next Send would make — the conversation so far (answers
 * included, as the chat sends them back) plus the prompt being typed.
 */
export function openCode(pg: Playground, ctx: ChatContext, toast: Toast, t: Translate): void {
  const { model, draft } = pg.chat.getSnapshot();
  const messages = pg.chat.requestMessages(draft);
  if (!model || !messages.some((m) => m.role !== 'system')) {
    toast({ text: t('playground.code.needMessage'), ttlMs: 4000 });
    return;
  }
  if (!ctx.checked.ok) {
    toast({ kind: 'error', text: t('playground.blocked.params'), ttlMs: 4000 });
    return;
  }
  pg.ui.openModal({
    kind: 'code',
    request: { model, messages, params: ctx.checked.params },
    mountUrl: ctx.hub?.mountUrl,
    accessKeyId: ctx.key?.accessKeyId,
  });
}

export function exportConversation(
  pg: Playground,
  id: string,
  format: 'markdown' | 'json',
  toast: Toast,
  t: Translate,
  fail: (e: unknown) => void,
): void {
  pg.actions.exportConversation(id, format).then((file) => {
    downloadBlob(new Blob([file.text], { type: file.mimeType }), file.filename);
    toast({ kind: 'success', text: t('playground.conversation.exported', { file: file.filename }), ttlMs: 4000 });
  }, fail);
}
