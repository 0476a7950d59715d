import type { z } from 'zod';
import { AppError, isAppError, toErrorValue } from '../../../shared/errors';
import {
  callPageSchema,
  callsQuerySchema,
  clientVsHubSchema,
  keyHintSchema,
  modelUsageSchema,
  seriesOptionsSchema,
  timeSeriesSchema,
  usageOverviewSchema,
  usageRangeSchema,
  type CallPage,
  type CallsQuery,
  type ClientVsHub,
  type CsvColumn,
  type KeyHint,
  type KeyUsageRow,
  type ModelUsage,
  type ResolvedRange,
  type SeriesOptions,
  type Snapshot,
  type TimeSeries,
  type UsageOverview,
  type UsageProgress,
  type UsageRange,
  type UsageRecord,
} from '../../../shared/usage';
import { hubKeyTrend, hubWindow, resolveRange, totalsBy, usageTable, usageViews } from './aggregate';
import { UsageCache } from './cache';
import { UsageClient, type ProjectWire } from './client';
import { compareClientAndHub } from './compare';
import { toCsv } from './csv';
import {
  DEFAULT_LONGEST_CALL_MS,
  RecordMirror,
  finalHorizon,
  memoryMirrorStore,
  syncMirror,
  type MirrorStore,
  type SyncResult,
} from './mirror';
import type { ClientCallSource, KeyDirectory, KeyResolver, LocalKeyInfo } from './ports';

export interface UsageServiceOptions {
  resolver: KeyResolver;
  directory: KeyDirectory;
  /** The app's own call log, for `clientVsHub`. */
  clientCalls?: ClientCallSource;
  /** Last figures per view, for offline use. In memory when omitted. */
  cache?: UsageCache;
  /** Where call-log mirrors persist. In memory when omitted. */
  mirrors?: MirrorStore;
  now?: () => number;
  timeoutMs?: number;
  userAgent?: string;
  /** How long a hub record may still change or show up late. Default 10 min. */
  settleMs?: number;
  /** How long a call may run; its record (stamped with its start) appears when it ends. Default 60 min. */
  longestCallMs?: number;
  /** Call-log pages fetched at once. Default 4. */
  pageConcurrency?: number;
  /** Records kept per mirror; the oldest go first. Default 100 000. */
  maxMirrorRecords?: number;
  /** Records read from the hub in one sync, whatever count it claims. Default 100 000. */
  maxSyncRecords?: number;
  /** `clientVsHub`: app calls younger than this are "pending" rather than "missing". Default: `settleMs`. */
  recordDelayMs?: number;
  /** `clientVsHub`: relative credit difference that is flagged. Default 0.05. */
  creditThreshold?: number;
}

export interface UsageCallOptions {
  /** Authenticate with this local key instead of the hub's default key. */
  keyId?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Reuse cached figures younger than this instead of asking the hub (answer: `source: 'cache'`, `stale: false`). */
  maxAgeMs?: number | undefined;
  /** Call-log paging progress. */
  onProgress?: ((progress: UsageProgress) => void) | undefined;
}

interface MirrorSlot {
  ready: Promise<RecordMirror>;
  tail: Promise<unknown>;
}

const DEFAULT_SETTLE_MS = 10 * 60_000;
const DAY_S = 86_400;
const HOUR_MS = 3_600_000;

/**
 * The hub's usage figures for the Usage pages: fetched, aggregated, cached.
 * Every answer is a Snapshot: live figures, or (when the hub cannot be
 * reached) the last ones fetched, labelled with their age. Per-model figures
 * come from the hub's call log, mirrored locally and refreshed incrementally.
 */
export class UsageService {
  private readonly resolver: KeyResolver;
  private readonly directory: KeyDirectory;
  private readonly clientCalls: ClientCallSource | undefined;
  private readonly cache: UsageCache;
  private readonly mirrorStore: MirrorStore;
  private readonly now: () => number;
  private readonly timeoutMs: number | undefined;
  private readonly userAgent: string | undefined;
  private readonly settleMs: number;
  private readonly longestCallMs: number;
  private readonly concurrency: number;
  private readonly maxMirrorRecords: number;
  private readonly maxSyncRecords: number | undefined;
  private readonly recordDelayMs: number;
  private readonly creditThreshold: number;
  private readonly mirrors = new Map<string, MirrorSlot>();
  private readonly syncs = new Map<string, SyncResult>();

