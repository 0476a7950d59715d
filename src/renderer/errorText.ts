import type { ErrorValue } from '../shared/errors';
import { HubCallError } from '../shared/client';
import type { MessageKey, Translate } from './i18n';
import { en } from './i18n/en';
import { errorMessage } from './format';

/**
 * An error in the user's language when its `detail.reason` has wording in the
 * catalog (`error.<reason>`), else main's English message.
 */
export function errorText(error: unknown, t: Translate): string {
  const value: Pick<ErrorValue, 'message' | 'detail'> | undefined =
    error instanceof HubCallError ? error : isErrorValue(error) ? error : undefined;
  const reason = value?.detail?.reason;
  if (value && typeof reason === 'string') {
    const key = `error.${reason}`;
    if (key in en) return t(key as MessageKey, params(value.detail ?? {}));
  }
  return value ? value.message : errorMessage(error);
}

function isErrorValue(e: unknown): e is ErrorValue {
  return typeof e === 'object' && e !== null && typeof (e as ErrorValue).code === 'string' && typeof (e as ErrorValue).message === 'string';
}

/** String and number parameters, numbers grouped; `minutes` derived from a `timeoutMs`. */
function params(detail: Record<string, unknown>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(detail)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number') out[k] = v.toLocaleString();
  }
  if (typeof detail.timeoutMs === 'number' && out.minutes === undefined) out.minutes = Math.round(detail.timeoutMs / 60_000);
  return out;
}
