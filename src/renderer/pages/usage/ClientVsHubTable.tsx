import type { ClientVsHub, ClientVsHubRow } from '../../../shared/usage';
import { cvhAgrees, unexplainedDifferences } from './cvh';
import { DataTable, type Column } from './DataTable';
import { CreditsHeader, type TableContext } from './Tables';

function Pair({ app, hub, ctx }: { app: string; hub: string; ctx: TableContext }) {
  return (
    <span className="cvh-pair">
      <span>
        <span className="cvh-pair__side">{ctx.t('usage.cvh.app')}</span> {app}
      </span>
      <span>
        <span className="cvh-pair__side">{ctx.t('usage.cvh.hub')}</span> {hub}
      </span>
    </span>
  );
}

/** The figures side by side, as words (for the notes) and as a pair (for the cells). */
function figures(r: ClientVsHubRow, ctx: TableContext) {
  const { fmt, t } = ctx;
  return {
    calls: { app: fmt.int(r.client.calls), hub: fmt.int(r.hub.calls) },
    tokens: { app: fmt.int(r.client.inputTokens + r.client.outputTokens), hub: fmt.int(r.hub.inputTokens + r.hub.outputTokens) },
    credits: {
      app:
        r.client.calls === 0
          ? fmt.dash
          : r.client.estimatedCredits === null
            ? t('usage.cvh.noEstimate')
            : fmt.credits(r.client.estimatedCredits),
      hub: fmt.credits(r.hub.credits),
    },
  };
}

export function cvhColumns(ctx: TableContext, data: ClientVsHub): Column<ClientVsHubRow>[] {
  const { t, fmt } = ctx;
  return [
    {
      id: 'modelId',
      header: t('usage.table.model'),
      label: t('usage.table.model'),
      rowHeader: true,
      cell: (r) => (
        <span className="usage-name">
          <span className="usage-name__main">{r.modelId}</span>
          <span className="usage-sub">{t('usage.cvh.matched', { n: r.matched })}</span>
          {r.matched > 0 ? (
            <span className="usage-sub" data-testid="cvh-confidence">
              {(['exact', 'high', 'medium', 'low'] as const)
                .filter((level) => r.confidence[level] > 0)
                .map((level) => t(`usage.cvh.confidence.${level}`, { n: fmt.int(r.confidence[level]) }))
                .join(' · ')}
            </span>
          ) : null}
        </span>
      ),
    },
    {
      id: 'calls',
      header: t('usage.cvh.calls'),
      label: t('usage.cvh.calls'),
      align: 'end',
      cell: (r) => <Pair {...figures(r, ctx).calls} ctx={ctx} />,
    },
    {
      id: 'tokens',
      header: t('usage.cvh.tokens'),
      label: t('usage.cvh.tokens'),
      align: 'end',
      priority: 2,
      cell: (r) => <Pair {...figures(r, ctx).tokens} ctx={ctx} />,
      text: (r) => t('usage.cvh.pairText', figures(r, ctx).tokens),
    },
    {
      id: 'credits',
      header: <CreditsHeader ctx={ctx} label="usage.cvh.credits" />,
      label: t('usage.cvh.credits', { unit: fmt.creditUnit }),
      align: 'end',
      priority: 2,
      cell: (r) => <Pair {...figures(r, ctx).credits} ctx={ctx} />,
      text: (r) => t('usage.cvh.pairText', figures(r, ctx).credits),
    },
    { id: 'notes', header: t('usage.cvh.notes'), label: t('usage.cvh.notes'), cell: (r) => <Notes row={r} data={data} ctx={ctx} /> },
  ];
}

/** What the app measured for its own playground calls, beside what the hub recorded and billed, with gaps in words. */
export function ClientVsHubTable({ data, ctx }: { data: ClientVsHub; ctx: TableContext }) {
  const { t, fmt } = ctx;
  const appCalls = data.rows.reduce((s, r) => s + r.client.calls, 0);
  if (data.rows.length === 0) return <p className="muted">{t('usage.cvh.empty')}</p>;
  return (
    <>
      <p className="muted small cvh__note">
        {appCalls === 0 ? `${t('usage.cvh.noAppCalls')} ` : null}
        {t('usage.cvh.tolerance', { pct: fmt.percent(data.creditThreshold) })}
      </p>
      <DataTable
        columns={cvhColumns(ctx, data)}
        rows={data.rows}
        rowKey={(r) => r.modelId}
        testId="cvh-table"
        rowTestId="cvh-row"
        className="cvh-table"
        sortLabel={(label) => t('usage.table.sortBy', { column: label })}
      />
    </>
  );
}

function Notes({ row, data, ctx }: { row: ClientVsHubRow; data: ClientVsHub; ctx: TableContext }) {
  const { t, fmt } = ctx;
  if (cvhAgrees(row, data.creditThreshold) || (row.client.calls === 0 && row.flags.length === 0)) {
    return (
      <span data-testid="cvh-verdict" data-agrees={row.client.calls > 0}>
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
        return t('usage.cvh.flag.pending', { n: row.pending, delay: fmt.age(data.recordDelayMs) });
      case 'missing-on-hub':
        return t('usage.cvh.flag.missing', { n: missing });
      case 'hub-only-calls':
        return t('usage.cvh.flag.hubOnly', { n: row.unmatchedHub });
      case 'credit-difference':
        return t(diff >= 0 ? 'usage.cvh.flag.creditMore' : 'usage.cvh.flag.creditLess', { amount: fmt.creditsWithUnit(Math.abs(diff)) });
      case 'token-difference':
        return t('usage.cvh.flag.tokens');
      default:
        return flag;
    }
  });
  const pairs = figures(row, ctx);
  for (const figure of unexplainedDifferences(row, data.creditThreshold)) notes.push(t(`usage.cvh.differs.${figure}`, pairs[figure]));
  return (
    <ul className="cvh-flags" data-testid="cvh-verdict" data-agrees="false">
      {notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}
