import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { localizeError } from '../../errors/localize';
import type { ConversationSearchHit, ChatMessage, ChatParams } from '../../../shared/playground';
import { ConfirmDialog, Dialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { useToasts } from '../../components/Toasts';
import { hub } from '../../hub';
import { useI18n } from '../../i18n';
import { hashParams } from '../../sections';
import { ChatPane, type ConversationCommands } from './ChatPane';
import { chatSession, useSessionField } from './chat-session';
import { CodeExportDialog } from './CodeExportDialog';
import { compareSession } from './compare-session';
import { ComparePane } from './ComparePane';
import { ConversationList } from './ConversationList';
import { findModel, firstAvailable, useKeys, useModels, type KeysData } from './data';
import { EmbeddingsPane } from './EmbeddingsPane';
import { ImagesPane } from './ImagesPane';
import { KeyPicker } from './KeyPicker';
import type { ModelPickerHandle } from './ModelPicker';
import { changedCount, checkParams } from './params';
import { ParamsPanel } from './ParamsPanel';
import { dialogOpen, downloadBlob, modKey, shortcut } from './helpers';
import './playground.css';

type Tab = 'chat' | 'compare' | 'images' | 'embeddings';
const TABS: Tab[] = ['chat', 'compare', 'images', 'embeddings'];

/** Remembered while the app runs (the page itself comes and goes with navigation). */
const memory: { tab: Tab; paramsOpen: boolean; systemOpen: boolean } = { tab: 'chat', paramsOpen: false, systemOpen: false };
const LAST_KEY = 'playground.lastKeyId';
const LAST_MODEL = 'playground.lastModel';

type Modal =
  | {
      kind: 'code';
      request: { model: string; messages: ChatMessage[]; params: ChatParams };
      mountUrl: string | undefined;
      accessKeyId: string | undefined;
    }
  | { kind: 'rename'; id: string; title: string }
  | { kind: 'delete'; id: string; title: string };

export function PlaygroundPage({ goTo }: { goTo: (s: 'keys') => void }) {
  const { t, locale } = useI18n();
  const toasts = useToasts();
  const { data, error: keysError } = useKeys();
  // Only the fields the page needs: it must not re-render on every streamed frame (ChatPane does).
  const session = {
    keyId: useSessionField((s) => s.keyId),
    model: useSessionField((s) => s.model),
    params: useSessionField((s) => s.params),
    streaming: useSessionField((s) => s.streaming),
    conversationId: useSessionField((s) => s.conversationId),
    title: useSessionField((s) => s.title),
    savedVersion: useSessionField((s) => s.savedVersion),
  };
  const [tab, setTabState] = useState<Tab>(memory.tab);
  const [visited, setVisited] = useState<ReadonlySet<Tab>>(() => new Set([memory.tab]));
  const [paramsOpen, setParamsOpen] = useState(memory.paramsOpen);
  const [systemOpen, setSystemOpen] = useState(memory.systemOpen);
  const [modal, setModal] = useState<Modal | null>(null);
  const [listVersion, setListVersion] = useState(0);
  const pickers = useRef<Record<Tab, ModelPickerHandle | null>>({ chat: null, compare: null, images: null, embeddings: null });
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  // Hash parameters (`#/playground?model=…&hubId=…`) wait here until the keys are known.
  const pending = useRef<URLSearchParams | null>(null);

  const goToKeys = useCallback(() => goTo('keys'), [goTo]);

  const setTab = (next: Tab) => {
    memory.tab = next;
    setTabState(next);
    setVisited((v) => (v.has(next) ? v : new Set(v).add(next)));
  };

  const toggleParams = () => {
    memory.paramsOpen = !paramsOpen;
    setParamsOpen(!paramsOpen);
  };
  const toggleSystem = () => {
    memory.systemOpen = !systemOpen;
    setSystemOpen(!systemOpen);
  };

  // ---- key and model selection ----

  const key = data?.keys.find((k) => k.id === session.keyId);
  const hubOfKey = key ? data?.hubs.find((h) => h.id === key.hubId) : undefined;
  const hubId = key?.hubId ?? null;

  const chatModels = useModels(hubId, 'chat');
  const imageModels = useModels(visited.has('images') ? hubId : null, 'image');
  const embedModels = useModels(visited.has('embeddings') ? hubId : null, 'embedding');

  const applyHash = useCallback(() => {
    const params = hashParams(location.hash);
    if (!params.get('model') && !params.get('hubId')) return;
    pending.current = params;
    // Applied once: a reload must not start another chat.
    history.replaceState(null, '', '#/playground');
  }, []);

  useEffect(() => {
    applyHash();
    window.addEventListener('hashchange', applyHash);
    return () => window.removeEventListener('hashchange', applyHash);
  }, [applyHash]);

  // Keep the chosen key valid as keys come and go; honour a link's hub.
  useEffect(() => {
    if (!data) return;
    const wanted = pending.current;
    const hubParam = wanted?.get('hubId');
    if (hubParam) {
      const chosen = defaultKeyOf(data, hubParam);
      if (chosen) chatSession.setKey(chosen);
    }
    const modelParam = wanted?.get('model');
    if (wanted) {
      pending.current = null;
      if (modelParam && modelParam !== chatSession.getSnapshot().model) {
        const start = async () => {
          if (chatSession.getSnapshot().messages.length) await chatSession.newChat();
          chatSession.setModel(modelParam);
          setTab('chat');
        };
        void start();
      }
    }
    const current = chatSession.getSnapshot().keyId;
    if (current && data.keys.some((k) => k.id === current)) return;
    const remembered = localStorage.getItem(LAST_KEY);
    const fallback =
      (remembered && data.keys.some((k) => k.id === remembered) ? remembered : null) ??
      data.hubs.map((h) => defaultKeyOf(data, h.id)).find(Boolean) ??
      data.keys[0]?.id ??
      null;
    chatSession.setKey(fallback);
  }, [data]);

  useEffect(() => {
    if (session.keyId) localStorage.setItem(LAST_KEY, session.keyId);
  }, [session.keyId]);

  // A model for the chat as soon as the hub's list is known.
  useEffect(() => {
    const result = chatModels.result;
    if (!result) return;
    // A model this hub does not list is kept for a conversation in progress (its answers name it), replaced otherwise.
    if (session.model && (findModel(result, session.model) || chatSession.getSnapshot().messages.length > 0)) return;
    const remembered = localStorage.getItem(LAST_MODEL);
    const chosen = (remembered && findModel(result, remembered)?.key) || firstAvailable(result)?.key;
    if (chosen) chatSession.setModel(chosen);
  }, [chatModels.result, session.model]);

  useEffect(() => {
    if (session.model) localStorage.setItem(LAST_MODEL, session.model);
  }, [session.model]);

  const modelInfo = findModel(chatModels.result, session.model);
  const checked = useMemo(() => checkParams(session.params, modelInfo?.maxTokens), [session.params, modelInfo?.maxTokens]);

  // ---- conversations ----

  useEffect(() => setListVersion((v) => v + 1), [session.savedVersion]);

  const newChat = useCallback(() => {
    setTab('chat');
    void chatSession.newChat().then(() => requestAnimationFrame(() => composerRef.current?.focus()));
  }, []);

  const openConversation = (id: string) => {
    setTab('chat');
    // Already on screen (perhaps still answering): nothing to open.
    if (id === chatSession.getSnapshot().conversationId && !chatSession.getSnapshot().loadError) return;
    void chatSession.open(id).then((conversation) => {
      if (conversation?.keyId && data && !data.keys.some((k) => k.id === conversation.keyId)) {
        // Its key was forgotten since: keep the one chosen now.
        chatSession.setKey(localStorage.getItem(LAST_KEY) ?? data.keys[0]?.id ?? null);
        toasts.show({ text: t('playground.conversation.keyGone'), ttlMs: 6000 });
      }
    });
  };

  const exportConversation = (id: string, format: 'markdown' | 'json') => {
    hub!.conversations.export({ id, format }).then(
      (file) => {
        downloadBlob(new Blob([file.text], { type: file.mimeType }), file.filename);
        toasts.show({ kind: 'success', text: t('playground.conversation.exported', { file: file.filename }), ttlMs: 4000 });
      },
      (e: unknown) => toasts.show({ kind: 'error', text: localizeError(e, locale).text, ttlMs: 8000 }),
    );
  };

  const commands: ConversationCommands = {
    rename: () => session.conversationId && setModal({ kind: 'rename', id: session.conversationId, title: session.title ?? '' }),
    exportAs: (format) => session.conversationId && exportConversation(session.conversationId, format),
    remove: () => session.conversationId && setModal({ kind: 'delete', id: session.conversationId, title: session.title ?? '' }),
  };

  const openCode = () => {
    const messages = chatSession.requestMessages(chatSession.getSnapshot().draft);
    if (!session.model || !messages.some((m) => m.role !== 'system')) {
      toasts.show({ text: t('playground.code.needMessage'), ttlMs: 4000 });
      return;
    }
    if (!checked.ok) {
      toasts.show({ kind: 'error', text: t('playground.blocked.params'), ttlMs: 4000 });
      return;
    }
    setModal({
      kind: 'code',
      request: { model: session.model, messages, params: checked.params },
      mountUrl: hubOfKey?.mountUrl,
      accessKeyId: key?.accessKeyId,
    });
  };

  // ---- keyboard ----

  const latest = useRef({ tab, newChat });
  latest.current = { tab, newChat };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (modKey(e) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        if (dialogOpen()) return;
        e.preventDefault();
        pickers.current[latest.current.tab]?.open();
      } else if (modKey(e) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'o') {
        if (dialogOpen()) return;
        e.preventDefault();
        latest.current.newChat();
      } else if (e.key === 'Escape' && !e.defaultPrevented && !dialogOpen()) {
        if (latest.current.tab === 'chat' && chatSession.getSnapshot().streaming) chatSession.stop();
        else if (latest.current.tab === 'compare' && compareSession.running) compareSession.stopAll();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // ---- render ----

  const header = (
    <PageHeader
      title={t('playground.title')}
      subtitle={t('playground.subtitle')}
      actions={
        data && data.keys.length > 0 ? (
          <KeyPicker hubs={data.hubs} keys={data.keys} value={session.keyId} onChange={(id) => chatSession.setKey(id)} />
        ) : null
      }
    />
  );

  if (!data) {
    return (
      <div className="pg">
        {header}
        <p className="progress-line">{t('app.loading')}</p>
      </div>
    );
  }

  if (data.keys.length === 0) {
    return (
      <div className="pg pg--empty">
        {header}
        {keysError ? (
          <p className="banner banner--error" role="alert">
            {keysError}
          </p>
        ) : null}
        <EmptyState
          icon="playground"
          title={data.hubs.length ? t('playground.empty.noKeysTitle') : t('playground.empty.title')}
          body={data.hubs.length ? t('playground.empty.noKeysBody') : t('playground.empty.body')}
          action={
            <button type="button" className="button button--primary" onClick={goToKeys}>
              {t('playground.empty.action')}
            </button>
          }
        />
      </div>
    );
  }

  const paramsPanel = paramsOpen ? (
    <ParamsPanel
      value={session.params}
      errors={checked.errors}
      modelMaxTokens={modelInfo?.maxTokens}
      onChange={(p) => chatSession.setParams(p)}
      onClose={toggleParams}
    />
  ) : null;

  const tabLabels: Record<Tab, string> = {
    chat: t('playground.tab.chat'),
    compare: t('playground.tab.compare'),
    images: t('playground.tab.images'),
    embeddings: t('playground.tab.embeddings'),
  };

  return (
    <div className="pg">
      {header}
      {keysError ? (
        <p className="banner banner--error" role="alert">
          {keysError}
        </p>
      ) : null}
      <div className="pg-tabs" role="tablist" aria-label={t('playground.tabs')}>
        {TABS.map((id, i) => (
          <button
            key={id}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`pg-tab-${id}`}
            aria-controls={`pg-panel-${id}`}
            aria-selected={tab === id}
            tabIndex={tab === id ? 0 : -1}
            className="pg-tab"
            onClick={() => setTab(id)}
            onKeyDown={(e) => {
              if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
              e.preventDefault();
              const next = (i + (e.key === 'ArrowRight' ? 1 : -1) + TABS.length) % TABS.length;
              setTab(TABS[next]!);
              tabRefs.current[next]?.focus();
            }}
          >
            {tabLabels[id]}
            {id === 'chat' && session.streaming && tab !== 'chat' ? <span className="dot dot--live" aria-hidden="true" /> : null}
          </button>
        ))}
        <span className="pg-tabs__hint small muted">
          {t('playground.shortcuts', { model: shortcut('K'), newChat: shortcut('O', { shift: true }) })}
        </span>
      </div>

      <div
        id="pg-panel-chat"
        role="tabpanel"
        aria-labelledby="pg-tab-chat"
        hidden={tab !== 'chat'}
        className={`pg-panel pg-chat${paramsOpen ? ' params-open' : ''}`}
      >
        <ConversationList
          currentId={session.conversationId}
          version={listVersion}
          onOpen={openConversation}
          onNew={newChat}
          onRename={(c: ConversationSearchHit) => setModal({ kind: 'rename', id: c.id, title: c.title })}
          onDelete={(c: ConversationSearchHit) => setModal({ kind: 'delete', id: c.id, title: c.title })}
        />
        <ChatPane
          models={chatModels}
          model={modelInfo}
          checked={checked}
          keyId={session.keyId}
          pickerRef={(h) => {
            pickers.current.chat = h;
          }}
          composerRef={composerRef}
          paramsOpen={paramsOpen}
          onToggleParams={toggleParams}
          paramsChanged={changedCount(session.params)}
          systemOpen={systemOpen}
          onToggleSystem={toggleSystem}
          onOpenCode={openCode}
          onNewChat={newChat}
          conversation={commands}
          goToKeys={goToKeys}
        />
        {tab === 'chat' ? paramsPanel : null}
      </div>

      <div
        id="pg-panel-compare"
        role="tabpanel"
        aria-labelledby="pg-tab-compare"
        hidden={tab !== 'compare'}
        className={`pg-panel pg-compare${paramsOpen ? ' params-open' : ''}`}
      >
        {visited.has('compare') ? (
          <ComparePane
            models={chatModels}
            checked={checked}
            keyId={session.keyId}
            pickerRef={(h) => {
              pickers.current.compare = h;
            }}
            paramsOpen={paramsOpen}
            onToggleParams={toggleParams}
            paramsChanged={changedCount(session.params)}
            systemOpen={systemOpen}
            onToggleSystem={toggleSystem}
            goToKeys={goToKeys}
          />
        ) : null}
        {tab === 'compare' ? paramsPanel : null}
      </div>

      <div id="pg-panel-images" role="tabpanel" aria-labelledby="pg-tab-images" hidden={tab !== 'images'} className="pg-panel pg-single">
        {visited.has('images') ? (
          <ImagesPane
            models={imageModels}
            keyId={session.keyId}
            pickerRef={(h) => {
              pickers.current.images = h;
            }}
            goToKeys={goToKeys}
          />
        ) : null}
      </div>

      <div
        id="pg-panel-embeddings"
        role="tabpanel"
        aria-labelledby="pg-tab-embeddings"
        hidden={tab !== 'embeddings'}
        className="pg-panel pg-single"
      >
        {visited.has('embeddings') ? (
          <EmbeddingsPane
            models={embedModels}
            keyId={session.keyId}
            pickerRef={(h) => {
              pickers.current.embeddings = h;
            }}
            goToKeys={goToKeys}
          />
        ) : null}
      </div>

      {modal?.kind === 'code' ? (
        <CodeExportDialog
          request={modal.request}
          mountUrl={modal.mountUrl}
          accessKeyId={modal.accessKeyId}
          onClose={() => setModal(null)}
        />
      ) : null}
      {modal?.kind === 'rename' ? (
        <RenameDialog
          id={modal.id}
          title={modal.title}
          onClose={() => setModal(null)}
          onDone={(title) => {
            chatSession.renamed(modal.id, title);
            setListVersion((v) => v + 1);
            setModal(null);
          }}
        />
      ) : null}
      {modal?.kind === 'delete' ? (
        <ConfirmDialog
          title={t('playground.conversation.deleteTitle')}
          body={<p>{t('playground.conversation.deleteBody', { title: modal.title })}</p>}
          confirmLabel={t('playground.conversation.deleteConfirm')}
          cancelLabel={t('common.cancel')}
          danger
          onCancel={() => setModal(null)}
          onConfirm={() => {
            const { id } = modal;
            setModal(null);
            hub!.conversations.delete({ id }).then(
              async () => {
                await chatSession.deleted(id);
                setListVersion((v) => v + 1);
                toasts.show({ kind: 'success', text: t('playground.conversation.deleted'), ttlMs: 3000 });
              },
              (e: unknown) => toasts.show({ kind: 'error', text: localizeError(e, locale).text, ttlMs: 8000 }),
            );
          }}
        />
      ) : null}
    </div>
  );
}

function defaultKeyOf(data: KeysData, hubId: string): string | null {
  const h = data.hubs.find((x) => x.id === hubId);
  if (!h) return null;
  const keys = data.keys.filter((k) => k.hubId === hubId);
  return (keys.find((k) => k.id === h.defaultKeyId) ?? keys.find((k) => k.isDefault) ?? keys[0])?.id ?? null;
}

function RenameDialog(props: { id: string; title: string; onClose: () => void; onDone: (title: string) => void }) {
  const { t, locale } = useI18n();
  const [title, setTitle] = useState(props.title);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return;
    setBusy(true);
    try {
      const saved = await hub!.conversations.rename({ id: props.id, title: title.trim() });
      props.onDone(saved.title);
    } catch (err) {
      setError(localizeError(err, locale).text);
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('playground.conversation.renameTitle')} onClose={props.onClose} busy={busy} testId="rename-dialog">
      <form className="form" onSubmit={submit}>
        <Field label={t('playground.conversation.titleLabel')}>
          <input type="text" value={title} maxLength={200} required autoFocus onChange={(e) => setTitle(e.target.value)} />
        </Field>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog__actions">
          <button type="button" className="button" onClick={props.onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy || !title.trim()}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
