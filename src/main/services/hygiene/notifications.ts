import type { ActivityAlert, KeyHealth, NotificationKind } from '../../../shared/hygiene';
import type { Locale } from '../../../shared/locale';
import type { KeyValueStore } from '../settings/store';
import { DAY_MS } from './rules';

/**
 * The words of the hygiene notifications, in the user's language. They name
 * keys by the name the user gave them and never contain a key: a name that
 * looks like one (a key pasted into the name field) is masked.
 */

export type NotifyLocale = Locale;

const KEY_LIKE = /blocklet-[0-9A-Za-z]{4,}/g;

/** A key name safe for a notification: anything shaped like a key is cut to its prefix. */
export function safeName(name: string): string {
  return name.replace(KEY_LIKE, 'blocklet-…').slice(0, 80);
}

function quoteList(keys: readonly KeyHealth[], locale: NotifyLocale): string {
  const names = keys.slice(0, 3).map((k) => `“${safeName(k.name)}”`);
  const more = keys.length - names.length;
  const sep = locale === 'zh-CN' ? '、' : ', ';
  if (more <= 0) return names.join(sep);
  return locale === 'zh-CN' ? `${names.join(sep)} 等 ${keys.length} 个` : `${names.join(sep)} and ${more} more`;
}

function fmt(n: number, locale: NotifyLocale): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: n < 10 ? 4 : 1 }).format(n);
}

/** One alert as a short phrase, with its numbers. */
export function alertPhrase(alert: ActivityAlert, locale: NotifyLocale): string {
  const zh = locale === 'zh-CN';
  switch (alert.reason) {
    case 'calls-over-limit':
      return zh
        ? `过去 24 小时 ${fmt(alert.calls24h, locale)} 次调用，超过你设的 ${fmt(alert.limit, locale)} 次`
        : `${fmt(alert.calls24h, locale)} calls in the last 24 hours, over your limit of ${fmt(alert.limit, locale)}`;
    case 'credits-over-limit':
      return zh
        ? `过去 24 小时消耗 ${fmt(alert.credits24h, locale)} 积分，超过你设的 ${fmt(alert.limit, locale)}`
        : `${fmt(alert.credits24h, locale)} credits in the last 24 hours, over your limit of ${fmt(alert.limit, locale)}`;
    case 'calls-spike':
      return alert.ratio === null
        ? zh
          ? `过去 24 小时 ${fmt(alert.calls24h, locale)} 次调用，而此前通常一天为 0`
          : `${fmt(alert.calls24h, locale)} calls in the last 24 hours after days of none`
        : zh
          ? `过去 24 小时 ${fmt(alert.calls24h, locale)} 次调用，是平常一天的 ${fmt(alert.ratio, locale)} 倍`
          : `${fmt(alert.calls24h, locale)} calls in the last 24 hours, ${fmt(alert.ratio, locale)}× its usual day`;
    case 'credits-spike':
      return alert.ratio === null
        ? zh
          ? `过去 24 小时消耗 ${fmt(alert.credits24h, locale)} 积分，而此前通常一天为 0`
          : `${fmt(alert.credits24h, locale)} credits in the last 24 hours after days of none`
        : zh
          ? `过去 24 小时消耗 ${fmt(alert.credits24h, locale)} 积分，是平常一天的 ${fmt(alert.ratio, locale)} 倍`
          : `${fmt(alert.credits24h, locale)} credits in the last 24 hours, ${fmt(alert.ratio, locale)}× its usual day`;
    case 'used-after-retired':
      return zh ? '在你标记为已停用之后仍被使用' : 'used after you marked it retired';
  }
}

export interface NotificationText {
  title: string;
  body: string;
}

export function rotationNotification(due: readonly KeyHealth[], locale: NotifyLocale): NotificationText {
  const zh = locale === 'zh-CN';
  const first = due[0]!;
  if (due.length === 1) {
    return {
      title: zh ? '密钥需要轮换' : 'A key is due for rotation',
      body: zh
        ? `“${safeName(first.name)}”已使用 ${first.rotation.ageDays} 天（轮换周期 ${first.rotation.periodDays} 天）。打开“密钥”页，点“轮换”即可开始引导式轮换。`
        : `“${safeName(first.name)}” is ${first.rotation.ageDays} days old (rotation every ${first.rotation.periodDays} days). Open Keys and choose Rotate to start the guided rotation.`,
    };
  }
  return {
    title: zh ? `${due.length} 个密钥需要轮换` : `${due.length} keys are due for rotation`,
    body: zh
      ? `${quoteList(due, locale)}已超过轮换周期。打开“密钥”页逐个轮换。`
      : `${quoteList(due, locale)} are past their rotation period. Open Keys to rotate them.`,
  };
}

export function activityNotification(alerted: readonly KeyHealth[], locale: NotifyLocale): NotificationText {
  const zh = locale === 'zh-CN';
  const steps = zh
    ? '请查看它的调用记录，轮换密钥，并在 Hub 控制台吊销旧密钥。'
    : 'Check its calls, rotate it, and revoke the old key in the hub’s dashboard.';
  const first = alerted[0]!;
  if (alerted.length === 1) {
    return {
      title: zh ? `“${safeName(first.name)}”有异常活动` : `Unusual activity on “${safeName(first.name)}”`,
      body: `${capitalise(alertPhrase(first.alerts[0]!, locale))}${zh ? '。' : '. '}${steps}`,
    };
  }
  return {
    title: zh ? `${alerted.length} 个密钥有异常活动` : `Unusual activity on ${alerted.length} keys`,
    body: zh
      ? `${quoteList(alerted, locale)}。请查看它们的调用记录，轮换密钥，并在 Hub 控制台吊销旧密钥。`
      : `${quoteList(alerted, locale)}. Check their calls, rotate them, and revoke the old keys in the hub’s dashboard.`,
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Where the last notification of each kind is remembered: the settings file (a time, never a key). */
export const NOTIFIED_STORE_KEY = 'hygieneNotifiedAt';

/**
 * "At most once a day" per kind: a kind may notify again 24 hours after it
 * last did. The times live in the settings store so a restart does not reset them.
 */
export class NotificationLedger {
  constructor(private readonly store: KeyValueStore) {}

  private read(): Partial<Record<NotificationKind, number>> {
    const raw = this.store.get(NOTIFIED_STORE_KEY);
    if (typeof raw !== 'object' || raw === null) return {};
    const out: Partial<Record<NotificationKind, number>> = {};
    for (const kind of ['rotation', 'activity'] as const) {
      const v = (raw as Record<string, unknown>)[kind];
      if (typeof v === 'number' && Number.isFinite(v)) out[kind] = v;
    }
    return out;
  }

  lastAt(kind: NotificationKind): number | null {
    return this.read()[kind] ?? null;
  }

  mayNotify(kind: NotificationKind, now: number): boolean {
    const last = this.lastAt(kind);
    // A time in the future (the clock was turned back) must not silence notifications for good.
    return last === null || now - last >= DAY_MS || last > now;
  }

  record(kind: NotificationKind, now: number): void {
    this.store.set(NOTIFIED_STORE_KEY, { ...this.read(), [kind]: now });
  }
}
