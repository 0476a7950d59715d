import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { HubCallError } from '../shared/client';
import { DEFAULT_SETTINGS, type Settings, type SettingsPatch } from '../shared/settings';
import type { HealthSummary } from '../shared/hygiene';
import type { NavBadge } from './components/Nav';
import { Sidebar, useSidebarCollapsed } from './components/Sidebar';
import { hub } from './hub';
import { I18nProvider, resolveLocale, translator, useI18n } from './i18n';
import { ToastProvider, useToasts } from './components/Toasts';
import { useStartupNotices } from './startup-notices';
import { onHygieneSettingsChange } from './store';
import { userTimeZone } from './store/hygiene-settings';
import { SECTIONS, sectionFromHash, type Section } from './sections';

// Each page is its own chunk, so first paint loads only the page on screen (charts and Markdown stay out of Keys).
const KeysPage = lazy(() => import('./pages/keys/KeysPage').then((m) => ({ default: m.KeysPage })));
const PlaygroundPage = lazy(() => import('./pages/playground/PlaygroundPage').then((m) => ({ default: m.PlaygroundPage })));
const UsagePage = lazy(() => import('./pages/usage/UsagePage').then((m) => ({ default: m.UsagePage })));
const SettingsPage = lazy(() => import('./pages/SettingsPage').then((m) => ({ default: m.SettingsPage })));
import { useResolvedTheme } from './theme';

export function App() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
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

  // Bumped by every navigation: the new page's title takes focus once that page is on screen.
  const [navigated, setNavigated] = useState(0);
  const go = useCallback((s: Section) => {
    if (location.hash !== `#/${s}`) history.pushState(null, '', `#/${s}`);
    setSection(s);
    setNavigated((n) => n + 1);
  }, []);

  // After the commit, not in a timer: by then the new page's title exists (a frame callback
  // could still find the old page's title when rendering runs late, and focus would be lost with it).
  // Pages load lazily: when the title is not there yet, focus it as soon as the page mounts.
  useEffect(() => {
    if (!navigated) return;
    const main = document.querySelector('main');
    const focusTitle = () => {
      const title = main?.querySelector<HTMLElement>('[data-page-title]');
      title?.focus();
      return !!title;
    };
    if (!main || focusTitle()) return;
    const observer = new MutationObserver(() => {
      if (focusTitle()) observer.disconnect();
    });
    observer.observe(main, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [navigated]);

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

  // Show the choice at once (a radio must not lag behind the click); main's answer, or a refusal, settles it.
  const update = useCallback(async (patch: SettingsPatch) => {
    if (!hub) return;
    const before = settingsRef.current;
    setSettings((s) => (s ? { ...s, ...patch } : s));
    try {
      setSettings(await hub.settings.update(patch));
    } catch (e) {
      setSettings(before);
      throw e;
    }
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
  const keysBadge = useHygieneBadge(go);
  useStartupNotices();
  const keychainWaiting = useKeychainWaiting();
  const [collapsed, toggleSidebar] = useSidebarCollapsed();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'b') {
        e.preventDefault();
        toggleSidebar();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggleSidebar]);
  return (
    <div className="shell" data-sidebar={collapsed ? 'collapsed' : 'expanded'}>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <Sidebar section={section} go={go} badges={keysBadge ? { keys: keysBadge } : {}} collapsed={collapsed} onToggle={toggleSidebar} />
      <main id="main" className="content" tabIndex={-1} data-section={section}>
        {keychainWaiting ? (
          <p className="banner banner--info" role="status" data-testid="keychain-waiting">
            {t('app.keychainWaiting')}
          </p>
        ) : null}
        {props.loadError ? (
          <p className="banner banner--error" role="alert">
            {props.loadError}
          </p>
        ) : null}
        {!settings ? (
          <p className="help">{t('app.loading')}</p>
        ) : (
          <Suspense fallback={<p className="help">{t('app.loading')}</p>}>
            {section === 'keys' ? (
              <KeysPage />
            ) : section === 'playground' ? (
              <PlaygroundPage goTo={go} />
            ) : section === 'usage' ? (
              <UsagePage goTo={go} />
            ) : (
              <SettingsPage settings={settings} onChange={props.update} />
            )}
          </Suspense>
        )}
      </main>
    </div>
  );
}

/**
 * The Keys badge: keys due for rotation or with an alert, kept current by the
 * hygiene checks main runs; hygiene notifications that reach the page (the
 * browser host has no OS notifier) show as toasts.
 */
function useHygieneBadge(go: (s: Section) => void): NavBadge | null {
  const { t } = useI18n();
  const toasts = useToasts();
  const [summary, setSummaryState] = useState<HealthSummary | null>(null);
  // The same counts again must not re-render the whole shell.
  const setSummary = useCallback(
    (next: HealthSummary) => setSummaryState((prev) => (prev && JSON.stringify(prev) === JSON.stringify(next) ? prev : next)),
    [],
  );

  useEffect(() => {
    let live = true;
    const load = () => {
      const tz = userTimeZone();
      hub!.hygiene.report(tz ? { timeZone: tz } : {}).then(
        (r) => live && setSummary(r.summary),
        () => undefined, // the badge is a nicety: the Keys page says what failed
      );
    };
    // A moment after start-up, so the first page's own data comes first.
    const first = setTimeout(load, 1000);
    const offs = [hub!.on('hygiene.changed', (c) => setSummary(c.summary)), hub!.on('keys.changed', load), onHygieneSettingsChange(load)];
    return () => {
      live = false;
      clearTimeout(first);
      for (const off of offs) off();
    };
  }, [setSummary]);

  useEffect(
    () =>
      hub!.on('hygiene.notification', ({ title, body }) => {
        toasts.show({
          id: `hygiene-${title}`,
          kind: 'info',
          text: `${title} — ${body}`,
          ttlMs: 20_000,
          action: { label: t('hygiene.notification.open'), run: () => go('keys') },
        });
        // Where the browser already allows notifications, show one too (never asks: that would be a surprise).
        if (typeof Notification !== 'undefined' && Notification.permission === 'granted') new Notification(title, { body });
      }),
    [go, t, toasts],
  );

  if (!summary || summary.needsAttention === 0) return null;
  return {
    count: summary.needsAttention,
    label: t('hygiene.badge', { due: summary.dueForRotation, alerts: summary.withAlerts }),
  };
}

/** True while main says a keychain call is waiting on the system (an unlock or access prompt). */
function useKeychainWaiting(): boolean {
  const [waiting, setWaiting] = useState(false);
  useEffect(() => (hub ? hub.on('keychain.waiting', ({ waiting }) => setWaiting(waiting)) : undefined), []);
  return waiting;
}
