/** The languages the app speaks. */
export type Locale = 'en' | 'zh-CN';

/**
 * 'system' follows the OS's language list; everything Chinese maps to zh-CN,
 * anything else the app does not speak to English. The page and main (for
 * notifications) both decide with this.
 */
export function resolveLocale(setting: 'system' | Locale, languages: readonly string[]): Locale {
  if (setting !== 'system') return setting;
  for (const lang of languages) {
    const l = lang.toLowerCase();
    if (l.startsWith('zh')) return 'zh-CN';
    if (l.startsWith('en')) return 'en';
  }
  return 'en';
}
