import type { KeyHealth, NotificationKind } from '../../../shared/hygiene';
import type { Locale } from '../../../shared/locale';
import { alertPhrase, notificationText } from '../../../shared/notification-text';
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
  const names = keys
    .slice(0, 3)
    .map((k) => `“${safeName(k.name)}”`)
    .join(notificationText(locale, 'names.separator'));
  const more = keys.length - Math.min(keys.length, 3);
  return more <= 0 ? names : notificationText(locale, 'names.more', { names, more });
}

export interface NotificationText {
  title: string;
  body: string;
}

export function rotationNotification(due: readonly KeyHealth[], locale: NotifyLocale): NotificationText {
  const first = due[0]!;
  if (due.length === 1) {
    const params = { name: safeName(first.name), age: first.rotation.ageDays, period: first.rotation.periodDays };
    return { title: notificationText(locale, 'rotation.one.title'), body: notificationText(locale, 'rotation.one.body', params) };
  }
  return {
    title: notificationText(locale, 'rotation.many.title', { count: due.length }),
    body: notificationText(locale, 'rotation.many.body', { names: quoteList(due, locale) }),
  };
}

export function activityNotification(alerted: readonly KeyHealth[], locale: NotifyLocale): NotificationText {
  const first = alerted[0]!;
  if (alerted.length === 1) {
    return {
      title: notificationText(locale, 'activity.one.title', { name: safeName(first.name) }),
      body: notificationText(locale, 'activity.one.body', { phrase: alertPhrase(first.alerts[0]!, locale) }),
    };
  }
  return {
    title: notificationText(locale, 'activity.many.title', { count: alerted.length }),
    body: notificationText(locale, 'activity.many.body', { names: quoteList(alerted, locale) }),
  };
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
