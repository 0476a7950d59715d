import { useCallback, useEffect, useMemo, useState } from 'react';
import type { HubDTO, KeyDTO } from '../../../shared/keys';
import type { SeriesGroupBy, Snapshot } from '../../../shared/usage';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { localizeError } from '../../errors/localize';
import { PageHeader } from '../../components/PageHeader';
import { useToasts } from '../../components/Toasts';
import { relativeTime } from '../../format';
import { hub } from '../../hub';
import { useI18n, type MessageKey } from '../../i18n';
import { hashParams, openSection } from '../../sections';
import { useThemeColors } from './Chart';
import { CallLog, NO_FILTERS } from './CallLog';
import { ClientVsHubTable } from './ClientVsHubTable';
import { downloadCsv, exportName } from './csv';
import { choiceKey, dayValue, DEFAULT_CHOICE, parseChoice, PRESETS, toUsageRange, type RangeChoice } from './range';
import { SummaryCards } from './SummaryCards';
import { KeyTable, ModelTable, SectionHeader, shortId } from './Tables';
import { UsageCharts } from './UsageCharts';
import { allCalls, useCallPage, useSeries, useUsageCore, type CallFilters, type Scope } from './useUsageData';
import { usageFormat } from './usageFormat';
import './usage.css';

const PREFS_KEY = 'aigne-hub-desktop.usage';

interface Prefs {
  hubId: string | null;
  range: RangeChoice;
  groupBy: SeriesGroupBy;
}

/** The last hub, range and grouping (no secrets, no figures), so the page opens where the user left it. */
function loadPrefs(): Prefs {
  try {
    const raw = JSON.parse(localStorage.getItem(PREFS_KEY) ?? '{}') as Record<string, unknown>;
    return {
      hubId: typeof raw.hubId === 'string' ? raw.hubId : null,
      range: parseChoice(raw.range) ?? DEFAULT_CHOICE,
      groupBy: raw.groupBy === 'key' ? 'key' : 'model',
    };
  } catch {
    return { hubId: null, range: DEFAULT_CHOICE, groupBy: 'model' };
  }
}

function savePrefs(p: Prefs) {
  try {
    localStorage.setItem(PREFS_KEY, JSON.stringify({ hubId: p.hubId, range: choiceKey(p.range), groupBy: p.groupBy }));
  } catch {
    // Preferences are a convenience: a full or blocked storage changes nothing else.
  }
}

const RANGE_LABEL: Record<string, MessageKey> = {
  '24h': 'usage.range.24h',
  '7d': 'usage.range.7d',
  '30d': 'usage.range.30d',
  '90d': 'usage.range.90d',
};

