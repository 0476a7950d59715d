import { useEffect, useId, useState } from 'react';
import type { AppInfo } from '../../shared/contract';
import { LANGUAGES, THEMES, type Settings, type SettingsPatch } from '../../shared/settings';
import { PageHeader } from '../components/PageHeader';
import { hub } from '../hub';
import { useI18n } from '../i18n';
import { KeychainBanner, useKeychainHealth } from './keys/KeychainStatus';

export function SettingsPage({ settings, onChange }: { settings: Settings; onChange: (p: SettingsPatch) => Promise<void> }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);
  const [clipboard, setClipboard] = useState(String(settings.clipboardClearSeconds));
  const ids = { language: useId(), clipboard: useId(), clipboardHelp: useId() };

  useEffect(() => setClipboard(String(settings.clipboardClearSeconds)), [settings.clipboardClearSeconds]);

  const save = async (patch: SettingsPatch) => {
    try {
      await onChange(patch);
      setStatus({ kind: 'saved', text: t('settings.saved') });
    } catch (e) {
      setStatus({ kind: 'error', text: t('settings.saveFailed', { message: e instanceof Error ? e.message : String(e) }) });
    }
  };

  return (
    <>
      <PageHeader title={t('settings.title')} subtitle={t('settings.subtitle')} />
      <div className="settings">
        <section className="card" aria-labelledby="appearance-title">
          <h2 id="appearance-title">{t('settings.appearance')}</h2>
          <div className="field">
            <label htmlFor={ids.language}>{t('settings.language')}</label>
            <select
              id={ids.language}
              value={settings.language}
              onChange={(e) => void save({ language: e.target.value as Settings['language'] })}
            >
              {LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`settings.language.${l}`)}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="field">
            <legend>{t('settings.theme')}</legend>
            <div className="segmented" role="radiogroup" aria-label={t('settings.theme')}>
              {THEMES.map((theme) => (
                <label key={theme} className="segmented__option">
                  <input type="radio" name="theme" value={theme} checked={settings.theme === theme} onChange={() => void save({ theme })} />
                  <span>{t(`settings.theme.${theme}`)}</span>
                </label>
              ))}
            </div>
          </fieldset>
        </section>

        <section className="card" aria-labelledby="safety-title">
          <h2 id="safety-title">{t('settings.safety')}</h2>
          <div className="field">
            <label htmlFor={ids.clipboard}>{t('settings.clipboard')}</label>
            <div className="inline">
              <input
                id={ids.clipboard}
                type="number"
                min={5}
                max={600}
                step={1}
                value={clipboard}
                aria-describedby={ids.clipboardHelp}
                onChange={(e) => setClipboard(e.target.value)}
                onBlur={() => {
                  const n = Number(clipboard);
                  if (n !== settings.clipboardClearSeconds) void save({ clipboardClearSeconds: n });
                }}
              />
              <span>{t('settings.clipboard.unit')}</span>
            </div>
            <p id={ids.clipboardHelp} className="help">
              {t('settings.clipboard.help')}
            </p>
          </div>
        </section>

        <KeyStorage />

        <About />

        <p className={`status status--${status?.kind ?? 'idle'}`} role="status" aria-live="polite">
          {status?.text ?? ''}
        </p>
      </div>
    </>
  );
}

function About() {
  const { t } = useI18n();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    hub?.app
      .info()
      .then(setInfo)
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);

  const rows: [string, string | undefined][] = info
    ? [
        [t('about.version'), info.version],
        [t('about.host'), t(info.host === 'electron' ? 'about.host.electron' : 'about.host.browser')],
        [t('about.platform'), info.platform],
        [t('about.electron'), info.versions.electron],
        [t('about.chrome'), info.versions.chrome],
        [t('about.node'), info.versions.node],
      ]
    : [];

  return (
    <section className="card" aria-labelledby="about-title" data-testid="about">
      <h2 id="about-title">{t('about.title')}</h2>
      {error ? <p className="status status--error">{t('about.unavailable', { message: error })}</p> : null}
      {!info && !error ? <p className="help">{t('app.loading')}</p> : null}
      {info ? (
        <dl className="about">
          {rows
            .filter(([, v]) => v)
            .map(([k, v]) => (
              <div key={k} className="about__row">
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
        </dl>
      ) : null}
    </section>
  );
}

/** Which tier holds the keys, and why not the keychain when it cannot be used. */
function KeyStorage() {
  const { t } = useI18n();
  const { health, setHealth, recheck } = useKeychainHealth();
  return (
    <section className="card" aria-labelledby="storage-title" data-testid="key-storage">
      <h2 id="storage-title">{t('settings.storage')}</h2>
      {health?.ok ? (
        <dl className="about">
          <div className="about__row">
            <dt>{t('settings.storage.tier')}</dt>
            <dd className="plain">
              <span className="dot dot--ok" aria-hidden="true" />
              {t(`settings.storage.${health.tier}`)}
            </dd>
          </div>
        </dl>
      ) : (
        <KeychainBanner health={health} onRecheck={recheck} onChange={setHealth} />
      )}
      <div className="card__actions">
        <button type="button" className="button button--small" onClick={recheck} disabled={!health}>
          {t('keychain.recheck')}
        </button>
        {health?.ok && health.tier === 'vault-file' ? (
          <button type="button" className="button button--small" onClick={() => void hub!.keychain.useSystemKeychain().then(setHealth)}>
            {t('vault.backToKeychain')}
          </button>
        ) : null}
      </div>
    </section>
  );
}