  constructor(options: UsageServiceOptions) {
    this.resolver = options.resolver;
    this.directory = options.directory;
    this.clientCalls = options.clientCalls;
    this.cache = options.cache ?? new UsageCache();
    this.mirrorStore = options.mirrors ?? memoryMirrorStore();
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs;
    this.userAgent = options.userAgent;
    this.settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
    this.longestCallMs = options.longestCallMs ?? DEFAULT_LONGEST_CALL_MS;
    this.concurrency = options.pageConcurrency ?? 4;
    this.maxMirrorRecords = options.maxMirrorRecords ?? 100_000;
    this.maxSyncRecords = options.maxSyncRecords;
    this.recordDelayMs = options.recordDelayMs ?? this.settleMs;
    this.creditThreshold = options.creditThreshold ?? 0.05;
  }

  /** Credits left, usage per key (calls, tokens, credits, success, speed, last use) and the hub's per-key trend. */
  async overview(hubId: string, range: UsageRange, options: UsageCallOptions = {}): Promise<Snapshot<UsageOverview>> {
    const r = parse(usageRangeSchema, range, 'range');
    const local = await this.pickKey(hubId, options.keyId);
    const resolved = resolveRange(r, this.now());
    return this.snapshot({
      cacheKey: this.cacheKey(hubId, local.keyId, 'overview', rangeKey(r)),
      schema: usageOverviewSchema,
      maxAgeMs: options.maxAgeMs,
      live: async () => {
        const { client, locals } = await this.connect(hubId, local);
        const window = hubWindow(resolved);
        const [quota, projects, trendWire, records] = await Promise.all([
          client.quota(options.signal),
          client.allProjects(window, options.signal),
          client.groupTrends(window, options.signal),
          this.syncedRecords(hubId, local.keyId, client, resolved, options),
        ]);
        const names = nameBook(locals, projects, trendWire.projects, records);
        const { groups, total } = totalsBy(records, resolved.start, resolved.end, (rec) => rec.appDid);
        const lastCall = new Map(projects.map((p) => [p.appDid, p.lastCallTime]));
        for (const p of trendWire.projects) if (p.lastCallTime && !lastCall.get(p.appDid)) lastCall.set(p.appDid, p.lastCallTime);
        const appDids = new Set([...groups.keys(), ...locals.flatMap((k) => (k.accessKeyId ? [k.accessKeyId] : []))]);
        const keys: KeyUsageRow[] = [...appDids].map((appDid) => {
          const totals = (groups.get(appDid) ?? EMPTY).totals();
          const localKey = locals.find((k) => k.accessKeyId === appDid);
          const latest = latestIn(records, appDid);
          const hubLast = (lastCall.get(appDid) ?? 0) * 1000;
          const row: KeyUsageRow = {
            appDid,
            ...names.of(appDid),
            ...totals,
            lastUsedAt: Math.max(hubLast, latest) || null,
          };
          if (localKey) {
            row.keyId = localKey.keyId;
            row.accessKeyId = appDid;
          }
          return row;
        });
        keys.sort((a, b) => b.calls - a.calls || b.credits - a.credits || a.name.localeCompare(b.name));
        const trend = hubKeyTrend(trendWire, resolved, (appDid) => names.of(appDid).name);
        return { range: resolved, quota, totals: total.totals(), keys, trend };
      },
    });
  }

  /**
   * Calls, tokens, credits, success rate and speed per model, from the call
   * log. Only the part of the log not fetched before is paged in; `onProgress`
   * reports records fetched of the total; `options.signal` aborts.
   */
  async models(
    hubId: string,
    range: UsageRange,
    onProgress?: (progress: UsageProgress) => void,
    options: UsageCallOptions = {},
  ): Promise<Snapshot<ModelUsage>> {
    const r = parse(usageRangeSchema, range, 'range');
    const local = await this.pickKey(hubId, options.keyId);
    const resolved = resolveRange(r, this.now());
    // The chart of the same range (grouped by model) reuses this pass.
    const compute = (records: readonly UsageRecord[]): ModelUsage => ({
      range: resolved,
      ...usageTable(records, resolved),
    });
    return this.fromCallLog(
      hubId,
      local,
      resolved,
      'models',
      rangeKey(r),
      modelUsageSchema,
      { ...options, onProgress: onProgress ?? options.onProgress },
      compute,
    );
  }

