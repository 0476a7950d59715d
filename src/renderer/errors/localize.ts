import { ERROR_CODES, type ErrorCode, type ErrorValue } from '../../shared/errors';
import type { Locale } from '../../shared/locale';
import { formatMessage, type MessageParams } from '../../shared/message-format';
import { errorsEn, type ErrorTextKey } from '../i18n/errors.en';
import { errorsZhCN } from '../i18n/errors.zh-CN';

const catalogs: Record<Locale, Record<ErrorTextKey, string>> = { en: errorsEn, 'zh-CN': errorsZhCN };

/** What to offer next, from the code and what main put in `detail`. */
export type NextStep = 'keys' | 'topUp' | 'retry' | 'settings' | null;

export interface LocalizedError {
  code: ErrorCode;
  reason: string | undefined;
  title: string;
  /** The error in the user's language. */
  text: string;
  next: NextStep;
  /** The hub's top-up page, when main sent one. */
  link: string | null;
  /** Main's English message: the log text, shown under Details. */
  message: string;
  /** The hub's own words, under Details (they are not ours to translate). */
  hubSaid: string | null;
}

/** Anything a call threw, as the `{code, message, detail}` value main sent; unknown throws become INTERNAL. */
export function toErrorValue(error: unknown): ErrorValue {
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
    const { code, message, detail } = error as { code: unknown; message: unknown; detail?: unknown };
    if (typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code) && typeof message === 'string') {
      return detail && typeof detail === 'object'
        ? { code: code as ErrorCode, message, detail: detail as Record<string, unknown> }
        : { code: code as ErrorCode, message };
    }
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

export function errorText(locale: Locale, key: ErrorTextKey, params?: MessageParams): string {
  return formatMessage(catalogs[locale][key] ?? errorsEn[key], params, locale);
}

/** Whether the catalog words this code and reason (the unit test checks every reason main uses). */
export function hasErrorText(locale: Locale, code: ErrorCode, reason: string): boolean {
  return `${code}.${reason}` in catalogs[locale];
}

function params(detail: Record<string, unknown> | undefined): MessageParams {
  const out: MessageParams = {};
  for (const [k, v] of Object.entries(detail ?? {})) {
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = v.join(', ');
  }
  return out;
}

/** The error in the user's language; main's English stays the fallback only in English. */
export function localizeError(error: unknown, locale: Locale): LocalizedError {
  const value = toErrorValue(error);
  const detail = value.detail;
  const reason = typeof detail?.reason === 'string' ? detail.reason : undefined;
  const key = `${value.code}.${reason}` as ErrorTextKey;
  const known = reason !== undefined && key in catalogs[locale];
  let text = known
    ? errorText(locale, key, params(detail))
    : locale === 'en' && value.message
      ? value.message
      : errorText(locale, `generic.${value.code}`);
  if (detail?.cached === false) text = `${text} ${errorText(locale, 'note.nothingSaved')}`;
  const action = typeof detail?.action === 'string' ? detail.action : null;
  const link = typeof detail?.link === 'string' && /^https?:\/\//i.test(detail.link) ? detail.link : null;
  let next: NextStep = null;
  if (
    value.code === 'UNAUTHORIZED' ||
    action === 'open-keys' ||
    (value.code === 'NOT_FOUND' && /^(key|hub)Gone$|^noKeyForHub$/.test(reason ?? ''))
  )
    next = 'keys';
  else if (value.code === 'OUT_OF_CREDITS' || action === 'top-up') next = link ? 'topUp' : null;
  else if (value.code === 'KEYCHAIN_UNAVAILABLE') next = 'settings';
  else if (value.code === 'HUB_UNREACHABLE' || value.code === 'TIMEOUT' || (value.code === 'HUB_ERROR' && reason !== 'notJson'))
    next = 'retry';
  return {
    code: value.code,
    reason,
    // A reason may name its own title (a dropped connection is not an unreachable hub).
    title:
      `title.${value.code}.${reason}` in catalogs[locale]
        ? errorText(locale, `title.${value.code}.${reason}` as ErrorTextKey)
        : errorText(locale, `title.${value.code}`),
    text,
    next,
    link,
    message: value.message,
    hubSaid: typeof detail?.hubMessage === 'string' ? detail.hubMessage : null,
  };
}
