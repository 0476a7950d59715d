import { z } from 'zod';
import { ERROR_CODES } from './errors';
import { usedBySchema } from './hygiene';

/**
 * The keys capability's contract: every value that crosses IPC for hubs and
 * keys. No schema here can hold a key secret except the three that exist to
 * carry one on an explicit user action: `generateKeyResultSchema` (show-once
 * dialog), `revealKeyResultSchema` and `addExistingKeyInputSchema`.
 */

/** A hub key: `blocklet-` followed by base58 text (docs/hub-protocol.md §2). */
export const KEY_SECRET_PATTERN = /^blocklet-[1-9A-HJ-NP-Za-km-z]+$/;
export const KEY_PREFIX = 'blocklet-';

/** Masks a key for display: the recognisable prefix and the last four characters. */
export function maskKeySecret(secret: string): string {
  const body = secret.startsWith(KEY_PREFIX) ? secret.slice(KEY_PREFIX.length) : secret;
  // Short or odd input must not leak most of itself through the "last four".
  if (body.length < 12) return `${KEY_PREFIX}…`;
  return `${KEY_PREFIX}…${body.slice(-4)}`;
}

const isoDate = z.iso.datetime({ offset: true });
const id = z.string().min(1).max(100);
const displayName = z.string().trim().min(1, 'Give it a name.').max(80, 'Use at most 80 characters.');
const note = z.string().max(500, 'Keep the note under 500 characters.');

export const keySourceSchema = z.enum(['generated', 'pasted', 'cli-import']);
export type KeySource = z.infer<typeof keySourceSchema>;

/** The outcome of the last "check key" (userInfo + status), saved with the key. */
export const keyCheckSchema = z.object({
  at: isoDate,
  ok: z.boolean(),
  /** The hub user the key belongs to: full name, else DID. */
  user: z.string().optional(),
  /** Credit balance as the hub reports it (decimal string), when billing is on. */
  balance: z.string().optional(),
  /** Whether the hub said it can serve models right now (`/api/v2/status`). */
  available: z.boolean().optional(),
  /** Why the check failed, as a user-facing sentence. */
  message: z.string().optional(),
  code: z.enum(ERROR_CODES).optional(),
});
export type KeyCheck = z.infer<typeof keyCheckSchema>;

/** A hub as saved by the app. `url` is what the user typed; calls go to `mountUrl`. */
export const hubRecordSchema = z.object({
  id,
  name: z.string(),
  url: z.string(),
  origin: z.url(),
  mountUrl: z.url(),
  defaultKeyId: id.optional(),
  addedAt: isoDate,
  /** The user confirmed sending keys to this hub over plain http (not loopback). */
  insecureHttp: z.literal(true).optional(),
});
export type HubRecord = z.infer<typeof hubRecordSchema>;

/** Key metadata as saved by the app. Never the secret: that lives in the SecretStore. */
export const keyRecordSchema = z.object({
  id,
  hubId: id,
  name: z.string(),
  note: z.string().optional(),
  accessKeyId: z.string().optional(),
  createdAt: isoDate,
  masked: z.string(),
  source: keySourceSchema,
  lastCheck: keyCheckSchema.optional(),
  /** The applications the user says use this key (one key per application is the goal). */
  usedBy: z.array(z.string()).optional(),
  /** When the user marked the key retired: any later use is flagged. */
  retiredAt: isoDate.optional(),
});
export type KeyRecord = z.infer<typeof keyRecordSchema>;

export const hubDtoSchema = hubRecordSchema.extend({ keyCount: z.number().int().nonnegative() });
export type HubDTO = z.infer<typeof hubDtoSchema>;

export const keyDtoSchema = keyRecordSchema.extend({ isDefault: z.boolean() });
export type KeyDTO = z.infer<typeof keyDtoSchema>;

// ---- inputs (validated by the IPC layer before they reach KeysService) ----

export const addHubInputSchema = z.object({
  url: z.string().trim().min(1).max(2000),
  name: displayName.optional(),
  /** The user confirmed plain http to a hub that is not on this computer, knowing keys travel unencrypted. */
  allowInsecureHttp: z.boolean().optional(),
});
export const renameHubInputSchema = z.object({ id, name: displayName });
export const removeHubInputSchema = z.object({ id, forgetKeys: z.boolean() });
export const listKeysInputSchema = z.object({ hubId: id.optional() });

