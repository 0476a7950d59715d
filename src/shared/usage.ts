import { z } from 'zod';
import { errorValueSchema } from './error-schema';

/**
 * The usage capability's contract: what the Usage pages ask for and what they
 * get back. Conventions, everywhere in this file:
 * - instants are UTC milliseconds (the hub's unix seconds are converted);
 * - durations are milliseconds (the hub sends call durations in seconds);
 * - credits are plain numbers (the hub may send numeric strings);
 * - rates are fractions 0…1 (the hub sends percentages), `null` when there is
 *   nothing to divide by, so "no calls" never shows as "0 % success";
 * - averages (duration, time to first byte) are over successful calls, as the
 *   hub computes them, and `null` when there were none.
 * Nothing here ever holds a key secret or prompt text.
 */

const ms = z.number().int();
const count = z.number().int().nonnegative();
const amount = z.number();
const rate = z.number().min(0).max(1).nullable();
const avgMs = z.number().nonnegative().nullable();
const id = z.string().min(1).max(200);

// ---- time ranges ----

export const RANGE_PRESETS = ['24h', '7d', '30d', '90d'] as const;
export const rangePresetSchema = z.enum(RANGE_PRESETS);
export type RangePreset = z.infer<typeof rangePresetSchema>;

/** JS `Date#getTimezoneOffset()` minutes: UTC+8 → -480, UTC−5 → 300 (docs/hub-protocol.md §7). */
export const timezoneOffsetSchema = z
  .number()
  .int()
  .min(-16 * 60)
  .max(16 * 60);

/**
 * Optional IANA zone ("America/New_York"). Without it every bucket uses
 * `timezoneOffset`, exactly like the hub (so a range across a DST change has
 * its older buckets an hour off local midnight). With it, each bucket starts
 * at the real local midnight/hour of its own day; the hub is still sent the
 * current `timezoneOffset`, so hub-computed trends keep the hub's rule.
 */
const timeZoneName = z.string().min(1).max(64).optional();

export const granularitySchema = z.enum(['hour', 'day']);
export type Granularity = z.infer<typeof granularitySchema>;

/**
 * A period to look at. Presets end now: `24h` is the 24 local hours up to and
 * including the current one, `Nd` the N local days up to and including today.
 * An explicit range is `[start, end)`: `end` is exclusive.
 */
export const usageRangeSchema = z.union([
  z.object({ preset: rangePresetSchema, timezoneOffset: timezoneOffsetSchema, timeZone: timeZoneName }),
  z
    .object({
      start: z.iso.datetime({ offset: true }),
      end: z.iso.datetime({ offset: true }),
      timezoneOffset: timezoneOffsetSchema,
      timeZone: timeZoneName,
    })
    .refine((r) => Date.parse(r.start) < Date.parse(r.end), { message: 'The range must end after it starts.', path: ['end'] })
    .refine((r) => Date.parse(r.end) - Date.parse(r.start) <= 400 * 86_400_000, {
      message: 'Pick a range of at most 400 days.',
      path: ['start'],
    }),
]);
export type UsageRange = z.infer<typeof usageRangeSchema>;

/** A range as the service resolved it: `[start, end)` in UTC ms and how it is bucketed. */
export const resolvedRangeSchema = z.object({
  start: ms,
  end: ms,
  granularity: granularitySchema,
  timezoneOffset: timezoneOffsetSchema,
  timeZone: z.string().optional(),
  preset: rangePresetSchema.optional(),
});
export type ResolvedRange = z.infer<typeof resolvedRangeSchema>;

/** One chart bucket: its start (UTC ms) and a label key in the user's local time, `2025-01-15` or `2025-01-15T10:00`. */
export const bucketSchema = z.object({ start: ms, key: z.string() });
export type Bucket = z.infer<typeof bucketSchema>;

// ---- snapshots (live or from the local cache) ----

export const snapshotSourceSchema = z.enum(['live', 'cache']);

/**
 * Every usage answer is a snapshot. `source: 'cache'` with `stale: true` means
 * the hub could not be reached and these are the last figures fetched
 * (`error` says why the live fetch failed); `stale: false` means a recent
 * enough copy was reused on purpose (`maxAgeMs`).
 */
export function snapshotSchema<T extends z.ZodType>(data: T) {
  return z.object({
    fetchedAt: ms,
    source: snapshotSourceSchema,
    ageMs: z.number().int().nonnegative(),
    stale: z.boolean(),
    error: errorValueSchema.optional(),
    data,
  });
}
export interface Snapshot<T> {
  fetchedAt: number;
  source: 'live' | 'cache';
  ageMs: number;
  stale: boolean;
  error?: z.infer<typeof errorValueSchema>;
  data: T;
}

