import type { ActivityAlert } from './hygiene';
import type { Locale } from './locale';
import { formatMessage, type MessageParams } from './message-format';

/**
 * The words main shows outside the window (OS notifications) and the page shows
 * for the same events, in both languages, in one table so they cannot drift.
 */
const en = {
  'rotation.one.title': 'A key is due for rotation',
  'rotation.one.body':
    '“{name}” is {age, plural, one {# day} other {# days}} old (rotation every {period, plural, one {# day} other {# days}}). Open Keys and choose Rotate to start the guided rotation.',
  'rotation.many.title': '{count, plural, one {# key is} other {# keys are}} due for rotation',
  'rotation.many.body': '{names} are past their rotation period. Open Keys to rotate them.',
  'activity.one.title': 'Unusual activity on “{name}”',
  'activity.one.body': '{phrase} Check its calls, rotate it, and revoke the old key in the hub’s dashboard.',
  'activity.many.title': 'Unusual activity on {count, plural, one {# key} other {# keys}}',
  'activity.many.body': '{names}. Check their calls, rotate them, and revoke the old keys in the hub’s dashboard.',
  'names.more': '{names} and {more} more',
  'names.separator': ', ',
  'alert.callsOverLimit': '{calls} calls in the last 24 hours — more than your limit of {limit}.',
  'alert.creditsOverLimit': '{credits} credits in the last 24 hours — more than your limit of {limit}.',
  'alert.callsSpike':
    '{calls} calls in the last 24 hours — {ratio}× its usual day ({median} calls, the median of the {days, plural, one {day} other {# days}} before).',
  'alert.callsWoke': '{calls} calls in the last 24 hours, after {days, plural, one {a day} other {# days}} with almost none.',
  'alert.creditsSpike':
    '{credits} credits in the last 24 hours — {ratio}× its usual day ({median}, the median of the {days, plural, one {day} other {# days}} before).',
  'alert.creditsWoke': '{credits} credits in the last 24 hours, after {days, plural, one {a day} other {# days}} with almost none.',
  'alert.usedAfterRetired': 'Used on {used}, after you marked it retired on {retired}. Something still has this key.',
};

export type NotificationTextKey = keyof typeof en;

const zhCN: Record<NotificationTextKey, string> = {
  'rotation.one.title': '密钥需要轮换',
  'rotation.one.body': '“{name}”已使用 {age} 天（轮换周期 {period} 天）。打开“密钥”页，点“轮换”即可开始引导式轮换。',
  'rotation.many.title': '{count} 个密钥需要轮换',
  'rotation.many.body': '{names}已超过轮换周期。打开“密钥”页逐个轮换。',
  'activity.one.title': '“{name}”有异常活动',
  'activity.one.body': '{phrase}请查看它的调用记录，轮换密钥，并在 Hub 控制台吊销旧密钥。',
  'activity.many.title': '{count} 个密钥有异常活动',
  'activity.many.body': '{names}。请查看它们的调用记录，轮换密钥，并在 Hub 控制台吊销旧密钥。',
  'names.more': '{names} 等 {more} 个',
  'names.separator': '、',
  'alert.callsOverLimit': '过去 24 小时 {calls} 次调用，超过你设定的上限 {limit}。',
  'alert.creditsOverLimit': '过去 24 小时消耗 {credits} 积分，超过你设定的上限 {limit}。',
  'alert.callsSpike': '过去 24 小时 {calls} 次调用，是平常一天的 {ratio} 倍（此前 {days} 天的中位数为 {median} 次）。',
  'alert.callsWoke': '过去 24 小时 {calls} 次调用，而此前 {days} 天几乎没有调用。',
  'alert.creditsSpike': '过去 24 小时消耗 {credits} 积分，是平常一天的 {ratio} 倍（此前 {days} 天的中位数为 {median}）。',
  'alert.creditsWoke': '过去 24 小时消耗 {credits} 积分，而此前 {days} 天几乎没有消耗。',
  'alert.usedAfterRetired': '你在 {retired} 将它标记为已停用，但它在 {used} 仍被使用。仍有程序持有这个密钥。',
};

export const NOTIFICATION_TEXT: Record<Locale, Record<NotificationTextKey, string>> = { en, 'zh-CN': zhCN };

export function notificationText(locale: Locale, key: NotificationTextKey, params?: MessageParams): string {
  return formatMessage(NOTIFICATION_TEXT[locale][key], params, locale);
}

function number(n: number, locale: Locale, digits = 4): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: n >= 100 ? 0 : digits }).format(n);
}

function dateTime(ms: number, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** One alert in words, with its numbers; the Keys page and the OS notification both use it. */
export function alertPhrase(alert: ActivityAlert, locale: Locale): string {
  const t = (key: NotificationTextKey, params: MessageParams) => notificationText(locale, key, params);
  switch (alert.reason) {
    case 'calls-over-limit':
      return t('alert.callsOverLimit', { calls: number(alert.calls24h, locale), limit: number(alert.limit, locale) });
    case 'credits-over-limit':
      return t('alert.creditsOverLimit', { credits: number(alert.credits24h, locale), limit: number(alert.limit, locale) });
    case 'calls-spike':
      return alert.ratio === null
        ? t('alert.callsWoke', { calls: number(alert.calls24h, locale), days: alert.historyDays })
        : t('alert.callsSpike', {
            calls: number(alert.calls24h, locale),
            ratio: number(alert.ratio, locale, 1),
            median: number(alert.median, locale, 1),
            days: alert.historyDays,
          });
    case 'credits-spike':
      return alert.ratio === null
        ? t('alert.creditsWoke', { credits: number(alert.credits24h, locale), days: alert.historyDays })
        : t('alert.creditsSpike', {
            credits: number(alert.credits24h, locale),
            ratio: number(alert.ratio, locale, 1),
            median: number(alert.median, locale),
            days: alert.historyDays,
          });
    case 'used-after-retired':
      return t('alert.usedAfterRetired', { retired: dateTime(alert.retiredAt, locale), used: dateTime(alert.lastUsedAt, locale) });
  }
}
