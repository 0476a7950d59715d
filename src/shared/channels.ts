/**
 * The channel names alone, for code that must stay small and schema-free (the
 * preload and the page). contract.ts checks at compile time that these lists
 * match its schemas exactly.
 */
export const REQUEST_CHANNELS = [
  'app.info',
  'settings.get',
  'settings.update',
  'shell.openExternal',
  'keychain.health',
  'keychain.createVault',
  'keychain.unlockVault',
  'keychain.useSystemKeychain',
  'hubs.list',
  'hubs.add',
  'hubs.rename',
  'hubs.remove',
  'hubs.setDefaultKey',
  'keys.list',
  'keys.generate',
  'keys.cancelGeneration',
  'keys.addExisting',
  'keys.check',
  'keys.copy',
  'keys.reveal',
  'keys.rotate',
  'keys.forget',
  'keys.undoForget',
  'keys.useForCli',
  'keys.importFromCli',
  'keys.setUsedBy',
  'keys.setRetired',
  'keys.examples',
  'keys.copyExample',
  'hygiene.report',
  'playground.models',
  'playground.chat',
  'playground.stop',
  'playground.image',
  'playground.embed',
  'playground.compareTexts',
  'playground.exportCode',
  'conversations.list',
  'conversations.get',
  'conversations.create',
  'conversations.rename',
  'conversations.update',
  'conversations.delete',
  'conversations.append',
  'conversations.replace',
  'conversations.search',
  'conversations.export',
  'usage.overview',
  'usage.models',
  'usage.series',
  'usage.calls',
  'usage.keyHints',
  'usage.clientVsHub',
  'usage.exportCsv',
  // Updates (installed app only; the browser host answers "unavailable").
  'updates.status',
  'updates.check',
  'updates.install',
  // First run: one-click hubs and the proposed key name.
  'hubs.firstRun',
] as const;
export const EVENT_CHANNELS = [
  'settings.changed',
  'shell.openRequested',
  'keys.generationProgress',
  'keys.changed',
  'clipboard.cleared',
  'playground.delta',
  'playground.done',
  'usage.progress',
  'hygiene.changed',
  'hygiene.notification',
  'keychain.waiting',
  'updates.changed',
] as const;

export type RequestChannel = (typeof REQUEST_CHANNELS)[number];
export type EventChannel = (typeof EVENT_CHANNELS)[number];

export function isRequestChannel(c: unknown): c is RequestChannel {
  return typeof c === 'string' && (REQUEST_CHANNELS as readonly string[]).includes(c);
}
export function isEventChannel(c: unknown): c is EventChannel {
  return typeof c === 'string' && (EVENT_CHANNELS as readonly string[]).includes(c);
}

/** The top-level names `window.hub` has: one per area of the contract, plus `on` for events. */
export const BRIDGE_KEYS: readonly string[] = [...new Set(REQUEST_CHANNELS.map((c) => c.split('.')[0]!)), 'on'].sort();
