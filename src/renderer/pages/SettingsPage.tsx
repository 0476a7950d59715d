import { useEffect, useId, useState } from 'react';
import type { AppInfo } from '../../shared/contract';
import { LANGUAGES, ROTATION_PERIOD_RANGE, THEMES, type Settings, type SettingsPatch } from '../../shared/settings';
import { PageHeader } from '../components/PageHeader';
import { hub } from '../hub';
import { useI18n } from '../i18n';
import { KeychainBanner, useKeychainHealth } from './keys/KeychainStatus';
import { UpdatesSection } from './UpdatesSection';

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

        <KeyHygiene settings={settings} save={save} />

        <KeyStorage />

        <UpdatesSection settings={settings} save={save} />

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

const CALLS_RANGE = { min: 1, max: 10_000_000 } as const;
const CREDITS_MAX = 1e12;

/** A whole number within [min, max], or why not (null = valid). */
function intError(text: string, min: number, max: number): 'range' | null {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n >= min && n <= max ? null : 'range';
}

/** Rotation period, the user's activity limits and notifications; each field saves when it is valid and left. */
function KeyHygiene({ settings, save }: { settings: Settings; save: (p: SettingsPatch) => Promise<void> }) {
  const { t } = useI18n();
  const ids = { period: useId(), periodHelp: useId(), limitsHelp: useId(), notify: useId() };
  const [period, setPeriod] = useState(String(settings.rotationPeriodDays));
  const [calls, setCalls] = useState(settings.alertCallsPer24h === null ? '' : String(settings.alertCallsPer24h));
  const [credits, setCredits] = useState(settings.alertCreditsPer24h === null ? '' : String(settings.alertCreditsPer24h));
  useEffect(() => setPeriod(String(settings.rotationPeriodDays)), [settings.rotationPeriodDays]);
  useEffect(() => setCalls(settings.alertCallsPer24h === null ? '' : String(settings.alertCallsPer24h)), [settings.alertCallsPer24h]);
  useEffect(
    () => setCredits(settings.alertCreditsPer24h === null ? '' : String(settings.alertCreditsPer24h)),
    [settings.alertCreditsPer24h],
  );

  const periodError = intError(period, ROTATION_PERIOD_RANGE.min, ROTATION_PERIOD_RANGE.max);
  const callsError = calls.trim() === '' ? null : intError(calls, CALLS_RANGE.min, CALLS_RANGE.max);
  const creditsNumber = Number(credits);
  const creditsError =
    credits.trim() === '' || (Number.isFinite(creditsNumber) && creditsNumber > 0 && creditsNumber <= CREDITS_MAX) ? null : 'range';

  return (
    <section className="card" aria-labelledby="hygiene-title" data-testid="hygiene-settings">
      <h2 id="hygiene-title">{t('settings.hygiene')}</h2>
      <div className="field">
        <label htmlFor={ids.period}>{t('settings.hygiene.period')}</label>
        <div className="inline">
          <input
            id={ids.period}
            type="number"
            min={ROTATION_PERIOD_RANGE.min}
            max={ROTATION_PERIOD_RANGE.max}
            step={1}
            value={period}
            aria-invalid={periodError ? true : undefined}
            aria-describedby={ids.periodHelp}
            onChange={(e) => setPeriod(e.target.value)}
            onBlur={() => {
              if (!periodError && Number(period) !== settings.rotationPeriodDays) void save({ rotationPeriodDays: Number(period) });
            }}
          />
          <span>{t('settings.hygiene.days')}</span>
        </div>
        <p id={ids.periodHelp} className={periodError ? 'help status--error' : 'help'}>
          {periodError
            ? t('settings.hygiene.periodInvalid', { min: ROTATION_PERIOD_RANGE.min, max: ROTATION_PERIOD_RANGE.max })
            : t('settings.hygiene.periodHelp')}
        </p>
      </div>
      <fieldset className="field">
        <legend>{t('settings.hygiene.limits')}</legend>
        <div className="hygiene-limits">
          <LimitInput
            label={t('settings.hygiene.calls')}
            text={calls}
            onText={setCalls}
            invalid={callsError !== null}
            saved={settings.alertCallsPer24h}
            onCommit={(alertCallsPer24h) => void save({ alertCallsPer24h })}
            describedBy={ids.limitsHelp}
            integer
          />
          <LimitInput
            label={t('settings.hygiene.credits')}
            text={credits}
            onText={setCredits}
            invalid={creditsError !== null}
            saved={settings.alertCreditsPer24h}
            onCommit={(alertCreditsPer24h) => void save({ alertCreditsPer24h })}
            describedBy={ids.limitsHelp}
          />
        </div>
        <p id={ids.limitsHelp} className={callsError || creditsError ? 'help status--error' : 'help'}>
          {callsError
            ? t('settings.hygiene.callsInvalid', { max: CALLS_RANGE.max.toLocaleString() })
            : creditsError
              ? t('settings.hygiene.creditsInvalid')
              : t('settings.hygiene.limitsHelp')}
        </p>
        <p className="help">{t('settings.hygiene.automatic')}</p>
      </fieldset>
      <label className="checkbox">
        <input
          id={ids.notify}
          type="checkbox"
          checked={settings.notifications}
          onChange={(e) => void save({ notifications: e.target.checked })}
        />
        <span>{t('settings.hygiene.notifications')}</span>
      </label>
      <p className="help">{t('settings.hygiene.notificationsHelp')}</p>
    </section>
  );
}

/** One optional limit: empty means "no limit" (null); saved when left, if valid and changed. */
function LimitInput(props: {
  label: string;
  text: string;
  onText: (text: string) => void;
  invalid: boolean;
  saved: number | null;
  onCommit: (value: number | null) => void;
  describedBy: string;
  integer?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        min={props.integer ? CALLS_RANGE.min : 0}
        max={props.integer ? CALLS_RANGE.max : undefined}
        step={props.integer ? 1 : 'any'}
        value={props.text}
        placeholder={t('settings.hygiene.off')}
        aria-invalid={props.invalid ? true : undefined}
        aria-describedby={props.describedBy}
        onChange={(e) => props.onText(e.target.value)}
        onBlur={() => {
          const next = props.text.trim() === '' ? null : Number(props.text);
          if (!props.invalid && next !== props.saved) props.onCommit(next);
        }}
      />
    </>
  );
}
