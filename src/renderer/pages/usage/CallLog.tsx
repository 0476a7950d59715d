import type { CallPage } from '../../../shared/usage';
import { Icon } from '../../components/Icon';
import { useI18n } from '../../i18n';
import { typeLabel } from './Tables';
import type { CallFilters, CallsState } from './useUsageData';
import type { UsageFormat } from './usageFormat';

export const NO_FILTERS: CallFilters = { model: '', appDid: '', status: 'all', type: '' };

/** The hub's call log for the range: filters, a page at a time, each call openable in the playground. */
export function CallLog(props: {
  state: CallsState;
  filters: CallFilters;
  onFilters: (f: CallFilters) => void;
  page: number;
  onPage: (page: number) => void;
  models: string[];
  keys: { appDid: string; name: string }[];
  types: string[];
  keyName: (appDid: string, appName?: string) => string;
  fmt: UsageFormat;
  onOpen: (modelId: string) => void;
  errorText: string | null;
}) {
  const { t } = useI18n();
  const { filters, fmt, state } = props;
  const data: CallPage | null = state.page?.data ?? null;
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

      {props.errorText ? (
        <p className="banner banner--error" role="alert">
          {props.errorText}
        </p>
      ) : null}

      {!data ? (
        state.loading ? (
          <p className="progress-line">{t('usage.calls.loading')}</p>
        ) : null
      ) : data.records.length === 0 ? (
        <p className="muted call-log__none">{filtered ? t('usage.calls.noneFiltered') : t('usage.calls.none')}</p>
      ) : (
        <div className={`usage-table-wrap${state.loading ? ' is-loading' : ''}`} aria-busy={state.loading}>
          <table className="table usage-table call-table" data-testid="call-log-table">
            <thead>
              <tr>
                <th scope="col">{t('usage.calls.time')}</th>
                <th scope="col">{t('usage.calls.modelAndKey')}</th>
                <th scope="col">{t('usage.calls.status')}</th>
                <th scope="col" className="num">
                  {t('usage.table.tokens')}
                </th>
                <th scope="col" className="num">
                  {t('usage.table.credits', { unit: fmt.creditUnit })}
                </th>
                <th scope="col" className="num">
                  {t('usage.calls.duration')}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t('usage.table.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.records.map((r) => (
                <tr key={r.id} data-testid="call-row" data-app-did={r.appDid} data-model={r.modelId}>
                  <td className="nowrap">
                    <time dateTime={new Date(r.time).toISOString()} title={fmt.dateTime(r.time)}>
                      {fmt.dateTimeShort(r.time)}
                    </time>
                  </td>
                  <td className="call-table__model">
                    <span className="usage-name__main nowrap">{r.modelId}</span>
                    <span className="usage-sub" title={r.appDid}>
                      {typeLabel(r.type, t)} · <span className="call-table__key">{props.keyName(r.appDid, r.appName)}</span>
                    </span>
                  </td>
                  <td>
                    <span className="nowrap">
                      <span className={`dot ${r.status === 'success' ? 'dot--ok' : r.status === 'failed' ? 'dot--bad' : 'dot--busy'}`} />
                      {t(`usage.status.${r.status}`)}
                    </span>
                    {r.errorReason ? <span className="usage-sub call-table__error">{r.errorReason}</span> : null}
                  </td>
                  <td className="num">
                    <span>{fmt.int(r.inputTokens + r.outputTokens)}</span>
                    <span className="usage-sub">
                      {t('usage.table.inOut', { input: fmt.int(r.inputTokens), output: fmt.int(r.outputTokens) })}
                    </span>
                  </td>
                  <td className="num">{fmt.credits(r.credits)}</td>
                  <td className="num">
                    <span>{fmt.duration(r.durationMs)}</span>
                    <span className="usage-sub">{t('usage.calls.ttfbShort', { ttfb: fmt.duration(r.ttfbMs) })}</span>
                  </td>
                  <td className="table__actions">
                    <button
                      type="button"
                      className="button button--small usage-icon-button"
                      onClick={() => props.onOpen(r.modelId)}
                      aria-label={t('usage.calls.open')}
                      title={t('usage.table.tryHint', { model: r.modelId })}
                    >
                      <Icon name="playground" size={15} />
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {data && data.total > 0 ? (
        <nav className="call-log__pager" aria-label={t('usage.calls.pages')}>
          <span className="muted" data-testid="call-log-count">
            {t('usage.calls.showing', { first: fmt.int(first), last: fmt.int(last), total: fmt.int(data.total) })}
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
