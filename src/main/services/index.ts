import type { EventChannel, EventPayload } from '../../shared/contract';
import type { ClipboardPort, NotifierPort, RuntimeInfo, ShellPort } from '../platform/ports';
import { createDispatcher, type Dispatcher, type ErrorSink, type Handlers } from './dispatcher';
import { basename, join } from 'node:path';
import { KeytarStore, VaultFileStore, type SecretStore } from './keychain';
import { KeyStorage } from './keychain/tiers';
import { AppError } from '../../shared/errors';
import { HygieneService } from './hygiene';
import { KeysService, metadataStoreFromKeyValue, type KeysServiceOptions } from './keys';
import { firstRunOptions } from './keys/first-run';
import { APP_NAME } from './keys/keys-service';
import { discoverHub } from './hub/discover';
import { PlaygroundService } from './playground';
import { fileMirrorStore, openUsageCacheStore, UsageCache, UsageService } from './usage';
import { SettingsService } from './settings/service';
import { UpdatesService } from './updates';
import type { KeyValueStore } from './settings/store';
import { NoticeBoard } from './storage/notices';
import { silentLogger, type Logger } from './logger';

export type Emit = <E extends EventChannel>(event: E, payload: EventPayload<E>) => void;

export interface ServiceDeps {
  store: KeyValueStore;
  /** Where opening the data files reports what the user must hear (damaged files set aside, records skipped). */
  notices?: NoticeBoard;
  shell: ShellPort;
  clipboard: ClipboardPort;
  runtime: RuntimeInfo;
  emit: Emit;
  /** The OS keychain tier; tests may pass another store. */
  secrets?: SecretStore;
  /** Where the fallback vault file lives (the app's data folder). */
  dataDir: string;
  keys?: KeysServiceOptions;
  /** OS notifications (Electron). Without one, notifications go to the page as `hygiene.notification` events. */
  notifier?: NotifierPort;
  /** The hygiene service's clock and zone (tests). */
  hygiene?: { now?: () => number; timeZone?: string; systemLanguages?: () => readonly string[] };
  onError?: ErrorSink;
  /** Where INTERNAL causes and swallowed failures leave a trace (the data folder's log file). */
  logger?: Logger;
}

export interface Services {
  settings: SettingsService;
  keys: KeysService;
  playground: PlaygroundService;
  usage: UsageService;
  hygiene: HygieneService;
  /** Starts unavailable; the Electron host attaches the real updater (see src/main/updates.ts). */
  updates: UpdatesService;
  dispatcher: Dispatcher;
  dispose(): void;
  /** Keychain calls that timed out and may still hang the process (see KeytarStore). */
  stuckKeychainCalls(): number;
}