  /** One metric over time, one series per model or per key, from the call log. */
  async series(
    hubId: string,
    range: UsageRange,
    seriesOptions: SeriesOptions,
    options: UsageCallOptions = {},
  ): Promise<Snapshot<TimeSeries>> {
    const r = parse(usageRangeSchema, range, 'range');
    const opts = parse(seriesOptionsSchema, seriesOptions, 'chart options');
    const local = await this.pickKey(hubId, options.keyId);
    const resolved = resolveRange(r, this.now());
    const compute = (records: readonly UsageRecord[], locals: LocalKeyInfo[]): TimeSeries => {
      const names = nameBook(locals, [], [], records);
      return usageViews({
        records,
        range: resolved,
        groupBy: opts.groupBy,
        metric: opts.metric,
        top: opts.top,
        nameOf: opts.groupBy === 'key' ? (id) => names.of(id).name : (id) => id,
      }).series;
    };
    return this.fromCallLog(hubId, local, resolved, 'series', { ...rangeKey(r), ...opts }, timeSeriesSchema, options, compute);
  }

  /**
   * One page of the hub's call log over a range, newest first, with filters.
   * Served from the mirrored call log (synced first, incrementally), so the
   * filters are exact (the hub matches `model` as a substring: `prose` would
   * also find `prose-mini`), the page agrees with the model and key figures,
   * and a range seen before can be paged offline.
   */
  async calls(hubId: string, query: CallsQuery, options: UsageCallOptions = {}): Promise<Snapshot<CallPage>> {
    const q = parse(callsQuerySchema, query, 'call-log query');
    const local = await this.pickKey(hubId, options.keyId);
    const resolved = resolveRange(q.range, this.now());
    const { range: _range, ...filters } = q;
    const compute = (records: readonly UsageRecord[]): CallPage => {
      const matching = records.filter((r) => matchesCallFilters(r, q));
      const end = matching.length - (q.page - 1) * q.pageSize;
      const page = end > 0 ? matching.slice(Math.max(0, end - q.pageSize), end).reverse() : [];
      return { range: resolved, page: q.page, pageSize: q.pageSize, total: matching.length, records: page };
    };
    return this.fromCallLog(hubId, local, resolved, 'calls', { ...rangeKey(q.range), ...filters }, callPageSchema, options, compute);
  }

  /** For each local key of the hub: when the hub last saw it and how many calls it made in the last 30 days. */
  async keyHints(hubId: string, options: UsageCallOptions = {}): Promise<Snapshot<KeyHint[]>> {
    const local = await this.pickKey(hubId, options.keyId);
    return this.snapshot({
      cacheKey: this.cacheKey(hubId, local.keyId, 'keyHints', {}),
      schema: keyHintSchema.array(),
      maxAgeMs: options.maxAgeMs,
      live: async () => {
        const { client, locals } = await this.connect(hubId, local);
        const nowS = Math.floor(this.now() / 1000);
        const month = { startTime: nowS - 30 * DAY_S, endTime: nowS };
        const year = { startTime: nowS - 365 * DAY_S, endTime: nowS };
        const lookup = async (c: UsageClient) => {
          const [recent, long] = await Promise.all([c.allProjects(month, options.signal), c.allProjects(year, options.signal)]);
          return { recent: new Map(recent.map((p) => [p.appDid, p])), long: new Map(long.map((p) => [p.appDid, p])) };
        };
        const mine = await lookup(client);
        const hints: KeyHint[] = [];
        for (const key of locals) {
          const hint: KeyHint = { keyId: key.keyId, name: key.name, lastUsedAt: null, calls30d: null };
          if (!key.accessKeyId) {
            hints.push(hint);
            continue;
          }
          hint.accessKeyId = key.accessKeyId;
          let seen = mine;
          // A key of another hub account does not show up in this account's figures: ask with that key.
          if (!mine.long.has(key.accessKeyId) && key.keyId !== local.keyId) {
            try {
              seen = await lookup((await this.connect(hubId, key)).client);
            } catch (error) {
              if (isAppError(error) && error.code === 'CANCELLED') throw error;
              hints.push(hint);
              continue;
            }
          }
          const last = seen.long.get(key.accessKeyId)?.lastCallTime ?? 0;
          hint.lastUsedAt = last > 0 ? last * 1000 : null;
          hint.calls30d = seen.recent.get(key.accessKeyId)?.totalCalls ?? 0;
          hints.push(hint);
        }
        return hints;
      },
    });
  }

