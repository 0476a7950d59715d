import type { updatesEn } from './updates.en';

/** 更新相关文案（简体中文），键与 updates.en.ts 完全一致。 */
export const updatesZh: Record<keyof typeof updatesEn, string> = {
  'updates.title': '更新',
  'updates.checkOnStart': '启动时检查更新',
  'updates.checkOnStartHelp': '更新来自项目的 GitHub Releases，在后台下载，并在你退出应用时安装。',
  'updates.current': '当前版本 {version}。',
  'updates.unavailable.browserHost': '浏览器宿主中无法更新。安装的桌面应用会自行更新。',
  'updates.unavailable.notPackaged': '这是开发运行，不会自行更新。安装的版本会自动更新。',
  'updates.idle': '尚未检查。',
  'updates.checking': '正在检查更新…',
  'updates.upToDate': '已是最新版本。上次检查：{when}。',
  'updates.downloading': '正在下载版本 {version}：{percent}%',
  'updates.downloadingBytes': '{transferred} / {total} MB',
  'updates.progressLabel': '更新下载进度',
  'updates.downloaded': '版本 {version} 已就绪，将在你退出应用时安装。',
  'updates.deferred': '密钥生成或对话回复完成后将立即重启。',
  'updates.checkNow': '立即检查',
  'updates.tryAgain': '重试',
  'updates.restart': '重启并安装',
  'updates.error.offline': '无法连接更新服务器。请检查网络连接后重试。',
  'updates.error.checkFailed': '检查更新失败，请稍后重试。',
  'updates.error.downloadFailed': '无法下载更新。请重试；在此期间应用可照常使用。',
  'updates.error.installFailed': '无法安装更新。请退出并重新启动应用，或从发布页面下载新版本。',
  'updates.error.detail': '详情：{message}',
  'updates.error.noUpdateReady': '尚无可安装的更新，请先检查更新。',
};