export function UsagePage({ goTo }: { goTo: (s: 'keys') => void }) {
  const { t, locale } = useI18n();
  const toasts = useToasts();
  const colors = useThemeColors();
  const [initial] = useState(loadPrefs);

  const [hubs, setHubs] = useState<HubDTO[] | null>(null);
  const [listError, setListError] = useState<unknown>(null);
  // "Check its calls" on the Keys page links here with the hub and the key's appDid.
  const [linked] = useState(() => hashParams(location.hash));
  const [hubId, setHubId] = useState<string | null>(linked.get('hubId') ?? initial.hubId);
  const [keys, setKeys] = useState<KeyDTO[] | null>(null);
  const [keyId, setKeyId] = useState('');
  const [choice, setChoice] = useState<RangeChoice>(initial.range);
  const [customOpen, setCustomOpen] = useState(initial.range.kind === 'custom');
  const [draft, setDraft] = useState(() =>
    initial.range.kind === 'custom'
      ? { from: initial.range.from, to: initial.range.to }
      : { from: dayValue(new Date(Date.now() - 13 * 86_400_000)), to: dayValue(new Date()) },
  );
  const [groupBy, setGroupBy] = useState<SeriesGroupBy>(initial.groupBy);
  const [filters, setFilters] = useState<CallFilters>(() => ({ ...NO_FILTERS, appDid: linked.get('appDid') ?? '' }));
  const [page, setPage] = useState(1);
  const [reload, setReload] = useState(0);
  const [exporting, setExporting] = useState<{ table: string; fetched: number; total: number } | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);

  // ---- hubs and keys ----
  const loadLists = useCallback(async () => {
    try {
      const list = await hub!.hubs.list();
      setHubs(list);
      setListError(null);
      setHubId((current) => (list.some((h) => h.id === current) ? current : (list[0]?.id ?? null)));
    } catch (error) {
      setListError(error);
      setHubs((h) => h ?? []);
    }
  }, []);

  useEffect(() => {
    void loadLists();
    return hub!.on('keys.changed', () => void loadLists());
  }, [loadLists]);

  const hubCount = hubs?.length ?? 0;
  const keyCountOfHub = hubs?.find((h) => h.id === hubId)?.keyCount;
  useEffect(() => {
    if (!hubId) return;
    let live = true;
    hub!.keys.list({ hubId }).then(
      (list) => {
        if (!live) return;
        setKeys(list);
        setKeyId((current) => (list.some((k) => k.id === current) ? current : ''));
      },
      (error: unknown) => live && (setListError(error), setKeys([])),
    );
    return () => {
      live = false;
    };
  }, [hubId, hubCount, keyCountOfHub]);

  useEffect(() => {
    savePrefs({ hubId, range: choice, groupBy });
  }, [hubId, choice, groupBy]);

  // ---- what to load ----
  const resolved = useMemo(() => toUsageRange(choice), [choice]);
  const range = 'range' in resolved ? resolved.range : null;
  const rangeId = choiceKey(choice);
  const scope: Scope | null = useMemo(() => {
    if (!hubId || !keys || keys.length === 0 || !range) return null;
    return { hubId, keyId: keyId || undefined, range, token: `${hubId}|${keyId}|${rangeId}|${reload}` };
    // `range` is rebuilt with the current time zone when the choice changes; the id says when.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hubId, keys, keyId, rangeId, reload]);

  const { core, progress } = useUsageCore(scope);
  const series = useSeries(scope, core.readyToken, groupBy);
  const calls = useCallPage(scope, core.readyToken, filters, page);

  const quota = core.overview?.data.quota ?? null;
  const fmt = useMemo(() => usageFormat(locale, t, quota?.currency), [locale, t, quota?.currency]);
  const currentHub = hubs?.find((h) => h.id === hubId) ?? null;
  const rangeLabel = choice.kind === 'preset' ? t(RANGE_LABEL[choice.preset] ?? 'usage.range.30d') : customLabel(choice, fmt.date);

  const keyNames = useMemo(() => {
    const map = new Map<string, string>();
    for (const k of core.overview?.data.keys ?? []) map.set(k.appDid, k.name);
    for (const s of series.data?.calls.data.groupBy === 'key' ? series.data.calls.data.series : [])
      if (!map.has(s.id)) map.set(s.id, s.name);
    return map;
  }, [core.overview, series.data]);
  const keyName = useCallback(
    (appDid: string, appName?: string) => {
      const name = keyNames.get(appDid) ?? appName;
      return name && name !== appDid ? name : shortId(appDid);
    },
    [keyNames],
  );

  // ---- filters: the legend, the table buttons and the call-log selects all set the same state ----
  const changeFilters = (next: CallFilters) => {
    setFilters(next);
    setPage(1);
  };
  const focusDimension = groupBy === 'model' ? 'model' : 'appDid';
  const seriesIds = series.data ? series.data.calls.data.series.map((s) => s.id) : [];
  const focusValue = filters[focusDimension];
  const focus = focusValue && seriesIds.includes(focusValue) ? focusValue : null;
  const onFocus = (id: string | null) => changeFilters({ ...filters, [focusDimension]: id ?? '' });

  const selectHub = (id: string) => {
    setHubId(id);
    setKeys(null);
    setKeyId('');
    changeFilters(NO_FILTERS);
  };
  const selectPreset = (preset: (typeof PRESETS)[number]) => {
    setCustomOpen(false);
    setChoice({ kind: 'preset', preset });
    setPage(1);
  };
  const customResult = toUsageRange({ kind: 'custom', ...draft });
  const applyCustom = () => {
    if (!('range' in customResult)) return;
    setChoice({ kind: 'custom', ...draft });
    setPage(1);
  };
  const refresh = () => setReload((n) => n + 1);
  const openInPlayground = (model: string) => hubId && openSection('playground', { model, hubId });

  // ---- exports ----
  const filePrefix = exportName(currentHub?.name ?? 'hub', rangeId);
  const runExport = async (table: 'keys' | 'models' | 'calls') => {
    if (!scope) return;
    setExporting({ table, fetched: 0, total: 0 });
    setExportError(null);
    try {
      let rows: Record<string, unknown>[];
      if (table === 'keys') rows = core.overview?.data.keys ?? [];
      else if (table === 'models') rows = core.models?.data.rows ?? [];
      else {
        const records = await allCalls(scope, filters, (fetched, total) => setExporting({ table, fetched, total }));
        rows = records.map((r) => ({ ...r, keyName: keyName(r.appDid, r.appName) }));
      }
      const n = await downloadCsv(table, rows, t, exportName(table, currentHub?.name ?? 'hub', rangeId, dayValue(new Date())));
      toasts.show({ kind: 'success', text: t('usage.export.done', { n: fmt.int(n) }) });
    } catch (error) {
      setExportError(error);
    } finally {
      setExporting(null);
    }
  };
  const exportButton = (table: 'keys' | 'models' | 'calls', disabled: boolean) => (
    <button
      type="button"
      className="button button--small"
      disabled={disabled || exporting !== null}
      onClick={() => void runExport(table)}
      data-testid={`export-${table}`}
    >
      {exporting?.table === table
        ? exporting.total
          ? t('usage.export.progress', { fetched: fmt.int(exporting.fetched), total: fmt.int(exporting.total) })
          : t('usage.export.working')
        : t('usage.export.csv')}
    </button>
  );

  // ---- what to show ----
  const header = (
    <PageHeader
      title={t('usage.title')}
      subtitle={t('usage.subtitle')}
      actions={
        scope ? (
          <div className="usage-header-actions">
            {core.models && core.models.source === 'live' ? (
              <span className="muted small" title={fmt.dateTime(core.models.fetchedAt)}>
                {t('usage.updated', { when: relativeTime(new Date(core.models.fetchedAt).toISOString(), locale) })}
              </span>
            ) : null}
            <button type="button" className="button" onClick={refresh} disabled={core.loading} data-testid="usage-refresh">
              {core.loading ? t('usage.refreshing') : t('usage.refresh')}
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
        {listError ? <ErrorNotice testId="usage-error" error={listError} onRetry={() => void loadLists()} /> : null}
        {exportError ? <ErrorNotice error={exportError} compact /> : null}
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

  const snapshots: Snapshot<unknown>[] = [
    core.models,
    core.overview,
    core.cvh,
    calls.page,
    ...(series.data ? Object.values(series.data) : []),
  ].filter((s): s is Snapshot<never> => s !== null);
  const offline = snapshots.filter((s) => s.source === 'cache' && s.stale);
  // Saved figures reused on purpose (not because the hub failed): said quietly, with their age.
  const reused = offline.length === 0 ? snapshots.filter((s) => s.source === 'cache') : [];
  const reusedAt = reused.length ? Math.min(...reused.map((s) => s.fetchedAt)) : null;
  const totals = core.overview?.data.totals ?? core.models?.data.totals ?? null;
  const noCalls = core.models !== null && core.models.data.totals.calls === 0;
  const longer = choice.kind === 'preset' ? PRESETS.slice(PRESETS.indexOf(choice.preset) + 1) : (['90d'] as const);
  const firstLoad = core.loading && !core.models;
  const keyOptions = (core.overview?.data.keys ?? []).map((k) => ({ appDid: k.appDid, name: keyName(k.appDid) }));
  const types = [...new Set((core.models?.data.rows ?? []).flatMap((r) => r.types))].sort();
  const crossNote =
    (groupBy === 'model' && filters.appDid) || (groupBy === 'key' && filters.model)
      ? t(groupBy === 'model' ? 'usage.chart.crossKey' : 'usage.chart.crossModel', {
          name: groupBy === 'model' ? keyName(filters.appDid) : filters.model,
        })
      : null;

  return (
    <div className="usage-page">
      {header}

      <div className="usage-toolbar" role="group" aria-label={t('usage.toolbar')}>
        {hubs.length > 1 ? (
          <label className="usage-select">
            <span>{t('usage.hub')}</span>
            <select value={hubId ?? ''} onChange={(e) => selectHub(e.target.value)} data-testid="usage-hub">
              {hubs.map((h) => (
                <option key={h.id} value={h.id}>
                  {h.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <div className="usage-select">
            <span>{t('usage.hub')}</span>
            <strong className="usage-toolbar__hub" title={currentHub?.mountUrl}>
              {currentHub?.name}
            </strong>
          </div>
        )}
        {keys && keys.length > 1 ? (
          <label className="usage-select">
            <span>{t('usage.readWith')}</span>
            <select value={keyId} onChange={(e) => setKeyId(e.target.value)} data-testid="usage-key">
              <option value="">{t('usage.defaultKey', { name: keys.find((k) => k.isDefault)?.name ?? keys[0]?.name ?? '' })}</option>
              {keys
                .filter((k) => !k.isDefault)
                .map((k) => (
                  <option key={k.id} value={k.id}>
                    {k.name}
                  </option>
                ))}
            </select>
          </label>
        ) : null}
        <fieldset className="usage-range">
          <legend>{t('usage.range')}</legend>
          <div className="segmented" role="radiogroup" aria-label={t('usage.range')}>
            {PRESETS.map((p) => (
              <label key={p} className="segmented__option">
                <input
                  type="radio"
                  name="usage-range"
                  checked={!customOpen && choice.kind === 'preset' && choice.preset === p}
                  onChange={() => selectPreset(p)}
                />
                <span>{t(RANGE_LABEL[p] ?? 'usage.range.30d')}</span>
              </label>
            ))}
            <label className="segmented__option">
              <input type="radio" name="usage-range" checked={customOpen} onChange={() => setCustomOpen(true)} />
              <span>{t('usage.range.custom')}</span>
            </label>
          </div>
        </fieldset>
        {customOpen ? (
          <form
            className="usage-custom"
            onSubmit={(e) => {
              e.preventDefault();
              applyCustom();
            }}
          >
            <label className="usage-select">
              <span>{t('usage.range.from')}</span>
              <input
                type="date"
                value={draft.from}
                max={draft.to || undefined}
                onChange={(e) => setDraft({ ...draft, from: e.target.value })}
              />
            </label>
            <label className="usage-select">
              <span>{t('usage.range.to')}</span>
              <input
                type="date"
                value={draft.to}
                min={draft.from || undefined}
                onChange={(e) => setDraft({ ...draft, to: e.target.value })}
              />
            </label>
            <button type="submit" className="button button--small button--primary" disabled={!('range' in customResult)}>
              {t('usage.range.apply')}
            </button>
            {'problem' in customResult ? (
              <span className="usage-custom__problem" role="status">
                {t(`usage.range.problem.${customResult.problem}`)}
              </span>
            ) : null}
          </form>
        ) : null}
      </div>

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
          {offline.length > 0 ? <OfflineBanner snapshots={offline} age={fmt.age} onRetry={refresh} busy={core.loading} /> : null}
          {reusedAt !== null ? (
            <p className="usage-note small" data-testid="usage-saved">
              {t('usage.saved', { age: fmt.age(Date.now() - reusedAt) })}
            </p>
          ) : null}
          {core.loading ? <LoadingLine progress={progress} fmt={fmt} /> : null}
          {core.error && !core.models ? <ErrorNotice testId="usage-error" error={core.error} onRetry={refresh} /> : null}

          {core.models || core.loading ? (
            <SummaryCards quota={quota} totals={totals} fmt={fmt} loading={core.loading || (!core.overview && !core.overviewError)} />
          ) : null}
          {core.overviewError ? <ErrorNotice error={core.overviewError} onRetry={refresh} compact /> : null}

          {firstLoad ? <ChartSkeleton /> : null}

          {core.models && noCalls ? (
            <section className="usage-nocalls card" data-testid="usage-no-calls">
              <h2>{t('usage.noCalls.title', { range: rangeLabel })}</h2>
              <p>{longer.length ? t('usage.noCalls.body') : t('usage.noCalls.bodyLongest')}</p>
              <div className="usage-nocalls__actions">
                {longer.map((p) => (
                  <button key={p} type="button" className="button" onClick={() => selectPreset(p)}>
                    {t(RANGE_LABEL[p] ?? 'usage.range.90d')}
                  </button>
                ))}
              </div>
            </section>
          ) : null}

          {core.models && !noCalls ? (
            <>
              <section className="usage-section" aria-labelledby="usage-over-time">
                <SectionHeader
                  id="usage-over-time"
                  title={t('usage.section.overTime')}
                  description={t('usage.section.overTimeHint')}
                  actions={
                    <div className="segmented" role="radiogroup" aria-label={t('usage.groupBy')}>
                      {(['model', 'key'] as const).map((g) => (
                        <label key={g} className="segmented__option">
                          <input type="radio" name="usage-group" checked={groupBy === g} onChange={() => setGroupBy(g)} />
                          <span>{t(g === 'model' ? 'usage.groupBy.model' : 'usage.groupBy.key')}</span>
                        </label>
                      ))}
                    </div>
                  }
                />
                {crossNote ? (
                  <p className="usage-note small">
                    {crossNote}{' '}
                    <button type="button" className="link-button" onClick={() => setGroupBy(groupBy === 'model' ? 'key' : 'model')}>
                      {t(groupBy === 'model' ? 'usage.groupBy.key' : 'usage.groupBy.model')}
                    </button>
                  </p>
                ) : null}
                {series.error && !series.data ? (
                  <ErrorNotice error={series.error} onRetry={refresh} compact />
                ) : series.data ? (
                  <UsageCharts
                    set={series.data}
                    groupBy={series.data.calls.data.groupBy}
                    focus={series.data.calls.data.groupBy === groupBy ? focus : null}
                    onFocus={onFocus}
                    colors={colors}
                    fmt={fmt}
                    caption={`${currentHub?.name ?? ''} · ${rangeLabel}`}
                    filePrefix={filePrefix}
                    otherName={t('usage.chart.other')}
                    loading={series.loading}
                  />
                ) : (
                  <ChartSkeleton />
                )}
              </section>

              <section className="usage-section" aria-labelledby="usage-by-key">
                <SectionHeader
                  id="usage-by-key"
                  title={t('usage.section.byKey')}
                  description={t('usage.section.byKeyHint')}
                  actions={exportButton('keys', !core.overview)}
                />
                {core.overview ? (
                  <KeyTable
                    rows={core.overview.data.keys}
                    fmt={fmt}
                    selected={filters.appDid}
                    onSelect={(id) => changeFilters({ ...filters, appDid: id ?? '' })}
                  />
                ) : core.overviewError ? null : (
                  <p className="progress-line">{t('app.loading')}</p>
                )}
              </section>

              <section className="usage-section" aria-labelledby="usage-by-model">
                <SectionHeader
                  id="usage-by-model"
                  title={t('usage.section.byModel')}
                  description={t('usage.section.byModelHint')}
                  actions={exportButton('models', false)}
                />
                <ModelTable
                  rows={core.models.data.rows}
                  fmt={fmt}
                  selected={filters.model}
                  onSelect={(id) => changeFilters({ ...filters, model: id ?? '' })}
                  onOpen={openInPlayground}
                />
              </section>

              <section className="usage-section" aria-labelledby="usage-calls">
                <SectionHeader
                  id="usage-calls"
                  title={t('usage.section.calls')}
                  description={t('usage.section.callsHint')}
                  actions={exportButton('calls', !calls.page || calls.page.data.total === 0)}
                />
                <CallLog
                  state={calls}
                  filters={filters}
                  onFilters={changeFilters}
                  page={page}
                  onPage={setPage}
                  models={(core.models.data.rows ?? []).map((r) => r.modelId)}
                  keys={keyOptions}
                  types={types}
                  keyName={keyName}
                  fmt={fmt}
                  onOpen={openInPlayground}
                  errorText={calls.error ? localizeError(calls.error, locale).text : null}
                />
              </section>
            </>
          ) : null}

          {core.models && (core.cvh || core.cvhError) ? (
            <section className="usage-section" aria-labelledby="usage-cvh">
              <SectionHeader id="usage-cvh" title={t('usage.section.cvh')} description={t('usage.section.cvhHint')} />
              {core.cvh ? (
                <ClientVsHubTable data={core.cvh.data} fmt={fmt} />
              ) : (
                <ErrorNotice error={core.cvhError} onRetry={refresh} compact />
              )}
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}

function customLabel(choice: Extract<RangeChoice, { kind: 'custom' }>, date: (ms: number) => string): string {
  const [fy, fm, fd] = choice.from.split('-').map(Number);
  const [ty, tm, td] = choice.to.split('-').map(Number);
  return `${date(new Date(fy ?? 0, (fm ?? 1) - 1, fd ?? 1).getTime())} – ${date(new Date(ty ?? 0, (tm ?? 1) - 1, td ?? 1).getTime())}`;
}

/** Saved figures on screen because the hub could not be reached: how old they are, and why. */
function OfflineBanner(props: { snapshots: Snapshot<unknown>[]; age: (ms: number) => string; onRetry: () => void; busy: boolean }) {
  const { t, locale } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  const oldest = Math.min(...props.snapshots.map((s) => s.fetchedAt));
  const failed = props.snapshots.find((s) => s.error)?.error;
  const reason = failed ? localizeError(failed, locale).text : undefined;
  return (
    <div className="usage-offline warning" role="status" data-testid="usage-offline">
      <div>
        <strong>{t('usage.offline.title', { age: props.age(Math.max(0, now - oldest)) })}</strong>
        <p className="small">{reason ? t('usage.offline.reason', { reason }) : t('usage.offline.body')}</p>
      </div>
      <button type="button" className="button button--small" onClick={props.onRetry} disabled={props.busy}>
        {t('common.retry')}
      </button>
    </div>
  );
}

function LoadingLine({ progress, fmt }: { progress: { fetched: number; total: number } | null; fmt: ReturnType<typeof usageFormat> }) {
  const { t } = useI18n();
  const paging = progress && progress.total > 0 && progress.fetched < progress.total;
  return (
    <div className="usage-loading" role="status" data-testid="usage-progress">
      {paging ? (
        <>
          <progress max={progress.total} value={progress.fetched} aria-label={t('usage.progress.label')} />
          <span>{t('usage.progress', { fetched: fmt.int(progress.fetched), total: fmt.int(progress.total) })}</span>
        </>
      ) : (
        <span className="progress-line">{t('usage.loading')}</span>
      )}
    </div>
  );
}

function ChartSkeleton() {
  return (
    <div className="usage-charts__grid" aria-hidden="true">
      <div className="usage-chart card usage-chart--wide usage-chart--skeleton">
        <span className="skeleton skeleton--label" />
        <span className="skeleton skeleton--chart" />
      </div>
    </div>
  );
}
