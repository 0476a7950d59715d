import type { HubModel } from '../../../shared/keys';
import type { ModelGroup, PlaygroundModelType } from '../../../shared/playground';
import { HubClient } from '../hub/client';
import type { ModelRates } from './metrics';

export const DEFAULT_MODELS_TTL_MS = 5 * 60_000;

export interface ModelCatalogOptions {
  /** How long a hub's list is reused (default 5 min). */
  ttlMs?: number;
  timeoutMs?: number;
  userAgent?: string;
  now?: () => number;
}

interface CacheEntry {
  at: number;
  models: Promise<HubModel[]>;
}

/**
 * The hubs' model lists (`GET {mount}/api/ai/models`, no key needed), kept in
 * memory for a few minutes per hub and type. Parsing and normalisation are the
 * hub client's (billing-on and billing-off forms alike). Concurrent callers
 * share one request; a failed request is not cached.
 */
export class ModelCatalog {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ModelCatalogOptions = {}) {
    this.ttlMs = options.ttlMs ?? DEFAULT_MODELS_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /** The hub's models of one type (or all), from the cache when fresh. */
  list(mountUrl: string, type?: PlaygroundModelType, options: { refresh?: boolean } = {}): Promise<HubModel[]> {
    const base = mountUrl.replace(/\/+$/, '');
    const cacheKey = `${base} ${type ?? '*'}`;
    const hit = this.cache.get(cacheKey);
    if (hit && !options.refresh && this.now() - hit.at < this.ttlMs) return hit.models;

    const client = new HubClient(base, {
      ...(this.options.timeoutMs ? { timeoutMs: this.options.timeoutMs } : {}),
      ...(this.options.userAgent ? { userAgent: this.options.userAgent } : {}),
    });
    const models = client.models(type);
    const entry: CacheEntry = { at: this.now(), models };
    this.cache.set(cacheKey, entry);
    models.catch(() => {
      if (this.cache.get(cacheKey) === entry) this.cache.delete(cacheKey);
    });
    return models;
  }

  /** One model by its id (`provider/model`), or undefined when the hub does not list it. */
  async find(mountUrl: string, modelId: string, type?: PlaygroundModelType): Promise<HubModel | undefined> {
    const models = await this.list(mountUrl, type);
    return models.find((m) => m.key === modelId) ?? models.find((m) => `${m.provider}/${m.model}` === modelId);
  }

  /** The model's published credit rates, or undefined when the model or the list is unavailable. */
  async rates(mountUrl: string, modelId: string, type?: PlaygroundModelType): Promise<ModelRates | undefined> {
    try {
      const model = await this.find(mountUrl, modelId, type);
      return model ? { input: model.inputCreditsPerToken, output: model.outputCreditsPerToken } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Forgets one hub's lists, or everything. */
  invalidate(mountUrl?: string): void {
    if (mountUrl === undefined) return this.cache.clear();
    const base = mountUrl.replace(/\/+$/, '');
    for (const key of this.cache.keys()) if (key.startsWith(`${base} `)) this.cache.delete(key);
  }
}

/** Models grouped by provider for a picker: groups by display name, models by name. */
export function groupModelsByProvider(models: readonly HubModel[]): ModelGroup[] {
  const groups = new Map<string, ModelGroup>();
  for (const model of models) {
    let group = groups.get(model.provider);
    if (!group) {
      group = { provider: model.provider, providerDisplayName: model.providerDisplayName, models: [] };
      groups.set(model.provider, group);
    }
    group.models.push(model);
  }
  const byName = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true });
  for (const group of groups.values()) group.models.sort((a, b) => byName(a.model, b.model));
  return [...groups.values()].sort((a, b) => byName(a.providerDisplayName, b.providerDisplayName));
}

/**
 * Starts looking up a model's rates now and returns a function that waits for
 * them at most `waitMs` later: a slow model list must never hold up an answer
 * the user already has. Never rejects.
 */
export function ratesLookup(
  source: { rates(mountUrl: string, modelId: string, type?: PlaygroundModelType): Promise<ModelRates | undefined> },
  mountUrl: string,
  modelId: string,
  type: PlaygroundModelType,
  waitMs = 2_000,
): () => Promise<ModelRates | undefined> {
  let settled = false;
  let known: ModelRates | undefined;
  const pending = source.rates(mountUrl, modelId, type).then(
    (rates) => {
      settled = true;
      return (known = rates);
    },
    () => {
      settled = true;
      return undefined;
    },
  );
  return () => {
    // Usually the rates came in while the answer streamed: no timer to arm (and leave running) then.
    if (settled) return Promise.resolve(known);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, waitMs, undefined);
      timer.unref();
    });
    return Promise.race([pending, timeout]).finally(() => clearTimeout(timer));
  };
}
