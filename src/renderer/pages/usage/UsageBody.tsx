import { useState } from 'react';
import type { TimeSeries } from '../../../shared/usage';
import { allCalls, type UsageActions } from '../../actions/usage';
import { ErrorNotice } from '../../components/ErrorNotice';
import { TabList } from '../../components/TabList';
import { type CallFilters, type UsageViewState, type UsageViewStore } from '../../store/usage-view';
import type { ThemeColors } from './Chart';
import { CallLog, callColumns } from './CallLog';
import { ClientVsHubTable } from './ClientVsHubTable';
import { exportName } from './csv';
import { csvTable } from './DataTable';
import { choiceKey, dayValue, PRESETS, type RangeChoice } from './range';
import { SummaryCards } from './SummaryCards';
import { KeyTable, keyColumns, ModelTable, modelColumns, SectionHeader, type TableContext } from './Tables';
import { UsageCharts } from './UsageCharts';
import { ChartSkeleton } from './UsageStatus';
import { RANGE_LABEL } from './UsageToolbar';

type Table = 'keys' | 'models' | 'calls';

/** Cards, charts and tables of the figures on screen: all from one scope, dimmed while the next one loads. */
export function UsageBody(props: {
  view: UsageViewStore;
  state: UsageViewState;
  ctx: TableContext;
  colors: ThemeColors;
  nameOf: (s: TimeSeries['series'][number]) => string;
  hubName: string;
  actions: UsageActions | null;
  onOpen: (model: string) => void;
}) {
  const { view, state, ctx, colors } = props;
  const { t, fmt, keyName } = ctx;
  const { figures, filters, groupBy, series, calls } = state;
  const [exporting, setExporting] = useState<{ table: Table; fetched: number; total: number } | null>(null);

  if (!figures) return state.loading ? <SummaryCards quota={null} totals={null} fmt={fmt} loading /> : null;

  const rangeLabel = labelOf(figures.choice, t, fmt.date);
  const rangeId = choiceKey(figures.choice);
  const models = figures.models.data;
  const overview = figures.overview?.data ?? null;
  const totals = overview?.totals ?? models.totals;
  const noCalls = models.totals.calls === 0;
  const change = (next: CallFilters) => void view.setFilters(next);
  const focusDimension = groupBy === 'model' ? 'model' : 'appDid';
  const seriesData = series.data?.calls.data;
  const focusValue = filters[focusDimension];
  const focus = focusValue && seriesData?.groupBy === groupBy && seriesData.series.some((s) => s.id === focusValue) ? focusValue : null;
  const crossValue = groupBy === 'model' ? filters.appDid : filters.model;
  const crossNote = crossValue
    ? t(groupBy === 'model' ? 'usage.chart.crossKey' : 'usage.chart.crossModel', {
        name: groupBy === 'model' ? keyName(filters.appDid) : filters.model,
      })
    : null;
  const dim = state.loading ? ' is-loading' : '';

  const runExport = async (table: Table) => {
    const scope = view.scope;
    if (!props.actions || !scope) return;
    setExporting({ table, fetched: 0, total: 0 });
    const file = exportName(table, props.hubName, rangeId, dayValue(new Date()));
    await props.actions.exportCsv(async (api) => {
      if (table === 'keys') return csvTable(keyColumns(ctx), overview?.keys ?? []);
      if (table === 'models') return csvTable(modelColumns(ctx), models.rows);
      const records = await allCalls(api, scope, filters, (fetched, total) => setExporting({ table, fetched, total }));
      return csvTable(callColumns(ctx), records);
    }, file);
    setExporting(null);
  };
  const exportButton = (table: Table, disabled: boolean) => (
    <button
      type="button"
      className="button button--small"
      disabled={disabled || exporting !== null || state.loading}
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
  const longer = figures.choice.kind === 'preset' ? PRESETS.slice(PRESETS.indexOf(figures.choice.preset) + 1) : (['90d'] as const);

  return (
    <div className={`usage-body${dim}`} aria-busy={state.loading} data-testid="usage-body">
      <SummaryCards quota={overview?.quota ?? null} totals={totals} fmt={fmt} loading={false} />
      {figures.overviewError ? <ErrorNotice error={figures.overviewError} onRetry={() => void view.refresh()} compact /> : null}

      {noCalls && !state.loading ? (
        <section className="usage-nocalls card" data-testid="usage-no-calls">
          <h2>{t('usage.noCalls.title', { range: rangeLabel })}</h2>
          <p>{longer.length ? t('usage.noCalls.body') : t('usage.noCalls.bodyLongest')}</p>
          <div className="usage-nocalls__actions">
            {longer.map((p) => (
              <button key={p} type="button" className="button" onClick={() => void view.selectRange({ kind: 'preset', preset: p })}>
                {t(RANGE_LABEL[p] ?? 'usage.range.90d')}
              </button>
            ))}
          </div>
        </section>
      ) : null}

      {noCalls ? null : (
        <>
          <section className="usage-section" aria-labelledby="usage-over-time">
            <SectionHeader
              id="usage-over-time"
              title={t('usage.section.overTime')}
              description={t('usage.section.overTimeHint')}
              actions={
                <TabList
                  items={[
                    { id: 'model', label: t('usage.groupBy.model') },
                    { id: 'key', label: t('usage.groupBy.key') },
                  ]}
                  selected={groupBy}
                  onSelect={(g) => void view.setGroupBy(g)}
                  label={t('usage.groupBy')}
                  idPrefix="usage-group"
                  panelId="usage-charts"
                  className="segmented usage-group"
                  tabClassName="segmented__tab"
                />
              }
            />
            {crossNote ? (
              <p className="usage-note small">
                {crossNote}{' '}
                <button type="button" className="link-button" onClick={() => void view.setGroupBy(groupBy === 'model' ? 'key' : 'model')}>
                  {t(groupBy === 'model' ? 'usage.groupBy.key' : 'usage.groupBy.model')}
                </button>
              </p>
            ) : null}
            {series.error && !series.data ? (
              <ErrorNotice error={series.error} onRetry={() => void view.refresh()} compact />
            ) : series.data ? (
              <UsageCharts
                set={series.data}
                groupBy={series.data.calls.data.groupBy}
                focus={focus}
                onFocus={(id) => change({ ...filters, [focusDimension]: id ?? '' })}
                colors={colors}
                fmt={fmt}
                caption={`${props.hubName} · ${rangeLabel}`}
                filePrefix={exportName(props.hubName, rangeId)}
                nameOf={props.nameOf}
                loading={series.loading}
                onSaved={(file) => props.actions?.pngSaved(file)}
                panelId="usage-charts"
                labelledBy={`usage-group-${groupBy}`}
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
              actions={exportButton('keys', !overview)}
            />
            {overview ? (
              <KeyTable
                rows={overview.keys}
                ctx={ctx}
                selected={filters.appDid}
                onSelect={(id) => change({ ...filters, appDid: id ?? '' })}
              />
            ) : null}
          </section>

          <section className="usage-section" aria-labelledby="usage-by-model">
            <SectionHeader
              id="usage-by-model"
              title={t('usage.section.byModel')}
              description={t('usage.section.byModelHint')}
              actions={exportButton('models', false)}
            />
            <ModelTable
              rows={models.rows}
              ctx={ctx}
              selected={filters.model}
              onSelect={(id) => change({ ...filters, model: id ?? '' })}
              onOpen={props.onOpen}
            />
          </section>

          <section className="usage-section" aria-labelledby="usage-calls">
            <SectionHeader
              id="usage-calls"
              title={t('usage.section.calls')}
              description={t('usage.section.callsHint')}
              actions={exportButton('calls', !calls.data || calls.data.data.total === 0)}
            />
            <CallLog
              state={calls}
              filters={filters}
              onFilters={change}
              page={state.page}
              onPage={(p) => void view.setPage(p)}
              models={models.rows.map((r) => r.modelId)}
              keys={(overview?.keys ?? []).map((k) => ({ appDid: k.appDid, name: keyName(k.appDid) }))}
              types={[...new Set(models.rows.flatMap((r) => r.types))].sort()}
              ctx={ctx}
              onOpen={props.onOpen}
              onRetry={() => void view.setFilters(filters)}
            />
          </section>
        </>
      )}

      {figures.cvh || figures.cvhError ? (
        <section className="usage-section" aria-labelledby="usage-cvh">
          <SectionHeader id="usage-cvh" title={t('usage.section.cvh')} description={t('usage.section.cvhHint')} />
          {figures.cvh ? (
            <ClientVsHubTable data={figures.cvh.data} ctx={ctx} />
          ) : (
            <ErrorNotice error={figures.cvhError} onRetry={() => void view.refresh()} compact />
          )}
        </section>
      ) : null}
    </div>
  );
}

function labelOf(choice: RangeChoice, t: TableContext['t'], date: (ms: number) => string): string {
  if (choice.kind === 'preset') return t(RANGE_LABEL[choice.preset] ?? 'usage.range.30d');
  const day = (v: string) => {
    const [y, m, d] = v.split('-').map(Number);
    return date(new Date(y ?? 0, (m ?? 1) - 1, d ?? 1).getTime());
  };
  return `${day(choice.from)} – ${day(choice.to)}`;
}
