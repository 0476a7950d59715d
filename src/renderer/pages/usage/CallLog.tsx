import type { CallPage, Snapshot, UsageRecord } from '../../../shared/usage';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { useI18n } from '../../i18n';
import { NO_FILTERS, type CallFilters, type Part } from '../../store/usage-view';
import { DataTable, type Column } from './DataTable';
import { CreditsHeader, Tokens, typeLabel, type TableContext } from './Tables';

/** The call log's columns: on screen (low-priority ones give way when narrow) and in the CSV. */
export function callColumns(ctx: TableContext, onOpen?: (modelId: string) => void): Column<UsageRecord>[] {
  const { t, fmt, keyName } = ctx;
  const raw = (id: keyof UsageRecord, header: Parameters<typeof t>[0]): Column<UsageRecord> => ({
    id,
    csv: { header: t(header), value: (r) => r[id] },
  });
  const status = (r: UsageRecord) => t(`usage.status.${r.status}`);
  return [
    {
      id: 'time',
      header: t('usage.calls.time'),
      label: t('usage.calls.time'),
      cell: (r) => (
        <time dateTime={new Date(r.time).toISOString()} title={fmt.dateTime(r.time)}>
          {fmt.dateTimeShort(r.time)}
        </time>
      ),
      csv: { header: t('usage.csv.time'), value: (r) => r.time, format: 'time' },
    },
    {
      id: 'modelId',
      header: t('usage.calls.modelAndKey'),
      label: t('usage.calls.modelAndKey'),
      cell: (r) => (
        <span className="call-table__model">
          <span className="usage-name__main">{r.modelId}</span>
          <span className="usage-sub" title={r.appDid}>
            {typeLabel(r.type, t)} · <span className="call-table__key">{keyName(r.appDid, r.appName)}</span>
          </span>
        </span>
      ),
      csv: { header: t('usage.csv.model'), value: (r) => r.modelId },
    },
    raw('type', 'usage.csv.type'),
    {
      id: 'status',
      header: t('usage.calls.status'),
      label: t('usage.calls.status'),
      cell: (r) => (
        <>
          <span className="nowrap">
            <span className={`dot ${r.status === 'success' ? 'dot--ok' : r.status === 'failed' ? 'dot--bad' : 'dot--busy'}`} />
            {status(r)}
          </span>
          {r.errorReason ? <span className="usage-sub call-table__error">{r.errorReason}</span> : null}
        </>
      ),
      csv: { header: t('usage.csv.status'), value: (r) => r.status },
    },
    raw('inputTokens', 'usage.csv.inputTokens'),
    raw('outputTokens', 'usage.csv.outputTokens'),
    {
      id: 'tokens',
      header: t('usage.table.tokens'),
      label: t('usage.table.tokens'),
      align: 'end',
      priority: 2,
      cell: (r) => <Tokens input={r.inputTokens} output={r.outputTokens} ctx={ctx} />,
      text: (r) => t('usage.table.inOut', { input: fmt.int(r.inputTokens), output: fmt.int(r.outputTokens) }),
    },
    {
      id: 'credits',
      header: <CreditsHeader ctx={ctx} label="usage.table.credits" />,
      label: t('usage.table.credits', { unit: fmt.creditUnit }),
      align: 'end',
      cell: (r) => fmt.credits(r.credits),
      csv: { header: t('usage.csv.credits'), value: (r) => r.credits },
    },
    {
      id: 'durationMs',
      header: t('usage.calls.duration'),
      label: t('usage.calls.duration'),
      align: 'end',
      priority: 3,
      cell: (r) => (
        <>
          <span>{fmt.duration(r.durationMs)}</span>
          <span className="usage-sub">{t('usage.calls.ttfbShort', { ttfb: fmt.duration(r.ttfbMs) })}</span>
        </>
      ),
      text: (r) => `${fmt.duration(r.durationMs)} (${t('usage.calls.ttfbShort', { ttfb: fmt.duration(r.ttfbMs) })})`,
      csv: { header: t('usage.csv.duration'), value: (r) => r.durationMs },
    },
    raw('ttfbMs', 'usage.csv.ttfb'),
    { id: 'keyName', csv: { header: t('usage.csv.key'), value: (r) => keyName(r.appDid, r.appName) } },
    raw('appDid', 'usage.csv.appDid'),
    raw('errorReason', 'usage.csv.error'),
    raw('requestId', 'usage.csv.requestId'),
    raw('id', 'usage.csv.id'),
    ...(onOpen
      ? [
          {
            id: 'actions',
            header: t('usage.table.actions'),
            hiddenHeader: true,
            cell: (r: UsageRecord) => (
              <button
                type="button"
                className="button button--small usage-icon-button"
                onClick={() => onOpen(r.modelId)}
                aria-label={t('usage.calls.open')}
                title={t('usage.table.tryHint', { model: r.modelId })}
              >
                <Icon name="playground" size={15} />
              </button>
            ),
          },
        ]
      : []),
  ];
}

