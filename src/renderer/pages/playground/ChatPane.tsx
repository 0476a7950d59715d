import { useLayoutEffect, useMemo, useRef, useSyncExternalStore, type Ref } from 'react';
import type { HubModel } from '../../../shared/keys';
import { Menu } from '../../components/Menu';
import { useToasts } from '../../components/Toasts';
import { useI18n } from '../../i18n';
import { ParamsToggle } from './ParamsPanel';
import { chatSession, totalsOf, type UiMessage } from './chat-session';
import { Composer, SystemPrompt } from './Composer';
import type { ModelsState } from './data';
import { ErrorNotice } from '../../components/ErrorNotice';
import { MessageList } from './MessageList';
import type { MessageActions } from './MessageView';
import { TotalsLine } from './Metrics';
import { ModelPicker, type ModelPickerHandle } from './ModelPicker';
import type { CheckedParams } from './params';
import { shortcut } from './helpers';

export interface ConversationCommands {
  rename(): void;
  exportAs(format: 'markdown' | 'json'): void;
  remove(): void;
}

/** The chat tab: model, running totals, the messages and the composer. */
export function ChatPane(props: {
  models: ModelsState;
  model: HubModel | undefined;
  checked: CheckedParams;
  keyId: string | null;
  pickerRef: Ref<ModelPickerHandle>;
  composerRef: Ref<HTMLTextAreaElement>;
  paramsOpen: boolean;
  onToggleParams: () => void;
  paramsChanged: number;
  systemOpen: boolean;
  onToggleSystem: () => void;
  onOpenCode: () => void;
  onNewChat: () => void;
  conversation: ConversationCommands;
  goToKeys: () => void;
}) {
  const { t } = useI18n();
  const toasts = useToasts();
  const state = useSyncExternalStore(chatSession.subscribe, chatSession.getSnapshot);
  const listRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const checkedRef = useRef(props.checked);
  checkedRef.current = props.checked;
  const goToKeys = props.goToKeys;

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
    [toasts, t, goToKeys],
  );

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

  const blocked = !props.keyId
    ? t('playground.blocked.noKey')
    : !state.model
      ? t('playground.blocked.noModel')
      : !props.checked.ok
        ? t('playground.blocked.params')
        : null;

  const send = () => {
    if (blocked) return;
    stick.current = true;
    if (chatSession.send(state.draft, props.checked.params)) chatSession.setDraft('');
  };

  const totals = useMemo(() => totalsOf(state.messages), [state.messages]);
  const last = state.messages[state.messages.length - 1];
  const hasConversation = state.conversationId !== null;

  return (
    <section className="chat card" aria-label={t('playground.tab.chat')}>
      <div className="chat__head">
        <div className="chat__row">
          <ModelPicker
            ref={props.pickerRef}
            label={t('playground.model.label')}
            kind="chat"
            models={props.models.result}
            loading={props.models.loading}
            error={props.models.error}
            onReload={props.models.reload}
            value={state.model}
            onChange={(m) => chatSession.setModel(m)}
            shortcutHint={shortcut('K')}
            disabled={!props.keyId}
            testId="chat-model"
          />
          <div className="chat__tools">
            <ParamsToggle open={props.paramsOpen} onToggle={props.onToggleParams} changed={props.paramsChanged} valid={props.checked.ok} />
            <button type="button" className="button button--small" onClick={props.onOpenCode} title={t('playground.code.help')}>
              {t('playground.code.button')}
            </button>
            <button
              type="button"
              className="button button--small"
              onClick={props.onNewChat}
              title={`${t('playground.newChat')} (${shortcut('O', { shift: true })})`}
              aria-keyshortcuts={shortcut('O', { shift: true }).replace('⌘', 'Meta+').replace('⇧', 'Shift+')}
            >
              {t('playground.newChat')}
            </button>
            <Menu
              label={t('playground.conversation.menu')}
              items={[
                { label: t('playground.conversation.rename'), onSelect: props.conversation.rename, disabled: !hasConversation },
                {
                  label: t('playground.conversation.exportMd'),
                  onSelect: () => props.conversation.exportAs('markdown'),
                  disabled: !hasConversation,
                },
                {
                  label: t('playground.conversation.exportJson'),
                  onSelect: () => props.conversation.exportAs('json'),
                  disabled: !hasConversation,
                },
                {
                  label: t('playground.conversation.delete'),
                  onSelect: props.conversation.remove,
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

      <SystemPrompt
        value={state.system}
        onChange={(v) => chatSession.setSystem(v)}
        open={props.systemOpen}
        onToggle={props.onToggleSystem}
      />

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
                  onClick={() => {
                    chatSession.setDraft(t(k));
                    const el = document.querySelector<HTMLTextAreaElement>('.chat .composer textarea');
                    el?.focus();
                  }}
                >
                  {t(k)}
                </button>
              ))}
            </div>
          </div>
        ) : null}
        <MessageList messages={state.messages} scrollRef={listRef} stick={stick} busy={state.streaming} actions={actions} />
      </div>

      <p className="visually-hidden" aria-live="polite">
        {announce(last, t)}
      </p>

      {state.saveError ? (
        <p className="chat__save-error small" role="alert">
          {t('playground.conversation.saveFailed', { message: state.saveError })}
        </p>
      ) : null}

      <Composer
        ref={props.composerRef}
        value={state.draft}
        onChange={(v) => chatSession.setDraft(v)}
        onSend={send}
        onStop={() => chatSession.stop()}
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
