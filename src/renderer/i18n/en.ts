/** English strings. Keys are grouped by screen; zh-CN must have exactly the same keys. */
import { keysEn } from './keys.en';
import { playgroundEn } from './playground.en';
import { securityEn } from './security.en';
import { settingsEn } from './settings.en';
import { updatesEn } from './updates.en';
import { usageEn } from './usage.en';

const core = {
  'app.name': 'AIGNE Hub Desktop',
  'app.tagline': 'Keys, playground and usage for your AI gateway',
  'app.skipToContent': 'Skip to content',
  'app.keychainWaiting': 'Waiting for your system keychain. Answer its prompt (unlock it or allow access) to continue.',
  'app.loading': 'Loading…',
  'app.bridgeMissing': 'The app could not reach its background process. Restart the app; if this keeps happening, reinstall it.',
  'nav.label': 'Sections',
  'nav.keys': 'Keys',
  'nav.playground': 'Playground',
  'nav.usage': 'Usage',
  'nav.settings': 'Settings',
  'nav.shortcut': 'Shortcut: {keys}',
  'nav.collapse': 'Collapse sidebar',
  'nav.expand': 'Expand sidebar',
  'page.moreActions': 'More actions',
  'settings.title': 'Settings',
  'settings.subtitle': 'Language, appearance and safety.',
  'settings.appearance': 'Appearance',
  'settings.language': 'Language',
  'settings.language.system': 'Follow the system',
  'settings.language.en': 'English',
  'settings.language.zh-CN': '简体中文',
  'settings.theme': 'Theme',
  'settings.theme.system': 'System',
  'settings.theme.light': 'Light',
  'settings.theme.dark': 'Dark',
  'settings.safety': 'Safety',
  'settings.clipboard': 'Clear copied keys from the clipboard after',
  'settings.clipboard.unit': 'seconds',
  'settings.clipboard.help': 'Between 5 and 600 seconds. The app only clears the clipboard if it still holds the key it copied.',
  'settings.saved': 'Saved',
  'settings.saveFailed': 'Could not save: {message}',
  'about.title': 'About',
  'about.version': 'Version',
  'about.host': 'Running in',
  'about.host.electron': 'Desktop app',
  'about.host.browser': 'Browser host (development and testing only)',
  'about.platform': 'Platform',
  'about.electron': 'Electron',
  'about.chrome': 'Chromium',
  'about.node': 'Node.js',
  'about.unavailable': 'Could not read version information: {message}',
  'common.cancel': 'Cancel',
  'common.close': 'Close',
  'common.done': 'Done',
  'common.save': 'Save',
  'common.retry': 'Try again',
  'common.working': 'Working…',
  'common.optional': '(optional)',
  'settings.storage': 'Key storage',
  'settings.storage.tier': 'Where keys are kept',
  'settings.storage.os-keychain': 'System keychain',
  'settings.storage.vault-file': 'Encrypted vault file (fallback)',
  'settings.hygiene': 'Key hygiene',
  'settings.hygiene.period': 'Rotate keys every',
  'settings.hygiene.days': 'days',
  'settings.hygiene.periodHelp': 'Keys older than this are marked due for rotation on the Keys page and in the navigation.',
  'settings.hygiene.periodInvalid': 'Enter a whole number of days from {min} to {max}.',
  'settings.hygiene.limits': 'Alert when a key, in 24 hours, makes more than',
  'settings.hygiene.calls': 'Calls',
  'settings.hygiene.credits': 'Credits',
  'settings.hygiene.off': 'No limit',
  'settings.hygiene.limitsHelp': 'Leave a field empty for no fixed limit.',
  'settings.hygiene.callsInvalid': 'Calls: enter a whole number from 1 to {max}, or leave it empty.',
  'settings.hygiene.creditsInvalid': 'Credits: enter a number above 0, or leave it empty.',
  'settings.hygiene.automatic':
    'Always on: a key is also flagged when its last 24 hours exceed 3× its median day over the 14 days before (with at least 20 calls), and when a key you marked retired is used.',
  'settings.hygiene.notifications': 'Notify me about due rotations and unusual activity',
  'settings.hygiene.notificationsHelp': 'At most one notification a day for each. Notifications never contain a key.',
  'notice.settingsDamaged':
    'The settings file could not be read, so it was set aside as {file} and the app started with default settings. Your keys are still in the system keychain; add their hubs again to use them.',
  'notice.settingsRestored':
    'The settings file could not be read, so it was set aside as {file}. Your hubs and keys were restored from the last good copy; the keys themselves never left the system keychain.',
  'notice.usageCacheDamaged':
    'The saved usage figures could not be read and were set aside as {file}. They will be fetched from the hub again.',
  'notice.conversationsDamaged':
    'The saved conversations could not be read, so the file was set aside as {file}. New conversations are saved in a fresh file.',
  'notice.conversationSetAside':
    '{count} saved conversation(s) could not be read and were kept aside in {file}. Your other conversations are fine.',
  'notice.hubRecordSkipped':
    'A saved hub (entry {index} in {file}) could not be read and is hidden. It stays in the file; your other hubs and keys are fine.',
  'notice.keyRecordSkipped':
    'A saved key record (entry {index} in {file}) could not be read and is hidden. It stays in the file and its key stays in the keychain; your other keys are fine.',
  'notice.fileDamaged': '{name} could not be read and was set aside as {file}.',
} as const;

export const en = { ...core, ...playgroundEn, ...usageEn, ...securityEn, ...updatesEn, ...settingsEn, ...keysEn } as const;

export type MessageKey = keyof typeof en;