export const generateKeyInputSchema = z.object({
  hubId: id,
  name: displayName,
  note: note.optional(),
  /** What the key is for: the application(s) that will use it. */
  usedBy: usedBySchema.optional(),
  /** Chosen by the caller so it can cancel before the first progress event. */
  operationId: id.optional(),
});
export type GenerateKeyInput = z.infer<typeof generateKeyInputSchema>;

export const addExistingKeyInputSchema = z.object({
  hubId: id,
  name: displayName,
  note: note.optional(),
  secret: z.string().max(500),
});
export type AddExistingKeyInput = z.infer<typeof addExistingKeyInputSchema>;

export const copyFormatSchema = z.enum(['key', 'env']);
export type CopyFormat = z.infer<typeof copyFormatSchema>;

export const copyKeyInputSchema = z.object({
  keyId: id,
  format: copyFormatSchema,
  /** How long the secret may stay on the clipboard; 100 ms … 10 min. */
  clearAfterMs: z.number().int().min(100).max(600_000),
});
export type CopyKeyOptions = Omit<z.infer<typeof copyKeyInputSchema>, 'keyId'>;

export const rotateKeyInputSchema = z.object({ keyId: id, operationId: id.optional() });
export const setUsedByInputSchema = z.object({ keyId: id, usedBy: usedBySchema });
export const setRetiredInputSchema = z.object({ keyId: id, retired: z.boolean() });

/** Ready-to-paste examples for a key: the key is always an environment variable, never the key itself. */
export const exampleFormatSchema = z.enum(['curl', 'javascript', 'python', 'sdk', 'cli']);
export type ExampleFormat = z.infer<typeof exampleFormatSchema>;
export const keyExamplesInputSchema = z.object({ keyId: id, model: z.string().trim().min(1).max(200).optional() });
export const keyExamplesResultSchema = z.object({
  mountUrl: z.url(),
  /** The model the examples call, as the app and curl spell it (`openai/gpt-5-mini`). */
  model: z.string(),
  examples: z.record(exampleFormatSchema, z.string()),
});
export type KeyExamplesResult = z.infer<typeof keyExamplesResultSchema>;
export const copyExampleInputSchema = keyExamplesInputSchema.extend({ format: exampleFormatSchema });

export const keyIdInputSchema = z.object({ keyId: id });
export const setDefaultKeyInputSchema = z.object({ hubId: id, keyId: id });
export const undoForgetInputSchema = z.object({ undoToken: id });
export const cancelGenerationInputSchema = z.object({ operationId: id });

// ---- results and events ----

/** Approval-flow progress, streamed while the user approves in the browser. */
export const generationProgressSchema = z.object({
  operationId: id,
  phase: z.enum(['waiting-for-approval', 'verifying', 'saving']),
  /** Poll attempts so far (0 before the first poll answers). */
  attempt: z.number().int().nonnegative(),
  elapsedMs: z.number().nonnegative(),
  /** How long the app waits for approval in all (a hub never says a request was declined). */
  timeoutMs: z.number().nonnegative().optional(),
  /** Shown so the user can open it by hand if the browser did not. */
  approvalUrl: z.url(),
});
export type GenerationProgress = z.infer<typeof generationProgressSchema>;

export const generateKeyResultSchema = z.object({ key: keyDtoSchema, secret: z.string() });
export type GenerateKeyResult = z.infer<typeof generateKeyResultSchema>;

export const revealKeyResultSchema = z.object({ secret: z.string() });
export type RevealKeyResult = z.infer<typeof revealKeyResultSchema>;

export const copyKeyResultSchema = z.object({ clearsAt: isoDate });
export type CopyKeyResult = z.infer<typeof copyKeyResultSchema>;

export const rotateKeyResultSchema = z.object({
  newKey: keyDtoSchema,
  oldKey: keyDtoSchema,
  /** Where to revoke the old key: the user's own access-key page on the hub's origin. */
  dashboardUrl: z.url(),
  /** The admin list of every key (owners and admins only). */
  adminUrl: z.url(),
});
export type RotateKeyResult = z.infer<typeof rotateKeyResultSchema>;

