import { useEffect, useState } from 'react';
import type { ConversationSearchHit } from '../../../shared/playground';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useToasts } from '../../components/Toasts';
import { dateTime, relativeTime } from '../../format';
import { useI18n } from '../../i18n';
import { useStore } from '../../store/external-store';
import { usePlayground } from '../../store/playground';
import { newChat, openConversation } from './commands';
import { useChatContext, useSessionField } from './data';

/**
 * Saved conversations, newest first, with search over titles and messages.
 * F2 renames and Delete deletes the focused one (both also in the chat's ⋯ menu).
 */
export function ConversationList() {
  const { t, locale } = useI18n();
  const toasts = useToasts();
  const pg = usePlayground();
  const ctx = useChatContext();
  const { listVersion } = useStore(pg.ui);
  const savedVersion = useSessionField((s) => s.savedVersion);
  const currentId = useSessionField((s) => s.conversationId);
  const props = {
    currentId,
    onOpen: (id: string) => openConversation(pg, id, ctx, toasts.show, t),
    onNew: () => newChat(pg),
    onRename: (c: ConversationSearchHit) => pg.ui.openModal({ kind: 'rename', id: c.id, title: c.title }),
    onDelete: (c: ConversationSearchHit) => pg.ui.openModal({ kind: 'delete', id: c.id, title: c.title }),
  };
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<ConversationSearchHit[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [, tick] = useState(0);

  useEffect(() => {
    let cancelled = false;
    const q = query.trim();
    const timer = setTimeout(
      () => {
        pg.actions.listConversations(q).then(
          (list) => {
            if (cancelled) return;
            setItems(list);
            setError(null);
          },
          (e: unknown) => {
            if (cancelled) return;
            setError(e);
            setItems((old) => old ?? []);
          },
        );
      },
      q ? 180 : 0,
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query, listVersion, savedVersion, pg]);

  // "2 minutes ago" stays true while the page is open.
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 30_000);
    return () => clearInterval(timer);
  }, []);

  return (
    <nav id="pg-conversations" className="convs card" aria-label={t('playground.conversations')} data-testid="conversations">
      <div className="convs__head">
        <h2>{t('playground.conversations')}</h2>
        <button type="button" className="button button--small" onClick={props.onNew} title={t('playground.newChat')}>
          + {t('playground.new')}
        </button>
      </div>
      <input
        type="search"
        className="convs__search"
        aria-label={t('playground.conversation.search')}
        placeholder={t('playground.conversation.searchPlaceholder')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {error ? <ErrorNotice error={error} compact /> : null}
      <ul className="convs__list">
        {items === null ? <li className="muted small convs__none">{t('app.loading')}</li> : null}
        {items?.length === 0 ? (
          <li className="muted small convs__none">
            {query.trim() ? t('playground.conversation.noMatch', { query: query.trim() }) : t('playground.conversation.none')}
          </li>
        ) : null}
        {items?.map((c) => (
          <li key={c.id}>
            <button
              type="button"
              className="conv"
              aria-current={c.id === props.currentId ? 'true' : undefined}
              data-testid="conversation-item"
              onClick={() => props.onOpen(c.id)}
              onKeyDown={(e) => {
                if (e.key === 'F2') {
                  e.preventDefault();
                  props.onRename(c);
                } else if (e.key === 'Delete') {
                  e.preventDefault();
                  props.onDelete(c);
                }
              }}
              title={`${c.title}\n${t('playground.conversation.keysHint')}`}
            >
              <span className="conv__title">{c.title}</span>
              {c.snippet ? <span className="conv__snippet">{c.snippet}</span> : null}
              <span className="conv__meta">
                <span className="conv__model">{c.model}</span>
                <span title={dateTime(c.updatedAt, locale)}>{relativeTime(c.updatedAt, locale)}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
