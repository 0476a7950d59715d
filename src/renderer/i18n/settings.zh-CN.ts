import type { settingsEn } from './settings.en';

export const settingsZh: Record<keyof typeof settingsEn, string> = {
  'settings.clipboard.invalid': '请输入 {min} 到 {max} 之间的整数秒数。设置未更改。',
  'settings.saveFailedTitle': '设置未保存',
  'settings.backToKeychainFailed': '无法切换回系统钥匙串',
};