/** Builds every service once and binds them to the contract. Hosts call this and nothing else. */
export function createServices(deps: ServiceDeps): Services {
  const { emit } = deps;
  const log = deps.logger ?? silentLogger;
  const onError: ErrorSink = (info) => {
    if (info.code === 'INTERNAL') log.error(`${info.channel} failed: INTERNAL`, info.internal);
    else log.info(`${info.channel} failed: ${info.code}`);
    deps.onError?.(info);
  };
  const notices = deps.notices ?? new NoticeBoard();
  const settings = new SettingsService(deps.store);
  settings.onChange((s) => emit('settings.changed', s));

  const osKeychain = deps.secrets ?? new KeytarStore();
  const storage = new KeyStorage(deps.store, osKeychain, new VaultFileStore(join(deps.dataDir, 'keys.vault')));
  const keys = new KeysService({
    secrets: storage.store,
    // One damaged hub or key record is skipped (and kept in the file) instead of hiding every hub and key.
    metadata: metadataStoreFromKeyValue(deps.store, 'keys', (skipped) =>
      notices.add({ reason: 'keyRecordSkipped', params: { ...skipped, file: basename(deps.store.path) } }),
    ),
    browser: deps.shell,
    clipboard: {
      readText: () => deps.clipboard.readText(),
      writeText: (text) => deps.clipboard.writeText(text),
      clear: () => {
        deps.clipboard.clear();
        emit('clipboard.cleared', { at: new Date().toISOString() });
      },
    },
    options: { userAgent: `${deps.runtime.name}/${deps.runtime.version}`, ...deps.keys },
  });

  // What the playground and usage services need of the keys, and nothing more.
  const keyInfo = async (keyId: string) => {
    const key = (await keys.listKeys()).find((k) => k.id === keyId);
    if (!key)
      throw new AppError('NOT_FOUND', 'That key is no longer in the app. Pick another key on the Keys page.', { reason: 'keyGone' });
    return key;
  };
  const mountUrlOf = async (hubId: string) => {
    const found = (await keys.listHubs()).find((h) => h.id === hubId);
    if (!found) throw new AppError('NOT_FOUND', 'That hub is no longer in the app. Add it again on the Keys page.', { reason: 'hubGone' });
    return found.mountUrl;
  };
  const resolveKey = async (keyId: string) => {
    const key = await keyInfo(keyId);
    const { secret } = await keys.revealKey(keyId);
    return {
      secret,
      mountUrl: await mountUrlOf(key.hubId),
      hubId: key.hubId,
      name: key.name,
      ...(key.accessKeyId ? { accessKeyId: key.accessKeyId } : {}),
    };
  };

  const playground = new PlaygroundService({ keys: { resolve: resolveKey }, hubs: { mountUrl: mountUrlOf }, dataDir: deps.dataDir });
  /** Conversations set aside while reading (at start, or when another process wrote a damaged one). */
  const noticeConversations = () => {
    const { damagedFile, setAside } = playground.conversations;
    if (damagedFile) notices.add({ reason: 'conversationsDamaged', params: { file: basename(damagedFile) } });
    if (setAside) notices.add({ reason: 'conversationSetAside', params: { count: setAside.count, file: setAside.file } });
  };
  const usage = new UsageService({
    resolver: { resolve: resolveKey },
    directory: {
      keysForHub: async (hubId) =>
        (await keys.listKeys(hubId)).map((k) => ({
          keyId: k.id,
          name: k.name,
          isDefault: k.isDefault,
          ...(k.accessKeyId ? { accessKeyId: k.accessKeyId } : {}),
        })),
    },
    clientCalls: playground.callLog,
    cache: new UsageCache({ store: openUsageCacheStore(deps.dataDir, notices) }),
    mirrors: fileMirrorStore(join(deps.dataDir, 'usage-records')),
    userAgent: `${deps.runtime.name}/${deps.runtime.version}`,
  });
  const hygiene = new HygieneService({
    keys,
    usage,
    settings,
    store: deps.store,
    notifier: deps.notifier ?? { notify: (title, body) => emit('hygiene.notification', { title, body }) },
    onChanged: (change) => emit('hygiene.changed', change),
    logger: log,
    ...deps.hygiene,
  });
  const updates = new UpdatesService({
    currentVersion: deps.runtime.version,
    unavailableReason: deps.runtime.host === 'browser' ? 'browserHost' : 'notPackaged',
    settings,
    busy: () => keys.runningGenerations() > 0 || playground.chat.runningStreams().length > 0,
    onChange: (status) => emit('updates.changed', status),
  });
  const progress = (hubId: string) => (p: { fetched: number; total: number }) => emit('usage.progress', { hubId, ...p });

  /** Runs a change, then tells every window to reload its lists. */
  const changing = async <T>(work: Promise<T>): Promise<T> => {
    const result = await work;
    emit('keys.changed', {});
    return result;
  };

  const handlers: Handlers = {
    'app.info': () => {
      noticeConversations();
      const list = notices.list();
      return list.length > 0 ? { ...deps.runtime, notices: list } : deps.runtime;
    },
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    'shell.openExternal': async ({ url }) => ({ opened: await deps.shell.openExternal(url) }),

    'keychain.health': () => storage.health(),
    'keychain.createVault': ({ passphrase }) => changing(storage.createVault(passphrase)),
    'keychain.unlockVault': ({ passphrase }) => changing(storage.unlockVault(passphrase)),
    'keychain.useSystemKeychain': () => changing(storage.useSystemKeychain()),

    'hubs.list': () => keys.listHubs(),
    'hubs.add': ({ url, name, allowInsecureHttp }) => changing(keys.addHub(url, name, { allowInsecureHttp })),
    'hubs.rename': ({ id, name }) => changing(keys.renameHub(id, name)),
    'hubs.remove': ({ id, forgetKeys }) =>
      changing(
        keys.removeHub(id, { forgetKeys }).then(async (result) => {
          await usage.forgetHub(id);
          return result;
        }),
      ),
    'hubs.setDefaultKey': ({ hubId, keyId }) => changing(keys.setDefaultKey(hubId, keyId)),
    'hubs.firstRun': ({ probeLocal }) =>
      firstRunOptions(
        { appName: APP_NAME, localHubUrl: deps.keys?.localHubUrl, discover: (url, timeoutMs) => discoverHub(url, { timeoutMs }) },
        probeLocal,
      ),

    'keys.list': (input) => keys.listKeys(input?.hubId),
    'keys.generate': (input) => changing(keys.generateKey(input, (p) => emit('keys.generationProgress', p))),
    'keys.cancelGeneration': async ({ operationId }) => ({ cancelled: await keys.cancelGeneration(operationId) }),
    'keys.addExisting': (input) => changing(keys.addExistingKey(input)),
    'keys.check': ({ keyId }) => changing(keys.checkKey(keyId)),
    'keys.copy': ({ keyId, format }) => keys.copyKey(keyId, { format, clearAfterMs: settings.get().clipboardClearSeconds * 1000 }),
    'keys.reveal': ({ keyId }) => keys.revealKey(keyId),
    'keys.rotate': ({ keyId, operationId }) =>
      changing(keys.rotateKey(keyId, (p) => emit('keys.generationProgress', p), operationId ? { operationId } : undefined)),
    'keys.forget': ({ keyId }) => changing(keys.forgetKey(keyId)),
    'keys.undoForget': ({ undoToken }) => changing(keys.undoForget(undoToken)),
    'keys.useForCli': ({ keyId }) => keys.useForCli(keyId),
    'keys.importFromCli': () => changing(keys.importFromCli()),
    'keys.setUsedBy': ({ keyId, usedBy }) => changing(keys.setUsedBy(keyId, usedBy)),
    'keys.setRetired': ({ keyId, retired }) => changing(keys.setRetired(keyId, retired)),
    'keys.examples': ({ keyId, model }) => keys.examples(keyId, model),
    'keys.copyExample': ({ keyId, format, model }) => keys.copyExample(keyId, format, model),

    'hygiene.report': (input) => hygiene.report(input ?? {}),

    'playground.models': (input) => playground.listModels(input),
    'playground.chat': (request) => {
      const { streamId } = playground.startChat(request, {
        onDelta: (delta) => emit('playground.delta', delta),
        onDone: (result) => emit('playground.done', result),
      });
      return { streamId };
    },
    'playground.stop': ({ streamId }) => playground.stopChat(streamId),
    'playground.image': (input) => playground.generateImage(input),
    'playground.embed': (input) => playground.embed(input),
    'playground.compareTexts': (input) => playground.compareTexts(input),
    'playground.exportCode': (input) => playground.exportCode(input),

    'conversations.list': () => playground.listConversations(),
    'conversations.get': (input) => playground.getConversation(input),
    'conversations.create': (input) => playground.createConversation(input),
    'conversations.rename': (input) => playground.renameConversation(input),
    'conversations.update': (input) => playground.updateConversation(input),
    'conversations.delete': (input) => playground.deleteConversation(input),
    'conversations.append': (input) => playground.appendMessages(input),
    'conversations.replace': (input) => playground.replaceMessages(input),
    'conversations.search': (input) => playground.searchConversations(input),
    'conversations.export': (input) => playground.exportConversation(input),

    'usage.overview': ({ hubId, range, keyId }) => usage.overview(hubId, range, keyId ? { keyId } : {}),
    'usage.models': ({ hubId, range, keyId }) => usage.models(hubId, range, progress(hubId), keyId ? { keyId } : {}),
    'usage.series': ({ hubId, range, keyId, options }) => usage.series(hubId, range, options, keyId ? { keyId } : {}),
    'usage.calls': ({ hubId, keyId, query }) => usage.calls(hubId, query, keyId ? { keyId } : {}),
    'usage.keyHints': ({ hubId, keyId }) => usage.keyHints(hubId, keyId ? { keyId } : {}),
    'usage.clientVsHub': ({ hubId, range, keyId }) => usage.clientVsHub(hubId, range, keyId ? { keyId } : {}),
    'usage.exportCsv': ({ rows, columns }) => ({ csv: usage.exportCsv(rows, columns) }),

    'updates.status': () => updates.status(),
    'updates.check': () => updates.check(),
    'updates.install': () => updates.install(),
  };

  return {
    settings,
    keys,
    playground,
    usage,
    hygiene,
    updates,
    dispatcher: createDispatcher(handlers, onError),
    dispose: () => {
      hygiene.stop();
      updates.dispose();
      playground.dispose();
      keys.dispose();
    },
    stuckKeychainCalls: () => (osKeychain instanceof KeytarStore ? osKeychain.stuckCalls : 0),
  };
}
