import { useEffect, useRef, useState } from 'react';
import type {
  CallPage,
  ClientVsHub,
  ModelUsage,
  SeriesGroupBy,
  Snapshot,
  TimeSeries,
  UsageOverview,
  UsageRange,
} from '../../../shared/usage';
import { hub } from '../../hub';

/** The charts' metrics: three stacked totals, then the averages and the rate (drawn for all calls or the filtered group). */
export const CHART_METRICS = ['calls', 'tokens', 'credits', 'avgDurationMs', 'avgTtfbMs', 'successRate'] as const;
export type ChartMetric = (typeof CHART_METRICS)[number];
export type SeriesSet = Record<ChartMetric, Snapshot<TimeSeries>>;

/** Series beyond this many are folded into "Other", so 90 days × dozens of keys stays readable. */
const TOP_SERIES = 8;

export interface Progress {
  fetched: number;
  total: number;
}

export interface CallFilters {
  model: string;
  appDid: string;
  status: 'all' | 'success' | 'failed';
  type: string;
}

interface Scope {
  hubId: string;
  keyId: string | undefined;
  range: UsageRange;
  /** Changes whenever the scope or a refresh does: answers for an older token are dropped. */
  token: string;
}

export interface CoreState {
  token: string | null;
  loading: boolean;
  error: unknown;
  models: Snapshot<ModelUsage> | null;
  overview: Snapshot<UsageOverview> | null;
  overviewError: unknown;
  cvh: Snapshot<ClientVsHub> | null;
  cvhError: unknown;
  /** Set once the call log is in (the models answer came back): the other views can ask now. */
  readyToken: string | null;
}

const EMPTY_CORE: CoreState = {
  token: null,
  loading: false,
  error: null,
  models: null,
  overview: null,
  overviewError: null,
  cvh: null,
  cvhError: null,
  readyToken: null,
};

/**
 * Loads a hub's usage for a range. The per-model view goes first: it pages in
 * the call log (progress arrives as `usage.progress`); the overview, the
 * comparison and the charts follow, answered from the synced log. Earlier
 * figures stay on screen while new ones load; answers for an older scope are dropped.
 */
export function useUsageCore(scope: Scope | null): { core: CoreState; progress: Progress | null } {
  const [core, setCore] = useState<CoreState>(EMPTY_CORE);
  const [progress, setProgress] = useState<Progress | null>(null);
  const current = useRef<string | null>(null);
  const hubId = scope?.hubId;

  useEffect(() => {
    if (!hubId) return;
    return hub!.on('usage.progress', (p) => {
      if (p.hubId === hubId) setProgress({ fetched: p.fetched, total: p.total });
    });
  }, [hubId]);

  useEffect(() => {
    if (!scope) {
      current.current = null;
      setCore(EMPTY_CORE);
      return;
    }
    const { token } = scope;
    current.current = token;
    const live = () => current.current === token;
    const input = { hubId: scope.hubId, range: scope.range, ...(scope.keyId ? { keyId: scope.keyId } : {}) };
    setProgress(null);
    setCore((c) => ({ ...c, token, loading: true, error: null }));
    void (async () => {
      let models: Snapshot<ModelUsage>;
      try {
        models = await hub!.usage.models(input);
      } catch (error) {
        if (live()) setCore({ ...EMPTY_CORE, token, error });
        return;
      }
      if (!live()) return;
      setProgress(null);
      setCore((c) => ({ ...c, models, readyToken: token }));
      const [overview, cvh] = await Promise.allSettled([hub!.usage.overview(input), hub!.usage.clientVsHub(input)]);
      if (!live()) return;
      setCore((c) => ({
        ...c,
        loading: false,
        overview: overview.status === 'fulfilled' ? overview.value : null,
        overviewError: overview.status === 'rejected' ? overview.reason : null,
        cvh: cvh.status === 'fulfilled' ? cvh.value : null,
        cvhError: cvh.status === 'rejected' ? cvh.reason : null,
      }));
    })();
    // `scope` is rebuilt with the same token on every render; the token says when it really changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scope?.token]);

  return { core, progress };
}

export interface SeriesState {
  key: string | null;
  loading: boolean;
  error: unknown;
  data: SeriesSet | null;
}

/** The six chart series for the scope, grouped by model or key, once the call log is in. */
export function useSeries(scope: Scope | null, readyToken: string | null, groupBy: SeriesGroupBy): SeriesState {
  const [state, setState] = useState<SeriesState>({ key: null, loading: false, error: null, data: null });
  const ready = scope !== null && readyToken === scope.token;
  const key = ready ? `${scope.token}|${groupBy}` : null;

  useEffect(() => {
    if (!scope || !key) return;
    let live = true;
    const input = { hubId: scope.hubId, range: scope.range, ...(scope.keyId ? { keyId: scope.keyId } : {}) };
    setState((s) => ({ ...s, loading: true, error: null }));
    Promise.all(CHART_METRICS.map((metric) => hub!.usage.series({ ...input, options: { groupBy, metric, top: TOP_SERIES } }))).then(
      (answers) => {
        if (!live) return;
        const data = Object.fromEntries(CHART_METRICS.map((m, i) => [m, answers[i]])) as SeriesSet;
        setState({ key, loading: false, error: null, data });
      },
      (error: unknown) => {
        if (live) setState((s) => ({ ...s, key, loading: false, error }));
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return state;
}

export interface CallsState {
  loading: boolean;
  error: unknown;
  page: Snapshot<CallPage> | null;
}

export const PAGE_SIZE = 25;

/** One page of the call log with the filters, once the call log is in. */
export function useCallPage(scope: Scope | null, readyToken: string | null, filters: CallFilters, page: number): CallsState {
  const [state, setState] = useState<CallsState>({ loading: false, error: null, page: null });
  const ready = scope !== null && readyToken === scope.token;
  const key = ready ? `${scope.token}|${JSON.stringify(filters)}|${page}` : null;

  useEffect(() => {
    if (!scope || !key) return;
    let live = true;
    setState((s) => ({ ...s, loading: true, error: null }));
    hub!.usage
      .calls({ hubId: scope.hubId, ...(scope.keyId ? { keyId: scope.keyId } : {}), query: callsQuery(scope.range, filters, page) })
      .then(
        (answer) => live && setState({ loading: false, error: null, page: answer }),
        (error: unknown) => live && setState((s) => ({ ...s, loading: false, error })),
      );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return state;
}

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

/** Every record matching the filters (for the CSV), a page of 100 at a time; `onPage` reports progress. */
export async function allCalls(
  scope: Scope,
  filters: CallFilters,
  onPage: (fetched: number, total: number) => void,
): Promise<CallPage['records']> {
  const input = { hubId: scope.hubId, ...(scope.keyId ? { keyId: scope.keyId } : {}) };
  const records: CallPage['records'] = [];
  for (let page = 1; ; page++) {
    const answer = await hub!.usage.calls({ ...input, query: callsQuery(scope.range, filters, page, 100) });
    records.push(...answer.data.records);
    onPage(records.length, answer.data.total);
    if (answer.data.records.length === 0 || records.length >= answer.data.total) return records;
  }
}

export type { Scope };
