import { useEffect, useId, useState, type ReactNode } from 'react';
import type { KeychainHealth } from '../../shared/keys';
import type { SaveStatusStore, SettingsSection } from '../actions/settings';
import { ErrorNotice } from '../components/ErrorNotice';
import { useI18n, type MessageKey } from '../i18n';
import { useStore } from '../store/external-store';
import type { SettingsPageStore } from '../store/settings';
import { KeychainBanner, useKeychainHealth } from './keys/KeychainStatus';

/** A whole number within [min, max], or why not (null = valid). */
export function intError(text: string, min: number, max: number): 'range' | null {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n >= min && n <= max ? null : 'range';
}

/**
 * A whole number within a range: checked as it is typed, with the reason under the field;
 * committed when the field is left, only if valid and changed. An invalid value stays for the user to fix.
 */
export function WholeNumberField(props: {
  /** Label, unit, help and the message for a value out of range (given {min} and {max}). */
  texts: readonly [MessageKey, MessageKey, MessageKey, MessageKey];
  value: number;
  range: { readonly min: number; readonly max: number };
  onCommit: (value: number) => void;
  testId?: string;
}) {
  const { t } = useI18n();
  const [label, unit, help, invalid] = props.texts;
  const ids = { input: useId(), help: useId() };
  const [text, setText] = useState(String(props.value));
  useEffect(() => setText(String(props.value)), [props.value]);
  const error = intError(text, props.range.min, props.range.max);
  return (
    <div className="field">
      <label htmlFor={ids.input}>{t(label)}</label>
      <div className="inline">
        <input
          id={ids.input}
          type="number"
          min={props.range.min}
          max={props.range.max}
          step={1}
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={ids.help}
          onChange={(e) => setText(e.target.value)}
          onBlur={() => {
            if (!error && Number(text) !== props.value) props.onCommit(Number(text));
          }}
        />
        <span>{t(unit)}</span>
      </div>
      <p id={ids.help} className={error ? 'help status--error' : 'help'} data-testid={props.testId}>
        {error ? t(invalid, { ...props.range }) : t(help)}
      </p>
    </div>
  );
}

/**
 * A card's heading with the outcome of its last save beside it: "Saved" where
 * the user just changed something, worded at render time (so it follows a
 * language switch), or why the save failed.
 */
export function SectionTitle(props: { id: string; title: string; section: SettingsSection; status: SaveStatusStore }) {
  const { t } = useI18n();
  const { section, error } = useStore(props.status);
  const mine = section === props.section;
  return (
    <>
      <div className="section-title">
        <h2 id={props.id}>{props.title}</h2>
        <span className="save-note" role="status" aria-live="polite" data-testid={`saved-${props.section}`}>
          {mine && !error ? `✓ ${t('settings.saved')}` : ''}
        </span>
      </div>
      {mine && error ? <ErrorNotice error={error} compact title={t('settings.saveFailedTitle')} testId="settings-save-error" /> : null}
    </>
  );
}

export function About({ store }: { store: SettingsPageStore }) {
  const { t } = useI18n();
  const { about: info, aboutError } = useStore(store);
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
      {aboutError ? <ErrorNotice error={aboutError} compact /> : null}
      {!info && !aboutError ? <p className="help">{t('app.loading')}</p> : null}
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
export function KeyStorage({ store }: { store: SettingsPageStore }) {
  const { t } = useI18n();
  const { health, setHealth, recheck } = useKeychainHealth();
  const [error, setError] = useState<unknown>(null);
  const backToKeychain = () => {
    setError(null);
    store.useSystemKeychain().then(setHealth, setError);
  };
  return (
    <section className="card" aria-labelledby="storage-title" data-testid="key-storage">
      <h2 id="storage-title">{t('settings.storage')}</h2>
      {health?.ok ? <Tier health={health} /> : <KeychainBanner health={health} onRecheck={recheck} onChange={setHealth} />}
      {error ? <ErrorNotice error={error} compact title={t('settings.backToKeychainFailed')} /> : null}
      <div className="card__actions">
        <button type="button" className="button button--small" onClick={recheck} disabled={!health}>
          {t('keychain.recheck')}
        </button>
        {health?.ok && health.tier === 'vault-file' ? (
          <button type="button" className="button button--small" onClick={backToKeychain}>
            {t('vault.backToKeychain')}
          </button>
        ) : null}
      </div>
    </section>
  );
}

function Tier({ health }: { health: Extract<KeychainHealth, { ok: true }> }): ReactNode {
  const { t } = useI18n();
  return (
    <dl className="about">
      <div className="about__row">
        <dt>{t('settings.storage.tier')}</dt>
        <dd className="plain">
          <span className="dot dot--ok" aria-hidden="true" />
          {t(`settings.storage.${health.tier}`)}
        </dd>
      </div>
    </dl>
  );
}

/** Opens the page's store for as long as the page is shown. */
export function useSettingsPageStore(store: SettingsPageStore | null): void {
  useEffect(() => store?.open(), [store]);
}
