import type { ChatMetrics } from '../../../shared/playground';
import { useI18n } from '../../i18n';
import type { ChatTotals } from '../../store/playground-chat';
import { formatCredits, formatDecimal, formatDuration, formatInt } from './format';

/** The figures under every answer: TTFT, total time, tokens in/out, tokens/s, credits (an estimate). */
export type MetricKind = 'ttft' | 'duration' | 'speed' | 'credits';

export function MetricsLine({ metrics, best }: { metrics: ChatMetrics; best?: ReadonlySet<MetricKind> }) {
  const { t, locale } = useI18n();
  const unknown = <span title={t('playground.metrics.unknownHelp')}>—</span>;
  const tokensKnown = metrics.promptTokens !== null || metrics.completionTokens !== null;
  const mark = (kind: MetricKind) => (best?.has(kind) ? { 'data-best': true, title: t('playground.metrics.best') } : {});
  return (
    <dl className="metrics" data-testid="metrics">
      <div title={t('playground.metrics.ttftHelp')}>
        <dt>{t('playground.metrics.ttft')}</dt>
        <dd data-testid="metric-ttft" {...mark('ttft')}>
          {metrics.ttftMs === null ? unknown : formatDuration(metrics.ttftMs, locale)}
        </dd>
      </div>
      <div title={t('playground.metrics.totalHelp')}>
        <dt>{t('playground.metrics.total')}</dt>
        <dd data-testid="metric-duration" {...mark('duration')}>
          {formatDuration(metrics.durationMs, locale)}
        </dd>
      </div>
      <div title={t('playground.metrics.tokensHelp')}>
        <dt>{t('playground.metrics.tokens')}</dt>
        <dd data-testid="metric-tokens">
          {tokensKnown
            ? t('playground.metrics.inOut', {
                input: metrics.promptTokens === null ? '—' : formatInt(metrics.promptTokens, locale),
                output: metrics.completionTokens === null ? '—' : formatInt(metrics.completionTokens, locale),
              })
            : unknown}
        </dd>
      </div>
      <div title={t('playground.metrics.speedHelp')}>
        <dt>{t('playground.metrics.speed')}</dt>
        <dd data-testid="metric-speed" {...mark('speed')}>
          {metrics.tokensPerSecond === null
            ? unknown
            : t('playground.metrics.perSecond', { n: formatDecimal(metrics.tokensPerSecond, locale, 1) })}
        </dd>
      </div>
      <div title={t('playground.metrics.creditsHelp')}>
        <dt>{t('playground.metrics.credits')}</dt>
        <dd data-testid="metric-credits" {...mark('credits')}>
          {metrics.estimatedCredits === null ? unknown : `≈ ${formatCredits(metrics.estimatedCredits, locale)}`}
          <span className="metrics__est">{t('playground.metrics.estimate')}</span>
        </dd>
      </div>
    </dl>
  );
}

/** The conversation's running total: calls, tokens, summed credit estimate. */
export function TotalsLine({ totals }: { totals: ChatTotals }) {
  const { t, locale } = useI18n();
  if (totals.calls === 0) {
    return (
      <p className="totals small" data-testid="conversation-totals">
        <span className="muted">{t('playground.totals.none')}</span>
      </p>
    );
  }
  return (
    <p className="totals small" data-testid="conversation-totals" title={t('playground.totals.help')}>
      <span>
        {t(totals.calls === 1 ? 'playground.totals.callsOne' : 'playground.totals.calls', { n: formatInt(totals.calls, locale) })}
      </span>
      <span>
        {t('playground.totals.tokens', {
          total: formatInt(totals.totalTokens, locale),
          input: formatInt(totals.promptTokens, locale),
          output: formatInt(totals.completionTokens, locale),
        })}
      </span>
      <span>
        {totals.estimatedCredits === null
          ? t('playground.totals.noCredits')
          : t('playground.totals.credits', { credits: formatCredits(totals.estimatedCredits, locale) })}
      </span>
    </p>
  );
}
