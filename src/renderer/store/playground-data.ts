import type { HubApi } from '../../shared/client';
import type { ErrorValue } from '../../shared/errors';
import type { HubDTO, KeyDTO } from '../../shared/keys';
import type { ListModelsResult, PlaygroundModelType } from '../../shared/playground';
import { toErrorValue } from '../pages/playground/helpers';
import { ExternalStore } from './external-store';

export interface PlaygroundKeys {
  hubs: HubDTO[];
  keys: KeyDTO[];
}

export type PlaygroundDataApi = Pick<HubApi, 'hubs' | 'keys' | 'playground' | 'on'>;

/** Every stored key of every hub (metadata only: never a secret); reloads when keys change anywhere. */
export class PlaygroundKeysStore extends ExternalStore<{ data: PlaygroundKeys | null; error: ErrorValue | null }> {
  private off: (() => void) | null = null;

  constructor(private readonly api: PlaygroundDataApi) {
    super({ data: null, error: null });
  }

  /** Starts listening (idempotent) and loads once. */
  start(): void {
    this.off ??= this.api.on('keys.changed', () => void this.load());
    void this.load();
  }

  async load(): Promise<void> {
    try {
      const [hubs, keys] = await Promise.all([this.api.hubs.list(), this.api.keys.list()]);
      this.set({ data: { hubs, keys }, error: null });
    } catch (error) {
      this.set({ data: this.state.data ?? { hubs: [], keys: [] }, error: toErrorValue(error) });
    }
  }
}

export interface ModelsEntry {
  result: ListModelsResult | null;
  loading: boolean;
  error: ErrorValue | null;
}

const EMPTY: ModelsEntry = { result: null, loading: false, error: null };

/** A hub's models per type, grouped by provider; kept for the session, refreshed on request. */
export class ModelListsStore extends ExternalStore<{ lists: ReadonlyMap<string, ModelsEntry> }> {
  constructor(private readonly api: PlaygroundDataApi) {
    super({ lists: new Map() });
  }

  entry(hubId: string | null, type: PlaygroundModelType): ModelsEntry {
    return (hubId && this.state.lists.get(`${hubId} ${type}`)) || EMPTY;
  }

  async load(hubId: string, type: PlaygroundModelType, refresh = false): Promise<void> {
    const key = `${hubId} ${type}`;
    const known = this.state.lists.get(key);
    if (known && (known.loading || (known.result && !refresh))) return;
    this.put(key, { result: known?.result ?? null, loading: true, error: null });
    try {
      const result = await this.api.playground.models({ hubId, type, ...(refresh ? { refresh: true } : {}) });
      this.put(key, { result, loading: false, error: null });
    } catch (error) {
      this.put(key, { result: known?.result ?? null, loading: false, error: toErrorValue(error) });
    }
  }

  private put(key: string, entry: ModelsEntry): void {
    this.set({ lists: new Map(this.state.lists).set(key, entry) });
  }
}
