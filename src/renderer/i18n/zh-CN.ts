import type { MessageKey } from './en';
import { keysZh } from './keys.zh-CN';
import { playgroundZh } from './playground.zh-CN';
import { securityZh } from './security.zh-CN';
import { settingsZh } from './settings.zh-CN';
import { updatesZh } from './updates.zh-CN';
import { usageZh } from './usage.zh-CN';

/** 简体中文. Must cover every key of en.ts (the type checks it). */
const core: Omit<
  Record<MessageKey, string>,
  | keyof typeof playgroundZh
  | keyof typeof usageZh
  | keyof typeof securityZh
  | keyof typeof updatesZh
  | keyof typeof settingsZh
  | keyof typeof keysZh
> = {
  'app.name': 'AIGNE Hub Desktop',
  'app.tagline': '你的 AI 网关：密钥、试验场与用量',
  'app.skipToContent': '跳到主要内容',
  'app.keychainWaiting': '正在等待系统钥匙串。请在它的提示中解锁或允许访问以继续。',
  'app.loading': '正在加载…',
  'app.bridgeMissing': '应用无法连接到后台进程。请重启应用；如果问题反复出现，请重新安装。',
  'nav.label': '页面',
  'nav.keys': '密钥',
  'nav.playground': '试验场',
  'nav.usage': '用量',
  'nav.settings': '设置',
  'nav.shortcut': '快捷键：{keys}',
  'nav.collapse': '收起侧边栏',
  'nav.expand': '展开侧边栏',
  'page.moreActions': '更多操作',
  'settings.title': '设置',
  'settings.subtitle': '语言、外观与安全。',
  'settings.appearance': '外观',
  'settings.language': '语言',
  'settings.language.system': '跟随系统',
  'settings.language.en': 'English',
  'settings.language.zh-CN': '简体中文',
  'settings.theme': '主题',
  'settings.theme.system': '跟随系统',
  'settings.theme.light': '浅色',
  'settings.theme.dark': '深色',
  'settings.safety': '安全',
  'settings.clipboard': '复制的密钥在剪贴板中保留',
  'settings.clipboard.unit': '秒后清除',
  'settings.clipboard.help': '范围为 5 到 600 秒。只有当剪贴板中仍是应用复制的密钥时才会清除。',
  'settings.saved': '已保存',
  'settings.saveFailed': '保存失败：{message}',
  'about.title': '关于',
  'about.version': '版本',
  'about.host': '运行方式',
  'about.host.electron': '桌面应用',
  'about.host.browser': '浏览器宿主（仅用于开发和测试）',
  'about.platform': '平台',
  'about.electron': 'Electron',
  'about.chrome': 'Chromium',
  'about.node': 'Node.js',
  'about.unavailable': '无法读取版本信息：{message}',
  'common.cancel': '取消',
  'common.close': '关闭',
  'common.done': '完成',
  'common.save': '保存',
  'common.retry': '重试',
  'common.working': '处理中…',
  'common.optional': '（可选）',
  'settings.storage': '密钥存储',
  'settings.storage.tier': '密钥保存位置',
  'settings.storage.os-keychain': '系统钥匙串',
  'settings.storage.vault-file': '加密保险库文件（后备方案）',
  'settings.hygiene': '密钥安全习惯',
  'settings.hygiene.period': '密钥轮换周期',
  'settings.hygiene.days': '天',
  'settings.hygiene.periodHelp': '超过此时长的密钥会在“密钥”页和导航栏中标记为需要轮换。',
  'settings.hygiene.periodInvalid': '请输入 {min} 到 {max} 之间的整数天数。',
  'settings.hygiene.limits': '当某个密钥在 24 小时内超过以下数值时提醒我',
  'settings.hygiene.calls': '调用次数',
  'settings.hygiene.credits': '积分',
  'settings.hygiene.off': '不限制',
  'settings.hygiene.limitsHelp': '留空表示不设固定上限。',
  'settings.hygiene.callsInvalid': '调用次数：请输入 1 到 {max} 之间的整数，或留空。',
  'settings.hygiene.creditsInvalid': '积分：请输入大于 0 的数，或留空。',
  'settings.hygiene.automatic':
    '始终启用：若某个密钥过去 24 小时的用量超过此前 14 天每日中位数的 3 倍（且至少 20 次调用），或被你标记为已停用的密钥再次被使用，也会发出提醒。',
  'settings.hygiene.notifications': '有密钥需要轮换或出现异常活动时通知我',
  'settings.hygiene.notificationsHelp': '每类通知每天最多一次。通知中绝不包含密钥。',
  'notice.settingsDamaged':
    '设置文件无法读取，已另存为 {file}，应用已使用默认设置启动。你的密钥仍保存在系统钥匙串中；重新添加对应的 Hub 即可使用。',
  'notice.settingsRestored':
    '设置文件无法读取，已另存为 {file}。你的 Hub 和密钥列表已从最近一次完好的副本恢复；密钥本身始终保存在系统钥匙串中。',
  'notice.usageCacheDamaged': '已保存的用量数据无法读取，已另存为 {file}。应用会重新从 Hub 获取。',
  'notice.conversationsDamaged': '已保存的对话无法读取，该文件已另存为 {file}。新的对话会保存到新文件中。',
  'notice.conversationSetAside': '有 {count} 个已保存的对话无法读取，已单独保存在 {file} 中。其他对话不受影响。',
  'notice.hubRecordSkipped': '一个已保存的 Hub（{file} 中的第 {index} 项）无法读取，已隐藏。它仍保留在文件中；其他 Hub 和密钥不受影响。',
  'notice.keyRecordSkipped':
    '一条已保存的密钥记录（{file} 中的第 {index} 项）无法读取，已隐藏。它仍保留在文件中，密钥仍在钥匙串里；其他密钥不受影响。',
  'notice.fileDamaged': '{name} 无法读取，已另存为 {file}。',
};

export const zhCN: Record<MessageKey, string> = {
  ...core,
  ...playgroundZh,
  ...usageZh,
  ...securityZh,
  ...updatesZh,
  ...settingsZh,
  ...keysZh,
};
