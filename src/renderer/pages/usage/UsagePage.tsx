import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Snapshot, TimeSeries } from '../../../shared/usage';
import { ActionErrorStore } from '../../actions/keys';
import { useUsageActions } from '../../actions/use-usage-actions';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { PageHeader } from '../../components/PageHeader';
import { relativeTime } from '../../format';
import { useI18n } from '../../i18n';
import { hashParams, openSection } from '../../sections';
import { usageView } from '../../store';
import { useStore } from '../../store/external-store';
import type { UsageViewStore } from '../../store/usage-view';
import { useThemeColors } from './Chart';
import { shortId, type TableContext } from './Tables';
import { UsageBody } from './UsageBody';
import { usageFormat } from './usageFormat';
import { LoadingLine, OfflineBanner } from './UsageStatus';
import { UsageToolbar } from './UsageToolbar';
import './usage.css';

export function UsagePage({ goTo }: { goTo: (s: 'keys') => void }) {
  return usageView ? <UsageView view={usageView} goTo={goTo} /> : null;
}

function UsageView({ view, goTo }: { view: UsageViewStore; goTo: (s: 'keys') => void }) {
  const { t, locale } = useI18n();
  const state = useStore(view);
  const colors = useThemeColors();
  const [errors] = useState(() => new ActionErrorStore());
  const actionError = useStore(errors).error;
  const actions = useUsageActions(errors);

  useEffect(() => {
    // "Check its calls" on the Keys page links here with the hub and the key (`keyId`).
    void view.open(hashParams(location.hash));
    return () => view.close();
  }, [view]);

  const { figures, hubs, keys } = state;
  const quota = figures?.overview?.data.quota ?? null;
  const fmt = useMemo(() => usageFormat(locale, t, quota?.currency), [locale, t, quota?.currency]);
  const keyNames = useMemo(() => {
    const map = new Map<string, string>();
    for (const k of figures?.overview?.data.keys ?? []) if (k.nameSource !== 'id') map.set(k.appDid, k.name);
    const series = state.series.data?.calls.data;
    for (const s of series?.groupBy === 'key' ? series.series : []) if (!map.has(s.id) && s.name !== s.id) map.set(s.id, s.name);
    return map;
  }, [figures, state.series.data]);
  // One name per key or client app, in the tables, the legend, the filters and the CSV.
  const keyName = useCallback(
    (appDid: string, appName?: string) => keyNames.get(appDid) ?? (appName && appName !== appDid ? appName : shortId(appDid)),
    [keyNames],
  );
  const nameOf = useCallback(
    (s: TimeSeries['series'][number]) =>
      s.id === '__other__' ? t('usage.chart.other') : state.series.data?.calls.data.groupBy === 'key' ? keyName(s.id, s.name) : s.name,
    [t, keyName, state.series.data],
  );
  const ctx: TableContext = useMemo(() => ({ t, locale, fmt, keyName }), [t, locale, fmt, keyName]);

  const refresh = () => void view.refresh();
  const header = (
    <PageHeader
      title={t('usage.title')}
      subtitle={t('usage.subtitle')}
      actions={
        figures || state.loading ? (
          <div className="usage-header-actions">
            {figures && figures.models.source === 'live' ? (
              <span className="muted small" title={fmt.dateTime(figures.models.fetchedAt)}>
                {t('usage.updated', { when: relativeTime(new Date(figures.models.fetchedAt).toISOString(), locale) })}
              </span>
            ) : null}
            <button type="button" className="button" onClick={refresh} disabled={state.loading} data-testid="usage-refresh">
              {state.loading ? t('usage.refreshing') : t('usage.refresh')}
            </button>
          </div>
        ) : null
      }
    />
  );

  if (hubs === null) {
    return (
      <div className="usage-page">
        {header}
        <p className="progress-line">{t('app.loading')}</p>
      </div>
    );
  }
  if (hubs.length === 0) {
    return (
      <div className="usage-page">
        {header}
        {state.listError ? <ErrorNotice testId="usage-error" error={state.listError} onRetry={() => void view.loadLists()} /> : null}
        <EmptyState
          icon="usage"
          title={t('usage.noHubs.title')}
          body={t('usage.noHubs.body')}
          action={
            <button type="button" className="button button--primary" onClick={() => goTo('keys')}>
              {t('usage.goToKeys')}
            </button>
          }
        />
      </div>
    );
  }

  const currentHub = hubs.find((h) => h.id === state.hubId) ?? null;
  const snapshots: Snapshot<unknown>[] = [
    figures?.models,
    figures?.overview,
    figures?.cvh,
    state.calls.data,
    ...(state.series.data ? Object.values(state.series.data) : []),
  ].filter((s): s is Snapshot<never> => !!s);
  const offline = snapshots.filter((s) => s.source === 'cache' && s.stale);
  // Saved figures reused on purpose (not because the hub failed): said quietly, with their age.
  const reused = offline.length === 0 ? snapshots.filter((s) => s.source === 'cache') : [];
  const reusedAt = reused.length ? Math.min(...reused.map((s) => s.fetchedAt)) : null;

  return (
    <div className="usage-page">
      {header}
      <UsageToolbar
        hubs={hubs}
        hubId={state.hubId}
        onHub={(id) => void view.selectHub(id)}
        keys={keys}
        keyId={state.keyId}
        onKey={(id) => void view.selectKey(id)}
        choice={state.choice}
        onRange={(choice) => void view.selectRange(choice)}
      />

      {keys !== null && keys.length === 0 ? (
        <EmptyState
          icon="keys"
          title={t('usage.noKeys.title', { hub: currentHub?.name ?? '' })}
          body={t('usage.noKeys.body')}
          action={
            <button type="button" className="button button--primary" onClick={() => goTo('keys')}>
              {t('usage.goToKeys')}
            </button>
          }
        />
      ) : (
        <>
          {offline.length > 0 ? <OfflineBanner snapshots={offline} age={fmt.age} onRetry={refresh} busy={state.loading} /> : null}
          {reusedAt !== null ? (
            <p className="usage-note small" data-testid="usage-saved">
              {t('usage.saved', { age: fmt.age(Date.now() - reusedAt) })}
            </p>
          ) : null}
          {state.loading ? <LoadingLine progress={state.progress} fmt={fmt} /> : null}
          {state.error ? <ErrorNotice testId="usage-error" error={state.error} onRetry={refresh} /> : null}
          {actionError ? <ErrorNotice error={actionError} compact /> : null}
          <UsageBody
            view={view}
            state={state}
            ctx={ctx}
            colors={colors}
            nameOf={nameOf}
            hubName={currentHub?.name ?? 'hub'}
            actions={actions}
            onOpen={(model) => state.hubId && openSection('playground', { model, hubId: state.hubId })}
          />
        </>
      )}
    </div>
  );
}
