import { useId } from 'react';
import type { Settings } from '../../shared/settings';
import type { UpdateStatus } from '../../shared/updates';
import type { SaveStatusStore } from '../actions/settings';
import { ErrorNotice } from '../components/ErrorNotice';
import { relativeTime } from '../format';
import { useI18n, type MessageKey } from '../i18n';
import { useStore } from '../store/external-store';
import type { SettingsPageStore } from '../store/settings';
import type { SaveSetting } from './SettingsPage';
import { SectionTitle } from './SettingsSections';

const MB = 1024 * 1024;

/** The app's own updates: the opt-out of the check on start, the state of the current cycle, and its actions. */
export function UpdatesSection(props: { store: SettingsPageStore; settings: Settings; save: SaveSetting; status: SaveStatusStore }) {
  const { store, settings, save } = props;
  const { t, locale } = useI18n();
  const ids = { onStart: useId(), help: useId() };
  const { updates: status, updatesError } = useStore(store);

  const available = status !== null && status.state !== 'unavailable';
  const busy = status?.state === 'checking' || status?.state === 'downloading';

  return (
    <section className="card" aria-labelledby="updates-title" data-testid="updates">
      <SectionTitle id="updates-title" title={t('updates.title')} section="updates" status={props.status} />
      <label className="checkbox">
        <input
          id={ids.onStart}
          type="checkbox"
          checked={settings.checkForUpdatesOnStart}
          aria-describedby={ids.help}
          onChange={(e) => void save('updates', { checkForUpdatesOnStart: e.target.checked })}
        />
        <span>{t('updates.checkOnStart')}</span>
      </label>
      <p id={ids.help} className="help">
        {t('updates.checkOnStartHelp')}
      </p>

      {status ? (
        <div className="updates" role="status" aria-live="polite" data-state={status.state}>
          <p>{t('updates.current', { version: status.currentVersion })}</p>
          <StatusLine status={status} locale={locale} t={t} />
        </div>
      ) : (
        <p className="help">{t('app.loading')}</p>
      )}
      {updatesError ? <ErrorNotice error={updatesError} compact testId="updates-error" /> : null}

      {available ? (
        <div className="card__actions">
          {status.state === 'downloaded' ? (
            <button
              type="button"
              className="button button--small button--primary"
              disabled={status.installDeferred}
              onClick={() => void store.runUpdate('install')}
            >
              {t('updates.restart')}
            </button>
          ) : (
            <button type="button" className="button button--small" disabled={busy} onClick={() => void store.runUpdate('check')}>
              {t(status.state === 'error' ? 'updates.tryAgain' : 'updates.checkNow')}
            </button>
          )}
        </div>
      ) : null}
    </section>
  );
}

function StatusLine({
  status,
  locale,
  t,
}: {
  status: UpdateStatus;
  locale: ReturnType<typeof useI18n>['locale'];
  t: ReturnType<typeof useI18n>['t'];
}) {
  switch (status.state) {
    case 'unavailable':
      return (
        <p className="help">
          {t(status.unavailableReason === 'browserHost' ? 'updates.unavailable.browserHost' : 'updates.unavailable.notPackaged')}
        </p>
      );
    case 'idle':
      return <p className="help">{t('updates.idle')}</p>;
    case 'checking':
      return <p>{t('updates.checking')}</p>;
    case 'upToDate':
      return <p>{t('updates.upToDate', { when: status.checkedAt ? relativeTime(status.checkedAt, locale) : '—' })}</p>;
    case 'downloading': {
      const percent = Math.floor(status.percent ?? 0);
      return (
        <div className="updates__progress">
          <p>{t('updates.downloading', { version: status.version ?? '', percent })}</p>
          <progress max={100} value={percent} aria-label={t('updates.progressLabel')} />
          {status.total ? (
            <span className="help">
              {t('updates.downloadingBytes', {
                transferred: ((status.transferred ?? 0) / MB).toFixed(1),
                total: (status.total / MB).toFixed(1),
              })}
            </span>
          ) : null}
        </div>
      );
    }
    case 'downloaded':
      return (
        <>
          <p>{t('updates.downloaded', { version: status.version ?? '' })}</p>
          {status.installDeferred ? <p className="help">{t('updates.deferred')}</p> : null}
        </>
      );
    case 'error': {
      const key: MessageKey = `updates.error.${status.error?.reason ?? 'checkFailed'}`;
      return (
        <>
          <p className="status status--error">{t(key)}</p>
          {status.error?.message ? <p className="help">{t('updates.error.detail', { message: status.error.message })}</p> : null}
        </>
      );
    }
  }
}