/** Progress while the call log is paged in (`fetched` of `total` records). */
export const usageProgressSchema = z.object({ fetched: count, total: count });
export type UsageProgress = z.infer<typeof usageProgressSchema>;

// ---- call records ----

export const callStatusSchema = z.enum(['success', 'failed', 'processing']);

/** One call record, as the hub sends it, normalised (docs/hub-protocol.md §7). */
export const usageRecordSchema = z.object({
  id: z.string(),
  /** When the call started (the hub's `callTime`). */
  time: ms,
  /** The id the app uses, `provider/model` (`sandbox/echo`). */
  modelId: z.string(),
  /** The model as the hub stores it, without the provider (`echo`). */
  model: z.string(),
  provider: z.string(),
  status: callStatusSchema,
  /** chatCompletion | embedding | imageGeneration | video | … as the hub names it. */
  type: z.string(),
  inputTokens: count,
  outputTokens: count,
  cacheCreationInputTokens: count.optional(),
  cacheReadInputTokens: count.optional(),
  /** The hub's `totalUsage`: tokens for text calls, images for image calls. */
  totalUsage: amount,
  credits: amount,
  durationMs: z.number().nonnegative(),
  ttfbMs: z.number().nonnegative(),
  /** The key's access key id, or the client app's DID when one was sent. */
  appDid: z.string(),
  appName: z.string().optional(),
  errorReason: z.string().optional(),
  requestId: z.string().optional(),
});
export type UsageRecord = z.infer<typeof usageRecordSchema>;

export const callsStatusFilterSchema = z.enum(['success', 'failed', 'all']);

export const callsQuerySchema = z.object({
  range: usageRangeSchema,
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(50),
  /** `provider/model` or the bare model name. */
  model: z.string().max(200).optional(),
  appDid: z.string().max(200).optional(),
  status: callsStatusFilterSchema.optional(),
  type: z.string().max(50).optional(),
});
export type CallsQuery = z.input<typeof callsQuerySchema>;

export const callPageSchema = z.object({
  range: resolvedRangeSchema,
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  total: count,
  records: z.array(usageRecordSchema),
});
export type CallPage = z.infer<typeof callPageSchema>;

// ---- totals ----

/** The hub account's credits (`/api/usage/quota`). */
export const quotaSchema = z.object({
  total: amount,
  remaining: amount,
  used: amount,
  pendingCredit: amount,
  /** `null` when nothing is being spent (the hub says 999). */
  estimatedDaysRemaining: z.number().nullable(),
  dailyAvgCredits: amount,
  currency: z.object({ name: z.string().optional(), symbol: z.string().optional(), decimal: z.number().optional() }).optional(),
  /** False on a hub with credit billing off (`enableCredit: false`): no balance and no "days left" to show. */
  billingEnabled: z.boolean().optional(),
});
export type Quota = z.infer<typeof quotaSchema>;

const totalsShape = {
  calls: count,
  successCalls: count,
  failedCalls: count,
  inputTokens: count,
  outputTokens: count,
  cacheCreationInputTokens: count,
  cacheReadInputTokens: count,
  credits: amount,
  successRate: rate,
  avgDurationMs: avgMs,
  avgTtfbMs: avgMs,
};
export const usageTotalsSchema = z.object(totalsShape);
export type UsageTotals = z.infer<typeof usageTotalsSchema>;

/** Usage of one key (or client app: `appDid`) over a range. */
export const keyUsageRowSchema = z.object({
  ...totalsShape,
  appDid: z.string(),
  /** The local key's id, when this access key is one the app keeps. */
  keyId: z.string().optional(),
  accessKeyId: z.string().optional(),
  /** The app's name for a local key, else the hub's `appName`, else the id. */
  name: z.string(),
  nameSource: z.enum(['local', 'hub', 'id']),
  /** Last call with this key at any time (not only in the range), UTC ms. */
  lastUsedAt: ms.nullable(),
});
export type KeyUsageRow = z.infer<typeof keyUsageRowSchema>;

/** Usage of one model over a range, aggregated from the call log. */
export const modelUsageRowSchema = z.object({
  ...totalsShape,
  modelId: z.string(),
  model: z.string(),
  provider: z.string(),
  types: z.array(z.string()),
});
export type ModelUsageRow = z.infer<typeof modelUsageRowSchema>;

// ---- time series ----

