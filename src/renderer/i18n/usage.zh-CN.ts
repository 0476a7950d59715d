import type { usageEn } from './usage.en';

export const usageZh: Record<keyof typeof usageEn, string> = {
  'usage.title': '用量',
  'usage.subtitle': '按日期、模型和密钥查看调用、token、积分和延迟。',
  'usage.empty.title': '暂无用量数据',
  'usage.empty.body': '连接 Hub 后，这里会以图表展示调用次数和积分消耗，并在离线时保留最近一次获取的数据。',
  'usage.empty.action': '前往密钥',
};
