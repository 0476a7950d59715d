export { writeFileAtomic, writeFileAtomicSync, ensurePrivateDir, asideName, FILE_MODE, DIR_MODE } from './atomic';
export { withLock, withLockSync, acquireHostLock, type HostLock } from './lock';
export { JsonStore, openJsonStore, type JsonStoreOptions } from './json-store';
export { NoticeBoard, type StorageNotice } from './notices';
export { redactText, redactDeep, secretEncodings, REDACTED } from './redact';
export { openSettingsStore } from './settings-file';
export { describeStartupFailure } from './startup';
