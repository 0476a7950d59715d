/** Settings page strings added after the first catalog (English). zh-CN lives in settings.zh-CN.ts with the same keys. */
export const settingsEn = {
  'settings.clipboard.invalid': 'Enter a whole number of seconds from {min} to {max}. The setting was not changed.',
  'settings.saveFailedTitle': 'The setting was not saved',
  'settings.backToKeychainFailed': 'Could not switch back to the system keychain',
} as const;
