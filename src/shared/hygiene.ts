import { z } from 'zod';
import { errorValueSchema } from './error-schema';

/**
 * The key-hygiene contract: rotation reminders, unusual-activity alerts and
 * the key list's health, as main computes them (src/main/services/hygiene).
 * Instants are UTC milliseconds. Nothing here holds a key secret: keys are
 * named by their local id and their name.
 */

const id = z.string().min(1).max(100);
const ms = z.number().int();
const count = z.number().int().nonnegative();
const amount = z.number().nonnegative();

/** The rules' fixed numbers, sent with every report so the page can explain an alert in words. */
export const HYGIENE_RULES = {
  /** An unusual-activity spike: the last 24 h above this many times the key's median day. */
  spikeFactor: 3,
  /** Days before the last 24 h that the median is taken over. */
  historyDays: 14,
  /** A spike needs at least this many calls in the last 24 h: a quiet key going from 0 to 5 calls is not an alarm. */
  minSpikeCalls: 20,
  /** A spike needs at least this many whole days of the key's history; a younger key is judged by the fixed limits only. */
  minHistoryDays: 7,
  /** A rotation becomes "soon" this many days before it is due (a third of the period for short periods). */
  soonDays: 14,
  /** A key whose last check is older than this (or that was never checked) counts as "not checked recently". */
  staleCheckDays: 30,
} as const;

// ---- applications ("used by") ----

/** One application a key is used by, as the user wrote it. */
export const appNameSchema = z.string().trim().min(1, 'Name the application.').max(60, 'Use at most 60 characters.');
export const usedBySchema = z.array(appNameSchema).max(20, 'List at most 20 applications.');

// ---- per-key activity, from the hub's call log ----

/** One hour of one key's calls (UTC hour start). */
export const activityBucketSchema = z.object({ start: ms, calls: count, credits: amount });
export type ActivityBucket = z.infer<typeof activityBucketSchema>;

/** What the call log says about one appDid (a key's access key id) over the window. */
export const appActivitySchema = z.object({
  appDid: z.string(),
  /** Non-empty hours only, oldest first. */
  buckets: z.array(activityBucketSchema),
  firstCallAt: ms.nullable(),
  lastCallAt: ms.nullable(),
});
export type AppActivity = z.infer<typeof appActivitySchema>;

/** Hourly calls and credits per appDid over `[start, end)`: what detection runs on, live or cached. */
export const keyActivitySchema = z.object({ start: ms, end: ms, apps: z.array(appActivitySchema) });
export type KeyActivity = z.infer<typeof keyActivitySchema>;

// ---- rule outcomes ----

export const ROTATION_STATUSES = ['ok', 'soon', 'due', 'retired'] as const;
export const rotationSchema = z.object({
  status: z.enum(ROTATION_STATUSES),
  /** Whole local days since the key was created: 0 on the day it was created. */
  ageDays: count,
  periodDays: count,
  /** The local date (YYYY-MM-DD) it is or was due. */
  dueOn: z.string(),
  /** Days until due; 0 on the day, negative when overdue. */
  daysLeft: z.number().int(),
});
export type Rotation = z.infer<typeof rotationSchema>;

/** Every alert names its rule and carries the numbers behind it. */
export const activityAlertSchema = z.discriminatedUnion('reason', [
  z.object({ reason: z.literal('calls-over-limit'), calls24h: count, limit: count }),
  z.object({ reason: z.literal('credits-over-limit'), credits24h: amount, limit: amount }),
  z.object({
    reason: z.literal('calls-spike'),
    calls24h: count,
    median: amount,
    /** calls24h / median; null when the median is 0 (a dormant key woke up). */
    ratio: z.number().nullable(),
    historyDays: count,
  }),
  z.object({
    reason: z.literal('credits-spike'),
    credits24h: amount,
    median: amount,
    ratio: z.number().nullable(),
    historyDays: count,
  }),
  z.object({ reason: z.literal('used-after-retired'), retiredAt: ms, lastUsedAt: ms }),
]);
export type ActivityAlert = z.infer<typeof activityAlertSchema>;
export type AlertReason = ActivityAlert['reason'];