  /**
   * The app's own log of its calls beside the hub's records of them, per
   * model, with the gaps flagged: calls the hub has not recorded (yet), calls
   * the hub has that the app did not make, and credit differences.
   */
  async clientVsHub(hubId: string, range: UsageRange, options: UsageCallOptions = {}): Promise<Snapshot<ClientVsHub>> {
    const source = this.clientCalls;
    if (!source)
      throw new AppError('NOT_FOUND', "The app's own call log is not available, so there is nothing to compare with.", {
        reason: 'noCallLog',
      });
    const r = parse(usageRangeSchema, range, 'range');
    const local = await this.pickKey(hubId, options.keyId);
    const resolved = resolveRange(r, this.now());
    const compute = async (records: readonly UsageRecord[], locals: LocalKeyInfo[]): Promise<ClientVsHub> => {
      const calls = await source.list({ hubId, start: resolved.start, end: resolved.end });
      const appDids = new Set<string>();
      for (const k of locals) if (k.accessKeyId) appDids.add(k.accessKeyId);
      for (const c of calls) if (c.accessKeyId) appDids.add(c.accessKeyId);
      const rows = compareClientAndHub(calls, records, {
        nowMs: this.now(),
        recordDelayMs: this.recordDelayMs,
        creditThreshold: this.creditThreshold,
        appDids,
      });
      return { range: resolved, rows, recordDelayMs: this.recordDelayMs, creditThreshold: this.creditThreshold };
    };
    return this.fromCallLog(hubId, local, resolved, 'clientVsHub', rangeKey(r), clientVsHubSchema, options, compute);
  }

  /**
   * A summary of the call log over the last `days` (ending at the end of the
   * current hour), for other services (key hygiene): live when the hub
   * answers, else from the cache or the mirrored call log, like every view.
   * `compute` gets the records of `[start, end)`; its answer is cached under
   * `name`, so it must be plain JSON that `schema` accepts.
   */
  async digest<S extends z.ZodType>(
    hubId: string,
    spec: { name: string; days: number; schema: S; compute: (records: readonly UsageRecord[], start: number, end: number) => z.output<S> },
    options: UsageCallOptions = {},
  ): Promise<Snapshot<z.output<S>>> {
    const local = await this.pickKey(hubId, options.keyId);
    const end = Math.floor(this.now() / HOUR_MS) * HOUR_MS + HOUR_MS;
    const range: ResolvedRange = { start: end - spec.days * DAY_S * 1000, end, granularity: 'hour', timezoneOffset: 0 };
    return this.snapshot({
      cacheKey: this.cacheKey(hubId, local.keyId, `digest:${spec.name}`, { days: spec.days }),
      schema: spec.schema,
      maxAgeMs: options.maxAgeMs,
      live: async () => {
        const { client } = await this.connect(hubId, local);
        return spec.compute(await this.syncedRecords(hubId, local.keyId, client, range, options), range.start, range.end);
      },
      offline: async () => {
        const mirror = await this.mirrorFor(hubId, local.keyId);
        if (!this.mirrorCovers(mirror, range) || mirror.syncedAt === null) return undefined;
        const asOf = Math.min(range.end, mirror.syncedAt);
        return { fetchedAt: mirror.syncedAt, data: spec.compute(mirror.recordsIn(range.start, asOf), range.start, asOf) };
      },
    });
  }