export const SERIES_METRICS = [
  'calls',
  'failedCalls',
  'inputTokens',
  'outputTokens',
  'tokens',
  'credits',
  'avgDurationMs',
  'avgTtfbMs',
  'successRate',
] as const;
export const seriesMetricSchema = z.enum(SERIES_METRICS);
export type SeriesMetric = z.infer<typeof seriesMetricSchema>;
/** Metrics that add up across groups, so their series can be stacked. */
export const STACKABLE_METRICS: readonly SeriesMetric[] = ['calls', 'failedCalls', 'inputTokens', 'outputTokens', 'tokens', 'credits'];

export const seriesGroupBySchema = z.enum(['model', 'key']);
export type SeriesGroupBy = z.infer<typeof seriesGroupBySchema>;

export const seriesOptionsSchema = z.object({
  groupBy: seriesGroupBySchema,
  metric: seriesMetricSchema,
  /** Keep the N largest groups (by the metric's total, or by calls for averages); fold the rest into "Other". */
  top: z.number().int().min(1).max(50).optional(),
});
export type SeriesOptions = z.infer<typeof seriesOptionsSchema>;

/** The id of the folded-together remainder when `top` is used. */
export const OTHER_SERIES_ID = '__other__';

/**
 * One metric over time, one series per model or key. `values[i]` belongs to
 * `buckets[i]`; every bucket of the range is present (zero-filled; `null` for
 * averages and rates of an empty bucket). `total` is the metric over all groups.
 */
export const timeSeriesSchema = z.object({
  range: resolvedRangeSchema,
  groupBy: seriesGroupBySchema,
  metric: seriesMetricSchema,
  stackable: z.boolean(),
  buckets: z.array(bucketSchema),
  series: z.array(z.object({ id: z.string(), name: z.string(), total: z.number().nullable(), values: z.array(z.number().nullable()) })),
  total: z.array(z.number().nullable()),
});
export type TimeSeries = z.infer<typeof timeSeriesSchema>;

/** One bucket of the hub's own per-key trend (`group-trends`); `tokens` is the hub's `totalUsage`. */
export const hubTrendPointSchema = z.object({
  calls: count,
  successCalls: count,
  tokens: amount,
  credits: amount,
  successRate: rate,
  avgDurationMs: avgMs,
  avgTtfbMs: avgMs,
});
export type HubTrendPoint = z.infer<typeof hubTrendPointSchema>;

export const hubKeyTrendSchema = z.object({
  granularity: granularitySchema,
  buckets: z.array(bucketSchema),
  keys: z.array(z.object({ appDid: z.string(), name: z.string(), points: z.array(hubTrendPointSchema) })),
});
export type HubKeyTrend = z.infer<typeof hubKeyTrendSchema>;

// ---- page answers ----

export const usageOverviewSchema = z.object({
  range: resolvedRangeSchema,
  quota: quotaSchema,
  totals: usageTotalsSchema,
  /** Every key with calls in the range, plus the app's keys for this hub (zero-filled). Sorted by calls. */
  keys: z.array(keyUsageRowSchema),
  /** The hub's per-key trend, bucketed by the hub. */
  trend: hubKeyTrendSchema,
});
export type UsageOverview = z.infer<typeof usageOverviewSchema>;

export const modelUsageSchema = z.object({
  range: resolvedRangeSchema,
  totals: usageTotalsSchema,
  /** Sorted by credits, then calls. */
  rows: z.array(modelUsageRowSchema),
});
export type ModelUsage = z.infer<typeof modelUsageSchema>;

/** What the Keys page shows beside each local key. */
export const keyHintSchema = z.object({
  keyId: z.string(),
  name: z.string(),
  accessKeyId: z.string().optional(),
  /** UTC ms; `null` when the hub has no call with this key. */
  lastUsedAt: ms.nullable(),
  /** Calls in the last 30 days; `null` when unknown (no access key id, or the hub would not say). */
  calls30d: count.nullable(),
});
export type KeyHint = z.infer<typeof keyHintSchema>;

export const CLIENT_VS_HUB_FLAGS = [
  'pending-on-hub', // calls the app made recently that the hub has not recorded yet (records appear with a delay)
  'missing-on-hub', // calls the app made long enough ago that the hub should have them, but does not
  'hub-only-calls', // calls the hub recorded with the app's keys that the app did not make (another client using the key)
  'credit-difference', // the app's estimate and the hub's billed credits differ by more than the threshold
  'token-difference', // token counts of matched calls differ
] as const;
export const clientVsHubFlagSchema = z.enum(CLIENT_VS_HUB_FLAGS);
export type ClientVsHubFlag = z.infer<typeof clientVsHubFlagSchema>;

const sideTotals = z.object({ calls: count, successCalls: count, inputTokens: count, outputTokens: count });

