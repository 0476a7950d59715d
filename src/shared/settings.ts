/** Settings the user sees and edits. Never holds a secret: keys live in the keychain. */
export const LANGUAGES = ['system', 'en', 'zh-CN'] as const;
export const THEMES = ['system', 'light', 'dark'] as const;
export const CLIPBOARD_CLEAR_RANGE = { min: 5, max: 600 } as const;

export interface Settings {
  language: (typeof LANGUAGES)[number];
  theme: (typeof THEMES)[number];
  /** How long a copied key stays on the clipboard before the app clears it. */
  clipboardClearSeconds: number;
}
export type SettingsPatch = Partial<Settings>;

export const DEFAULT_SETTINGS: Settings = {
  language: 'system',
  theme: 'system',
  clipboardClearSeconds: 30,
};