  /** Any table as CSV (RFC 4180), columns in the given order. */
  exportCsv(rows: readonly Record<string, unknown>[], columns: readonly CsvColumn[]): string {
    return toCsv(rows, columns);
  }

  /** Forgets everything stored for a hub (its cached figures and call-log mirrors), e.g. when the hub is removed. */
  async forgetHub(hubId: string): Promise<void> {
    const prefix = `${encodeURIComponent(hubId)}/`;
    this.cache.forget(prefix);
    for (const [key, slot] of this.mirrors) {
      if (!key.startsWith(prefix)) continue;
      this.mirrors.delete(key);
      (await slot.ready).forget();
      await this.mirrorStore.delete(key);
    }
    for (const key of this.syncs.keys()) if (key.startsWith(prefix)) this.syncs.delete(key);
  }

  /** What the last call-log refresh for a hub (and key) fetched: requests, records, windows. For diagnostics and tests. */
  lastSync(hubId: string, keyId: string): SyncResult | undefined {
    return this.syncs.get(this.mirrorKey(hubId, keyId));
  }

  // ---- internals ----

  private async pickKey(hubId: string, keyId: string | undefined): Promise<LocalKeyInfo> {
    const keys = await this.directory.keysForHub(hubId);
    const key = keyId ? keys.find((k) => k.keyId === keyId) : (keys.find((k) => k.isDefault) ?? keys[0]);
    if (!key) {
      throw new AppError('NOT_FOUND', keyId ? 'That key is not saved for this hub any more.' : 'Add a key for this hub to see its usage.', {
        reason: keyId ? 'keyNotSaved' : 'noKeyForHub',
        hubId,
      });
    }
    return key;
  }

  private async connect(hubId: string, local: LocalKeyInfo): Promise<{ client: UsageClient; locals: LocalKeyInfo[] }> {
    const [resolved, locals] = await Promise.all([this.resolver.resolve(local.keyId), this.directory.keysForHub(hubId)]);
    if (resolved.hubId !== hubId)
      throw new AppError('INVALID_INPUT', 'That key belongs to another hub.', { reason: 'keyOfOtherHub', hubId });
    const client = new UsageClient({
      mountUrl: resolved.mountUrl,
      secret: resolved.secret,
      ...(this.timeoutMs !== undefined ? { timeoutMs: this.timeoutMs } : {}),
      ...(this.userAgent ? { userAgent: this.userAgent } : {}),
    });
    return { client, locals };
  }

  private mirrorKey(hubId: string, keyId: string): string {
    return `${encodeURIComponent(hubId)}/${encodeURIComponent(keyId)}`;
  }

  private mirrorSlot(hubId: string, keyId: string): MirrorSlot {
    const key = this.mirrorKey(hubId, keyId);
    let slot = this.mirrors.get(key);
    if (!slot) {
      const ready = this.mirrorStore.load(key).then(
        (state) => RecordMirror.from(state),
        () => new RecordMirror(),
      );
      slot = { ready, tail: ready };
      this.mirrors.set(key, slot);
    }
    return slot;
  }

  private mirrorFor(hubId: string, keyId: string): Promise<RecordMirror> {
    return this.mirrorSlot(hubId, keyId).ready;
  }

  /** Brings the mirror up to date for the range (one sync per mirror at a time) and returns the range's records. */
  private async syncedRecords(
    hubId: string,
    keyId: string,
    client: UsageClient,
    range: ResolvedRange,
    options: UsageCallOptions,
  ): Promise<readonly UsageRecord[]> {
    const slot = this.mirrorSlot(hubId, keyId);
    const key = this.mirrorKey(hubId, keyId);
    const run = async () => {
      const mirror = await slot.ready;
      const result = await syncMirror(mirror, client, range.start, range.end, {
        nowMs: this.now(),
        settleMs: this.settleMs,
        longestCallMs: this.longestCallMs,
        concurrency: this.concurrency,
        signal: options.signal,
        onProgress: options.onProgress,
        maxRecords: this.maxSyncRecords,
      });
      this.syncs.set(key, result);
      mirror.trim(this.maxMirrorRecords);
      if (result.requests > 0) {
        // Losing the on-disk copy only costs a refetch later: never fail the view for it.
        await this.mirrorStore.save(key, mirror.state()).catch(() => undefined);
      }
      if (result.truncated) {
        // What arrived stays in the mirror; the figures would be wrong, so say so instead of showing them.
        const { reported, read } = result.truncated;
        throw new AppError(
          'HUB_ERROR',
          `The hub reports ${reported.toLocaleString('en-US')} calls in this period, more than the app reads at once (${read.toLocaleString('en-US')} were read and kept). Pick a shorter period.`,
          { reason: 'usageTooManyRecords', reported, read },
        );
      }
      return mirror.recordsIn(range.start, range.end);
    };
    const done = slot.tail.then(run, run);
    slot.tail = done.catch(() => undefined);
    return done;
  }

