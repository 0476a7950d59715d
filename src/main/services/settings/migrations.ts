import { DEFAULT_SETTINGS, LANGUAGES, THEMES, type Settings } from '../../../shared/settings';
import { AppError } from '../../../shared/errors';
import type { KeyValueStore } from './store';

export const SETTINGS_VERSION = 3;

/** Each step takes the raw document of version N-1 and returns version N. */
type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

const migrations: Record<number, Migration> = {
  // 0 → 1: the first versioned layout. Keep what is valid, default the rest, and
  // drop every other top-level key so nothing unexpected (a secret pasted into a
  // hand-edited file, say) survives in the settings file.
  1: (doc) => {
    const old = (doc.settings ?? {}) as Record<string, unknown>;
    const settings = {
      language: pick(old.language, LANGUAGES, DEFAULT_SETTINGS.language),
      theme: pick(old.theme, THEMES, DEFAULT_SETTINGS.theme),
      clipboardClearSeconds: clampInt(old.clipboardClearSeconds, 5, 600, DEFAULT_SETTINGS.clipboardClearSeconds),
    };
    const kept: Record<string, unknown> = { settings };
    if (isRecord(doc.windowState)) kept.windowState = doc.windowState;
    if (isRecord(doc.keys)) kept.keys = doc.keys;
    if (doc.secretTier === 'vault-file' || doc.secretTier === 'os-keychain') kept.secretTier = doc.secretTier;
    return kept;
  },
  // 1 → 2: key hygiene settings (rotation period, activity alerts, notifications), at their defaults.
  2: (doc) => {
    const old = (doc.settings ?? {}) as Record<string, unknown>;
    const settings: Settings = {
      ...DEFAULT_SETTINGS,
      language: pick(old.language, LANGUAGES, DEFAULT_SETTINGS.language),
      theme: pick(old.theme, THEMES, DEFAULT_SETTINGS.theme),
      clipboardClearSeconds: clampInt(old.clipboardClearSeconds, 5, 600, DEFAULT_SETTINGS.clipboardClearSeconds),
    };
    return { ...doc, settings };
  },
  // 2 → 3: the update check on start (on by default); every other setting is kept as it was.
  3: (doc) => {
    const old = isRecord(doc.settings) ? doc.settings : {};
    const checkForUpdatesOnStart =
      typeof old.checkForUpdatesOnStart === 'boolean' ? old.checkForUpdatesOnStart : DEFAULT_SETTINGS.checkForUpdatesOnStart;
    return { ...doc, settings: { ...old, checkForUpdatesOnStart } };
  },
};

/** Brings a store up to SETTINGS_VERSION in place; refuses a file from a newer app. */
export function migrate(store: KeyValueStore): { from: number; to: number } {
  const from = typeof store.get('schemaVersion') === 'number' ? (store.get('schemaVersion') as number) : 0;
  if (from > SETTINGS_VERSION) {
    throw new AppError(
      'INTERNAL',
      `The settings file ${store.path} was written by a newer version of the app (settings version ${from}; this version reads up to ${SETTINGS_VERSION}). Install the newer version again, or move the file away to start with fresh settings. Nothing was changed.`,
      { reason: 'settingsFromNewerVersion', file: store.path, found: from, supported: SETTINGS_VERSION },
    );
  }
  let doc = store.store;
  for (let v = from + 1; v <= SETTINGS_VERSION; v++) {
    const step = migrations[v];
    if (!step) throw new Error(`No settings migration to version ${v}.`);
    doc = step(doc);
  }
  if (from !== SETTINGS_VERSION) {
    for (const key of Object.keys(store.store)) if (!(key in doc)) store.delete(key);
    for (const [key, value] of Object.entries(doc)) store.set(key, value);
    store.set('schemaVersion', SETTINGS_VERSION);
  }
  return { from, to: SETTINGS_VERSION };
}

function pick<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.round(value)));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
