/** Settings the user sees and edits. Never holds a secret: keys live in the keychain. */
export const LANGUAGES = ['system', 'en', 'zh-CN'] as const;
export const THEMES = ['system', 'light', 'dark'] as const;
export const CLIPBOARD_CLEAR_RANGE = { min: 5, max: 600 } as const;
export const ROTATION_PERIOD_RANGE = { min: 7, max: 730 } as const;

export interface Settings {
  language: (typeof LANGUAGES)[number];
  theme: (typeof THEMES)[number];
  /** How long a copied key stays on the clipboard before the app clears it. */
  clipboardClearSeconds: number;
  /** Keys older than this are marked due for rotation. */
  rotationPeriodDays: number;
  /** Flag a key whose calls in the last 24 hours exceed this; null = no fixed limit. */
  alertCallsPer24h: number | null;
  /** Flag a key whose credits in the last 24 hours exceed this; null = no fixed limit. */
  alertCreditsPer24h: number | null;
  /** OS notifications for due rotations and unusual activity (at most once a day each). */
  notifications: boolean;
  /** Look for a new version of the app when it starts (installed app only). */
  checkForUpdatesOnStart: boolean;
}
export type SettingsPatch = Partial<Settings>;

export const DEFAULT_SETTINGS: Settings = {
  language: 'system',
  theme: 'system',
  clipboardClearSeconds: 30,
  rotationPeriodDays: 90,
  alertCallsPer24h: null,
  alertCreditsPer24h: null,
  notifications: true,
  checkForUpdatesOnStart: true,
};
