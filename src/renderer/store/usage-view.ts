import type { HubApi } from '../../shared/client';
import type { HubDTO, KeyDTO } from '../../shared/keys';
import type { CallPage, ClientVsHub, ModelUsage, SeriesGroupBy, Snapshot, TimeSeries, UsageOverview, UsageRange } from '../../shared/usage';
import { choiceKey, DEFAULT_CHOICE, parseChoice, toUsageRange, type RangeChoice } from '../pages/usage/range';
import { ExternalStore } from './external-store';

/** The charts' metrics: three stacked totals, then the averages and the rate. */
export const CHART_METRICS = ['calls', 'tokens', 'credits', 'avgDurationMs', 'avgTtfbMs', 'successRate'] as const;
export type ChartMetric = (typeof CHART_METRICS)[number];
export type SeriesSet = Record<ChartMetric, Snapshot<TimeSeries>>;

/** Series beyond this many are folded into "Other", so 90 days × dozens of keys stays readable. */
const TOP_SERIES = 8;
export const PAGE_SIZE = 25;

export interface CallFilters {
  model: string;
  appDid: string;
  status: 'all' | 'success' | 'failed';
  type: string;
}
export const NO_FILTERS: CallFilters = { model: '', appDid: '', status: 'all', type: '' };

export interface Scope {
  hubId: string;
  keyId: string | undefined;
  range: UsageRange;
  /** Changes whenever the scope or a refresh does: answers for an older token are dropped. */
  token: string;
}

/** Everything that describes one scope, swapped in at once so cards, charts and tables never disagree. */
export interface Figures {
  token: string;
  choice: RangeChoice;
  models: Snapshot<ModelUsage>;
  overview: Snapshot<UsageOverview> | null;
  overviewError: unknown;
  cvh: Snapshot<ClientVsHub> | null;
  cvhError: unknown;
}

export interface Part<T> {
  data: T | null;
  loading: boolean;
  error: unknown;
}

export interface UsageViewState {
  hubs: HubDTO[] | null;
  listError: unknown;
  hubId: string | null;
  keys: KeyDTO[] | null;
  /** The key whose account's figures are read; '' for the hub's default key. */
  keyId: string;
  choice: RangeChoice;
  groupBy: SeriesGroupBy;
  filters: CallFilters;
  page: number;
  /** A new scope is on its way; `figures` still holds the previous one. */
  loading: boolean;
  progress: { fetched: number; total: number } | null;
  /** The scope's main answer failed (nothing to show for it). */
  error: unknown;
  figures: Figures | null;
  series: Part<SeriesSet>;
  calls: Part<Snapshot<CallPage>>;
}

export type UsageApi = Pick<HubApi, 'hubs' | 'keys' | 'usage' | 'on'>;
type PrefsStorage = Pick<Storage, 'getItem' | 'setItem'>;

const PREFS_KEY = 'aigne-hub-desktop.usage';
const idle = <T>(): Part<T> => ({ data: null, loading: false, error: null });

export function callsQuery(range: UsageRange, filters: CallFilters, page: number, pageSize = PAGE_SIZE) {
  return {
    range,
    page,
    pageSize,
    ...(filters.model ? { model: filters.model } : {}),
    ...(filters.appDid ? { appDid: filters.appDid } : {}),
    ...(filters.status !== 'all' ? { status: filters.status } : {}),
    ...(filters.type ? { type: filters.type } : {}),
  };
}

/**
 * The Usage page's view state: hub, key, range, grouping, filters and the figures for them.
 * A new scope loads in the background while the previous figures stay on screen, then all of
 * them are replaced together; answers for an older scope are dropped.
 */
export class UsageViewStore extends ExternalStore<UsageViewState> {
  private offs: (() => void)[] = [];
  private reloads = 0;
  private scopeSeq = 0;
  private seriesSeq = 0;
  private callsSeq = 0;
  /** A key (by local id or app DID) to filter to once the keys are known: a link from the Keys page. */
  private link: { keyId?: string; appDid?: string } | null = null;

  constructor(
    private readonly api: UsageApi,
    private readonly storage: PrefsStorage | null = null,
  ) {
    const prefs = readPrefs(storage);
    super({
      hubs: null,
      listError: null,
      hubId: prefs.hubId,
      keys: null,
      keyId: '',
      choice: prefs.range,
      groupBy: prefs.groupBy,
      filters: NO_FILTERS,
      page: 1,
      loading: false,
      progress: null,
      error: null,
      figures: null,
      series: idle(),
      calls: idle(),
    });
  }

