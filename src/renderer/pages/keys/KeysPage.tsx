import { useEffect, useMemo, useState } from 'react';
import type { HubDTO, KeyDTO } from '../../../shared/keys';
import { ConfirmDialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { Menu } from '../../components/Menu';
import { PageHeader } from '../../components/PageHeader';
import { useToasts } from '../../components/Toasts';
import { ActionErrorStore, createKeyActions } from '../../actions/keys';
import { TabList } from '../../components/TabList';
import { ErrorNotice } from '../../components/ErrorNotice';
import { localizeError } from '../../errors/localize';
import { keysData } from '../../store';
import { useStore } from '../../store/external-store';
import { keyCalls } from '../../actions/key-calls';
import { useI18n } from '../../i18n';
import { openSection } from '../../sections';
import { AddKeyDialog } from './AddKeyDialog';
import { ExamplesDialog } from './ExamplesDialog';
import { GenerateKeyDialog } from './GenerateKeyDialog';
import { HealthSummary, matchesFilter, type HealthFilter } from './HealthSummary';
import { FirstRun } from './FirstRun';
import { KeychainBanner, useKeychainHealth, useKeyStoreName } from './KeychainStatus';
import { AddHubDialog, RemoveHubDialog, RenameHubDialog } from './HubDialogs';
import { KeyList, type KeyActions } from './KeyList';
import { RotateKeyDialog } from './RotateKeyDialog';
import { useCopyKey } from './useCopyKey';
import { UsedByDialog } from './UsedByDialog';
import './keys.css';

const REVEAL_SECONDS = 20;

type Modal =
  | { kind: 'addHub' }
  | { kind: 'renameHub'; hub: HubDTO }
  | { kind: 'removeHub'; hub: HubDTO }
  | { kind: 'generate'; hub: HubDTO }
  | { kind: 'addKey' }
  | { kind: 'rotate'; key: KeyDTO }
  | { kind: 'forget'; key: KeyDTO }
  | { kind: 'examples'; key: KeyDTO }
  | { kind: 'usedBy'; key: KeyDTO };

export function KeysPage() {
  const { t, locale } = useI18n();
  const store = useKeyStoreName();
  const toasts = useToasts();
  const data = keysData!;
  const { hubs, selectedId, error: loadError } = useStore(data.hubs);
  const { keys } = useStore(data.keys);
  const { hints } = useStore(data.hints);
  const hygieneState = useStore(data.hygiene);
  const [errors] = useState(() => new ActionErrorStore());
  const { error: actionError } = useStore(errors);
  const copy = useCopyKey(errors.fail);
  const [modal, setModal] = useState<Modal | null>(null);
  const [checking, setChecking] = useState<ReadonlySet<string>>(new Set());
  const [revealed, setRevealed] = useState<{ keyId: string; secret: string; until: number } | null>(null);
  const [now, setNow] = useState(() => Date.now());

  const selected = hubs?.find((h) => h.id === selectedId) ?? hubs?.[0] ?? null;
  const hygiene = {
    report: hygieneState.report,
    loading: hygieneState.loading,
    error: hygieneState.error ? localizeError(hygieneState.error, locale).text : null,
    refresh: () => data.refreshHealth(),
  };
  const [healthFilter, setHealthFilter] = useState<HealthFilter | null>(null);
  const keyHealth = useMemo(() => new Map((hygiene.report?.keys ?? []).map((k) => [k.keyId, k])), [hygiene.report]);
  const only = useMemo(
    () => (healthFilter ? new Set([...keyHealth.values()].filter((k) => matchesFilter(k, healthFilter)).map((k) => k.keyId)) : null),
    [keyHealth, healthFilter],
  );
  const usageSource = hygiene.report?.hubs.find((h) => h.hubId === selected?.id);

  const { health, setHealth, recheck: recheckHealth } = useKeychainHealth();

  useEffect(() => {
    void data.start();
    const offCleared = keyCalls.onClipboardCleared(() => {
      toasts.dismiss('clipboard');
      toasts.show({ id: 'clipboard-cleared', text: t('keys.clipboardCleared'), ttlMs: 3000 });
    });
    return () => {
      data.stop();
      offCleared();
    };
  }, [data, t, toasts]);

  // A revealed key goes back to its mask on its own, and leaves memory with it.
  useEffect(() => {
    if (!revealed) return;
    const timer = setInterval(() => {
      const t0 = Date.now();
      setNow(t0);
      if (t0 >= revealed.until) setRevealed(null);
    }, 250);
    return () => clearInterval(timer);
  }, [revealed]);

  const selectHub = (id: string) => {
    setHealthFilter(null);
    setRevealed(null);
    void data.select(id);
  };

  const keyActions = useMemo(
    () => createKeyActions({ api: keyCalls.actionsApi(), t, toast: (x) => toasts.show(x), errors, onChecked: (k) => data.keys.replace(k) }),
    [data, errors, t, toasts],
  );
  const fail = errors.fail;
  const forget = (k: KeyDTO) => {
    if (revealed?.keyId === k.id) setRevealed(null);
    void keyActions.forget(k);
  };

  const actions: KeyActions = {
    copy: (k, format) => void copy(k, format),
    reveal: (k) => {
      if (revealed?.keyId === k.id) return setRevealed(null);
      keyCalls.reveal(k.id).then(({ secret }) => setRevealed({ keyId: k.id, secret, until: Date.now() + REVEAL_SECONDS * 1000 }), fail);
    },
    check: (k) => {
      setChecking((s) => new Set(s).add(k.id));
      void keyActions.check(k).finally(() =>
        setChecking((s) => {
          const next = new Set(s);
          next.delete(k.id);
          return next;
        }),
      );
    },
    makeDefault: (k) => void keyActions.makeDefault(k),
    rotate: (k) => setModal({ kind: 'rotate', key: k }),
    useForCli: (k) => void keyActions.useForCli(k),
    forget: (k) => setModal({ kind: 'forget', key: k }),
    examples: (k) => setModal({ kind: 'examples', key: k }),
    editUsedBy: (k) => setModal({ kind: 'usedBy', key: k }),
    setRetired: (k, retired) => void keyActions.setRetired(k, retired),
    checkCalls: (k) => openSection('usage', { hubId: k.hubId, keyId: k.id }),
    openDashboard: () => {
      if (usageSource) void keyCalls.openExternal(usageSource.dashboardUrl).catch(fail);
    },
  };

  const importCli = () => void keyActions.importCli();

  const closeModal = () => setModal(null);
  // First run: connecting goes straight on to generating a key for that hub.
  const connected = (h: HubDTO) => {
    void data.select(h.id);
    setModal({ kind: 'generate', hub: h });
  };
  const revealedView = revealed
    ? { keyId: revealed.keyId, secret: revealed.secret, seconds: Math.max(0, Math.ceil((revealed.until - now) / 1000)) }
    : null;

  return (
    <>
      <PageHeader
        title={t('keys.title')}
        subtitle={t('keys.subtitle', { store })}
        actions={
          hubs && hubs.length > 0 ? (
            <button type="button" className="button" onClick={() => setModal({ kind: 'addHub' })}>
              {t('keys.addHub')}
            </button>
          ) : null
        }
      />
      <KeychainBanner health={health} onRecheck={recheckHealth} onChange={setHealth} />
      {loadError ? <ErrorNotice error={loadError} onRetry={() => void data.reload()} /> : null}
      {actionError ? <ErrorNotice error={actionError} /> : null}

      {hubs === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : hubs.length === 0 ? (
        <FirstRun onConnected={connected} onOther={() => setModal({ kind: 'addHub' })} />
      ) : (
        <>
          <TabList
            items={hubs.map((h) => ({
              id: h.id,
              label: h.name,
              before: <Icon name="hub" size={16} />,
              after: <span className="hub-tab__count">{h.keyCount}</span>,
            }))}
            selected={selected?.id}
            onSelect={(id) => void selectHub(id)}
            label={t('keys.hubs')}
            idPrefix="hub-tab"
            panelId="hub-panel"
            className="hub-tabs"
            tabClassName="hub-tab"
          />
          {selected ? (
            <section className="hub-panel" role="tabpanel" id="hub-panel" aria-labelledby={`hub-tab-${selected.id}`}>
              <div className="hub-panel__header">
                <div>
                  <h2>{selected.name}</h2>
                  <code className="muted small">{selected.mountUrl}</code>
                  {selected.insecureHttp ? (
                    <p className="small warning" data-testid="hub-insecure">
                      {t('keys.hub.insecure')}
                    </p>
                  ) : null}
                </div>
                <div className="hub-panel__actions">
                  <button type="button" className="button button--primary" onClick={() => setModal({ kind: 'generate', hub: selected })}>
                    {t('keys.generate')}
                  </button>
                  <button type="button" className="button" onClick={() => setModal({ kind: 'addKey' })}>
                    {t('keys.addExisting')}
                  </button>
                  <Menu
                    label={t('keys.hubMenu')}
                    items={[
                      { label: t('keys.importCli'), onSelect: importCli },
                      { label: t('keys.renameHub'), onSelect: () => setModal({ kind: 'renameHub', hub: selected }) },
                      { label: t('keys.removeHub'), onSelect: () => setModal({ kind: 'removeHub', hub: selected }), danger: true },
                    ]}
                  >
                    ⋯
                  </Menu>
                </div>
              </div>
              {keys.length === 0 ? (
                <EmptyState icon="keys" title={t('keys.noKeys.title')} body={t('keys.noKeys.body')} />
              ) : (
                <>
                  <HealthSummary
                    summary={hygiene.report?.summary ?? null}
                    source={usageSource}
                    staleCheckDays={hygiene.report?.rules.staleCheckDays ?? 30}
                    filter={healthFilter}
                    onFilter={setHealthFilter}
                    loading={hygiene.loading}
                    error={hygiene.error}
                    onRefresh={() => void hygiene.refresh()}
                  />
                  <KeyList
                    keys={keys}
                    hints={hints}
                    checking={checking}
                    revealed={revealedView}
                    actions={actions}
                    health={keyHealth}
                    only={only}
                  />
                </>
              )}
            </section>
          ) : null}
        </>
      )}

      {modal?.kind === 'addHub' ? (
        <AddHubDialog
          onClose={closeModal}
          onDone={(h) => {
            closeModal();
            void data.select(h.id);
          }}
        />
      ) : null}
      {modal?.kind === 'renameHub' ? <RenameHubDialog target={modal.hub} onClose={closeModal} onDone={closeModal} /> : null}
      {modal?.kind === 'removeHub' ? <RemoveHubDialog target={modal.hub} onClose={closeModal} onDone={closeModal} /> : null}
      {modal?.kind === 'generate' ? (
        <GenerateKeyDialog
          target={modal.hub}
          existingKeys={modal.hub.id === selected?.id ? keys : []}
          onClose={closeModal}
          onMakeDefault={keyActions.makeDefault}
        />
      ) : null}
      {modal?.kind === 'addKey' && selected ? <AddKeyDialog target={selected} onClose={closeModal} onDone={closeModal} /> : null}
      {modal?.kind === 'rotate' ? <RotateKeyDialog target={modal.key} onClose={closeModal} onForgetOld={(k) => void forget(k)} /> : null}
      {modal?.kind === 'examples' ? <ExamplesDialog target={modal.key} onClose={closeModal} /> : null}
      {modal?.kind === 'usedBy' ? <UsedByDialog target={modal.key} allKeys={keys} onClose={closeModal} /> : null}
      {modal?.kind === 'forget' ? (
        <ConfirmDialog
          title={t('keys.forget.title')}
          body={<p>{t('keys.forget.body', { name: modal.key.name, store })}</p>}
          confirmLabel={t('keys.forget.confirm')}
          cancelLabel={t('common.cancel')}
          danger
          onCancel={closeModal}
          onConfirm={() => {
            const k = modal.key;
            closeModal();
            void forget(k);
          }}
        />
      ) : null}
    </>
  );
}
