import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { HubDTO, HubModel, KeyDTO } from '../../../shared/keys';
import { findModel } from './choice';
import type { ErrorValue } from '../../../shared/errors';
import type { ListModelsResult, PlaygroundModelType } from '../../../shared/playground';
import { useStore } from '../../store/external-store';
import { usePlayground } from '../../store/playground';
import type { SessionState } from '../../store/playground-chat';
import type { PlaygroundKeys } from '../../store/playground-data';
import { checkParams, type CheckedParams } from './params';

export type KeysData = PlaygroundKeys;

export interface ModelsState {
  result: ListModelsResult | null;
  loading: boolean;
  error: ErrorValue | null;
  reload: (refresh?: boolean) => void;
}

/** A hub's models of one type (loaded once per session, refreshed on request). */
export function useModels(hubId: string | null, type: PlaygroundModelType): ModelsState {
  const { models } = usePlayground();
  useStore(models);
  useEffect(() => {
    if (hubId) void models.load(hubId, type);
  }, [models, hubId, type]);
  const entry = models.entry(hubId, type);
  return {
    result: entry.result,
    loading: entry.loading || (hubId !== null && !entry.result && !entry.error),
    error: entry.error,
    reload: (refresh = false) => hubId && void models.load(hubId, type, refresh),
  };
}

/**
 * One field of the chat session, re-rendering only when it changes (not on every
 * streamed frame). The selector must return a primitive or a stored object.
 */
export function useSessionField<T>(select: (s: SessionState) => T): T {
  const { chat } = usePlayground();
  return useSyncExternalStore(chat.subscribe, () => select(chat.getSnapshot()));
}

export interface ChatContext {
  data: KeysData | null;
  keyId: string | null;
  key: KeyDTO | undefined;
  hub: HubDTO | undefined;
  chatModels: ModelsState;
  modelInfo: HubModel | undefined;
  checked: CheckedParams;
}

/** What the chat and compare panes share: the chosen key, its hub's chat models and the checked parameters. */
export function useChatContext(): ChatContext {
  const { keys } = usePlayground();
  const { data } = useStore(keys);
  const keyId = useSessionField((s) => s.keyId);
  const model = useSessionField((s) => s.model);
  const params = useSessionField((s) => s.params);
  const key = data?.keys.find((k) => k.id === keyId);
  const hub = key ? data?.hubs.find((h) => h.id === key.hubId) : undefined;
  const chatModels = useModels(key?.hubId ?? null, 'chat');
  const modelInfo = findModel(chatModels.result, model);
  const checked = useMemo(() => checkParams(params, modelInfo?.maxTokens), [params, modelInfo?.maxTokens]);
  return { data, keyId, key, hub, chatModels, modelInfo, checked };
}

export { findModel, firstAvailable, isAvailable } from './choice';
