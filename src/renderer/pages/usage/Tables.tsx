import type { ReactNode } from 'react';
import type { KeyUsageRow, ModelUsageRow } from '../../../shared/usage';
import { relativeTime } from '../../format';
import { useI18n } from '../../i18n';
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

function Tokens({ input, output, fmt }: { input: number; output: number; fmt: UsageFormat }) {
  const { t } = useI18n();
  return (
    <>
      <span>{fmt.int(input + output)}</span>
      <span className="usage-sub">{t('usage.table.inOut', { input: fmt.int(input), output: fmt.int(output) })}</span>
    </>
  );
}

/** Usage per key (or client app) over the range; a row's button narrows the call log and the charts to it. */
export function KeyTable(props: { rows: KeyUsageRow[]; fmt: UsageFormat; selected: string; onSelect: (appDid: string | null) => void }) {
  const { t, locale } = useI18n();
  const { fmt } = props;
  return (
    <div className="usage-table-wrap">
      <table className="table usage-table" data-testid="key-usage-table">
        <thead>
          <tr>
            <th scope="col">{t('usage.table.key')}</th>
            <th scope="col" className="num">
              {t('usage.table.calls')}
            </th>
            <th scope="col" className="num">
              {t('usage.table.tokens')}
            </th>
            <th scope="col" className="num">
              {t('usage.table.credits', { unit: fmt.creditUnit })}
            </th>
            <th scope="col" className="num">
              {t('usage.table.success')}
            </th>
            <th scope="col">{t('usage.table.lastUsed')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('usage.table.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => {
            const selected = props.selected === r.appDid;
            return (
              <tr key={r.appDid} className={selected ? 'is-selected' : undefined} data-testid="key-usage-row">
                <th scope="row" className="usage-name">
                  <span className="usage-name__main">{r.nameSource === 'id' ? t('usage.table.unnamed') : r.name}</span>
                  <span className="usage-sub">
                    {r.nameSource === 'local' ? <span className="badge">{t('usage.table.inApp')}</span> : null}{' '}
                    <code title={r.appDid}>{shortId(r.appDid)}</code>
                  </span>
                </th>
                <td className="num">{fmt.int(r.calls)}</td>
                <td className="num">
                  <Tokens input={r.inputTokens} output={r.outputTokens} fmt={fmt} />
                </td>
                <td className="num">{fmt.credits(r.credits)}</td>
                <td className="num">{fmt.percent(r.successRate)}</td>
                <td className="nowrap">
                  {r.lastUsedAt ? (
                    <time dateTime={new Date(r.lastUsedAt).toISOString()} title={fmt.dateTime(r.lastUsedAt)}>
                      {relativeTime(new Date(r.lastUsedAt).toISOString(), locale)}
                    </time>
                  ) : (
                    <span className="muted">{t('usage.table.never')}</span>
                  )}
                </td>
                <td className="table__actions">
                  <button
                    type="button"
                    className="button button--small"
                    aria-pressed={selected}
                    onClick={() => props.onSelect(selected ? null : r.appDid)}
                    title={selected ? t('usage.filter.clear') : t('usage.table.showCallsOf', { name: r.name })}
                  >
                    {selected ? t('usage.table.showing') : t('usage.table.showCalls')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Usage per model over the range, from the call log. */
export function ModelTable(props: {
  rows: ModelUsageRow[];
  fmt: UsageFormat;
  selected: string;
  onSelect: (modelId: string | null) => void;
  onOpen: (modelId: string) => void;
}) {
  const { t } = useI18n();
  const { fmt } = props;
  return (
    <div className="usage-table-wrap">
      <table className="table usage-table" data-testid="model-usage-table">
        <thead>
          <tr>
            <th scope="col">{t('usage.table.model')}</th>
            <th scope="col" className="num">
              {t('usage.table.calls')}
            </th>
            <th scope="col" className="num">
              {t('usage.table.tokens')}
            </th>
            <th scope="col" className="num">
              {t('usage.table.credits', { unit: fmt.creditUnit })}
            </th>
            <th scope="col" className="num">
              {t('usage.table.success')}
            </th>
            <th scope="col" className="num">
              {t('usage.table.avgDuration')}
            </th>
            <th scope="col">
              <span className="visually-hidden">{t('usage.table.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => {
            const selected = props.selected === r.modelId;
            return (
              <tr key={r.modelId} className={selected ? 'is-selected' : undefined} data-testid="model-usage-row">
                <th scope="row" className="usage-name">
                  <span className="usage-name__main">{r.modelId}</span>
                  <span className="usage-sub">{r.types.map((type) => typeLabel(type, t)).join(' · ')}</span>
                </th>
                <td className="num">{fmt.int(r.calls)}</td>
                <td className="num">
                  <Tokens input={r.inputTokens} output={r.outputTokens} fmt={fmt} />
                </td>
                <td className="num">{fmt.credits(r.credits)}</td>
                <td className="num">{fmt.percent(r.successRate)}</td>
                <td className="num">{fmt.duration(r.avgDurationMs)}</td>
                <td className="table__actions">
                  <span className="row-actions">
                    <button
                      type="button"
                      className="button button--small"
                      aria-pressed={selected}
                      onClick={() => props.onSelect(selected ? null : r.modelId)}
                      title={selected ? t('usage.filter.clear') : t('usage.table.showCallsOf', { name: r.modelId })}
                    >
                      {selected ? t('usage.table.showing') : t('usage.table.showCalls')}
                    </button>
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => props.onOpen(r.modelId)}
                      title={t('usage.table.tryHint', { model: r.modelId })}
                    >
                      {t('usage.table.try')}
                    </button>
                  </span>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

type Translate = ReturnType<typeof useI18n>['t'];

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
