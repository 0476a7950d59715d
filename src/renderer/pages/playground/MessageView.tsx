import { memo, useEffect, useRef, useState } from 'react';
import { useToasts } from '../../components/Toasts';
import { useI18n } from '../../i18n';
import type { UiMessage } from '../../store/playground-chat';
import { ErrorNotice } from '../../components/ErrorNotice';
import { LazyMarkdown as Markdown } from './LazyMarkdown';
import { MetricsLine } from './Metrics';
import { copyText } from './helpers';

export interface MessageActions {
  regenerate(): void;
  editAndResend(id: string, text: string): void;
  remove(id: string): void;
  goToKeys(): void;
}

/** One message: Markdown for answers (plain text for prompts), its status, error, metrics and actions. */
export const MessageView = memo(function MessageView(props: {
  message: UiMessage;
  /** The last answer: it can be regenerated (and retried). */
  canRegenerate: boolean;
  /** An answer is streaming somewhere: editing actions wait. */
  busy: boolean;
  actions: MessageActions;
}) {
  const { t } = useI18n();
  const toasts = useToasts();
  const { message: m, actions, busy } = props;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(m.content);
  const editRef = useRef<HTMLTextAreaElement>(null);
  const streaming = m.status === 'streaming';
  const isUser = m.role === 'user';

  useEffect(() => {
    if (editing) {
      editRef.current?.focus();
      editRef.current?.setSelectionRange(draft.length, draft.length);
    }
    // Only when editing starts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing]);

  const copy = async () => {
    const ok = await copyText(m.content);
    toasts.show(
      ok
        ? { kind: 'success', text: t('playground.message.copied'), ttlMs: 2000 }
        : { kind: 'error', text: t('playground.clipboardUnavailable') },
    );
  };

  const submitEdit = () => {
    if (!draft.trim()) return;
    setEditing(false);
    actions.editAndResend(m.id, draft);
  };

  const status =
    m.status === 'stopped' ? (
      <span className="badge badge--warn" data-testid="message-status">
        {t('playground.status.stopped')}
      </span>
    ) : m.status === 'failed' ? (
      <span className="badge badge--bad" data-testid="message-status">
        {m.content ? t('playground.status.incomplete') : t('playground.status.failed')}
      </span>
    ) : streaming ? (
      <span className="badge" data-testid="message-status">
        {t('playground.status.streaming')}
      </span>
    ) : null;

  return (
    <article
      className={`msg ${isUser ? 'msg--user' : 'msg--assistant'}${streaming ? ' msg--streaming' : ''}`}
      data-testid={isUser ? 'message-user' : 'message-assistant'}
      data-status={m.status}
      aria-busy={streaming || undefined}
    >
      <header className="msg__head">
        <span className="msg__who">{isUser ? t('playground.message.you') : (m.model ?? t('playground.message.assistant'))}</span>
        {status}
        {!editing && !streaming ? (
          <div className="msg__actions">
            <button
              type="button"
              className="icon-button"
              onClick={() => void copy()}
              aria-label={t('playground.message.copy')}
              title={t('playground.message.copy')}
            >
              {t('playground.copy')}
            </button>
            {isUser ? (
              <button
                type="button"
                className="icon-button"
                disabled={busy}
                onClick={() => {
                  setDraft(m.content);
                  setEditing(true);
                }}
                title={t('playground.message.editHelp')}
              >
                {t('playground.message.edit')}
              </button>
            ) : null}
            {!isUser && props.canRegenerate ? (
              <button
                type="button"
                className="icon-button"
                disabled={busy}
                onClick={actions.regenerate}
                title={t('playground.message.regenerateHelp')}
              >
                {t('playground.message.regenerate')}
              </button>
            ) : null}
            <button
              type="button"
              className="icon-button icon-button--danger"
              disabled={busy}
              onClick={() => actions.remove(m.id)}
              aria-label={t('playground.message.delete')}
              title={t('playground.message.delete')}
            >
              {t('playground.message.deleteShort')}
            </button>
          </div>
        ) : null}
      </header>

      {editing ? (
        <div className="msg__edit">
          <textarea
            ref={editRef}
            value={draft}
            aria-label={t('playground.message.editLabel')}
            rows={Math.min(10, Math.max(2, draft.split('\n').length))}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                submitEdit();
              } else if (e.key === 'Escape') {
                e.preventDefault();
                e.stopPropagation();
                setEditing(false);
              }
            }}
          />
          <p className="small muted">{t('playground.message.editNote')}</p>
          <div className="msg__edit-actions">
            <button type="button" className="button button--small" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="button button--small button--primary" onClick={submitEdit} disabled={!draft.trim() || busy}>
              {t('playground.message.saveResend')}
            </button>
          </div>
        </div>
      ) : isUser ? (
        <div className="msg__text">{m.content}</div>
      ) : streaming && m.content === '' ? (
        <p className="msg__waiting" aria-live="polite">
          <span className="typing" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          {t('playground.message.waiting')}
        </p>
      ) : (
        <div className="msg__body" data-testid="message-text">
          {m.content ? <Markdown text={m.content} streaming={streaming} /> : null}
          {m.toolCalls?.length ? (
            <div className="tool-calls">
              {m.toolCalls.map((c) => (
                <div key={c.id} className="tool-call">
                  <span className="tool-call__label">{t('playground.message.toolCall')}</span>
                  <code>
                    {c.function.name}({c.function.arguments})
                  </code>
                </div>
              ))}
            </div>
          ) : null}
        </div>
      )}

      {m.error && !streaming ? (
        <ErrorNotice
          testId="pg-error"
          error={m.error}
          onRetry={props.canRegenerate && !busy ? actions.regenerate : undefined}
          partial={m.content !== ''}
        />
      ) : null}
      {m.status === 'stopped' ? <p className="small muted msg__note">{t('playground.message.stoppedNote')}</p> : null}
      {!isUser && !streaming && m.metrics && hasFigures(m) ? <MetricsLine metrics={m.metrics} /> : null}
    </article>
  );
});

/** A failed call with no text and no tokens has nothing worth a metrics line. */
function hasFigures(m: UiMessage): boolean {
  const x = m.metrics;
  if (!x) return false;
  if (m.status === 'failed' && m.content === '' && x.totalTokens === null) return false;
  return x.durationMs > 0 || x.totalTokens !== null;
}
