import { z } from 'zod';
import type { Quota, UsageRecord } from '../../../shared/usage';
import { DEFAULT_HUB_TIMEOUT_MS, hubRequest } from '../hub/http';
import { readHubJson } from '../hub/json';
import { redactSecrets } from '../hub/redact';

/**
 * Typed calls to the hub's usage endpoints (docs/hub-protocol.md §7). Every answer
 * is validated, tolerantly: numbers may come as numeric strings, optional
 * fields may be missing or null. Errors are the hub module's AppErrors (§8).
 *
 * The key travels only in the Authorization header. `x-aigne-hub-client-did`
 * is never sent: without it the hub attributes calls to the key, which is
 * what per-key usage is made of.
 */

// ---- tolerant wire pieces ----

/** A number, or a numeric string ("0.0001"). */
const num = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number());
/** Like `num`, with null/missing as 0. */
const num0 = z.preprocess(
  (v) => (v === null || v === undefined ? 0 : typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
  z.number(),
);
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);
const idText = z.union([z.string(), z.number()]).transform(String);

const usageMetricsWire = z
  .looseObject({
    inputTokens: num0,
    outputTokens: num0,
    cacheCreationInputTokens: num.nullish(),
    cacheReadInputTokens: num.nullish(),
  })
  .nullish();

/** A provider database id (a long numeric string on a real hub), not a name. */
const isDatabaseId = (value: string) => /^\d+$/.test(value);

/**
 * The provider's *name* (`openai`): the record's `provider` object carries it;
 * `providerId` is the provider row's database id on a real hub (docs/hub-protocol.md §7).
 */
const providerWire = z
  .union([z.string(), z.looseObject({ id: idText.nullish(), name: text, displayName: text })])
  .nullish()
  .transform((p) => (typeof p === 'string' ? p : (p?.name ?? undefined)));

export const recordWire = z.looseObject({
  id: idText,
  callTime: num.nullish(),
  createdAt: text,
  model: text,
  providerId: idText.nullish(),
  provider: providerWire,
  type: text,
  status: text,
  duration: num0,
  ttfb: num0,
  totalUsage: num0,
  usageMetrics: usageMetricsWire,
  credits: num0,
  errorReason: text,
  appDid: text,
  appInfo: z.looseObject({ appName: text }).nullish(),
  requestId: text,
});
export type RecordWire = z.output<typeof recordWire>;

const billingWire = z.looseObject({ enableCredit: z.boolean().nullish(), creditBalance: z.unknown().optional() });

export const quotaWire = z.looseObject({
  total: num0,
  remaining: num0,
  used: num.nullish(),
  pendingCredit: num0,
  estimatedDaysRemaining: num.nullish(),
  dailyAvgCredits: num0,
  currency: z.looseObject({ name: text, symbol: text, decimal: num.nullish() }).nullish().catch(undefined),
});

const projectWire = z.looseObject({
  appDid: z.string(),
  appName: text,
  appLogo: text,
  appUrl: text,
  totalCalls: num0,
  totalCredits: num0,
  avgDuration: num0,
  successRate: num0,
  lastCallTime: num0,
});
export type ProjectWire = z.output<typeof projectWire>;

const projectsWire = z.looseObject({
  projects: z.array(projectWire),
  total: num0,
  page: num0,
  pageSize: num0,
});

const trendStatsWire = z.looseObject({
  totalUsage: num0,
  totalCredits: num0,
  totalCalls: num0,
  successCalls: num0,
  avgDuration: num0,
  avgTtfb: num0,
});

const groupTrendsWire = z.looseObject({
  projects: z.array(z.looseObject({ appDid: z.string(), appName: text, lastCallTime: num0 })).default([]),
  trends: z.array(z.looseObject({ timestamp: num, byProject: z.record(z.string(), trendStatsWire).default({}) })).default([]),
  granularity: text,
});
export type GroupTrends = z.output<typeof groupTrendsWire>;

const projectTrendsWire = z.looseObject({
  project: z.looseObject({ appDid: z.string(), appName: text }).nullish(),
  trends: z
    .array(
      z.looseObject({
        timestamp: num,
        calls: num0,
        successCalls: num0,
        avgDuration: num0,
        avgTtfb: num0,
        totalCredits: num0,
        totalUsage: num0,
      }),
    )
    .default([]),
  granularity: text,
});
export type ProjectTrends = z.output<typeof projectTrendsWire>;

const recordListWire = z.looseObject({ list: z.array(recordWire), count: num0, page: num.nullish(), pageSize: num.nullish() });

const modelCallsWire = z.looseObject({
  list: z.array(recordWire),
  count: num0,
  paging: z.looseObject({ page: num0, pageSize: num0 }).nullish(),
});

