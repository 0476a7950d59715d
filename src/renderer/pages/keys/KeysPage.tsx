import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { HubDTO, KeyDTO } from '../../../shared/keys';
import type { KeyHint } from '../../../shared/usage';
import { ConfirmDialog } from '../../components/Dialog';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { Menu } from '../../components/Menu';
import { PageHeader } from '../../components/PageHeader';
import { useToasts } from '../../components/Toasts';
import { errorMessage } from '../../format';
import { hub } from '../../hub';
import { useI18n } from '../../i18n';
import { openSection } from '../../sections';
import { AddKeyDialog } from './AddKeyDialog';
import { ExamplesDialog } from './ExamplesDialog';
import { GenerateKeyDialog } from './GenerateKeyDialog';
import { HealthSummary, matchesFilter, type HealthFilter } from './HealthSummary';
import { KeychainBanner, useKeychainHealth } from './KeychainStatus';
import { AddHubDialog, RemoveHubDialog, RenameHubDialog } from './HubDialogs';
import { KeyList, type KeyActions } from './KeyList';
import { RotateKeyDialog } from './RotateKeyDialog';
import { useCopyKey } from './useCopyKey';
import { UsedByDialog } from './UsedByDialog';
import { useHygiene } from './useHygiene';

const REVEAL_SECONDS = 20;

type Modal =
  | { kind: 'addHub' }
  | { kind: 'renameHub'; hub: HubDTO }
  | { kind: 'removeHub'; hub: HubDTO }
  | { kind: 'generate' }
  | { kind: 'addKey' }
  | { kind: 'rotate'; key: KeyDTO }
  | { kind: 'forget'; key: KeyDTO }
  | { kind: 'examples'; key: KeyDTO }
  | { kind: 'usedBy'; key: KeyDTO };

