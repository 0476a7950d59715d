import { useId, useMemo, useState } from 'react';
import { CLIPBOARD_CLEAR_RANGE, LANGUAGES, THEMES, type Settings, type SettingsPatch } from '../../shared/settings';
import { createSettingsActions, SaveStatusStore, type SettingsSection } from '../actions/settings';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n';
import { settingsPage } from '../store';
import { HygieneSettings } from './HygieneSettings';
import { About, KeyStorage, SectionTitle, useSettingsPageStore, WholeNumberField } from './SettingsSections';
import { UpdatesSection } from './UpdatesSection';
import './settings.css';

/** Saves a patch and shows the outcome beside the section it came from; false when it failed. */
export type SaveSetting = (section: SettingsSection, patch: SettingsPatch) => Promise<boolean>;

export function SettingsPage({ settings, onChange }: { settings: Settings; onChange: (p: SettingsPatch) => Promise<void> }) {
  const { t } = useI18n();
  const [status] = useState(() => new SaveStatusStore());
  const { save } = useMemo(() => createSettingsActions({ update: onChange, status }), [onChange, status]);
  useSettingsPageStore(settingsPage);

  return (
    <>
      <PageHeader title={t('settings.title')} subtitle={t('settings.subtitle')} />
      <div className="settings">
        <Appearance settings={settings} save={save} status={status} />
        <Safety settings={settings} save={save} status={status} />
        <HygieneSettings settings={settings} save={save} status={status} />
        {settingsPage ? <KeyStorage store={settingsPage} /> : null}
        {settingsPage ? <UpdatesSection store={settingsPage} settings={settings} save={save} status={status} /> : null}
        {settingsPage ? <About store={settingsPage} /> : null}
      </div>
    </>
  );
}

interface SectionProps {
  settings: Settings;
  save: SaveSetting;
  status: SaveStatusStore;
}

function Appearance({ settings, save, status }: SectionProps) {
  const { t } = useI18n();
  const languageId = useId();
  return (
    <section className="card" aria-labelledby="appearance-title" data-testid="appearance">
      <SectionTitle id="appearance-title" title={t('settings.appearance')} section="appearance" status={status} />
      <div className="field">
        <label htmlFor={languageId}>{t('settings.language')}</label>
        <select
          id={languageId}
          value={settings.language}
          onChange={(e) => void save('appearance', { language: e.target.value as Settings['language'] })}
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
              <input
                type="radio"
                name="theme"
                value={theme}
                checked={settings.theme === theme}
                onChange={() => void save('appearance', { theme })}
              />
              <span>{t(`settings.theme.${theme}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
    </section>
  );
}

/** The clipboard delay: refused inline below its minimum, like the rotation period. */
function Safety({ settings, save, status }: SectionProps) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="safety-title" data-testid="safety">
      <SectionTitle id="safety-title" title={t('settings.safety')} section="safety" status={status} />
      <WholeNumberField
        texts={['settings.clipboard', 'settings.clipboard.unit', 'settings.clipboard.help', 'settings.clipboard.invalid']}
        value={settings.clipboardClearSeconds}
        range={CLIPBOARD_CLEAR_RANGE}
        onCommit={(clipboardClearSeconds) => void save('safety', { clipboardClearSeconds })}
        testId="clipboard-help"
      />
    </section>
  );
}
