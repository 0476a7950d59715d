import type { ClientVsHub, ClientVsHubRow } from '../../../shared/usage';
import { useI18n } from '../../i18n';
import type { UsageFormat } from './usageFormat';

/** What the app measured for its own playground calls, beside what the hub recorded and billed, with gaps in words. */
export function ClientVsHubTable({ data, fmt }: { data: ClientVsHub; fmt: UsageFormat }) {
  const { t } = useI18n();
  const appCalls = data.rows.reduce((s, r) => s + r.client.calls, 0);
  if (data.rows.length === 0) return <p className="muted">{t('usage.cvh.empty')}</p>;
  return (
    <>
      {appCalls === 0 ? <p className="muted small cvh__note">{t('usage.cvh.noAppCalls')}</p> : null}
      <div className="usage-table-wrap">
        <table className="table usage-table cvh-table" data-testid="cvh-table">
          <thead>
            <tr>
              <th scope="col">{t('usage.table.model')}</th>
              <th scope="col" className="num">
                {t('usage.cvh.calls')}
              </th>
              <th scope="col" className="num">
                {t('usage.cvh.tokens')}
              </th>
              <th scope="col" className="num">
                {t('usage.cvh.credits', { unit: fmt.creditUnit })}
              </th>
              <th scope="col">{t('usage.cvh.notes')}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.modelId} data-testid="cvh-row">
                <th scope="row" className="usage-name">
                  <span className="usage-name__main nowrap">{r.modelId}</span>
                  <span className="usage-sub">{t('usage.cvh.matched', { n: fmt.int(r.matched) })}</span>
                  {r.matched > 0 ? (
                    <span className="usage-sub" data-testid="cvh-confidence">
                      {(['exact', 'high', 'medium', 'low'] as const)
                        .filter((level) => r.confidence[level] > 0)
                        .map((level) => t(`usage.cvh.confidence.${level}`, { n: fmt.int(r.confidence[level]) }))
                        .join(' · ')}
                    </span>
                  ) : null}
                </th>
                <td className="num">
                  <Pair app={fmt.int(r.client.calls)} hub={fmt.int(r.hub.calls)} />
                </td>
                <td className="num">
                  <Pair app={fmt.int(r.client.inputTokens + r.client.outputTokens)} hub={fmt.int(r.hub.inputTokens + r.hub.outputTokens)} />
                </td>
                <td className="num">
                  <Pair
                    app={
                      r.client.calls === 0
                        ? fmt.dash
                        : r.client.estimatedCredits === null
                          ? t('usage.cvh.noEstimate')
                          : fmt.credits(r.client.estimatedCredits)
                    }
                    hub={fmt.credits(r.hub.credits)}
                  />
                </td>
                <td className="cvh-notes">
                  <Flags row={r} data={data} fmt={fmt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Pair({ app, hub }: { app: string; hub: string }) {
  const { t } = useI18n();
  return (
    <span className="cvh-pair">
      <span>
        <span className="cvh-pair__side">{t('usage.cvh.app')}</span> {app}
      </span>
      <span>
        <span className="cvh-pair__side">{t('usage.cvh.hub')}</span> {hub}
      </span>
    </span>
  );
}

function Flags({ row, data, fmt }: { row: ClientVsHubRow; data: ClientVsHub; fmt: UsageFormat }) {
  const { t } = useI18n();
  if (row.flags.length === 0) {
    return (
      <span>
        <span className="dot dot--ok" />
        {row.client.calls > 0 ? t('usage.cvh.agrees') : t('usage.cvh.nothing')}
      </span>
    );
  }
  const missing = Math.max(0, row.unmatchedClient - row.pending);
  const diff = row.creditDifference ?? 0;
  const notes = row.flags.map((flag) => {
    switch (flag) {
      case 'pending-on-hub':
        return t('usage.cvh.flag.pending', { n: fmt.int(row.pending), delay: fmt.age(data.recordDelayMs) });
      case 'missing-on-hub':
        return t('usage.cvh.flag.missing', { n: fmt.int(missing) });
      case 'hub-only-calls':
        return t('usage.cvh.flag.hubOnly', { n: fmt.int(row.unmatchedHub) });
      case 'credit-difference':
        return t(diff >= 0 ? 'usage.cvh.flag.creditMore' : 'usage.cvh.flag.creditLess', { amount: fmt.creditsWithUnit(Math.abs(diff)) });
      case 'token-difference':
        return t('usage.cvh.flag.tokens');
      default:
        return flag;
    }
  });
  return (
    <ul className="cvh-flags">
      {notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}
