import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { resolveLocale, type Locale } from '../../shared/locale';
import { formatMessage } from '../../shared/message-format';
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export type { Locale, MessageKey };
export { resolveLocale };

const catalogs: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  return (key, vars) => {
    const text = catalog[key] ?? en[key];
    // `{n, plural, one {…} other {…}}` picks its form with Intl.PluralRules.
    return vars ? formatMessage(text, vars, locale) : text;
  };
}

const I18nContext = createContext<{ locale: Locale; t: Translate }>({ locale: 'en', t: translator('en') });

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  // Stable per locale, so effects that depend on `t` do not re-run on every render.
  const value = useMemo(() => ({ locale, t: translator(locale) }), [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n() {
  return useContext(I18nContext);
}
