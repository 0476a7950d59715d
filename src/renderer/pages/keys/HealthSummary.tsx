import type { HealthSummary as Summary, HubUsageSource, KeyHealth } from '../../../shared/hygiene';
import { localizeError } from '../../errors/localize';
import { relativeTime } from '../../format';
import { useI18n, type MessageKey } from '../../i18n';

export type HealthFilter = 'due' | 'alerts' | 'unused' | 'unchecked';

/** Which keys a summary tile stands for. */
export function matchesFilter(k: KeyHealth, filter: HealthFilter): boolean {
  switch (filter) {
    case 'due':
      return k.rotation.status === 'due';
    case 'alerts':
      return k.alerts.length > 0;
    case 'unused':
      return k.usage.status === 'known' && k.usage.lastUseKnown && k.usage.lastUsedAt === null;
    case 'unchecked':
      return k.checkStale;
  }
}

const TILES: { id: HealthFilter; count: (s: Summary) => number; label: MessageKey; tone: 'warn' | 'bad' | 'info' }[] = [
  { id: 'due', count: (s) => s.dueForRotation, label: 'hygiene.summary.due', tone: 'warn' },
  { id: 'alerts', count: (s) => s.withAlerts, label: 'hygiene.summary.alerts', tone: 'bad' },
  { id: 'unused', count: (s) => s.neverUsed, label: 'hygiene.summary.unused', tone: 'info' },
  { id: 'unchecked', count: (s) => s.notCheckedRecently, label: 'hygiene.summary.unchecked', tone: 'info' },
];

/** The key list's health at a glance; each tile filters the list to its keys. */
export function HealthSummary(props: {
  summary: Summary | null;
  source: HubUsageSource | undefined;
  staleCheckDays: number;
  filter: HealthFilter | null;
  onFilter: (f: HealthFilter | null) => void;
  loading: boolean;
  error: string | null;
  onRefresh: () => void;
}) {
  const { t, locale } = useI18n();
  const { summary, source } = props;
  return (
    <section className="health" aria-label={t('hygiene.summary.label')} data-testid="health-summary">
      <div className="health__tiles">
        {TILES.map((tile) => {
          const n = summary ? tile.count(summary) : null;
          const pressed = props.filter === tile.id;
          return (
            <button
              key={tile.id}
              type="button"
              className={`health-tile${n ? ` health-tile--${tile.tone}` : ''}`}
              aria-pressed={pressed}
              disabled={n === null || (n === 0 && !pressed)}
              title={
                tile.id === 'unchecked' ? t('hygiene.summary.uncheckedHelp', { days: props.staleCheckDays }) : t('hygiene.summary.filter')
              }
              onClick={() => props.onFilter(pressed ? null : tile.id)}
              data-testid={`health-${tile.id}`}
            >
              <span className="health-tile__count">{n ?? '–'}</span>
              <span className="health-tile__label">{t(tile.label)}</span>
            </button>
          );
        })}
      </div>
      <p className="health__source small muted" aria-live="polite">
        {props.error ? (
          <span className="status--error">{t('hygiene.source.failed', { message: props.error })}</span>
        ) : props.loading && !summary ? (
          t('hygiene.source.loading')
        ) : !source || source.asOf === null ? (
          source?.error ? (
            t('hygiene.source.none', { message: localizeError(source.error, locale).text })
          ) : (
            t('hygiene.source.noIds')
          )
        ) : source.source === 'cache' && source.stale ? (
          <span className="health__offline">
            {t('hygiene.source.offline', { when: relativeTime(new Date(source.asOf).toISOString(), locale) })}
          </span>
        ) : (
          t('hygiene.source.live', { when: relativeTime(new Date(source.asOf).toISOString(), locale) })
        )}{' '}
        <button type="button" className="link-button" onClick={props.onRefresh} disabled={props.loading}>
          {props.loading ? t('hygiene.source.checking') : t('hygiene.source.refresh')}
        </button>
      </p>
    </section>
  );
}
