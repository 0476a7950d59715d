import { useEffect } from 'react';
import type { AppInfo } from '../shared/contract';
import { useToasts } from './components/Toasts';
import { hub } from './hub';
import { useI18n, type MessageKey, type Translate } from './i18n';

type Notice = NonNullable<AppInfo['notices']>[number];

/** One notice in the user's language; unknown reasons get the generic file wording. */
export function noticeText(notice: Notice, t: Translate): string {
  const p = notice.params;
  const key: MessageKey =
    notice.reason === 'settingsDamaged'
      ? p.restored === 1
        ? 'notice.settingsRestored'
        : 'notice.settingsDamaged'
      : notice.reason === 'keyRecordSkipped'
        ? p.kind === 'hub'
          ? 'notice.hubRecordSkipped'
          : 'notice.keyRecordSkipped'
        : notice.reason === 'usageCacheDamaged' || notice.reason === 'conversationsDamaged' || notice.reason === 'conversationSetAside'
          ? `notice.${notice.reason}`
          : 'notice.fileDamaged';
  // Entry numbers are 0-based in the file; people count from 1.
  const vars = { ...p, ...(typeof p.index === 'number' ? { index: p.index + 1 } : {}) };
  return t(key, vars);
}

/**
 * What happened to the data files while the app opened them (a damaged file
 * set aside, a record skipped): shown once at start, until dismissed.
 */
export function useStartupNotices(): void {
  const { t } = useI18n();
  const toasts = useToasts();
  useEffect(() => {
    let live = true;
    hub!.app.info().then(
      (info) => {
        if (!live) return;
        for (const [n, notice] of (info.notices ?? []).entries()) {
          toasts.show({ id: `startup-notice-${n}`, kind: 'error', text: noticeText(notice, t), ttlMs: 120_000 });
        }
      },
      () => undefined, // the About section shows when app.info fails
    );
    return () => {
      live = false;
    };
  }, [t, toasts]);
}