  /** Starts listening (idempotent) and loads; `params` are the page link's (`hubId`, `keyId`, `appDid`). */
  open(params?: URLSearchParams): Promise<void> {
    if (this.offs.length === 0) {
      this.offs.push(
        this.api.on('keys.changed', () => void this.loadLists()),
        this.api.on('usage.progress', (p) => {
          if (p.hubId === this.state.hubId && this.state.loading) this.set({ progress: { fetched: p.fetched, total: p.total } });
        }),
      );
    }
    const hubId = params?.get('hubId');
    const keyId = params?.get('keyId') ?? undefined;
    const appDid = params?.get('appDid') ?? undefined;
    if (hubId) this.set({ hubId });
    if (keyId || appDid) this.link = { ...(keyId ? { keyId } : {}), ...(appDid ? { appDid } : {}) };
    return this.loadLists();
  }

  close(): void {
    for (const off of this.offs) off();
    this.offs = [];
  }

  async loadLists(): Promise<void> {
    let hubs: HubDTO[];
    try {
      hubs = await this.api.hubs.list();
    } catch (error) {
      this.set({ listError: error, hubs: this.state.hubs ?? [] });
      return;
    }
    const hubId = hubs.some((h) => h.id === this.state.hubId) ? this.state.hubId : (hubs[0]?.id ?? null);
    this.set({ hubs, listError: null, hubId });
    this.savePrefs();
    await this.loadKeys();
  }

  private async loadKeys(): Promise<void> {
    const hubId = this.state.hubId;
    if (!hubId) return;
    let keys: KeyDTO[];
    try {
      keys = await this.api.keys.list({ hubId });
    } catch (error) {
      if (this.state.hubId === hubId) this.set({ listError: error, keys: [] });
      return;
    }
    if (this.state.hubId !== hubId) return;
    const keyId = keys.some((k) => k.id === this.state.keyId) ? this.state.keyId : '';
    const patch: Partial<UsageViewState> = { keys, keyId };
    if (this.link) {
      const { keyId: linkedId, appDid } = this.link;
      this.link = null;
      const target = (linkedId ? keys.find((k) => k.id === linkedId)?.accessKeyId : undefined) ?? appDid;
      // Filtered to that key: the charts split by key and focused on it, the call log to its calls.
      if (target) Object.assign(patch, { filters: { ...NO_FILTERS, appDid: target }, groupBy: 'key', page: 1 });
    }
    this.set(patch);
    await this.loadScope();
  }

  selectHub(hubId: string): Promise<void> {
    this.set({ hubId, keys: null, keyId: '', filters: NO_FILTERS, page: 1, figures: null, series: idle(), calls: idle() });
    this.savePrefs();
    return this.loadKeys();
  }

  selectKey(keyId: string): Promise<void> {
    this.set({ keyId });
    return this.loadScope();
  }

  /** Refuses a custom range main could not answer (the page says why beside the inputs). */
  selectRange(choice: RangeChoice): Promise<void> {
    if (!('range' in toUsageRange(choice))) return Promise.resolve();
    this.set({ choice, page: 1 });
    this.savePrefs();
    return this.loadScope();
  }

  setGroupBy(groupBy: SeriesGroupBy): Promise<void> {
    if (groupBy === this.state.groupBy) return Promise.resolve();
    this.set({ groupBy });
    this.savePrefs();
    return this.loading ? Promise.resolve() : this.loadSeries();
  }

  setFilters(filters: CallFilters): Promise<void> {
    this.set({ filters, page: 1 });
    return this.loading ? Promise.resolve() : this.loadCalls();
  }

  setPage(page: number): Promise<void> {
    this.set({ page });
    return this.loading ? Promise.resolve() : this.loadCalls();
  }

  refresh(): Promise<void> {
    this.reloads++;
    return this.loadScope();
  }

  /** The scope on screen (or being loaded), for exports. */
  get scope(): Scope | null {
    const { hubId, keys, keyId, choice } = this.state;
    const resolved = toUsageRange(choice);
    if (!hubId || !keys || keys.length === 0 || !('range' in resolved)) return null;
    return {
      hubId,
      keyId: keyId || undefined,
      range: resolved.range,
      token: `${hubId}|${keyId}|${choiceKey(choice)}|${this.reloads}`,
    };
  }

  private get loading(): boolean {
    return this.state.loading;
  }

  private input(scope: Scope) {
    return { hubId: scope.hubId, range: scope.range, ...(scope.keyId ? { keyId: scope.keyId } : {}) };
  }