/** What the app knows of a key's use; `no-access-key-id` for a pasted key, whose calls the hub files under an id the app never learned. */
export const keyUsageHealthSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('known'),
    calls24h: count,
    credits24h: amount,
    /** Median calls and credits per day over the history; null without enough history. */
    medianCalls: amount.nullable(),
    medianCredits: amount.nullable(),
    historyDays: count,
    /** Last call the hub recorded, from the call log or the hub's per-key totals; null = never. */
    lastUsedAt: ms.nullable(),
    /** Whether `lastUsedAt: null` can be trusted (the year-long per-key totals were available). */
    lastUseKnown: z.boolean(),
  }),
  z.object({ status: z.literal('no-access-key-id') }),
  z.object({ status: z.literal('unavailable') }),
]);
export type KeyUsageHealth = z.infer<typeof keyUsageHealthSchema>;

export const keyHealthSchema = z.object({
  keyId: id,
  hubId: id,
  name: z.string(),
  accessKeyId: z.string().optional(),
  rotation: rotationSchema,
  usage: keyUsageHealthSchema,
  alerts: z.array(activityAlertSchema),
  usedBy: z.array(z.string()),
  /** Marked as used by more than one application. */
  shared: z.boolean(),
  retiredAt: ms.nullable(),
  lastCheckAt: ms.nullable(),
  checkStale: z.boolean(),
});
export type KeyHealth = z.infer<typeof keyHealthSchema>;

export const healthSummarySchema = z.object({
  total: count,
  /** Keys due for rotation or with an alert (each once): the navigation badge. */
  needsAttention: count,
  dueForRotation: count,
  /** Due within `soonDays`. */
  dueSoon: count,
  withAlerts: count,
  neverUsed: count,
  notCheckedRecently: count,
  /** Keys whose use the app cannot see (pasted, or no usage data at all). */
  usageUnknown: count,
  shared: count,
});
export type HealthSummary = z.infer<typeof healthSummarySchema>;

/** Where a hub's usage figures came from: live, the offline cache (with its age), or nowhere. */
export const hubUsageSourceSchema = z.object({
  hubId: id,
  /** Where keys of this hub are revoked (Blocklet Server's access-key page; the hub has no API for it). */
  dashboardUrl: z.url(),
  source: z.enum(['live', 'cache', 'none']),
  /** The instant the figures are as of (detection is anchored there). */
  asOf: ms.nullable(),
  stale: z.boolean(),
  error: errorValueSchema.optional(),
});
export type HubUsageSource = z.infer<typeof hubUsageSourceSchema>;

export const hygieneReportSchema = z.object({
  generatedAt: ms,
  keys: z.array(keyHealthSchema),
  hubs: z.array(hubUsageSourceSchema),
  summary: healthSummarySchema,
  rules: z.object({
    rotationPeriodDays: count,
    alertCallsPer24h: count.nullable(),
    alertCreditsPer24h: amount.nullable(),
    spikeFactor: z.number(),
    historyDays: count,
    minSpikeCalls: count,
    minHistoryDays: count,
    staleCheckDays: count,
  }),
});
export type HygieneReport = z.infer<typeof hygieneReportSchema>;

// ---- inputs and events ----

export const hygieneReportInputSchema = z.object({
  /** Only this hub's keys (the summary then counts only them too). */
  hubId: id.optional(),
  /** The user's IANA zone, for key ages in local days; main's own zone when absent. */
  timeZone: z.string().min(1).max(64).optional(),
  /** Ask the hub now instead of reusing figures up to a few minutes old. */
  refresh: z.boolean().optional(),
});
export type HygieneReportInput = z.infer<typeof hygieneReportInputSchema>;

/** After every check: what the navigation badge shows. */
export const hygieneChangedSchema = z.object({ generatedAt: ms, summary: healthSummarySchema });
export type HygieneChanged = z.infer<typeof hygieneChangedSchema>;

export const NOTIFICATION_KINDS = ['rotation', 'activity'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** A notification as shown (the browser host shows it as a toast). Never holds a key. */
export const hygieneNotificationSchema = z.object({ title: z.string(), body: z.string() });
export type HygieneNotification = z.infer<typeof hygieneNotificationSchema>;