/** The hub's call log for the range: filters, a page at a time, each call openable in the playground. */
export function CallLog(props: {
  state: Part<Snapshot<CallPage>>;
  filters: CallFilters;
  onFilters: (f: CallFilters) => void;
  page: number;
  onPage: (page: number) => void;
  models: string[];
  keys: { appDid: string; name: string }[];
  types: string[];
  ctx: TableContext;
  onOpen: (modelId: string) => void;
  onRetry: () => void;
}) {
  const { t } = useI18n();
  const { filters, state } = props;
  const { fmt } = props.ctx;
  const data: CallPage | null = state.data?.data ?? null;
  const set = (patch: Partial<CallFilters>) => props.onFilters({ ...filters, ...patch });
  const filtered = filters.model || filters.appDid || filters.status !== 'all' || filters.type;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const first = data && data.total > 0 ? (data.page - 1) * data.pageSize + 1 : 0;
  const last = data ? Math.min(data.total, first + data.records.length - 1) : 0;

  return (
    <div className="call-log">
      <div className="call-log__filters" role="group" aria-label={t('usage.calls.filters')}>
        <label className="usage-select">
          <span>{t('usage.calls.model')}</span>
          <select value={filters.model} onChange={(e) => set({ model: e.target.value })}>
            <option value="">{t('usage.calls.allModels')}</option>
            {props.models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </label>
        <label className="usage-select">
          <span>{t('usage.calls.key')}</span>
          <select value={filters.appDid} onChange={(e) => set({ appDid: e.target.value })}>
            <option value="">{t('usage.calls.allKeys')}</option>
            {props.keys.map((k) => (
              <option key={k.appDid} value={k.appDid}>
                {k.name}
              </option>
            ))}
          </select>
        </label>
        <label className="usage-select">
          <span>{t('usage.calls.status')}</span>
          <select value={filters.status} onChange={(e) => set({ status: e.target.value as CallFilters['status'] })}>
            <option value="all">{t('usage.calls.allStatuses')}</option>
            <option value="success">{t('usage.status.success')}</option>
            <option value="failed">{t('usage.status.failed')}</option>
          </select>
        </label>
        <label className="usage-select">
          <span>{t('usage.calls.type')}</span>
          <select value={filters.type} onChange={(e) => set({ type: e.target.value })}>
            <option value="">{t('usage.calls.allTypes')}</option>
            {props.types.map((type) => (
              <option key={type} value={type}>
                {typeLabel(type, t)}
              </option>
            ))}
          </select>
        </label>
        {filtered ? (
          <button type="button" className="link-button call-log__clear" onClick={() => props.onFilters(NO_FILTERS)}>
            {t('usage.filter.clearAll')}
          </button>
        ) : null}
      </div>

      {state.error ? <ErrorNotice error={state.error} onRetry={props.onRetry} compact /> : null}

      {!data ? (
        state.loading ? (
          <p className="progress-line">{t('usage.calls.loading')}</p>
        ) : null
      ) : data.records.length === 0 ? (
        <p className="muted call-log__none">{filtered ? t('usage.calls.noneFiltered') : t('usage.calls.none')}</p>
      ) : (
        <DataTable
          columns={callColumns(props.ctx, props.onOpen)}
          rows={data.records}
          rowKey={(r) => r.id}
          testId="call-log-table"
          rowTestId="call-row"
          className="call-table"
          rowData={(r) => ({ 'data-app-did': r.appDid, 'data-model': r.modelId })}
          busy={state.loading}
          sortLabel={(label) => t('usage.table.sortBy', { column: label })}
        />
      )}

      {data && data.total > 0 ? (
        <nav className="call-log__pager" aria-label={t('usage.calls.pages')}>
          <span className="muted" data-testid="call-log-count">
            {t('usage.calls.showing', { first: fmt.int(first), last: fmt.int(last), total: data.total })}
          </span>
          <span className="call-log__pager-buttons">
            <button type="button" className="button button--small" disabled={props.page <= 1} onClick={() => props.onPage(props.page - 1)}>
              {t('usage.calls.prev')}
            </button>
            <span className="muted">{t('usage.calls.pageOf', { page: fmt.int(props.page), pages: fmt.int(pages) })}</span>
            <button
              type="button"
              className="button button--small"
              disabled={props.page >= pages}
              onClick={() => props.onPage(props.page + 1)}
            >
              {t('usage.calls.next')}
            </button>
          </span>
        </nav>
      ) : null}
    </div>
  );
}
