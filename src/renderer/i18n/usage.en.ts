/** Usage strings (English). zh-CN lives in usage.zh-CN.ts with the same keys. */
export const usageEn = {
  'usage.title': 'Usage',
  'usage.subtitle': 'Calls, tokens, credits and latency by day, model and key.',
  'usage.empty.title': 'No usage to show yet',
  'usage.empty.body': 'Once a hub is connected, this page charts its calls and credits, and keeps the last figures readable offline.',
  'usage.empty.action': 'Go to Keys',
} as const;
