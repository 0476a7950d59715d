import { z } from 'zod';
import { errorValueSchema } from './error-schema';
import type { EventChannel, RequestChannel } from './channels';
import {
  addExistingKeyInputSchema,
  addHubInputSchema,
  cancelGenerationInputSchema,
  copyExampleInputSchema,
  copyFormatSchema,
  copyKeyResultSchema,
  firstRunInputSchema,
  firstRunOptionsSchema,
  forgetKeyResultSchema,
  generateKeyInputSchema,
  generateKeyResultSchema,
  generationProgressSchema,
  hubDtoSchema,
  importFromCliResultSchema,
  keychainHealthSchema,
  keyDtoSchema,
  keyExamplesInputSchema,
  keyExamplesResultSchema,
  keyIdInputSchema,
  listKeysInputSchema,
  removeHubInputSchema,
  removeHubResultSchema,
  renameHubInputSchema,
  revealKeyResultSchema,
  rotateKeyInputSchema,
  rotateKeyResultSchema,
  setDefaultKeyInputSchema,
  setRetiredInputSchema,
  setUsedByInputSchema,
  undoForgetInputSchema,
  useForCliResultSchema,
  vaultPassphraseInputSchema,
} from './keys';
import {
  appendMessagesInputSchema,
  chatDeltaEventSchema,
  chatDoneEventSchema,
  chatRequestSchema,
  chatStartResultSchema,
  chatStopInputSchema,
  chatStopResultSchema,
  codeExportInputSchema,
  codeExportResultSchema,
  compareTextsRequestSchema,
  compareTextsResultSchema,
  conversationIdInputSchema,
  conversationSchema,
  conversationSearchHitSchema,
  conversationSummarySchema,
  createConversationInputSchema,
  embedRequestSchema,
  embeddingResultSchema,
  exportConversationInputSchema,
  exportedFileSchema,
  imageRequestSchema,
  imageResultSchema,
  listModelsInputSchema,
  listModelsResultSchema,
  renameConversationInputSchema,
  replaceMessagesInputSchema,
  searchConversationsInputSchema,
  updateConversationInputSchema,
} from './playground';
import {
  callPageSnapshotSchema,
  clientVsHubSnapshotSchema,
  exportCsvInputSchema,
  keyHintsSnapshotSchema,
  modelUsageSnapshotSchema,
  overviewSnapshotSchema,
  timeSeriesSnapshotSchema,
  usageCallsInputSchema,
  usageHubInputSchema,
  usageProgressSchema,
  usageRangeInputSchema,
  usageSeriesInputSchema,
} from './usage';
import { hygieneChangedSchema, hygieneNotificationSchema, hygieneReportInputSchema, hygieneReportSchema } from './hygiene';
import { updateStatusSchema } from './updates';
import { CLIPBOARD_CLEAR_RANGE, LANGUAGES, ROTATION_PERIOD_RANGE, THEMES, type Settings } from './settings';

export * from './channels';

/**
 * The table of contents of the app: every call the renderer can make to main,
 * and every event main can push back, each listed once with its schemas.
 * The preload bridge, the browser host and the main handlers all derive from it.
 */

const none = z.undefined();

export const settingsSchema = z.object({
  language: z.enum(LANGUAGES),
  theme: z.enum(THEMES),
  clipboardClearSeconds: z.number().int().min(CLIPBOARD_CLEAR_RANGE.min).max(CLIPBOARD_CLEAR_RANGE.max),
  rotationPeriodDays: z.number().int().min(ROTATION_PERIOD_RANGE.min).max(ROTATION_PERIOD_RANGE.max),
  alertCallsPer24h: z.number().int().min(1).max(10_000_000).nullable(),
  alertCreditsPer24h: z.number().positive().max(1e12).nullable(),
  notifications: z.boolean(),
  checkForUpdatesOnStart: z.boolean(),
}) satisfies z.ZodType<Settings>;

/**
 * A partial update; unknown keys are refused rather than silently stored, and
 * a key given as `undefined` is named (leave it out to keep the setting).
 */
