import { useMemo } from 'react';
import type { SeriesGroupBy, TimeSeries } from '../../../shared/usage';
import { useI18n } from '../../i18n';
import { UsageChart, type ChartSeries, type ThemeColors } from './Chart';
import type { SeriesSet } from '../../store/usage-view';
import type { UsageFormat } from './usageFormat';

/** OTHER_SERIES_ID in shared/usage.ts: the folded-together remainder. */
export const OTHER_ID = '__other__';

export interface LegendEntry {
  id: string;
  name: string;
  color: string;
  total: number;
}

/** A colour per model or key, in the order of the calls chart, so every chart and the legend agree. */
export function colorMap(set: SeriesSet, colors: ThemeColors): Map<string, string> {
  const map = new Map<string, string>();
  let next = 0;
  const assign = (id: string) => {
    if (map.has(id)) return;
    map.set(id, id === OTHER_ID ? colors.other : (colors.palette[next++ % colors.palette.length] ?? colors.accent));
  };
  for (const metric of ['calls', 'tokens', 'credits'] as const) for (const s of set[metric].data.series) assign(s.id);
  return map;
}

export function UsageCharts(props: {
  set: SeriesSet;
  groupBy: SeriesGroupBy;
  /** The model or key the charts are narrowed to (legend click), for the current grouping. */
  focus: string | null;
  onFocus: (id: string | null) => void;
  colors: ThemeColors;
  fmt: UsageFormat;
  caption: string;
  filePrefix: string;
  /** The one name of a series: a key's as in the tables and filters, "Other" for the remainder. */
  nameOf: (s: TimeSeries['series'][number]) => string;
  loading: boolean;
  onSaved: (file: string) => void;
  panelId: string;
  labelledBy: string;
}) {
  const { t } = useI18n();
  const { set, focus, colors, fmt, nameOf } = props;
  const palette = useMemo(() => colorMap(set, colors), [set, colors]);
  const granularity = set.calls.data.range.granularity;
  const buckets = set.calls.data.buckets;
  const labels = useMemo(() => buckets.map((b) => fmt.bucketShort(b.start, granularity)), [buckets, fmt, granularity]);
  const titles = useMemo(() => buckets.map((b) => fmt.bucketLong(b.start, granularity)), [buckets, fmt, granularity]);

  const legend: LegendEntry[] = useMemo(
    () => set.calls.data.series.map((s) => ({ id: s.id, name: nameOf(s), color: palette.get(s.id) ?? colors.accent, total: s.total ?? 0 })),
    [set, palette, colors, nameOf],
  );

  const stacked = (metric: 'calls' | 'tokens' | 'credits'): ChartSeries[] =>
    set[metric].data.series
      .filter((s) => !focus || s.id === focus)
      .map((s) => ({ id: s.id, label: nameOf(s), color: palette.get(s.id) ?? colors.other, data: s.values }));

  // Memoised per input so a chart redraws only when its own data changes.
  /* eslint-disable react-hooks/exhaustive-deps */
  const calls = useMemo(() => stacked('calls'), [set, focus, palette, nameOf]);
  const tokens = useMemo(() => stacked('tokens'), [set, focus, palette, nameOf]);
  const credits = useMemo(() => stacked('credits'), [set, focus, palette, nameOf]);
  const pick = (metric: 'avgDurationMs' | 'avgTtfbMs' | 'successRate') => {
    const group = focus ? set[metric].data.series.find((s) => s.id === focus) : undefined;
    return group ? group.values : set[metric].data.total;
  };
  const latency = useMemo<ChartSeries[]>(
    () => [
      { id: 'duration', label: t('usage.chart.avgDuration'), color: colors.palette[0] ?? colors.accent, data: pick('avgDurationMs') },
      { id: 'ttfb', label: t('usage.chart.ttfb'), color: colors.palette[2] ?? colors.accent, data: pick('avgTtfbMs'), dashed: true },
    ],
    [set, focus, colors, t],
  );
  const success = useMemo<ChartSeries[]>(
    () => [
      { id: 'success', label: t('usage.chart.successRate'), color: colors.palette[3] ?? colors.ok, data: pick('successRate'), fill: true },
    ],
    [set, focus, colors, t],
  );
  /* eslint-enable react-hooks/exhaustive-deps */

  const focusName = focus ? (legend.find((l) => l.id === focus)?.name ?? focus) : null;
  const total = (metric: 'calls' | 'tokens' | 'credits') => {
    if (focus) return set[metric].data.series.find((s) => s.id === focus)?.total ?? 0;
    return set[metric].data.total.reduce<number>((sum, v) => sum + (v ?? 0), 0);
  };
  const noCalls = total('calls') === 0 ? t('usage.chart.noData') : null;

  const common = {
    labels,
    titles,
    colors,
    caption: focusName ? `${props.caption} · ${focusName}` : props.caption,
    pngLabel: t('usage.chart.png'),
    onSaved: props.onSaved,
  };
  const file = (name: string) => `${props.filePrefix}-${name}`;
  // Calls, tokens and credits: stacked bars over the same buckets, one file each.
  const bar = (
    metric: 'calls' | 'tokens' | 'credits',
    spec: {
      title: string;
      figure: string;
      series: ChartSeries[];
      formatTick: (v: number) => string;
      formatValue?: (v: number) => string;
      ariaLabel: string;
      wide?: boolean;
    },
  ) => (
    <UsageChart
      {...common}
      wide={spec.wide}
      testId={`chart-${metric}`}
      title={spec.title}
      figure={spec.figure}
      kind="bar"
      stacked
      series={spec.series}
      formatTick={spec.formatTick}
      formatValue={spec.formatValue ?? fmt.int}
      totalLabel={t('usage.chart.total')}
      ariaLabel={spec.ariaLabel}
      fileName={file(metric)}
      empty={noCalls}
    />
  );

  return (
    <div
      className={`usage-charts${props.loading ? ' is-loading' : ''}`}
      aria-busy={props.loading}
      id={props.panelId}
      role="tabpanel"
      aria-labelledby={props.labelledBy}
    >
      <Legend entries={legend} focus={focus} onFocus={props.onFocus} groupBy={props.groupBy} fmt={fmt} />
      <div className="usage-charts__grid">
        {bar('calls', {
          wide: true,
          title: t('usage.chart.calls'),
          figure: fmt.calls(total('calls')),
          series: calls,
          formatTick: fmt.int,
          ariaLabel: t('usage.chart.callsAria', { n: fmt.int(total('calls')) }),
        })}
        {bar('tokens', {
          title: t('usage.chart.tokens'),
          figure: fmt.tokens(total('tokens')),
          series: tokens,
          formatTick: fmt.compact,
          ariaLabel: t('usage.chart.tokensAria', { n: fmt.int(total('tokens')) }),
        })}
        {bar('credits', {
          title: t('usage.chart.credits', { unit: fmt.creditUnit }),
          figure: fmt.creditsWithUnit(total('credits')),
          series: credits,
          formatTick: fmt.credits,
          formatValue: fmt.credits,
          ariaLabel: t('usage.chart.creditsAria', { n: fmt.creditsWithUnit(total('credits')) }),
        })}
        <UsageChart
          {...common}
          testId="chart-latency"
          title={t('usage.chart.latency')}
          figure={<LineKey series={latency} />}
          kind="line"
          series={latency}
          formatTick={fmt.duration}
          formatValue={fmt.duration}
          ariaLabel={t('usage.chart.latencyAria')}
          fileName={file('latency')}
          empty={noCalls}
        />
        <UsageChart
          {...common}
          testId="chart-success"
          title={t('usage.chart.successRate')}
          figure={fmt.percent(focus ? (set.successRate.data.series.find((s) => s.id === focus)?.total ?? null) : overallRate(set))}
          kind="line"
          series={success}
          formatTick={fmt.percent}
          formatValue={fmt.percent}
          yMax={1}
          ariaLabel={t('usage.chart.successAria')}
          fileName={file('success-rate')}
          empty={noCalls}
        />
      </div>
    </div>
  );
}