export const clientVsHubRowSchema = z.object({
  modelId: z.string(),
  client: sideTotals.extend({
    /** The app's estimate from the hub's published rates; `null` when it had no rate to estimate with. */
    estimatedCredits: amount.nullable(),
  }),
  hub: sideTotals.extend({ credits: amount }),
  /** Calls found on both sides (by request id, else by key, model, time, tokens and status). */
  matched: count,
  /**
   * How sure each match is: `exact` by request id (only without a gateway in
   * between), `high` when time, tokens and status agree, `medium` when time and
   * status agree (tokens unknown or different), `low` on model and time alone.
   */
  confidence: z.object({ exact: count, high: count, medium: count, low: count }),
  /** App calls not (yet) on the hub; `pending` of them are recent enough to still be on their way. */
  unmatchedClient: count,
  pending: count,
  unmatchedHub: count,
  /** Hub credits minus the app's estimate, over the calls where the app had an estimate. */
  creditDifference: amount.nullable(),
  flags: z.array(clientVsHubFlagSchema),
});
export type ClientVsHubRow = z.infer<typeof clientVsHubRowSchema>;

export const clientVsHubSchema = z.object({
  range: resolvedRangeSchema,
  rows: z.array(clientVsHubRowSchema),
  /** How long the hub may take to show a call; app calls younger than this are "pending". */
  recordDelayMs: z.number().int().nonnegative(),
  creditThreshold: z.number().nonnegative(),
});
export type ClientVsHub = z.infer<typeof clientVsHubSchema>;

// ---- CSV ----

export const csvColumnSchema = z.object({
  key: z.string().min(1).max(100),
  header: z.string().max(200),
  /** `time`: the value is UTC ms, written as ISO 8601. */
  format: z.enum(['time']).optional(),
});
export type CsvColumn = z.infer<typeof csvColumnSchema>;

const col = (key: string, header: string, format?: 'time'): CsvColumn => (format ? { key, header, format } : { key, header });
const totalsColumns = [
  col('calls', 'Calls'),
  col('successCalls', 'Successful calls'),
  col('failedCalls', 'Failed calls'),
  col('inputTokens', 'Input tokens'),
  col('outputTokens', 'Output tokens'),
  col('cacheReadInputTokens', 'Cache read tokens'),
  col('cacheCreationInputTokens', 'Cache write tokens'),
  col('credits', 'Credits'),
  col('successRate', 'Success rate'),
  col('avgDurationMs', 'Avg duration (ms)'),
  col('avgTtfbMs', 'Avg time to first byte (ms)'),
];

/** Ready-made columns for the usage tables; English headers (pass translated ones when the page has them). */
export const USAGE_CSV_COLUMNS = {
  models: [col('modelId', 'Model'), col('provider', 'Provider'), ...totalsColumns],
  keys: [col('name', 'Key'), col('appDid', 'Access key id / app DID'), ...totalsColumns, col('lastUsedAt', 'Last used', 'time')],
  calls: [
    col('time', 'Time', 'time'),
    col('modelId', 'Model'),
    col('type', 'Type'),
    col('status', 'Status'),
    col('inputTokens', 'Input tokens'),
    col('outputTokens', 'Output tokens'),
    col('credits', 'Credits'),
    col('durationMs', 'Duration (ms)'),
    col('ttfbMs', 'Time to first byte (ms)'),
    col('appDid', 'Access key id / app DID'),
    col('appName', 'App'),
    col('errorReason', 'Error'),
    col('requestId', 'Request id'),
  ],
} satisfies Record<string, CsvColumn[]>;

export const exportCsvInputSchema = z.object({
  rows: z.array(z.record(z.string().max(100), z.unknown())).max(100_000),
  columns: z.array(csvColumnSchema).min(1).max(100),
});

// ---- service inputs (validated by the IPC layer) ----

const hubId = id;
const keyId = id.optional();

export const usageRangeInputSchema = z.object({ hubId, range: usageRangeSchema, keyId });
export const usageSeriesInputSchema = z.object({ hubId, range: usageRangeSchema, keyId, options: seriesOptionsSchema });
export const usageCallsInputSchema = z.object({ hubId, keyId, query: callsQuerySchema });
export const usageHubInputSchema = z.object({ hubId, keyId });

export const overviewSnapshotSchema = snapshotSchema(usageOverviewSchema);
export const modelUsageSnapshotSchema = snapshotSchema(modelUsageSchema);
export const timeSeriesSnapshotSchema = snapshotSchema(timeSeriesSchema);
export const callPageSnapshotSchema = snapshotSchema(callPageSchema);
export const keyHintsSnapshotSchema = snapshotSchema(z.array(keyHintSchema));
export const clientVsHubSnapshotSchema = snapshotSchema(clientVsHubSchema);