export const forgetKeyResultSchema = z.object({ undoToken: id, expiresAt: isoDate });
export type ForgetKeyResult = z.infer<typeof forgetKeyResultSchema>;

export const removeHubResultSchema = z.object({ removedKeyIds: z.array(id) });
export type RemoveHubResult = z.infer<typeof removeHubResultSchema>;

export const useForCliResultSchema = z.object({ host: z.string(), url: z.url() });
export type UseForCliResult = z.infer<typeof useForCliResultSchema>;

export const importFromCliResultSchema = z.object({
  imported: z.array(keyDtoSchema),
  skipped: z.array(z.object({ host: z.string(), reason: z.string() })),
});
export type ImportFromCliResult = z.infer<typeof importFromCliResultSchema>;

// ---- keychain health ----

export const secretStoreTierSchema = z.enum(['os-keychain', 'vault-file']);
export type SecretStoreTier = z.infer<typeof secretStoreTierSchema>;

export const KEYCHAIN_FAILURE_REASONS = [
  'no-session-bus',
  'no-provider',
  'no-collection',
  'locked',
  'timeout',
  'silent-read-failure',
  'vault-locked',
  'unknown',
] as const;
export const keychainFailureReasonSchema = z.enum(KEYCHAIN_FAILURE_REASONS);
export type KeychainFailureReason = z.infer<typeof keychainFailureReasonSchema>;

export const keychainHealthSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), tier: secretStoreTierSchema, vaultExists: z.boolean().optional() }),
  z.object({ ok: z.literal(false), reason: keychainFailureReasonSchema, message: z.string(), vaultExists: z.boolean().optional() }),
]);

export const vaultPassphraseInputSchema = z.object({
  passphrase: z.string().min(1, 'Enter the passphrase.').max(1024),
});
export type KeychainHealth = z.infer<typeof keychainHealthSchema>;

// ---- what the hub tells us (normalised; see docs/hub-protocol.md §3, §4) ----

export const hubUserInfoSchema = z.object({
  user: z.object({ did: z.string(), fullName: z.string().optional(), email: z.string().optional(), avatar: z.string().optional() }),
  credits: z.object({
    enabled: z.boolean(),
    balance: z.string().optional(),
    total: z.string().optional(),
    pending: z.string().optional(),
    prefix: z.string().optional(),
  }),
  paymentLink: z.string().optional(),
  profileLink: z.string().optional(),
});
export type HubUserInfo = z.infer<typeof hubUserInfoSchema>;

export const hubStatusSchema = z.object({ available: z.boolean(), error: z.string().optional() });
export type HubStatus = z.infer<typeof hubStatusSchema>;

export const hubModelSchema = z.object({
  key: z.string(),
  model: z.string(),
  type: z.string(),
  provider: z.string(),
  providerDisplayName: z.string(),
  /** Credits per token; null when the hub does not bill (or sent no rate). */
  inputCreditsPerToken: z.number().nullable(),
  outputCreditsPerToken: z.number().nullable(),
  maxTokens: z.number().optional(),
  features: z.array(z.string()),
  imageGeneration: z
    .object({ max: z.number().optional(), quality: z.array(z.string()), size: z.array(z.string()), style: z.array(z.string()) })
    .optional(),
  /** null = the hub has not checked this model; 'active' (billing off) counts as available. */
  status: z.object({ available: z.boolean().nullable(), error: z.string().optional(), responseTime: z.number().optional() }),
  /** The hub's row for this model could not be read; it is listed as unavailable rather than failing the list. */
  unreadable: z.boolean().optional(),
});
export type HubModel = z.infer<typeof hubModelSchema>;

/** What the empty Keys page offers: ask for the local sandbox only when the page needs it (it waits on a probe). */
export const firstRunInputSchema = z.object({ probeLocal: z.boolean() });

/** One-click hubs for a first run, and the name proposed for a new key ("AIGNE Hub Desktop on <host name>"). */
export const firstRunOptionsSchema = z.object({
  publicHubUrl: z.url(),
  /** A hub answering on this computer's default sandbox port, or null. */
  localHub: z.object({ url: z.url(), name: z.string().optional() }).nullable(),
  suggestedKeyName: displayName,
});
export type FirstRunOptions = z.infer<typeof firstRunOptionsSchema>;
