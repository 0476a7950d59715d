import type { ReactNode } from 'react';
import type { KeyUsageRow, ModelUsageRow, UsageTotals } from '../../../shared/usage';
import { relativeTime } from '../../format';
import type { Locale, Translate } from '../../i18n';
import { DataTable, type Column } from './DataTable';
import type { UsageFormat } from './usageFormat';

export function SectionHeader(props: { id: string; title: string; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="usage-section__header">
      <div>
        <h2 id={props.id}>{props.title}</h2>
        {props.description ? <p className="usage-section__description">{props.description}</p> : null}
      </div>
      {props.actions ? <div className="usage-section__actions">{props.actions}</div> : null}
    </div>
  );
}

/** `z1Nw1T…jSL`: enough to tell ids apart, the full id on hover. */
export function shortId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 6)}…${id.slice(-4)}` : id;
}

/** What the column lists need to word and format a cell. */
export interface TableContext {
  t: Translate;
  locale: Locale;
  fmt: UsageFormat;
  /** The one name of a key or client app, the same in tables, legend and filters. */
  keyName: (appDid: string, appName?: string) => string;
}

export function Tokens({ input, output, ctx }: { input: number; output: number; ctx: TableContext }) {
  const { fmt, t } = ctx;
  return (
    <>
      <span>{fmt.int(input + output)}</span>
      <span className="usage-sub">{t('usage.table.inOut', { input: fmt.int(input), output: fmt.int(output) })}</span>
    </>
  );
}

/** The credit unit with what it means on hover, in every header that shows credits. */
export function CreditsHeader({ ctx, label }: { ctx: TableContext; label: 'usage.table.credits' | 'usage.cvh.credits' }) {
  return <span title={ctx.fmt.creditUnitHint}>{ctx.t(label, { unit: ctx.fmt.creditUnit })}</span>;
}

/** Calls to average times, as on screen and in the CSV (raw figures: exact values in a spreadsheet). */
function totalsColumns<T extends UsageTotals>(ctx: TableContext, withDuration: boolean): Column<T>[] {
  const { t, fmt } = ctx;
  const csv = (key: keyof UsageTotals, header: Parameters<Translate>[0]) => ({
    id: key,
    csv: { header: t(header), value: (r: T) => r[key] },
  });
  return [
    {
      ...csv('calls', 'usage.csv.calls'),
      header: t('usage.table.calls'),
      label: t('usage.table.calls'),
      align: 'end',
      cell: (r) => fmt.int(r.calls),
      sort: (r) => r.calls,
    },
    csv('successCalls', 'usage.csv.successCalls'),
    csv('failedCalls', 'usage.csv.failedCalls'),
    csv('inputTokens', 'usage.csv.inputTokens'),
    csv('outputTokens', 'usage.csv.outputTokens'),
    csv('cacheReadInputTokens', 'usage.csv.cacheRead'),
    csv('cacheCreationInputTokens', 'usage.csv.cacheWrite'),
    {
      id: 'tokens',
      header: t('usage.table.tokens'),
      label: t('usage.table.tokens'),
      align: 'end',
      priority: 2,
      cell: (r) => <Tokens input={r.inputTokens} output={r.outputTokens} ctx={ctx} />,
      text: (r) => fmt.int(r.inputTokens + r.outputTokens),
      sort: (r) => r.inputTokens + r.outputTokens,
    },
    {
      ...csv('credits', 'usage.csv.credits'),
      header: <CreditsHeader ctx={ctx} label="usage.table.credits" />,
      label: t('usage.table.credits', { unit: fmt.creditUnit }),
      align: 'end',
      cell: (r) => fmt.credits(r.credits),
      sort: (r) => r.credits,
    },
    {
      ...csv('successRate', 'usage.csv.successRate'),
      header: t('usage.table.success'),
      label: t('usage.table.success'),
      align: 'end',
      priority: 2,
      cell: (r) => fmt.percent(r.successRate),
      text: (r) => fmt.percent(r.successRate),
      sort: (r) => r.successRate ?? -1,
    },
    {
      ...csv('avgDurationMs', 'usage.csv.avgDuration'),
      ...(withDuration
        ? {
            header: t('usage.table.avgDuration'),
            label: t('usage.table.avgDuration'),
            align: 'end' as const,
            priority: 3 as const,
            cell: (r: T) => fmt.duration(r.avgDurationMs),
            text: (r: T) => fmt.duration(r.avgDurationMs),
            sort: (r: T) => r.avgDurationMs ?? -1,
          }
        : {}),
    },
    csv('avgTtfbMs', 'usage.csv.avgTtfb'),
  ];
}

/** A row's "Show calls" toggle: narrows the call log and the charts to it. */
function ShowCalls(props: { ctx: TableContext; selected: boolean; name: string; onSelect: (on: boolean) => void }) {
  const { t } = props.ctx;
  return (
    <button
      type="button"
      className="button button--small"
      aria-pressed={props.selected}
      onClick={() => props.onSelect(!props.selected)}
      title={props.selected ? t('usage.filter.clear') : t('usage.table.showCallsOf', { name: props.name })}
    >
      {props.selected ? t('usage.table.showing') : t('usage.table.showCalls')}
    </button>
  );
}

export function keyColumns(
  ctx: TableContext,
  select?: { selected: string; onSelect: (appDid: string | null) => void },
): Column<KeyUsageRow>[] {
  const { t, fmt, locale, keyName } = ctx;
  const when = (ms: number | null) => (ms ? relativeTime(new Date(ms).toISOString(), locale) : t('usage.table.never'));
  return [
    {
      id: 'name',
      header: t('usage.table.key'),
      label: t('usage.table.key'),
      rowHeader: true,
      cell: (r) => (
        <span className="usage-name">
          <span className="usage-name__main">{keyName(r.appDid)}</span>
          <span className="usage-sub">
            {r.nameSource === 'local' ? <span className="badge">{t('usage.table.inApp')}</span> : null}{' '}
            <code title={r.appDid}>{shortId(r.appDid)}</code>
          </span>
        </span>
      ),
      sort: (r) => keyName(r.appDid).toLowerCase(),
      csv: { header: t('usage.csv.key'), value: (r) => keyName(r.appDid) },
    },
    { id: 'appDid', csv: { header: t('usage.csv.appDid'), value: (r) => r.appDid } },
    ...totalsColumns<KeyUsageRow>(ctx, false),
    {
      id: 'lastUsedAt',
      header: t('usage.table.lastUsed'),
      label: t('usage.table.lastUsed'),
      priority: 3,
      cell: (r) =>
        r.lastUsedAt ? (
          <time className="nowrap" dateTime={new Date(r.lastUsedAt).toISOString()} title={fmt.dateTime(r.lastUsedAt)}>
            {when(r.lastUsedAt)}
          </time>
        ) : (
          <span className="muted">{t('usage.table.never')}</span>
        ),
      text: (r) => when(r.lastUsedAt),
      sort: (r) => r.lastUsedAt ?? 0,
      csv: { header: t('usage.csv.lastUsed'), value: (r) => r.lastUsedAt, format: 'time' },
    },
    ...(select
      ? [
          {
            id: 'actions',
            header: t('usage.table.actions'),
            hiddenHeader: true,
            cell: (r: KeyUsageRow) => (
              <ShowCalls
                ctx={ctx}
                name={keyName(r.appDid)}
                selected={select.selected === r.appDid}
                onSelect={(on) => select.onSelect(on ? r.appDid : null)}
              />
            ),
          },
        ]
      : []),
  ];
}

export function modelColumns(
  ctx: TableContext,
  actions?: { selected: string; onSelect: (modelId: string | null) => void; onOpen: (modelId: string) => void },
): Column<ModelUsageRow>[] {
  const { t } = ctx;
  return [
    {
      id: 'modelId',
      header: t('usage.table.model'),
      label: t('usage.table.model'),
      rowHeader: true,
      cell: (r) => (
        <span className="usage-name">
          <span className="usage-name__main">{r.modelId}</span>
          <span className="usage-sub">{r.types.map((type) => typeLabel(type, t)).join(' · ')}</span>
        </span>
      ),
      sort: (r) => r.modelId,
      csv: { header: t('usage.csv.model'), value: (r) => r.modelId },
    },
    { id: 'provider', csv: { header: t('usage.csv.provider'), value: (r) => r.provider } },
    ...totalsColumns<ModelUsageRow>(ctx, true),
    ...(actions
      ? [
          {
            id: 'actions',
            header: t('usage.table.actions'),
            hiddenHeader: true,
            cell: (r: ModelUsageRow) => (
              <span className="row-actions">
                <ShowCalls
                  ctx={ctx}
                  name={r.modelId}
                  selected={actions.selected === r.modelId}
                  onSelect={(on) => actions.onSelect(on ? r.modelId : null)}
                />
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => actions.onOpen(r.modelId)}
                  title={t('usage.table.tryHint', { model: r.modelId })}
                >
                  {t('usage.table.try')}
                </button>
              </span>
            ),
          },
        ]
      : []),
  ];
}

/** Usage per key (or client app) over the range; a row's button narrows the call log and the charts to it. */
export function KeyTable(props: { rows: KeyUsageRow[]; ctx: TableContext; selected: string; onSelect: (appDid: string | null) => void }) {
  return (
    <DataTable
      columns={keyColumns(props.ctx, props)}
      rows={props.rows}
      rowKey={(r) => r.appDid}
      testId="key-usage-table"
      rowTestId="key-usage-row"
      selected={(r) => r.appDid === props.selected}
      sortLabel={(label) => props.ctx.t('usage.table.sortBy', { column: label })}
    />
  );
}

/** Usage per model over the range, from the call log. */
export function ModelTable(props: {
  rows: ModelUsageRow[];
  ctx: TableContext;
  selected: string;
  onSelect: (modelId: string | null) => void;
  onOpen: (modelId: string) => void;
}) {
  return (
    <DataTable
      columns={modelColumns(props.ctx, props)}
      rows={props.rows}
      rowKey={(r) => r.modelId}
      testId="model-usage-table"
      rowTestId="model-usage-row"
      selected={(r) => r.modelId === props.selected}
      sortLabel={(label) => props.ctx.t('usage.table.sortBy', { column: label })}
    />
  );
}

/** The hub's call types in words; unknown ones as the hub names them. */
export function typeLabel(type: string, t: Translate): string {
  switch (type) {
    case 'chatCompletion':
      return t('usage.type.chat');
    case 'embedding':
      return t('usage.type.embedding');
    case 'imageGeneration':
      return t('usage.type.image');
    case 'video':
      return t('usage.type.video');
    default:
      return type;
  }
}
