import type { HubModel } from '../../../shared/keys';
import type { ListModelsResult } from '../../../shared/playground';
import type { PlaygroundKeys } from '../../store/playground-data';

/** Which key and model to offer: pure functions over the hub's lists, unit-tested. */

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

export function defaultKeyOf(data: PlaygroundKeys, hubId: string): string | null {
  const h = data.hubs.find((x) => x.id === hubId);
  if (!h) return null;
  const keys = data.keys.filter((k) => k.hubId === hubId && !k.retiredAt);
  return (keys.find((k) => k.id === h.defaultKeyId) ?? keys.find((k) => k.isDefault) ?? keys[0])?.id ?? null;
}

/** Models that only repeat or test, never a first answer. */
const NOT_GENERATING = /(^|[/-])(echo|test|mock|offline)($|[-/])/i;

/**
 * The model a first chat starts with: one that generates text (never an echo), available,
 * and the cheapest the hub lists (its output rate), in the hub's order on a tie.
 */
export function defaultChatModel(result: ListModelsResult | null): HubModel | undefined {
  const all = result?.groups.flatMap((g) => g.models).filter(isAvailable) ?? [];
  const generating = all.filter((m) => !NOT_GENERATING.test(m.model) && !NOT_GENERATING.test(m.key));
  const rate = (m: HubModel) => m.outputCreditsPerToken ?? Number.POSITIVE_INFINITY;
  const cheapest = [...generating].sort((a, b) => rate(a) - rate(b))[0];
  return cheapest ?? all[0];
}

/** The model whose name or `provider/model` id is exactly what was typed (any case). */
export function exactMatch<M extends { key: string; model: string }>(models: readonly M[], query: string): M | undefined {
  const q = query.trim().toLowerCase();
  return q ? models.find((m) => m.key.toLowerCase() === q || m.model.toLowerCase() === q) : undefined;
}

/** The groups whose models match every typed word; an exact match ranks first. */
export function filterGroups(result: ListModelsResult | null, query: string) {
  if (!result) return [];
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return result.groups;
  const groups = result.groups
    .map((g) => ({
      ...g,
      models: g.models.filter((m) => {
        const hay = `${m.key} ${m.model} ${g.providerDisplayName} ${m.features.join(' ')}`.toLowerCase();
        return words.every((w) => hay.includes(w));
      }),
    }))
    .filter((g) => g.models.length > 0);
  const exact = exactMatch(
    groups.flatMap((g) => g.models),
    query,
  );
  if (!exact) return groups;
  const first = (m: HubModel) => (m === exact ? 0 : 1);
  return groups
    .map((g) => ({ ...g, models: [...g.models].sort((a, b) => first(a) - first(b)) }))
    .sort((a, b) => first(a.models[0]!) - first(b.models[0]!));
}