function overallRate(set: SeriesSet): number | null {
  const calls = set.calls.data.total.reduce<number>((s, v) => s + (v ?? 0), 0);
  if (calls === 0) return null;
  // The rate over the whole range, weighted by each bucket's calls.
  let ok = 0;
  set.successRate.data.total.forEach((rate, i) => {
    ok += (rate ?? 0) * (set.calls.data.total[i] ?? 0);
  });
  return ok / calls;
}

function LineKey({ series }: { series: ChartSeries[] }) {
  return (
    <span className="line-key">
      {series.map((s) => (
        <span key={s.id} className="line-key__item">
          <span className={`line-key__swatch${s.dashed ? ' line-key__swatch--dashed' : ''}`} ref={swatch(s.color)} />
          {s.label}
        </span>
      ))}
    </span>
  );
}

/** Colours set through CSSOM (allowed by our CSP), never through inline style attributes in markup. */
export function swatch(color: string) {
  return (el: HTMLElement | null) => {
    if (el) el.style.setProperty('--swatch', color);
  };
}

function Legend(props: {
  entries: LegendEntry[];
  focus: string | null;
  onFocus: (id: string | null) => void;
  groupBy: SeriesGroupBy;
  fmt: UsageFormat;
}) {
  const { t } = useI18n();
  if (props.entries.length === 0) return null;
  return (
    <div className="usage-legend" role="group" aria-label={props.groupBy === 'model' ? t('usage.legend.models') : t('usage.legend.keys')}>
      {props.entries.map((e) => {
        const pressed = props.focus === e.id;
        const other = e.id === OTHER_ID;
        return (
          <button
            key={e.id}
            type="button"
            className={`usage-legend__item${props.focus && !pressed ? ' is-dimmed' : ''}`}
            aria-pressed={pressed}
            disabled={other}
            title={other ? t('usage.legend.otherHint') : pressed ? t('usage.legend.clear') : t('usage.legend.only', { name: e.name })}
            onClick={() => props.onFocus(pressed ? null : e.id)}
            data-testid="legend-item"
          >
            <span className="usage-legend__swatch" ref={swatch(e.color)} />
            <span className="usage-legend__name">{e.name}</span>
            <span className="usage-legend__total">{props.fmt.int(e.total)}</span>
          </button>
        );
      })}
      {props.focus ? (
        <button type="button" className="link-button usage-legend__clear" onClick={() => props.onFocus(null)}>
          {t('usage.legend.showAll')}
        </button>
      ) : null}
    </div>
  );
}