const usageStatsWire = z.looseObject({
  modelStats: z.looseObject({
    list: z.array(z.looseObject({ providerId: idText.nullish(), provider: providerWire, model: z.string(), totalCalls: num0 })).default([]),
    totalModelCount: num0,
  }),
});
export type UsageStats = z.output<typeof usageStatsWire>;

// ---- normalisation ----

/** `success`, `failed` or `processing`; anything unexpected counts as failed. */
function normaliseStatus(status: string | undefined): UsageRecord['status'] {
  if (status === 'success' || status === 'processing') return status;
  if (status === 'pending') return 'processing';
  return 'failed';
}

function count(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.round(n) : 0;
}

/** A hub call record in the app's units: ms instants and durations, numbers, `provider/model` id. */
export function normaliseRecord(w: RecordWire): UsageRecord {
  // The name from the joined provider object; an older hub that stored the name in providerId still works.
  const provider = w.provider ?? (w.providerId && !isDatabaseId(w.providerId) ? w.providerId : '');
  const model = w.model ?? 'unknown';
  const seconds = w.callTime ?? (w.createdAt ? Date.parse(w.createdAt) / 1000 : 0);
  const record: UsageRecord = {
    id: w.id,
    time: Math.round((Number.isFinite(seconds) ? seconds : 0) * 1000),
    modelId: provider ? `${provider}/${model}` : model,
    model,
    provider,
    status: normaliseStatus(w.status),
    type: w.type ?? 'unknown',
    inputTokens: count(w.usageMetrics?.inputTokens ?? 0),
    outputTokens: count(w.usageMetrics?.outputTokens ?? 0),
    totalUsage: w.totalUsage,
    credits: w.credits,
    durationMs: Math.max(0, Math.round(w.duration * 1000)),
    ttfbMs: Math.max(0, Math.round(w.ttfb)),
    appDid: w.appDid ?? '',
  };
  const cacheCreation = w.usageMetrics?.cacheCreationInputTokens;
  const cacheRead = w.usageMetrics?.cacheReadInputTokens;
  if (cacheCreation != null) record.cacheCreationInputTokens = count(cacheCreation);
  if (cacheRead != null) record.cacheReadInputTokens = count(cacheRead);
  if (w.appInfo?.appName) record.appName = w.appInfo.appName;
  if (w.errorReason) record.errorReason = redactSecrets(w.errorReason).slice(0, 1000);
  if (w.requestId) record.requestId = w.requestId;
  return record;
}

export function normaliseQuota(w: z.output<typeof quotaWire>): Quota {
  const quota: Quota = {
    total: w.total,
    remaining: w.remaining,
    used: w.used ?? w.total - w.remaining,
    pendingCredit: w.pendingCredit,
    // The hub says 999 days when nothing is being spent: no estimate.
    estimatedDaysRemaining: w.estimatedDaysRemaining == null || w.estimatedDaysRemaining >= 999 ? null : w.estimatedDaysRemaining,
    dailyAvgCredits: w.dailyAvgCredits,
  };
  if (w.currency) {
    const c: NonNullable<Quota['currency']> = {};
    if (w.currency.name) c.name = w.currency.name;
    if (w.currency.symbol) c.symbol = w.currency.symbol;
    if (w.currency.decimal != null) c.decimal = w.currency.decimal;
    quota.currency = c;
  }
  return quota;
}

// ---- the client ----

/** A time window in the hub's terms: unix seconds, both ends inclusive. */
export interface HubWindow {
  startTime: number;
  endTime: number;
  timezoneOffset?: number;
}

export interface ModelCallsQuery {
  page: number;
  /** At most 100. */
  pageSize: number;
  startTime?: number;
  endTime?: number;
  status?: 'success' | 'failed' | 'all';
  model?: string;
  type?: string;
  providerId?: string;
  appDid?: string;
  search?: string;
}

export interface ProjectCallsQuery extends HubWindow {
  appDid?: string;
  model?: string;
  status?: string;
  type?: string;
  search?: string;
  page: number;
  pageSize: number;
}

export interface ModelCallsPage {
  count: number;
  records: UsageRecord[];
}

export interface UsageClientOptions {
  /** The hub's mount (`{origin}{mountPoint}`), from discovery. */
  mountUrl: string;
  secret: string;
  timeoutMs?: number;
  userAgent?: string;
}

export const MAX_PAGE_SIZE = 100;

export class UsageClient {
  readonly mountUrl: string;
  readonly #secret: string;
  private readonly timeoutMs: number;
  private readonly userAgent: string | undefined;

  constructor(options: UsageClientOptions) {
    this.mountUrl = options.mountUrl.replace(/\/+$/, '');
    this.#secret = options.secret;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_HUB_TIMEOUT_MS;
    this.userAgent = options.userAgent;
  }