export function KeysPage() {
  const { t } = useI18n();
  const toasts = useToasts();
  const copy = useCopyKey();
  const [hubs, setHubs] = useState<HubDTO[] | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [keys, setKeys] = useState<KeyDTO[]>([]);
  const [modal, setModal] = useState<Modal | null>(null);
  const [checking, setChecking] = useState<ReadonlySet<string>>(new Set());
  const [revealed, setRevealed] = useState<{ keyId: string; secret: string; until: number } | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [loadError, setLoadError] = useState<string | null>(null);
  const [hints, setHints] = useState<ReadonlyMap<string, KeyHint>>(new Map());
  // The hub to show after the next reload; a ref so reloads started earlier see the latest choice.
  const selectedRef = useRef<string | null>(null);
  const choose = useCallback((id: string | null) => {
    selectedRef.current = id;
    setSelectedId(id);
  }, []);

  const selected = hubs?.find((h) => h.id === selectedId) ?? hubs?.[0] ?? null;
  const hygiene = useHygiene(selected && selected.keyCount > 0 ? selected.id : null);
  const [healthFilter, setHealthFilter] = useState<HealthFilter | null>(null);
  const keyHealth = useMemo(() => new Map((hygiene.report?.keys ?? []).map((k) => [k.keyId, k])), [hygiene.report]);
  const only = useMemo(
    () => (healthFilter ? new Set([...keyHealth.values()].filter((k) => matchesFilter(k, healthFilter)).map((k) => k.keyId)) : null),
    [keyHealth, healthFilter],
  );
  const usageSource = hygiene.report?.hubs.find((h) => h.hubId === selected?.id);

  // Usage hints are a nicety: they load after the list, and a failure only hides them.
  const loadHints = useCallback(async (hubId: string) => {
    try {
      const snapshot = await hub!.usage.keyHints({ hubId });
      if (selectedRef.current === hubId) setHints(new Map(snapshot.data.map((h) => [h.keyId, h])));
    } catch {
      setHints(new Map());
    }
  }, []);

  const reload = useCallback(async () => {
    try {
      const list = await hub!.hubs.list();
      setHubs(list);
      const current = list.find((h) => h.id === selectedRef.current) ?? list[0] ?? null;
      choose(current?.id ?? null);
      setKeys(current ? await hub!.keys.list({ hubId: current.id }) : []);
      setLoadError(null);
      if (current && current.keyCount > 0) void loadHints(current.id);
    } catch (err) {
      setLoadError(errorMessage(err));
      setHubs((h) => h ?? []);
    }
  }, [choose, loadHints]);

  const { health, setHealth, recheck: recheckHealth } = useKeychainHealth();

  useEffect(() => {
    void reload();
    const offChanged = hub!.on('keys.changed', () => void reload());
    const offCleared = hub!.on('clipboard.cleared', () => {
      toasts.dismiss('clipboard');
      toasts.show({ id: 'clipboard-cleared', text: t('keys.clipboardCleared'), ttlMs: 3000 });
    });
    return () => {
      offChanged();
      offCleared();
    };
  }, [reload, t, toasts]);

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

  const selectHub = async (id: string) => {
    choose(id);
    setHealthFilter(null);
    setRevealed(null);
    setKeys(await hub!.keys.list({ hubId: id }));
    void loadHints(id);
  };

  const fail = (err: unknown) => toasts.show({ kind: 'error', text: errorMessage(err), ttlMs: 8000 });

  const forget = async (k: KeyDTO) => {
    try {
      const { undoToken, expiresAt } = await hub!.keys.forget({ keyId: k.id });
      if (revealed?.keyId === k.id) setRevealed(null);
      await reload();
      toasts.show({
        id: `forgot-${k.id}`,
        text: t('keys.forgotten', { name: k.name }),
        until: new Date(expiresAt).getTime(),
        action: {
          label: t('keys.undo'),
          run: () =>
            void hub!.keys
              .undoForget({ undoToken })
              .then(async (restored) => {
                await reload();
                toasts.show({ kind: 'success', text: t('keys.restored', { name: restored.name }) });
              })
              .catch(fail),
        },
      });
    } catch (err) {
      fail(err);
    }
  };

  const actions: KeyActions = {
    copy: (k, format) => void copy(k, format),
    reveal: (k) => {
      if (revealed?.keyId === k.id) return setRevealed(null);
      hub!.keys
        .reveal({ keyId: k.id })
        .then(({ secret }) => setRevealed({ keyId: k.id, secret, until: Date.now() + REVEAL_SECONDS * 1000 }), fail);
    },
    check: (k) => {
      setChecking((s) => new Set(s).add(k.id));
      hub!.keys
        .check({ keyId: k.id })
        .then((updated) => {
          setKeys((list) => list.map((x) => (x.id === updated.id ? updated : x)));
          const c = updated.lastCheck;
          toasts.show(
            c?.ok
              ? { kind: 'success', text: t('keys.checkDone', { name: k.name }) }
              : { kind: 'error', text: t('keys.checkFailed', { name: k.name, message: c?.message ?? '' }), ttlMs: 8000 },
          );
        }, fail)
        .finally(() =>
          setChecking((s) => {
            const next = new Set(s);
            next.delete(k.id);
            return next;
          }),
        );
    },
    makeDefault: (k) => {
      hub!.hubs.setDefaultKey({ hubId: k.hubId, keyId: k.id }).then(async () => {
        await reload();
        toasts.show({ kind: 'success', text: t('keys.defaultSet', { name: k.name }) });
      }, fail);
    },
    rotate: (k) => setModal({ kind: 'rotate', key: k }),
    useForCli: (k) => {
      hub!.keys
        .useForCli({ keyId: k.id })
        .then(({ host }) => toasts.show({ kind: 'success', text: t('keys.cliWritten', { name: k.name, host }) }), fail);
    },
    forget: (k) => setModal({ kind: 'forget', key: k }),
    examples: (k) => setModal({ kind: 'examples', key: k }),
    editUsedBy: (k) => setModal({ kind: 'usedBy', key: k }),
    setRetired: (k, retired) => {
      hub!.keys
        .setRetired({ keyId: k.id, retired })
        .then(
          () => toasts.show({ kind: 'success', text: t(retired ? 'hygiene.retiredDone' : 'hygiene.unretiredDone', { name: k.name }) }),
          fail,
        );
    },
    checkCalls: (k) => openSection('usage', { hubId: k.hubId, ...(k.accessKeyId ? { appDid: k.accessKeyId } : {}), keyId: k.id }),
    openDashboard: () => {
      if (usageSource) void hub!.shell.openExternal({ url: usageSource.dashboardUrl }).catch(fail);
    },
  };

  const importCli = () => {
    hub!.keys.importFromCli().then(async ({ imported }) => {
      await reload();
      toasts.show({ kind: 'success', text: imported.length ? t('keys.cliImported', { count: imported.length }) : t('keys.cliNothing') });
    }, fail);
  };

  const closeModal = () => setModal(null);
  const revealedView = revealed
    ? { keyId: revealed.keyId, secret: revealed.secret, seconds: Math.max(0, Math.ceil((revealed.until - now) / 1000)) }
    : null;

  return (
    <>
      <PageHeader
        title={t('keys.title')}
        subtitle={t('keys.subtitle')}
        actions={
          hubs && hubs.length > 0 ? (
            <button type="button" className="button" onClick={() => setModal({ kind: 'addHub' })}>
              {t('keys.addHub')}
            </button>
          ) : null
        }
      />
      <KeychainBanner health={health} onRecheck={recheckHealth} onChange={setHealth} />
      {loadError ? (
        <p className="banner banner--error" role="alert">
          {loadError}
        </p>
      ) : null}

      {hubs === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : hubs.length === 0 ? (
        <EmptyState
          icon="hub"
          title={t('keys.empty.title')}
          body={t('keys.empty.body')}
          hint={t('keys.empty.hint')}
          action={
            <button type="button" className="button button--primary" onClick={() => setModal({ kind: 'addHub' })}>
              {t('keys.empty.action')}
            </button>
          }
        />
      ) : (
        <>
          <div className="hub-tabs" role="tablist" aria-label={t('keys.hubs')}>
            {hubs.map((h) => (
              <button
                key={h.id}
                type="button"
                role="tab"
                aria-selected={h.id === selected?.id}
                className="hub-tab"
                onClick={() => void selectHub(h.id)}
              >
                <Icon name="hub" size={16} />
                <span>{h.name}</span>
                <span className="hub-tab__count">{h.keyCount}</span>
              </button>
            ))}
          </div>
          {selected ? (
            <section className="hub-panel" role="tabpanel" aria-label={selected.name}>
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
                  <button type="button" className="button button--primary" onClick={() => setModal({ kind: 'generate' })}>
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
            choose(h.id);
            closeModal();
            void reload();
          }}
        />
      ) : null}
      {modal?.kind === 'renameHub' ? (
        <RenameHubDialog target={modal.hub} onClose={closeModal} onDone={() => (closeModal(), void reload())} />
      ) : null}
      {modal?.kind === 'removeHub' ? (
        <RemoveHubDialog target={modal.hub} onClose={closeModal} onDone={() => (closeModal(), void reload())} />
      ) : null}
      {modal?.kind === 'generate' && selected ? (
        <GenerateKeyDialog target={selected} existingKeys={keys} onClose={() => (closeModal(), void reload())} />
      ) : null}
      {modal?.kind === 'addKey' && selected ? (
        <AddKeyDialog target={selected} onClose={closeModal} onDone={() => (closeModal(), void reload())} />
      ) : null}
      {modal?.kind === 'rotate' ? (
        <RotateKeyDialog target={modal.key} onClose={() => (closeModal(), void reload())} onForgetOld={(k) => void forget(k)} />
      ) : null}
      {modal?.kind === 'examples' ? <ExamplesDialog target={modal.key} onClose={closeModal} /> : null}
      {modal?.kind === 'usedBy' ? <UsedByDialog target={modal.key} allKeys={keys} onClose={closeModal} /> : null}
      {modal?.kind === 'forget' ? (
        <ConfirmDialog
          title={t('keys.forget.title')}
          body={<p>{t('keys.forget.body', { name: modal.key.name })}</p>}
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
