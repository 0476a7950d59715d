import type { KeyHealth } from '../../../shared/hygiene';
import type { KeyDTO } from '../../../shared/keys';
import { useI18n, type MessageKey } from '../../i18n';
import { alertPhrase } from '../../../shared/notification-text';

/** "120 days · Due for rotation [Rotate now]", "Rotate in 12 days", or just the age. */
export function KeyAge({ k, health, onRotate }: { k: KeyDTO; health: KeyHealth | undefined; onRotate: () => void }) {
  const { t, locale } = useI18n();
  const rotation = health?.rotation;
  if (!rotation)
    return <span className="muted">{new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(k.createdAt))}</span>;
  const age =
    rotation.ageDays === 0
      ? t('hygiene.age.today')
      : rotation.ageDays === 1
        ? t('hygiene.age.one')
        : t('hygiene.age.days', { n: rotation.ageDays });
  return (
    <div className="key-age" data-testid="key-age">
      <span className="muted">{age}</span>
      {rotation.status === 'due' ? (
        <>
          <span className="badge badge--warn" data-testid="rotation-due">
            {t('hygiene.rotation.due')}
          </span>
          <button
            type="button"
            className="button button--small button--warn"
            onClick={onRotate}
            title={t('hygiene.rotation.dueHelp', { days: rotation.periodDays })}
          >
            {t('hygiene.rotation.rotateNow')}
          </button>
        </>
      ) : rotation.status === 'soon' ? (
        <span className="badge badge--soft" title={t('hygiene.rotation.dueOn', { date: rotation.dueOn })}>
          {rotation.daysLeft === 1 ? t('hygiene.rotation.soonOne') : t('hygiene.rotation.soon', { n: rotation.daysLeft })}
        </span>
      ) : null}
    </div>
  );
}

/** The applications a key is used by, and a warning when there are several. */
export function UsedBy({ k, onEdit }: { k: KeyDTO; onEdit: () => void }) {
  const { t } = useI18n();
  const apps = k.usedBy ?? [];
  if (apps.length === 0) return null;
  return (
    <div className="used-by small" data-testid="used-by">
      <span className="muted">{t('hygiene.usedBy.label')}</span>
      {apps.map((a) => (
        <span key={a} className="chip">
          {a}
        </span>
      ))}
      {apps.length > 1 ? (
        <button
          type="button"
          className="link-button used-by__warn"
          onClick={onEdit}
          title={t('hygiene.usedBy.sharedHelp')}
          data-testid="shared-warning"
        >
          {t('hygiene.usedBy.shared', { n: apps.length })}
        </button>
      ) : null}
    </div>
  );
}

/** What looks wrong with a key, in words with its numbers, and the three steps to take. */
export function KeyAlert(props: {
  health: KeyHealth;
  onCheckCalls: (() => void) | undefined;
  onRotate: () => void;
  onDashboard: () => void;
}) {
  const { t, locale } = useI18n();
  const { health } = props;
  const steps: { label: MessageKey; help: MessageKey; run: (() => void) | undefined }[] = [
    { label: 'hygiene.step.calls', help: 'hygiene.step.callsHelp', run: props.onCheckCalls },
    { label: 'hygiene.step.rotate', help: 'hygiene.step.rotateHelp', run: props.onRotate },
    { label: 'hygiene.step.revoke', help: 'hygiene.step.revokeHelp', run: props.onDashboard },
  ];
  return (
    <div className="key-alert" role="group" aria-label={t('hygiene.alert.title', { name: health.name })}>
      <div className="key-alert__what">
        <strong>{t('hygiene.alert.title', { name: health.name })}</strong>
        <ul>
          {health.alerts.map((a) => (
            <li key={a.reason}>{alertPhrase(a, locale)}</li>
          ))}
        </ul>
      </div>
      <ol className="key-alert__steps">
        {steps.map((step) => (
          <li key={step.label}>
            <div className="key-alert__step">
              {step.run ? (
                <button type="button" className="button button--small" onClick={step.run}>
                  {t(step.label)}
                </button>
              ) : (
                <span className="strong">{t(step.label)}</span>
              )}
              <span className="muted small">{t(step.help)}</span>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}
