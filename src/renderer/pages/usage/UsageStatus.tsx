import { useEffect, useState } from 'react';
import type { Snapshot } from '../../../shared/usage';
import { localizeError } from '../../errors/localize';
import { useI18n } from '../../i18n';
import type { UsageFormat } from './usageFormat';

/** Saved figures on screen because the hub could not be reached: how old they are, and why. */
export function OfflineBanner(props: { snapshots: Snapshot<unknown>[]; age: (ms: number) => string; onRetry: () => void; busy: boolean }) {
  const { t, locale } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  const oldest = Math.min(...props.snapshots.map((s) => s.fetchedAt));
  const failed = props.snapshots.find((s) => s.error)?.error;
  const reason = failed ? localizeError(failed, locale).text : undefined;
  return (
    <div className="usage-offline warning" role="status" data-testid="usage-offline">
      <div>
        <strong>{t('usage.offline.title', { age: props.age(Math.max(0, now - oldest)) })}</strong>
        <p className="small">{reason ? t('usage.offline.reason', { reason }) : t('usage.offline.body')}</p>
      </div>
      <button type="button" className="button button--small" onClick={props.onRetry} disabled={props.busy}>
        {t('common.retry')}
      </button>
    </div>
  );
}

export function LoadingLine({ progress, fmt }: { progress: { fetched: number; total: number } | null; fmt: UsageFormat }) {
  const { t } = useI18n();
  const paging = progress && progress.total > 0 && progress.fetched < progress.total;
  return (
    <div className="usage-loading" role="status" data-testid="usage-progress">
      {paging ? (
        <>
          <progress max={progress.total} value={progress.fetched} aria-label={t('usage.progress.label')} />
          <span>{t('usage.progress', { fetched: fmt.int(progress.fetched), total: fmt.int(progress.total) })}</span>
        </>
      ) : (
        <span className="progress-line">{t('usage.loading')}</span>
      )}
    </div>
  );
}

export function ChartSkeleton() {
  return (
    <div className="usage-charts__grid" aria-hidden="true">
      <div className="usage-chart card usage-chart--wide usage-chart--skeleton">
        <span className="skeleton skeleton--label" />
        <span className="skeleton skeleton--chart" />
      </div>
    </div>
  );
}
