import { useEffect, useId, useState } from 'react';
import type { Settings, SettingsPatch } from '../../shared/settings';
import type { UpdateStatus } from '../../shared/updates';
import { HubCallError } from '../../shared/client';
import { relativeTime } from '../format';
import { hub } from '../hub';
import { useI18n, type MessageKey } from '../i18n';

const MB = 1024 * 1024;

/** The app's own updates: the opt-out of the check on start, the state of the current cycle, and its actions. */
export function UpdatesSection({ settings, save }: { settings: Settings; save: (p: SettingsPatch) => Promise<void> }) {
  const { t, locale } = useI18n();
  const ids = { onStart: useId(), help: useId() };
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [callError, setCallError] = useState<string | null>(null);

  useEffect(() => {
    if (!hub) return;
    const off = hub.on('updates.changed', setStatus);
    hub.updates
      .status()
      .then(setStatus)
      .catch((e: unknown) => setCallError(e instanceof Error ? e.message : String(e)));
    return off;
  }, []);

  const run = (call: () => Promise<UpdateStatus>) => {
    setCallError(null);
    call()
      .then(setStatus)
      .catch((e: unknown) => {
        const reason = e instanceof HubCallError ? e.detail?.reason : undefined;
        setCallError(reason === 'noUpdateReady' ? t('updates.error.noUpdateReady') : e instanceof Error ? e.message : String(e));
      });
  };

  const available = status !== null && status.state !== 'unavailable';
  const busy = status?.state === 'checking' || status?.state === 'downloading';

  return (
    <section className="card" aria-labelledby="updates-title" data-testid="updates">
      <h2 id="updates-title">{t('updates.title')}</h2>
      <label className="checkbox">
        <input
          id={ids.onStart}
          type="checkbox"
          checked={settings.checkForUpdatesOnStart}
          aria-describedby={ids.help}
          onChange={(e) => void save({ checkForUpdatesOnStart: e.target.checked })}
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
      {callError ? <p className="status status--error">{callError}</p> : null}

      {available ? (
        <div className="card__actions">
          {status.state === 'downloaded' ? (
            <button
              type="button"
              className="button button--small button--primary"
              disabled={status.installDeferred}
              onClick={() => run(() => hub!.updates.install())}
            >
              {t('updates.restart')}
            </button>
          ) : (
            <button type="button" className="button button--small" disabled={busy} onClick={() => run(() => hub!.updates.check())}>
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