  /** The mirror can answer for `range` offline if one covered stretch runs from its start to the last sync's horizon. */
  private mirrorCovers(mirror: RecordMirror, range: ResolvedRange): boolean {
    if (mirror.syncedAt === null) return false;
    const around = mirror.coveredAround(range.start);
    if (!around) return false;
    const horizon = finalHorizon(mirror.syncedAt, this.settleMs, this.longestCallMs);
    return around[1] >= Math.min(range.end, horizon);
  }

  /**
   * A view computed from the call log: live, the mirror is synced for the
   * range first; offline, it answers from the mirror when that covers the range.
   */
  private fromCallLog<S extends z.ZodType>(
    hubId: string,
    local: LocalKeyInfo,
    range: ResolvedRange,
    view: string,
    query: object,
    schema: S,
    options: UsageCallOptions,
    compute: (records: readonly UsageRecord[], locals: LocalKeyInfo[]) => z.output<S> | Promise<z.output<S>>,
  ): Promise<Snapshot<z.output<S>>> {
    return this.snapshot({
      cacheKey: this.cacheKey(hubId, local.keyId, view, query),
      schema,
      maxAgeMs: options.maxAgeMs,
      live: async () => {
        const { client, locals } = await this.connect(hubId, local);
        return compute(await this.syncedRecords(hubId, local.keyId, client, range, options), locals);
      },
      offline: async () => {
        const mirror = await this.mirrorFor(hubId, local.keyId);
        if (!this.mirrorCovers(mirror, range) || mirror.syncedAt === null) return undefined;
        const locals = await this.directory.keysForHub(hubId);
        return { fetchedAt: mirror.syncedAt, data: await compute(mirror.recordsIn(range.start, range.end), locals) };
      },
    });
  }

  private cacheKey(hubId: string, keyId: string, view: string, query: object): string {
    return `${this.mirrorKey(hubId, keyId)}/${view}/${JSON.stringify(query)}`;
  }

  /**
   * Live figures, cached for later; or, when the hub cannot be reached, the
   * most recent figures available offline (the cache, or the call-log mirror)
   * labelled with their age. With nothing saved, the original error, saying so.
   */
  private async snapshot<S extends z.ZodType>(spec: {
    cacheKey: string;
    schema: S;
    maxAgeMs: number | undefined;
    live: () => Promise<z.output<S>>;
    offline?: () => Promise<{ fetchedAt: number; data: z.output<S> } | undefined>;
  }): Promise<Snapshot<z.output<S>>> {
    const cached = (): { fetchedAt: number; data: z.output<S> } | undefined => {
      const hit = this.cache.get(spec.cacheKey);
      if (!hit) return undefined;
      const parsed = spec.schema.safeParse(hit.data);
      return parsed.success ? { fetchedAt: hit.fetchedAt, data: parsed.data } : undefined;
    };
    if (spec.maxAgeMs !== undefined) {
      const hit = cached();
      const age = hit ? this.now() - hit.fetchedAt : Infinity;
      if (hit && age >= 0 && age <= spec.maxAgeMs)
        return { fetchedAt: hit.fetchedAt, source: 'cache', ageMs: age, stale: false, data: hit.data };
    }
    try {
      const data = await spec.live();
      const fetchedAt = this.now();
      this.cache.put(spec.cacheKey, fetchedAt, data);
      return { fetchedAt, source: 'live', ageMs: 0, stale: false, data };
    } catch (error) {
      if (!worksOffline(error)) throw error;
      const fromMirror = spec.offline ? await spec.offline().catch(() => undefined) : undefined;
      const candidates = [cached(), fromMirror].filter((c): c is { fetchedAt: number; data: z.output<S> } => c !== undefined);
      const best = candidates.sort((a, b) => b.fetchedAt - a.fetchedAt)[0];
      if (!best) throw nothingSaved(error);
      return {
        fetchedAt: best.fetchedAt,
        source: 'cache',
        ageMs: Math.max(0, this.now() - best.fetchedAt),
        stale: true,
        error: toErrorValue(error),
        data: best.data,
      };
    }
  }
}

