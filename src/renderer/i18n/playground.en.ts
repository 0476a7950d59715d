/** Playground strings (English). zh-CN lives in playground.zh-CN.ts with the same keys. */
export const playgroundEn = {
  'playground.title': 'Playground',
  'playground.subtitle': 'Try prompts against any model on your hub.',
  'playground.empty.title': 'Pick a key to start',
  'playground.empty.body':
    'The playground sends prompts through your hub with one of your stored keys, and shows tokens, credits and latency for every answer.',
  'playground.empty.action': 'Go to Keys',
} as const;
