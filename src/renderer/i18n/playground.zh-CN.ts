import type { playgroundEn } from './playground.en';

export const playgroundZh: Record<keyof typeof playgroundEn, string> = {
  'playground.title': '试验场',
  'playground.subtitle': '用 Hub 上的任意模型测试提示词。',
  'playground.empty.title': '先选择一个密钥',
  'playground.empty.body': '试验场会用你保存的密钥通过 Hub 发送提示词，并显示每条回答的 token、积分和延迟。',
  'playground.empty.action': '前往密钥',
};
