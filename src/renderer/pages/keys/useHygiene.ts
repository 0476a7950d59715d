import { useCallback, useEffect, useRef, useState } from 'react';
import type { HygieneReport } from '../../../shared/hygiene';
import type { Settings } from '../../../shared/settings';
import { hub } from '../../hub';

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
export function onHygieneSettingsChange(run: () => void): () => void {
  let last: string | null = null;
  hub!.settings.get().then(
    (s) => (last ??= hygieneSettingsKey(s)),
    () => undefined,
  );
  return hub!.on('settings.changed', (s) => {
    const key = hygieneSettingsKey(s);
    if (last !== null && key !== last) run();
    last = key;
  });
}

/**
 * A hub's key-hygiene report: loaded after the list, again when keys or
 * settings change. Usage figures may be cached (offline): the report says so.
 */
export function useHygiene(hubId: string | null) {
  const [report, setReport] = useState<HygieneReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const current = useRef(hubId);
  current.current = hubId;

  const load = useCallback(async (refresh = false) => {
    const id = current.current;
    if (!id) return setReport(null);
    setLoading(true);
    try {
      const tz = userTimeZone();
      const next = await hub!.hygiene.report({ hubId: id, ...(tz ? { timeZone: tz } : {}), ...(refresh ? { refresh } : {}) });
      if (current.current === id) {
        setReport(next);
        setError(null);
      }
    } catch (e) {
      if (current.current === id) setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (current.current === id) setLoading(false);
    }
  }, []);

  useEffect(() => {
    setReport(null);
    // The hub on screen is asked afresh when it is opened; later reloads may reuse recent figures.
    void load(true);
    const offKeys = hub!.on('keys.changed', () => void load());
    const offSettings = onHygieneSettingsChange(() => void load());
    return () => {
      offKeys();
      offSettings();
    };
  }, [hubId, load]);

  return { report, error, loading, refresh: () => load(true) };
}