  /**
   * The per-model view goes first: it pages in the call log (progress arrives as
   * `usage.progress`); the rest is answered from the synced log. The cards and tables
   * of the new scope are swapped in together; its charts and call page follow.
   */
  private async loadScope(): Promise<void> {
    const scope = this.scope;
    const seq = ++this.scopeSeq;
    if (!scope) {
      this.set({ loading: false, figures: null, error: null, series: idle(), calls: idle() });
      return;
    }
    const live = () => seq === this.scopeSeq;
    this.set({ loading: true, error: null, progress: null });
    const input = this.input(scope);
    let models: Snapshot<ModelUsage>;
    try {
      models = await this.api.usage.models(input);
    } catch (error) {
      if (live()) this.set({ loading: false, progress: null, error, figures: null, series: idle(), calls: idle() });
      return;
    }
    if (!live()) return;
    const [overview, cvh] = await Promise.allSettled([this.api.usage.overview(input), this.api.usage.clientVsHub(input)]);
    if (!live()) return;
    // The charts and the call log of the new scope follow; until they are in, their place says
    // "loading" rather than showing the previous scope's next to the new cards.
    this.set({
      loading: false,
      progress: null,
      figures: {
        token: scope.token,
        choice: this.state.choice,
        models,
        overview: overview.status === 'fulfilled' ? overview.value : null,
        overviewError: overview.status === 'rejected' ? overview.reason : null,
        cvh: cvh.status === 'fulfilled' ? cvh.value : null,
        cvhError: cvh.status === 'rejected' ? cvh.reason : null,
      },
      series: { data: null, loading: true, error: null },
      calls: { data: null, loading: true, error: null },
    });
    await Promise.all([this.loadSeries(), this.loadCalls()]);
  }

  private fetchSeries(scope: Scope, groupBy: SeriesGroupBy): Promise<SeriesSet> {
    const input = this.input(scope);
    return Promise.all(
      CHART_METRICS.map((metric) => this.api.usage.series({ ...input, options: { groupBy, metric, top: TOP_SERIES } })),
    ).then((answers) => Object.fromEntries(CHART_METRICS.map((m, i) => [m, answers[i]])) as SeriesSet);
  }

  private async loadSeries(): Promise<void> {
    const scope = this.scope;
    if (!scope) return;
    const seq = ++this.seriesSeq;
    this.set({ series: { ...this.state.series, loading: true, error: null } });
    const result = await settle(this.fetchSeries(scope, this.state.groupBy));
    if (seq === this.seriesSeq) this.set({ series: settledPart(result, this.state.series.data) });
  }

  private async loadCalls(): Promise<void> {
    const scope = this.scope;
    if (!scope) return;
    const seq = ++this.callsSeq;
    this.set({ calls: { ...this.state.calls, loading: true, error: null } });
    const { filters, page } = this.state;
    const result = await settle(this.api.usage.calls({ ...keyPart(scope), query: callsQuery(scope.range, filters, page) }));
    if (seq === this.callsSeq) this.set({ calls: settledPart(result, this.state.calls.data) });
  }

  private savePrefs(): void {
    try {
      const { hubId, choice, groupBy } = this.state;
      this.storage?.setItem(PREFS_KEY, JSON.stringify({ hubId, range: choiceKey(choice), groupBy }));
    } catch {
      // Preferences are a convenience: a full or blocked storage changes nothing else.
    }
  }
}

function keyPart(scope: Scope) {
  return { hubId: scope.hubId, ...(scope.keyId ? { keyId: scope.keyId } : {}) };
}

function settle<T>(p: Promise<T>): Promise<PromiseSettledResult<T>> {
  return p.then(
    (value) => ({ status: 'fulfilled', value }) as const,
    (reason: unknown) => ({ status: 'rejected', reason }) as const,
  );
}

/** A failed part keeps what was on screen before (the page shows the error beside it). */
function settledPart<T>(result: PromiseSettledResult<T>, previous: T | null = null): Part<T> {
  return result.status === 'fulfilled'
    ? { data: result.value, loading: false, error: null }
    : { data: previous, loading: false, error: result.reason };
}

/** The last hub, range and grouping (no secrets, no figures), so the page opens where the user left it. */
function readPrefs(storage: PrefsStorage | null): { hubId: string | null; range: RangeChoice; groupBy: SeriesGroupBy } {
  try {
    const raw = JSON.parse(storage?.getItem(PREFS_KEY) ?? '{}') as Record<string, unknown>;
    return {
      hubId: typeof raw.hubId === 'string' ? raw.hubId : null,
      range: parseChoice(raw.range) ?? DEFAULT_CHOICE,
      groupBy: raw.groupBy === 'key' ? 'key' : 'model',
    };
  } catch {
    return { hubId: null, range: DEFAULT_CHOICE, groupBy: 'model' };
  }
}
