import type { HubApi } from '../../shared/client';
import { createPlaygroundActions } from '../actions/playground';
import { hub } from '../hub';
import { ChatSession } from './playground-chat';
import { CompareSession } from './playground-compare';
import { ModelListsStore, PlaygroundKeysStore } from './playground-data';
import { StreamRouter } from './playground-streams';
import { PlaygroundUiStore } from './playground-ui';

export type PlaygroundApi = Pick<HubApi, 'playground' | 'conversations' | 'hubs' | 'keys' | 'on'>;

/** Everything the playground keeps while the app runs, each part taking the hub API it needs. */
export function createPlayground(api: PlaygroundApi, options: { narrow?: boolean } = {}) {
  const streams = new StreamRouter(api);
  const chat = new ChatSession(api, streams);
  const ui = new PlaygroundUiStore(!options.narrow);
  return {
    chat,
    ui,
    actions: createPlaygroundActions(api, chat, ui),
    compare: new CompareSession(api, streams),
    keys: new PlaygroundKeysStore(api),
    models: new ModelListsStore(api),
  };
}

export type Playground = ReturnType<typeof createPlayground>;

/** The one playground of the app; null without a bridge (the app then shows its broken-install screen). */
export const playground: Playground | null = hub
  ? createPlayground(hub, { narrow: typeof window !== 'undefined' && window.innerWidth < 1000 })
  : null;

/** The playground's stores; the page only renders when the bridge exists. */
export function usePlayground(): Playground {
  if (!playground) throw new Error('The playground needs the app bridge');
  return playground;
}
