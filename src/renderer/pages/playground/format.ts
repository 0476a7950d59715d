import type { Locale } from '../../i18n';

/**
 * Number and unit formatting for the playground: durations as "340 ms" / "1.2 s",
 * counts with the locale's thousands separators, credits with enough precision
 * to tell tiny per-call estimates apart.
 */

export function formatInt(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

export function formatDecimal(value: number, locale: Locale, digits = 1): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 0, maximumFractionDigits: digits }).format(value);
}

/** 340 ms, 1.2 s, 12 s, 2 min 5 s. */
export function formatDuration(ms: number, locale: Locale): string {
  if (ms < 1000) return `${formatInt(Math.round(ms), locale)} ms`;
  const seconds = ms / 1000;
  if (seconds < 10) return `${formatDecimal(seconds, locale, 1)} s`;
  if (seconds < 60) return `${formatInt(Math.round(seconds), locale)} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.round(seconds - minutes * 60);
  return rest ? `${formatInt(minutes, locale)} min ${rest} s` : `${formatInt(minutes, locale)} min`;
}

/** Credits: small values keep three significant digits (0.0000312), larger ones at most 4 decimals. */
export function formatCredits(value: number, locale: Locale): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const options: Intl.NumberFormatOptions =
    abs >= 1 ? { maximumFractionDigits: 4 } : { maximumSignificantDigits: 3, maximumFractionDigits: 12 };
  return new Intl.NumberFormat(locale, options).format(value);
}

/** A per-token rate scaled to credits per million tokens (what the pickers show). */
export function perMillion(ratePerToken: number): number {
  return Math.round(ratePerToken * 1e6 * 1e6) / 1e6;
}

export function formatBytes(bytes: number, locale: Locale): string {
  if (bytes < 1024) return `${formatInt(bytes, locale)} B`;
  if (bytes < 1024 * 1024) return `${formatDecimal(bytes / 1024, locale, 1)} KB`;
  return `${formatDecimal(bytes / (1024 * 1024), locale, 1)} MB`;
}
