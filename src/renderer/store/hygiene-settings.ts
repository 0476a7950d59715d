import type { HubApi } from '../../shared/client';
import type { Settings } from '../../shared/settings';

/** The user's zone, so key ages count local days. */
export function userTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** The settings the hygiene rules read: only a change to these calls for a new report. */
export function hygieneSettingsKey(s: Settings): string {
  return `${s.rotationPeriodDays}|${s.alertCallsPer24h}|${s.alertCreditsPer24h}`;
}

/** Calls `run` when a hygiene setting changes (not on a theme or language change). */
export function watchHygieneSettings(api: Pick<HubApi, 'settings' | 'on'>, run: () => void): () => void {
  let last: string | null = null;
  api.settings.get().then(
    (s) => (last ??= hygieneSettingsKey(s)),
    () => undefined,
  );
  return api.on('settings.changed', (s) => {
    const key = hygieneSettingsKey(s);
    if (last !== null && key !== last) run();
    last = key;
  });
}
