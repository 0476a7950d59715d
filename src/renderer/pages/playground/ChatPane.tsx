import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Menu } from '../../components/Menu';
import { useToasts } from '../../components/Toasts';
import { useI18n } from '../../i18n';
import { openSection } from '../../sections';
import { useStore } from '../../store/external-store';
import { usePlayground } from '../../store/playground';
import { totalsOf, type UiMessage } from '../../store/playground-chat';
import { exportConversation, focusComposer, newChat, openCode } from './commands';
import { Composer, SystemPrompt } from './Composer';
import { useChatContext } from './data';
import { shortcut } from './helpers';
import { MessageList } from './MessageList';
import type { MessageActions } from './MessageView';
import { TotalsLine } from './Metrics';
import { ModelPicker } from './ModelPicker';
import { changedCount } from './params';
import { ParamsToggle } from './ParamsPanel';

/** The chat tab: model, running totals, the messages and the composer. Reads the session itself. */
export function ChatPane() {
  const { t } = useI18n();
  const toasts = useToasts();
  const pg = usePlayground();
  const chatSession = pg.chat;
  const state = useStore(pg.chat);
  const ui = useStore(pg.ui);
  const ctx = useChatContext();
  const { checked, keyId } = ctx;
  const [actionError, setActionError] = useState<unknown>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const checkedRef = useRef(checked);
  checkedRef.current = checked;
  const goToKeys = () => openSection('keys');

  const actions: MessageActions = useMemo(
    () => ({
      regenerate: () => {
        if (!checkedRef.current.ok) return;
        stick.current = true;
        chatSession.regenerate(checkedRef.current.params);
      },
      editAndResend: (id, text) => {
        if (!checkedRef.current.ok) return;
        stick.current = true;
        chatSession.editAndResend(id, text, checkedRef.current.params);
      },
      remove: (id) => {
        const undo = chatSession.deleteMessage(id);
        if (undo) {
          toasts.show({
            id: 'message-deleted',
            text: t('playground.message.deleted'),
            ttlMs: 8000,
            action: { label: t('playground.undo'), run: undo },
          });
        }
      },
      goToKeys,
    }),
    [toasts, t, chatSession],
  );

  // A fresh chat with a key: the focus goes to the composer (after the page's title took it on arrival).
  const empty = state.messages.length === 0;
  useEffect(() => {
    if (!keyId || !empty) return;
    const frame = requestAnimationFrame(() => {
      const focused = document.activeElement;
      if (!focused || focused === document.body || focused.hasAttribute('data-page-title')) focusComposer();
    });
    return () => cancelAnimationFrame(frame);
  }, [keyId, empty]);

  // Follow the answer while it streams, unless the user scrolled up to read.
  const shownConversation = useRef(state.conversationId);
  useLayoutEffect(() => {
    const el = listRef.current;
    if (shownConversation.current !== state.conversationId) {
      // Another conversation was opened: start at its end.
      shownConversation.current = state.conversationId;
      stick.current = true;
    }
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [state.messages, state.conversationId]);

  const blocked = !keyId
    ? t('playground.blocked.noKey')
    : !state.model
      ? t('playground.blocked.noModel')
      : !checked.ok
        ? t('playground.blocked.params')
        : null;

  const send = (text = state.draft) => {
    if (blocked) return;
    stick.current = true;
    if (chatSession.send(text, checked.params) && text === state.draft) chatSession.setDraft('');
  };
  const conversationId = state.conversationId;
  const title = state.title ?? '';

  const totals = useMemo(() => totalsOf(state.messages), [state.messages]);
  const last = state.messages[state.messages.length - 1];
  const hasConversation = state.conversationId !== null;

  return (
    <section className="chat card" aria-label={t('playground.tab.chat')}>
      <div className="chat__head">
        <div className="chat__row">
          <button
            type="button"
            className="button button--small button--icon chat__list-toggle"
            aria-expanded={ui.listOpen}
            aria-controls="pg-conversations"
            onClick={pg.ui.toggleList}
            title={t(ui.listOpen ? 'playground.conversation.hideList' : 'playground.conversation.showList')}
            aria-label={t(ui.listOpen ? 'playground.conversation.hideList' : 'playground.conversation.showList')}
          >
            ☰
          </button>
          <ModelPicker
            ref={(h) => pg.ui.registerPicker('chat', h)}
            label={t('playground.model.label')}
            kind="chat"
            models={ctx.chatModels.result}
            loading={ctx.chatModels.loading}
            error={ctx.chatModels.error}
            onReload={ctx.chatModels.reload}
            value={state.model}
            onChange={(m) => chatSession.setModel(m)}
            shortcutHint={shortcut('K')}
            disabled={!keyId}
            testId="chat-model"
          />
          <div className="chat__tools">
            <ParamsToggle open={ui.paramsOpen} onToggle={pg.ui.toggleParams} changed={changedCount(state.params)} valid={checked.ok} />
            <button
              type="button"
              className="button button--small chat__tool--wide"
              onClick={() => openCode(pg, ctx, toasts.show, t)}
              title={t('playground.code.help')}
            >
              {t('playground.code.button')}
            </button>
            <button
              type="button"
              className="button button--small"
              onClick={() => newChat(pg)}
              title={`${t('playground.newChat')} (${shortcut('O', { shift: true })})`}
              aria-keyshortcuts={shortcut('O', { shift: true }).replace('⌘', 'Meta+').replace('⇧', 'Shift+')}
            >
              {t('playground.newChat')}
            </button>
            <Menu
              label={t('playground.conversation.menu')}
              items={[
                { label: t('playground.code.button'), onSelect: () => openCode(pg, ctx, toasts.show, t) },
                {
                  label: t('playground.conversation.rename'),
                  onSelect: () => conversationId && pg.ui.openModal({ kind: 'rename', id: conversationId, title }),
                  disabled: !hasConversation,
                },
                {
                  label: t('playground.conversation.exportMd'),
                  onSelect: () => conversationId && exportConversation(pg, conversationId, 'markdown', toasts.show, t, setActionError),
                  disabled: !hasConversation,
                },
                {
                  label: t('playground.conversation.exportJson'),
                  onSelect: () => conversationId && exportConversation(pg, conversationId, 'json', toasts.show, t, setActionError),
                  disabled: !hasConversation,
                },
                {
                  label: t('playground.conversation.delete'),
                  onSelect: () => conversationId && pg.ui.openModal({ kind: 'delete', id: conversationId, title }),
                  disabled: !hasConversation,
                  danger: true,
                },
              ]}
            >
              ⋯
            </Menu>
          </div>
        </div>
        <div className="chat__sub">
          <h2 className="chat__title" title={state.title ?? undefined}>
            {state.title ?? t('playground.conversation.untitled')}
          </h2>
          <TotalsLine totals={totals} />
        </div>
      </div>

      <SystemPrompt value={state.system} onChange={(v) => chatSession.setSystem(v)} open={ui.systemOpen} onToggle={pg.ui.toggleSystem} />

      <div
        ref={listRef}
        className="chat__messages"
        role="log"
        aria-label={t('playground.messages')}
        aria-live="off"
        data-testid="messages"
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
        }}
      >
        {state.loading ? <p className="progress-line chat__loading">{t('playground.conversation.loading')}</p> : null}
        {state.loadError ? <ErrorNotice testId="pg-error" error={state.loadError} /> : null}
        {!state.loading && state.messages.length === 0 ? (
          <div className="chat__empty">
            <h3>{t('playground.chat.emptyTitle')}</h3>
            <p>{t('playground.chat.emptyBody')}</p>
            <div className="chat__examples">
              {(['playground.example.1', 'playground.example.2', 'playground.example.3'] as const).map((k) => (
                <button
                  key={k}
                  type="button"
                  className="chip"
                  disabled={Boolean(blocked)}
                  data-testid="sample-prompt"
                  onClick={() => send(t(k))}
                >
                  {t(k)}
                </button>
              ))}
            </div>
          </div>
        ) : null}
        {/* Each opened conversation gets a fresh message list, which starts at its end. */}
        <MessageList
          key={state.opened}
          messages={state.messages}
          scrollRef={listRef}
          stick={stick}
          busy={state.streaming}
          actions={actions}
        />
      </div>

      <p className="visually-hidden" aria-live="polite">
        {announce(last, t)}
      </p>

      {actionError ? <ErrorNotice error={actionError} compact /> : null}
      {state.saveError ? (
        <p className="chat__save-error small" role="alert">
          {t('playground.conversation.saveFailed', { message: state.saveError })}
        </p>
      ) : null}

      <Composer
        value={state.draft}
        onChange={(v) => chatSession.setDraft(v)}
        onSend={() => send()}
        onStop={(how) => chatSession.stop({ fromClick: how === 'click' })}
        streaming={state.streaming}
        blocked={blocked}
        placeholder={t('playground.composer.placeholder')}
        testId="chat-composer"
      />
    </section>
  );
}

/** What a screen reader hears when an answer starts and ends (the message list itself stays quiet while streaming). */
function announce(last: UiMessage | undefined, t: ReturnType<typeof useI18n>['t']): string {
  if (!last || last.role !== 'assistant') return '';
  switch (last.status) {
    case 'streaming':
      return t('playground.a11y.answering');
    case 'success':
      return t('playground.a11y.done');
    case 'stopped':
      return t('playground.a11y.stopped');
    case 'failed':
      return t('playground.a11y.failed', { message: last.error?.message ?? '' });
    default:
      return '';
  }
}
