import type { ReactNode } from 'react';
import type { Quota, UsageTotals } from '../../../shared/usage';
import { useI18n } from '../../i18n';
import type { UsageFormat } from './usageFormat';

/** The figures at the top: the account's credit balance and burn, then the range's calls, tokens, credits, success and speed. */
export function SummaryCards(props: { quota: Quota | null; totals: UsageTotals | null; fmt: UsageFormat; loading: boolean }) {
  const { t } = useI18n();
  const { quota, totals, fmt } = props;
  if (!totals && props.loading) return <CardSkeletons />;
  const tokens = totals ? totals.inputTokens + totals.outputTokens : null;
  const perCall = totals && totals.calls > 0 ? totals.credits / totals.calls : null;

  return (
    <div className="usage-cards" aria-busy={props.loading}>
      <Card
        id="balance"
        label={t('usage.card.balance')}
        value={quota && quota.billingEnabled !== false ? fmt.creditsWithUnit(quota.remaining) : fmt.dash}
        hint={`${t('usage.card.balanceHint')} ${fmt.creditUnitHint}`}
        wide
      >
        {quota?.billingEnabled === false ? (
          <span data-testid="billing-off">{t('usage.card.billingOff')}</span>
        ) : quota ? (
          <>
            <span>{t('usage.card.used', { used: fmt.credits(quota.used), total: fmt.creditsWithUnit(quota.total) })}</span>
            {quota.estimatedDaysRemaining === null ? (
              <span>{t('usage.card.notSpending')}</span>
            ) : (
              <>
                <span>{t('usage.card.daily', { daily: fmt.creditsWithUnit(quota.dailyAvgCredits) })}</span>
                <span className="usage-card__strong">{t('usage.card.daysLeft', { days: fmt.int(quota.estimatedDaysRemaining) })}</span>
              </>
            )}
            {quota.pendingCredit > 0 ? (
              <span className="usage-card__warn">{t('usage.card.pending', { amount: fmt.creditsWithUnit(quota.pendingCredit) })}</span>
            ) : null}
          </>
        ) : (
          <span>{t('usage.card.balanceUnknown')}</span>
        )}
      </Card>
      <Card id="calls" label={t('usage.card.calls')} value={fmt.int(totals?.calls)}>
        {totals ? (
          <span>{t('usage.card.callsSplit', { ok: fmt.int(totals.successCalls), failed: fmt.int(totals.failedCalls) })}</span>
        ) : null}
      </Card>
      <Card id="tokens" label={t('usage.card.tokens')} value={fmt.int(tokens)}>
        {totals ? (
          <span>{t('usage.card.tokensSplit', { input: fmt.int(totals.inputTokens), output: fmt.int(totals.outputTokens) })}</span>
        ) : null}
        {totals && totals.cacheReadInputTokens + totals.cacheCreationInputTokens > 0 ? (
          <span>
            {t('usage.card.cacheSplit', { read: fmt.int(totals.cacheReadInputTokens), write: fmt.int(totals.cacheCreationInputTokens) })}
          </span>
        ) : null}
      </Card>
      <Card
        id="credits"
        label={t('usage.card.credits')}
        value={totals ? fmt.creditsWithUnit(totals.credits) : fmt.dash}
        hint={fmt.creditUnitHint}
      >
        {perCall !== null ? <span>{t('usage.card.perCall', { amount: fmt.creditsWithUnit(perCall) })}</span> : null}
      </Card>
      <Card id="success" label={t('usage.card.success')} value={fmt.percent(totals?.successRate)}>
        {totals ? <span>{totals.calls ? t('usage.card.failedCalls', { n: totals.failedCalls }) : t('usage.card.noCalls')}</span> : null}
      </Card>
      <Card id="speed" label={t('usage.card.duration')} value={fmt.duration(totals?.avgDurationMs)}>
        {totals ? <span>{t('usage.card.ttfb', { ttfb: fmt.duration(totals.avgTtfbMs) })}</span> : null}
      </Card>
    </div>
  );
}

function Card(props: { id: string; label: string; value: string; hint?: string; wide?: boolean; children?: ReactNode }) {
  return (
    <section
      className={`usage-card${props.wide ? ' usage-card--wide' : ''}`}
      data-testid={`usage-card-${props.id}`}
      aria-label={props.label}
    >
      <h3 className="usage-card__label" title={props.hint}>
        {props.label}
      </h3>
      <p className="usage-card__value">{props.value}</p>
      <p className="usage-card__detail">{props.children}</p>
    </section>
  );
}

function CardSkeletons() {
  return (
    <div className="usage-cards" aria-hidden="true">
      {[0, 1, 2, 3, 4, 5].map((i) => (
        <div key={i} className={`usage-card usage-card--skeleton${i === 0 ? ' usage-card--wide' : ''}`}>
          <span className="skeleton skeleton--label" />
          <span className="skeleton skeleton--value" />
          <span className="skeleton skeleton--line" />
        </div>
      ))}
    </div>
  );
}
