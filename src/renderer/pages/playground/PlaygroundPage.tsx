import { useEffect } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { TabList } from '../../components/TabList';
import { useI18n } from '../../i18n';
import { useStore } from '../../store/external-store';
import { usePlayground } from '../../store/playground';
import { PLAYGROUND_TABS } from '../../store/playground-ui';
import { ChatPane } from './ChatPane';
import { ComparePane } from './ComparePane';
import { ConversationList } from './ConversationList';
import { useChatContext, useModels, useSessionField } from './data';
import { EmbeddingsPane } from './EmbeddingsPane';
import { dialogOpen, modKey, shortcut } from './helpers';
import { ImagesPane } from './ImagesPane';
import { KeyPicker } from './KeyPicker';
import { ParamsPanel } from './ParamsPanel';
import { PlaygroundDialogs } from './PlaygroundDialogs';
import { usePlaygroundSelection } from './selection';
import { newChat } from './commands';
import './playground.css';

export function PlaygroundPage({ goTo }: { goTo: (s: 'keys') => void }) {
  const { t } = useI18n();
  const pg = usePlayground();
  const ui = useStore(pg.ui);
  const { error: keysError } = useStore(pg.keys);
  const { data, keyId, key, checked, modelInfo } = useChatContext();
  const streaming = useSessionField((s) => s.streaming);
  const params = useSessionField((s) => s.params);
  usePlaygroundSelection(pg);

  const hubId = key?.hubId ?? null;
  const imageModels = useModels(ui.visited.has('images') ? hubId : null, 'image');
  const embedModels = useModels(ui.visited.has('embeddings') ? hubId : null, 'embedding');
  const goToKeys = () => goTo('keys');

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (modKey(e) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        if (dialogOpen()) return;
        e.preventDefault();
        pg.ui.openPicker();
      } else if (modKey(e) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'o') {
        if (dialogOpen()) return;
        e.preventDefault();
        newChat(pg);
      } else if (e.key === 'Escape' && !e.defaultPrevented && !dialogOpen()) {
        const tab = pg.ui.getSnapshot().tab;
        if (tab === 'chat' && pg.chat.getSnapshot().streaming) pg.chat.stop();
        else if (tab === 'compare' && pg.compare.running) pg.compare.stopAll();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pg]);

  const header = (
    <PageHeader
      title={t('playground.title')}
      subtitle={t('playground.subtitle')}
      actions={
        data && data.keys.length > 0 ? (
          <KeyPicker hubs={data.hubs} keys={data.keys} value={keyId} onChange={(id) => pg.chat.setKey(id)} />
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
        {keysError ? <ErrorNotice error={keysError} onRetry={() => void pg.keys.load()} /> : null}
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

  const paramsPanel = ui.paramsOpen ? (
    <ParamsPanel
      value={params}
      errors={checked.errors}
      modelMaxTokens={modelInfo?.maxTokens}
      onChange={(p) => pg.chat.setParams(p)}
      onClose={pg.ui.toggleParams}
    />
  ) : null;

  const panel = (id: (typeof PLAYGROUND_TABS)[number], className: string, children: React.ReactNode) => (
    <div id={`pg-panel-${id}`} role="tabpanel" aria-labelledby={`pg-tab-${id}`} hidden={ui.tab !== id} className={`pg-panel ${className}`}>
      {children}
    </div>
  );
  const withParams = ui.paramsOpen ? ' params-open' : '';

  return (
    <div className="pg">
      {header}
      {keysError ? <ErrorNotice error={keysError} onRetry={() => void pg.keys.load()} compact /> : null}
      <div className="pg-tabs">
        <TabList
          items={PLAYGROUND_TABS.map((id) => ({ id, label: t(`playground.tab.${id}`) }))}
          selected={ui.tab}
          onSelect={(id) => pg.ui.setTab(id)}
          label={t('playground.tabs')}
          idPrefix="pg-tab"
          panelId={`pg-panel-${ui.tab}`}
          className="pg-tabs__list"
          tabClassName="pg-tab"
        />
        {streaming && ui.tab !== 'chat' ? (
          <span className="pg-tabs__live small" role="status">
            <span className="dot dot--live" aria-hidden="true" /> {t('playground.a11y.answering')}
          </span>
        ) : null}
        <span className="pg-tabs__hint small">
          {t('playground.shortcuts', { model: shortcut('K'), newChat: shortcut('O', { shift: true }) })}
        </span>
      </div>

      {panel(
        'chat',
        `pg-chat${withParams}${ui.listOpen ? '' : ' list-closed'}`,
        <>
          {ui.listOpen ? <ConversationList /> : null}
          <ChatPane />
          {ui.tab === 'chat' ? paramsPanel : null}
        </>,
      )}
      {panel(
        'compare',
        `pg-compare${withParams}`,
        <>
          {ui.visited.has('compare') ? <ComparePane /> : null}
          {ui.tab === 'compare' ? paramsPanel : null}
        </>,
      )}
      {panel(
        'images',
        'pg-single',
        ui.visited.has('images') ? (
          <ImagesPane models={imageModels} keyId={keyId} pickerRef={(h) => pg.ui.registerPicker('images', h)} goToKeys={goToKeys} />
        ) : null,
      )}
      {panel(
        'embeddings',
        'pg-single',
        ui.visited.has('embeddings') ? (
          <EmbeddingsPane models={embedModels} keyId={keyId} pickerRef={(h) => pg.ui.registerPicker('embeddings', h)} goToKeys={goToKeys} />
        ) : null,
      )}
      <PlaygroundDialogs />
    </div>
  );
}