export const settingsPatchSchema = settingsSchema
  .partial()
  .strict()
  .superRefine((patch, ctx) => {
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'Give a value, or leave the setting out.' });
    }
  });

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'browser']),
  platform: z.string(),
  versions: z.object({
    node: z.string(),
    electron: z.string().optional(),
    chrome: z.string().optional(),
  }),
  /** What happened to the data files at start (a damaged file set aside, a record skipped); the page words them. */
  notices: z
    .array(
      z.object({
        reason: z.string().max(64),
        params: z.record(z.string().max(64), z.union([z.string().max(1000), z.number()])),
      }),
    )
    .max(20)
    .optional(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

const httpUrl = z
  .string()
  .max(2048)
  .refine((s) => /^https?:\/\//i.test(s) && URL.canParse(s), 'Only http and https links can be opened.');

export const requests = {
  'app.info': { input: none, output: appInfoSchema },
  'settings.get': { input: none, output: settingsSchema },
  'settings.update': { input: settingsPatchSchema, output: settingsSchema },
  'shell.openExternal': { input: z.object({ url: httpUrl }).strict(), output: z.object({ opened: z.boolean() }) },

  'keychain.health': { input: none, output: keychainHealthSchema },
  /** The fallback tier, only on the user's request: an encrypted file protected by their passphrase. */
  'keychain.createVault': { input: vaultPassphraseInputSchema.strict(), output: keychainHealthSchema },
  'keychain.unlockVault': { input: vaultPassphraseInputSchema.strict(), output: keychainHealthSchema },
  'keychain.useSystemKeychain': { input: none, output: keychainHealthSchema },

  'hubs.list': { input: none, output: z.array(hubDtoSchema) },
  'hubs.add': { input: addHubInputSchema.strict(), output: hubDtoSchema },
  'hubs.rename': { input: renameHubInputSchema.strict(), output: hubDtoSchema },
  'hubs.remove': { input: removeHubInputSchema.strict(), output: removeHubResultSchema },
  'hubs.setDefaultKey': { input: setDefaultKeyInputSchema.strict(), output: hubDtoSchema },

  'keys.list': { input: listKeysInputSchema.strict().optional(), output: z.array(keyDtoSchema) },
  /** Runs the approval flow; progress arrives as `keys.generationProgress`. The one call that returns a new secret. */
  'keys.generate': { input: generateKeyInputSchema.strict(), output: generateKeyResultSchema },
  'keys.cancelGeneration': { input: cancelGenerationInputSchema.strict(), output: z.object({ cancelled: z.boolean() }) },
  'keys.addExisting': { input: addExistingKeyInputSchema.strict(), output: keyDtoSchema },
  'keys.check': { input: keyIdInputSchema.strict(), output: keyDtoSchema },
  /** Main writes the clipboard; the secret never comes back to the page. */
  'keys.copy': { input: keyIdInputSchema.extend({ format: copyFormatSchema }).strict(), output: copyKeyResultSchema },
  /** Explicit user action only: the page shows it briefly, then drops it. */
  'keys.reveal': { input: keyIdInputSchema.strict(), output: revealKeyResultSchema },
  'keys.rotate': { input: rotateKeyInputSchema.strict(), output: rotateKeyResultSchema },
  'keys.forget': { input: keyIdInputSchema.strict(), output: forgetKeyResultSchema },
  'keys.undoForget': { input: undoForgetInputSchema.strict(), output: keyDtoSchema },
  'keys.useForCli': { input: keyIdInputSchema.strict(), output: useForCliResultSchema },
  'keys.importFromCli': { input: none, output: importFromCliResultSchema },
  /** Which applications use the key ("one key per application"). */
  'keys.setUsedBy': { input: setUsedByInputSchema.strict(), output: keyDtoSchema },
  /** Retired keys are flagged when they are used again. */
  'keys.setRetired': { input: setRetiredInputSchema.strict(), output: keyDtoSchema },
  /** Ready-to-paste examples (curl, JavaScript, Python, the hub's SDK, the aigne CLI): the key is an environment variable, never the key. */
  'keys.examples': { input: keyExamplesInputSchema.strict(), output: keyExamplesResultSchema },
  /** Main writes the example to the clipboard (no secret, so no clearing). */
  'keys.copyExample': { input: copyExampleInputSchema.strict(), output: z.object({ copied: z.literal(true) }) },

  /** Rotation, unusual activity and the key list's health; works offline from the cached usage figures. */
  'hygiene.report': { input: hygieneReportInputSchema.strict().optional(), output: hygieneReportSchema },

  'playground.models': { input: listModelsInputSchema.strict(), output: listModelsResultSchema },
  /** Starts a stream and answers at once; text arrives as `playground.delta`, the end as `playground.done`. */
  'playground.chat': { input: chatRequestSchema.strict(), output: chatStartResultSchema },
  'playground.stop': { input: chatStopInputSchema.strict(), output: chatStopResultSchema },
  'playground.image': { input: imageRequestSchema.strict(), output: imageResultSchema },
  'playground.embed': { input: embedRequestSchema.strict(), output: embeddingResultSchema },
  'playground.compareTexts': { input: compareTextsRequestSchema.strict(), output: compareTextsResultSchema },
  /** Code for the exact request, with the key as an environment variable: never the key itself. */
  'playground.exportCode': { input: codeExportInputSchema.strict(), output: codeExportResultSchema },

  'conversations.list': { input: none, output: z.array(conversationSummarySchema) },
  'conversations.get': { input: conversationIdInputSchema.strict(), output: conversationSchema },
  'conversations.create': { input: createConversationInputSchema.strict(), output: conversationSchema },
  'conversations.rename': { input: renameConversationInputSchema.strict(), output: conversationSchema },
  'conversations.update': { input: updateConversationInputSchema.strict(), output: conversationSchema },
  'conversations.delete': { input: conversationIdInputSchema.strict(), output: z.object({ deleted: z.boolean() }) },
  'conversations.append': { input: appendMessagesInputSchema.strict(), output: conversationSchema },
  'conversations.replace': { input: replaceMessagesInputSchema.strict(), output: conversationSchema },
  'conversations.search': { input: searchConversationsInputSchema.strict(), output: z.array(conversationSearchHitSchema) },
  'conversations.export': { input: exportConversationInputSchema.strict(), output: exportedFileSchema },

  'usage.overview': { input: usageRangeInputSchema.strict(), output: overviewSnapshotSchema },
  /** Pages through the hub's call log (only what is new since last time); progress as `usage.progress`. */
  'usage.models': { input: usageRangeInputSchema.strict(), output: modelUsageSnapshotSchema },
  'usage.series': { input: usageSeriesInputSchema.strict(), output: timeSeriesSnapshotSchema },
  'usage.calls': { input: usageCallsInputSchema.strict(), output: callPageSnapshotSchema },
  'usage.keyHints': { input: usageHubInputSchema.strict(), output: keyHintsSnapshotSchema },
  'usage.clientVsHub': { input: usageRangeInputSchema.strict(), output: clientVsHubSnapshotSchema },
  'usage.exportCsv': { input: exportCsvInputSchema.strict(), output: z.object({ csv: z.string() }) },

  // ---- updates ----
  'updates.status': { input: none, output: updateStatusSchema },
  /** Checks now; a found update downloads in the background (progress as `updates.changed`). */
  'updates.check': { input: none, output: updateStatusSchema },
  /** Restarts into the downloaded update, or defers until no key generation or stream is running. */
  'updates.install': { input: none, output: updateStatusSchema },
  /** The empty Keys page's one-click hubs (a local sandbox is probed, briefly) and the proposed key name. */
  'hubs.firstRun': { input: firstRunInputSchema.strict(), output: firstRunOptionsSchema },
} as const satisfies Record<RequestChannel, { input: z.ZodType; output: z.ZodType }>;

export const events = {
  'settings.changed': settingsSchema,
  /** The browser host asks the page to open a link (it has no system browser of its own). */
  'shell.openRequested': z.object({ url: httpUrl }),
  'keys.generationProgress': generationProgressSchema,
  /** Hubs or keys changed (in this window or another): lists should reload. */
  'keys.changed': z.object({ hubId: z.string().optional() }),
  /** The app took a copied key off the clipboard after the delay. */
  'clipboard.cleared': z.object({ at: z.string() }),
  /** Streamed text, batched to at most one event per frame. */
  'playground.delta': chatDeltaEventSchema,
  'playground.done': chatDoneEventSchema,
  'usage.progress': usageProgressSchema.extend({ hubId: z.string() }),
  /** After every hygiene check: what the navigation badge shows. */
  'hygiene.changed': hygieneChangedSchema,
  /** A hygiene notification, where there is no OS notifier (the browser host shows it as a toast). */
  'hygiene.notification': hygieneNotificationSchema,
  /** A keychain call is waiting on the system (an unlock or access prompt); false once none is. */
  'keychain.waiting': z.object({ waiting: z.boolean() }),
  /** Every change of the update status: check result, download progress, ready to install, errors. */
  'updates.changed': updateStatusSchema,
} as const satisfies Record<EventChannel, z.ZodType>;

// Both directions: the name lists in channels.ts and the schema tables here must agree.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const requestNamesMatch: Same<keyof typeof requests, RequestChannel> = true;
const eventNamesMatch: Same<keyof typeof events, EventChannel> = true;
void requestNamesMatch;
void eventNamesMatch;

export type Requests = typeof requests;
export type Events = typeof events;
export type RequestInput<C extends RequestChannel> = z.input<Requests[C]['input']>;
export type RequestOutput<C extends RequestChannel> = z.output<Requests[C]['output']>;
export type EventPayload<E extends EventChannel> = z.output<Events[E]>;

/** What every call returns across the boundary: a value or a typed error, never a thrown Error. */
export const envelopeSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: errorValueSchema }),
]);
export type Envelope<T = unknown> = { ok: true; value: T } | { ok: false; error: z.infer<typeof errorValueSchema> };
