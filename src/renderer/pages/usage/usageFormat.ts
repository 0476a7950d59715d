import type { Granularity, Quota } from '../../../shared/usage';
import type { Locale, Translate } from '../../i18n';

/**
 * Number, time and unit formatting for the usage page: thousands separators,
 * units, the user's locale and time zone, durations as "1.2 s".
 */
export interface UsageFormat {
  locale: Locale;
  int(n: number | null | undefined): string;
  /** A credit amount without unit: enough digits to be meaningful for 0.0000237 and for 5,210.4. */
  credits(n: number | null | undefined): string;
  /** With the hub's unit: "52.43 AHC", or "52.43 credits" when the hub names no currency. */
  creditsWithUnit(n: number | null | undefined): string;
  /** The unit alone ("AHC" / "credits"). */
  creditUnit: string;
  /** What the unit is, for a tooltip beside every place it appears. */
  creditUnitHint: string;
  tokens(n: number | null | undefined): string;
  /** Axis ticks: "1.2M" / "120万". */
  compact(n: number): string;
  calls(n: number | null | undefined): string;
  duration(ms: number | null | undefined): string;
  percent(rate: number | null | undefined): string;
  dateTime(ms: number | null | undefined): string;
  /** "Nov 27, 18:09" (the year only when it is not this year), for dense tables. */
  dateTimeShort(ms: number): string;
  date(ms: number): string;
  /** Axis label of a bucket. */
  bucketShort(ms: number, granularity: Granularity): string;
  /** Tooltip title of a bucket. */
  bucketLong(ms: number, granularity: Granularity): string;
  /** "3 minutes", "2 hours", "5 days". */
  age(ms: number): string;
  dash: string;
}

export function usageFormat(locale: Locale, t: Translate, currency?: Quota['currency']): UsageFormat {
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const two = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const four = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 });
  const sig = new Intl.NumberFormat(locale, { maximumSignificantDigits: 3 });
  const one = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const shortThisYear = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const shortOtherYear = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  const thisYear = new Date().getFullYear();
  const dayShort = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' });
  const dayLong = new Intl.DateTimeFormat(locale, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
  const hourShort = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  const hourLong = new Intl.DateTimeFormat(locale, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  const dash = '—';

  const credits = (n: number | null | undefined) => {
    if (n === null || n === undefined || !Number.isFinite(n)) return dash;
    const abs = Math.abs(n);
    if (abs === 0) return int.format(0);
    if (abs >= 1) return two.format(n);
    if (abs >= 0.01) return four.format(n);
    return sig.format(n);
  };
  const creditUnit = currency?.symbol?.trim() || currency?.name?.trim() || t('usage.unit.credits');
  const currencyName = currency?.name?.trim();
  const creditUnitHint = t('usage.unit.hint', {
    unit: creditUnit,
    name: currencyName && currencyName !== creditUnit ? currencyName : creditUnit,
  });
  const unitFor = (unit: 'second' | 'minute' | 'hour' | 'day') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 0 });

  return {
    locale,
    dash,
    creditUnit,
    creditUnitHint,
    int: (n) => (n === null || n === undefined ? dash : int.format(n)),
    credits,
    creditsWithUnit: (n) => (n === null || n === undefined ? dash : `${credits(n)} ${creditUnit}`),
    tokens: (n) => (n === null || n === undefined ? dash : t('usage.unit.tokens', { n: int.format(n) })),
    compact: (n) => compact.format(n),
    calls: (n) => (n === null || n === undefined ? dash : t('usage.unit.calls', { n })),
    duration: (ms) => {
      if (ms === null || ms === undefined || !Number.isFinite(ms)) return dash;
      if (ms < 1000) return t('usage.unit.ms', { n: int.format(Math.round(ms)) });
      if (ms < 60_000) return t('usage.unit.s', { n: one.format(ms / 1000) });
      const minutes = Math.floor(ms / 60_000);
      return t('usage.unit.min', { m: int.format(minutes), s: int.format(Math.round((ms - minutes * 60_000) / 1000)) });
    },
    percent: (rate) => (rate === null || rate === undefined ? dash : pct.format(rate)),
    dateTime: (ms) => (ms === null || ms === undefined ? dash : dateTime.format(ms)),
    dateTimeShort: (ms) => (new Date(ms).getFullYear() === thisYear ? shortThisYear : shortOtherYear).format(ms),
    date: (ms) => date.format(ms),
    bucketShort: (ms, g) => (g === 'hour' ? hourShort : dayShort).format(ms),
    bucketLong: (ms, g) => (g === 'hour' ? hourLong : dayLong).format(ms),
    age: (ms) => {
      const s = Math.max(0, ms) / 1000;
      if (s < 60) return unitFor('second').format(Math.max(1, Math.round(s)));
      if (s < 3600) return unitFor('minute').format(Math.round(s / 60));
      if (s < 48 * 3600) return unitFor('hour').format(Math.round(s / 3600));
      return unitFor('day').format(Math.round(s / 86_400));
    },
  };
}
