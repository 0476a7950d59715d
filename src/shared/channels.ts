/**
 * The channel names alone, for code that must stay small and schema-free (the
 * preload and the page). contract.ts checks at compile time that these lists
 * match its schemas exactly.
 */
export const REQUEST_CHANNELS = ['app.info', 'settings.get', 'settings.update', 'shell.openExternal'] as const;
export const EVENT_CHANNELS = ['settings.changed', 'shell.openRequested'] as const;

export type RequestChannel = (typeof REQUEST_CHANNELS)[number];
export type EventChannel = (typeof EVENT_CHANNELS)[number];

export function isRequestChannel(c: unknown): c is RequestChannel {
  return typeof c === 'string' && (REQUEST_CHANNELS as readonly string[]).includes(c);
}
export function isEventChannel(c: unknown): c is EventChannel {
  return typeof c === 'string' && (EVENT_CHANNELS as readonly string[]).includes(c);
}
