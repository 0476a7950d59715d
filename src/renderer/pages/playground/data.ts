import { useCallback, useEffect, useState } from 'react';
import type { HubDTO, HubModel, KeyDTO } from '../../../shared/keys';
import type { ListModelsResult, PlaygroundModelType } from '../../../shared/playground';
import type { ErrorValue } from '../../../shared/errors';
import { errorMessage } from '../../format';
import { hub } from '../../hub';
import { toErrorValue } from './helpers';

export interface KeysData {
  hubs: HubDTO[];
  keys: KeyDTO[];
}

/** Every stored key of every hub (metadata only: never a secret); reloads when keys change anywhere. */
export function useKeys(): { data: KeysData | null; error: string | null; reload: () => void } {
  const [data, setData] = useState<KeysData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    Promise.all([hub!.hubs.list(), hub!.keys.list()]).then(
      ([hubs, keys]) => {
        setData({ hubs, keys });
        setError(null);
      },
      (e: unknown) => {
        setError(errorMessage(e));
        setData((d) => d ?? { hubs: [], keys: [] });
      },
    );
  }, []);
  useEffect(() => {
    reload();
    return hub!.on('keys.changed', reload);
  }, [reload]);
  return { data, error, reload };
}

const modelCache = new Map<string, ListModelsResult>();

export interface ModelsState {
  result: ListModelsResult | null;
  loading: boolean;
  error: ErrorValue | null;
  reload: (refresh?: boolean) => void;
}

/** A hub's models of one type, grouped by provider; cached for the session, refreshed on request. */
export function useModels(hubId: string | null, type: PlaygroundModelType): ModelsState {
  const cacheKey = hubId ? `${hubId} ${type}` : null;
  const [state, setState] = useState<{ key: string | null; result: ListModelsResult | null; loading: boolean; error: ErrorValue | null }>(
    () => ({ key: cacheKey, result: cacheKey ? (modelCache.get(cacheKey) ?? null) : null, loading: false, error: null }),
  );

  const load = useCallback(
    (refresh = false) => {
      if (!hubId || !cacheKey) return;
      const cached = modelCache.get(cacheKey);
      if (cached && !refresh) {
        setState({ key: cacheKey, result: cached, loading: false, error: null });
        return;
      }
      setState((s) => ({ key: cacheKey, result: s.key === cacheKey ? s.result : null, loading: true, error: null }));
      hub!.playground.models({ hubId, type, ...(refresh ? { refresh: true } : {}) }).then(
        (result) => {
          modelCache.set(cacheKey, result);
          setState((s) => (s.key === cacheKey ? { key: cacheKey, result, loading: false, error: null } : s));
        },
        (e: unknown) => setState((s) => (s.key === cacheKey ? { ...s, loading: false, error: toErrorValue(e) } : s)),
      );
    },
    [hubId, type, cacheKey],
  );

  useEffect(() => load(false), [load]);

  const current = state.key === cacheKey ? state : { result: null, loading: Boolean(cacheKey), error: null };
  return { result: current.result, loading: current.loading, error: current.error, reload: load };
}

/** null status = the hub has not checked the model: that counts as available. */
export function isAvailable(m: HubModel): boolean {
  return m.status.available !== false;
}

export function findModel(result: ListModelsResult | null, id: string | null): HubModel | undefined {
  if (!result || !id) return undefined;
  return result.models.find((m) => m.key === id) ?? result.models.find((m) => `${m.provider}/${m.model}` === id);
}

/** The first model a user would want: available, in the hub's order. */
export function firstAvailable(result: ListModelsResult | null): HubModel | undefined {
  return result?.groups.flatMap((g) => g.models).find(isAvailable);
}
