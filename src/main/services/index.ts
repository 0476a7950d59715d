import type { EventChannel, EventPayload } from '../../shared/contract';
import type { ClipboardPort, RuntimeInfo, ShellPort } from '../platform/ports';
import { createDispatcher, type Dispatcher, type ErrorSink, type Handlers } from './dispatcher';
import { join } from 'node:path';
import { KeytarStore, VaultFileStore, type SecretStore } from './keychain';
import { KeyStorage } from './keychain/tiers';
import { KeysService, metadataStoreFromKeyValue, type KeysServiceOptions } from './keys';
import { SettingsService } from './settings/service';
import type { KeyValueStore } from './settings/store';

export type Emit = <E extends EventChannel>(event: E, payload: EventPayload<E>) => void;

export interface ServiceDeps {
  store: KeyValueStore;
  shell: ShellPort;
  clipboard: ClipboardPort;
  runtime: RuntimeInfo;
  emit: Emit;
  /** The OS keychain tier; tests may pass another store. */
  secrets?: SecretStore;
  /** Where the fallback vault file lives (the app's data folder). */
  dataDir: string;
  keys?: KeysServiceOptions;
  onError?: ErrorSink;
}

export interface Services {
  settings: SettingsService;
  keys: KeysService;
  dispatcher: Dispatcher;
  dispose(): void;
  /** Keychain calls that timed out and may still hang the process (see KeytarStore). */
  stuckKeychainCalls(): number;
}

/** Builds every service once and binds them to the contract. Hosts call this and nothing else. */
export function createServices(deps: ServiceDeps): Services {
  const { emit } = deps;
  const settings = new SettingsService(deps.store);
  settings.onChange((s) => emit('settings.changed', s));

  const osKeychain = deps.secrets ?? new KeytarStore();
  const storage = new KeyStorage(deps.store, osKeychain, new VaultFileStore(join(deps.dataDir, 'keys.vault')));
  const keys = new KeysService({
    secrets: storage.store,
    metadata: metadataStoreFromKeyValue(deps.store),
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

  /** Runs a change, then tells every window to reload its lists. */
  const changing = async <T>(work: Promise<T>): Promise<T> => {
    const result = await work;
    emit('keys.changed', {});
    return result;
  };

  const handlers: Handlers = {
    'app.info': () => deps.runtime,
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    'shell.openExternal': async ({ url }) => ({ opened: await deps.shell.openExternal(url) }),

    'keychain.health': () => storage.health(),
    'keychain.createVault': ({ passphrase }) => changing(storage.createVault(passphrase)),
    'keychain.unlockVault': ({ passphrase }) => changing(storage.unlockVault(passphrase)),
    'keychain.useSystemKeychain': () => changing(storage.useSystemKeychain()),

    'hubs.list': () => keys.listHubs(),
    'hubs.add': ({ url, name }) => changing(keys.addHub(url, name)),
    'hubs.rename': ({ id, name }) => changing(keys.renameHub(id, name)),
    'hubs.remove': ({ id, forgetKeys }) => changing(keys.removeHub(id, { forgetKeys })),
    'hubs.setDefaultKey': ({ hubId, keyId }) => changing(keys.setDefaultKey(hubId, keyId)),

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
  };

  return {
    settings,
    keys,
    dispatcher: createDispatcher(handlers, deps.onError),
    dispose: () => keys.dispose(),
    stuckKeychainCalls: () => (osKeychain instanceof KeytarStore ? osKeychain.stuckCalls : 0),
  };
}
