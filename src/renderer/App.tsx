import { useCallback, useEffect, useState } from 'react';
import { HubCallError } from '../shared/client';
import { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from '../shared/settings';
import { Icon } from './components/Icon';
import { Nav } from './components/Nav';
import { hub } from './hub';
import { I18nProvider, resolveLocale, translator, useI18n } from './i18n';
import { KeysPage } from './pages/keys/KeysPage';
import { ToastProvider } from './components/Toasts';
import { PlaygroundPage } from './pages/playground/PlaygroundPage';
import { SettingsPage } from './pages/SettingsPage';
import { UsagePage } from './pages/usage/UsagePage';
import { SECTIONS, sectionFromHash, type Section } from './sections';
import { useResolvedTheme } from './theme';

export function App() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const [section, setSection] = useState<Section>(() => sectionFromHash(location.hash));

  useEffect(() => {
    if (!hub) return;
    hub.settings.get().then(setSettings, (e: unknown) => {
      // A refused bridge makes every call fail the same way: say it once, plainly.
      if (e instanceof HubCallError && e.code === 'UNTRUSTED_SENDER') return setRefused(e.message);
      setLoadError(e instanceof Error ? e.message : String(e));
      setSettings(DEFAULT_SETTINGS);
    });
    return hub.on('settings.changed', setSettings);
  }, []);

  const go = useCallback((s: Section) => {
    if (location.hash !== `#/${s}`) history.pushState(null, '', `#/${s}`);
    setSection(s);
    // Move focus to the new page's title so screen readers and keyboard users land there.
    requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-page-title]')?.focus());
  }, []);

  useEffect(() => {
    const onHash = () => setSection(sectionFromHash(location.hash));
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return;
      const index = Number(e.key) - 1;
      const target = SECTIONS[index];
      if (target) {
        e.preventDefault();
        go(target);
      }
    };
    window.addEventListener('hashchange', onHash);
    window.addEventListener('popstate', onHash);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('popstate', onHash);
      window.removeEventListener('keydown', onKey);
    };
  }, [go]);

  const effective = settings ?? DEFAULT_SETTINGS;
  const locale = resolveLocale(effective.language, navigator.languages);
  const theme = useResolvedTheme(effective.theme);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.lang = locale;
    document.title = translator(locale)('app.name');
  }, [theme, locale]);

  const update = useCallback(async (patch: SettingsPatch) => {
    if (!hub) return;
    setSettings(await hub.settings.update(patch));
  }, []);

  if (!hub || refused) {
    return (
      <div className="fatal" role="alert">
        {refused ?? translator(locale)('app.bridgeMissing')}
      </div>
    );
  }

  return (
    <I18nProvider locale={locale}>
      <ToastProvider closeLabel={translator(locale)('common.close')}>
        <Shell section={section} go={go} settings={settings} loadError={loadError} update={update} />
      </ToastProvider>
    </I18nProvider>
  );
}

function Shell(props: {
  section: Section;
  go: (s: Section) => void;
  settings: Settings | null;
  loadError: string | null;
  update: (p: SettingsPatch) => Promise<void>;
}) {
  const { t } = useI18n();
  const { section, go, settings } = props;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand__mark">
            <Icon name="hub" size={22} />
          </span>
          <div>
            <div className="brand__name">{t('app.name')}</div>
            <div className="brand__tagline">{t('app.tagline')}</div>
          </div>
        </div>
        <Nav current={section} onSelect={go} />
      </aside>
      <main id="main" className="content" tabIndex={-1} data-section={section}>
        {props.loadError ? (
          <p className="banner banner--error" role="alert">
            {props.loadError}
          </p>
        ) : null}
        {!settings ? (
          <p className="help">{t('app.loading')}</p>
        ) : section === 'keys' ? (
          <KeysPage />
        ) : section === 'playground' ? (
          <PlaygroundPage goTo={go} />
        ) : section === 'usage' ? (
          <UsagePage goTo={go} />
        ) : (
          <SettingsPage settings={settings} onChange={props.update} />
        )}
      </main>
    </div>
  );
}