  /**
   * The account's credits: total, remaining, used, pending, daily average.
   * A hub with billing off answers all zeros; `/api/user/info` says which
   * (`enableCredit: false`, docs/hub-protocol.md §7).
   */
  async quota(signal?: AbortSignal): Promise<Quota> {
    const [wire, info] = await Promise.all([
      this.get('/api/usage/quota', {}, quotaWire, 'your credits', signal),
      this.get('/api/user/info', {}, billingWire, 'your account', signal).catch(() => undefined),
    ]);
    const quota = normaliseQuota(wire);
    if (info) quota.billingEnabled = info.enableCredit ?? info.creditBalance != null;
    return quota;
  }

  /** One page of per-project (= per-key) totals over the window. */
  projects(
    window: HubWindow,
    paging: { page?: number; pageSize?: number; sortBy?: 'totalCalls' | 'totalCredits'; sortOrder?: 'asc' | 'desc' } = {},
    signal?: AbortSignal,
  ) {
    return this.get(
      '/api/usage/projects',
      {
        ...windowParams(window),
        page: paging.page ?? 1,
        pageSize: clampPageSize(paging.pageSize),
        sortBy: paging.sortBy,
        sortOrder: paging.sortOrder,
      },
      projectsWire,
      'usage per key',
      signal,
    );
  }

  /** Every project over the window, paging as needed. */
  async allProjects(window: HubWindow, signal?: AbortSignal): Promise<ProjectWire[]> {
    const projects: ProjectWire[] = [];
    for (let page = 1; page <= 1000; page++) {
      const answer = await this.projects(window, { page, pageSize: MAX_PAGE_SIZE }, signal);
      projects.push(...answer.projects);
      if (answer.projects.length === 0 || projects.length >= answer.total) break;
    }
    return projects;
  }

  /** Per-project trend in the hub's buckets (hourly ≤ 1 day, else daily, at the user's local starts). */
  groupTrends(window: HubWindow, signal?: AbortSignal): Promise<GroupTrends> {
    return this.get('/api/usage/projects/group-trends', windowParams(window), groupTrendsWire, 'usage over time', signal);
  }

  /** One project's trend. */
  projectTrends(appDid: string, window: HubWindow, signal?: AbortSignal): Promise<ProjectTrends> {
    return this.get(
      '/api/usage/projects/trends',
      { appDid, ...windowParams(window) },
      projectTrendsWire,
      'usage of a key over time',
      signal,
    );
  }

  /** One page of a project's call records, newest first. */
  async projectCalls(query: ProjectCallsQuery, signal?: AbortSignal): Promise<ModelCallsPage> {
    const { page, pageSize, appDid, model, status, type, search, ...window } = query;
    const wire = await this.get(
      '/api/usage/projects/calls',
      { ...windowParams(window), appDid, model, status, type, search, page, pageSize: clampPageSize(pageSize) },
      recordListWire,
      'calls of a key',
      signal,
    );
    return { count: wire.count, records: wire.list.map(normaliseRecord) };
  }

  /** One page of the account's call log, newest first. */
  async modelCalls(query: ModelCallsQuery, signal?: AbortSignal): Promise<ModelCallsPage> {
    const wire = await this.get(
      '/api/user/model-calls',
      { ...query, pageSize: clampPageSize(query.pageSize) },
      modelCallsWire,
      'the call log',
      signal,
    );
    return { count: wire.count, records: wire.list.map(normaliseRecord) };
  }

  /** The hub's top-5 models by calls (the only per-model figure it computes itself). */
  usageStats(startTime: number, endTime: number, signal?: AbortSignal): Promise<UsageStats> {
    return this.get('/api/user/usage-stats', { startTime, endTime }, usageStatsWire, 'model statistics', signal);
  }

  private async get<S extends z.ZodType>(
    path: string,
    params: Record<string, string | number | undefined>,
    schema: S,
    what: string,
    signal: AbortSignal | undefined,
  ): Promise<z.output<S>> {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(name, String(value));
    const qs = query.toString();
    const res = await hubRequest(`${this.mountUrl}${path}${qs ? `?${qs}` : ''}`, {
      headers: { authorization: `Bearer ${this.#secret}` },
      timeoutMs: this.timeoutMs,
      ...(this.userAgent ? { userAgent: this.userAgent } : {}),
      ...(signal ? { signal } : {}),
    });
    return readHubJson(res, schema, what);
  }
}

function windowParams(window: HubWindow): Record<string, number | undefined> {
  return { startTime: window.startTime, endTime: window.endTime, timezoneOffset: window.timezoneOffset };
}

function clampPageSize(size: number | undefined): number {
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(size ?? MAX_PAGE_SIZE)));
}