const EMPTY = totalsBy([], 0, 0, () => '').total;

/** Errors after which saved figures are better than none: the hub (or the keychain) cannot be reached right now. */
function worksOffline(error: unknown): error is AppError {
  if (!isAppError(error)) return false;
  if (error.code === 'HUB_UNREACHABLE' || error.code === 'TIMEOUT' || error.code === 'KEYCHAIN_UNAVAILABLE') return true;
  const status = error.detail?.status;
  return error.code === 'HUB_ERROR' && (status === 502 || status === 503 || status === 504);
}

function nothingSaved(error: AppError): AppError {
  return new AppError(
    error.code,
    `${error.message} No usage figures for this view have been saved on this computer yet, so there is nothing to show offline.`,
    { ...error.detail, cached: false },
  );
}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AppError('INVALID_INPUT', `The ${what} is not valid${issue ? `: ${issue.message}` : ''}.`, {
    reason: 'invalidPayload',
    fields: parsed.error.issues.slice(0, 5).map((i) => i.path.join('.')),
  });
}

/** The range as the user asked for it (a preset stays a preset), so "last 7 days" offline is the last "last 7 days" seen. */
function rangeKey(range: UsageRange): Record<string, unknown> {
  const base = { tz: range.timezoneOffset, zone: range.timeZone ?? null };
  return 'preset' in range ? { preset: range.preset, ...base } : { start: Date.parse(range.start), end: Date.parse(range.end), ...base };
}

/** Exact filters over records: `model` is a `provider/model` id or a bare model name. */
function matchesCallFilters(
  r: UsageRecord,
  q: { model?: string | undefined; appDid?: string | undefined; status?: string | undefined; type?: string | undefined },
): boolean {
  if (q.model && r.modelId !== q.model && r.model !== q.model) return false;
  if (q.appDid && r.appDid !== q.appDid) return false;
  if (q.status && q.status !== 'all' && r.status !== q.status) return false;
  if (q.type && r.type !== q.type) return false;
  return true;
}

function latestIn(records: readonly UsageRecord[], appDid: string): number {
  let latest = 0;
  for (const r of records) if (r.appDid === appDid && r.time > latest) latest = r.time;
  return latest;
}

/** Names for appDids: the app's own name for its keys, else the hub's appName, else the id. */
function nameBook(
  locals: readonly LocalKeyInfo[],
  projects: readonly Pick<ProjectWire, 'appDid' | 'appName'>[],
  trendProjects: readonly { appDid: string; appName?: string | undefined }[],
  records: readonly UsageRecord[],
) {
  const local = new Map<string, string>();
  for (const k of locals) if (k.accessKeyId) local.set(k.accessKeyId, k.name);
  const hub = new Map<string, string>();
  const learn = (appDid: string, name: string | undefined) => {
    if (name && name !== appDid && !hub.has(appDid)) hub.set(appDid, name);
  };
  for (const p of projects) learn(p.appDid, p.appName);
  for (const p of trendProjects) learn(p.appDid, p.appName);
  for (const r of records) learn(r.appDid, r.appName);
  return {
    of(appDid: string): { name: string; nameSource: 'local' | 'hub' | 'id' } {
      const mine = local.get(appDid);
      if (mine) return { name: mine, nameSource: 'local' };
      const theirs = hub.get(appDid);
      if (theirs) return { name: theirs, nameSource: 'hub' };
      return { name: appDid, nameSource: 'id' };
    },
  };
}
