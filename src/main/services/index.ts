import type { EventChannel, EventPayload } from '../../shared/contract';
import type { RuntimeInfo, ShellPort } from '../platform/ports';
import { createDispatcher, type Dispatcher, type ErrorSink, type Handlers } from './dispatcher';
import { SettingsService } from './settings/service';
import type { KeyValueStore } from './settings/store';

export type Emit = <E extends EventChannel>(event: E, payload: EventPayload<E>) => void;

export interface ServiceDeps {
  store: KeyValueStore;
  shell: ShellPort;
  runtime: RuntimeInfo;
  emit: Emit;
  onError?: ErrorSink;
}

export interface Services {
  settings: SettingsService;
  dispatcher: Dispatcher;
}

/** Builds every service once and binds them to the contract. Hosts call this and nothing else. */
export function createServices(deps: ServiceDeps): Services {
  const settings = new SettingsService(deps.store);
  settings.onChange((s) => deps.emit('settings.changed', s));

  const handlers: Handlers = {
    'app.info': () => deps.runtime,
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    'shell.openExternal': async ({ url }) => ({ opened: await deps.shell.openExternal(url) }),
  };

  return { settings, dispatcher: createDispatcher(handlers, deps.onError) };
}
