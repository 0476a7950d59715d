/**
 * Things the user must hear about that happened while the app opened its
 * files (a damaged file set aside, a record skipped). Collected in main and
 * handed to the page with `app.info`, which words them from `reason` + `params`
 * in the user's language.
 */
export interface StorageNotice {
  reason:
    | 'settingsDamaged'
    | 'settingsRestored'
    | 'usageCacheDamaged'
    | 'conversationsDamaged'
    | 'conversationSetAside'
    | 'callLogDamaged'
    | 'keyRecordSkipped'
    | 'fileDamaged';
  params: Record<string, string | number>;
}

const MAX_NOTICES = 20;

export class NoticeBoard {
  private readonly items: StorageNotice[] = [];

  add(notice: StorageNotice): void {
    const same = JSON.stringify(notice);
    if (this.items.some((n) => JSON.stringify(n) === same)) return;
    if (this.items.length < MAX_NOTICES) this.items.push(notice);
  }

  list(): StorageNotice[] {
    return structuredClone(this.items);
  }
}
