import { z } from 'zod';
import type { HubModel, HubStatus, HubUserInfo } from '../../../shared/keys';
import { DEFAULT_HUB_TIMEOUT_MS, hubRequest } from './http';
import { readHubJson } from './json';

export interface HubClientOptions {
  timeoutMs?: number;
  userAgent?: string;
}

export type ModelType = 'chat' | 'image' | 'embedding' | 'video';

// Wire shapes (docs/hub-protocol.md §3, §4, §7), tolerant where the hub varies.
const amount = z.union([z.string(), z.number()]).transform(String);
const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

const userInfoWire = z.object({
  user: z.object({ did: z.string(), fullName: optionalText, email: optionalText, avatar: optionalText }),
  creditBalance: z.object({ balance: amount.optional(), total: amount.optional(), pendingCredit: amount.optional() }).nullish(),
  enableCredit: z.boolean().optional(),
  paymentLink: optionalText,
  profileLink: optionalText,
  creditPrefix: optionalText,
});

/** A hub error field: a string, or an object with a message (the hub stores `{code, message}` as JSON). */
const errorText = z
  .union([z.string(), z.looseObject({ message: z.unknown(), code: z.unknown() }), z.null()])
  .optional()
  .transform((v) => {
    if (v === null || v === undefined) return undefined;
    if (typeof v === 'string') return v || undefined;
    if (typeof v.message === 'string' && v.message) return v.message;
    return typeof v.code === 'string' && v.code ? v.code : undefined;
  });

const statusWire = z.object({ available: z.boolean(), error: errorText });

const rate = z
  .union([z.number(), z.string(), z.null()])
  .optional()
  .transform((v) => {
    if (v === null || v === undefined || v === '') return null;
    const n = typeof v === 'number' ? v : Number(v);
    return Number.isFinite(n) ? n : null;
  });

const modelWire = z.object({
  key: z.string().optional(),
  model: z.string(),
  type: z.string(),
  provider: z.string(),
  providerDisplayName: z.string().nullish(),
  input_credits_per_token: rate,
  output_credits_per_token: rate,
  modelMetadata: z
    .looseObject({
      maxTokens: z.number().nullish(),
      features: z.array(z.string()).nullish(),
      imageGeneration: z
        .looseObject({
          max: z.number().nullish(),
          quality: z.array(z.string()).nullish(),
          size: z.array(z.string()).nullish(),
          style: z.array(z.string()).nullish(),
        })
        .nullish(),
    })
    .nullish(),
  status: z
    .union([
      z.literal('active'),
      z.looseObject({ available: z.boolean().nullish(), error: errorText, responseTime: z.number().nullish() }),
      z.null(),
    ])
    .optional(),
});

/**
 * Talks to one hub's API (`mountUrl` from discovery). Keys travel only in the
 * Authorization header. `x-aigne-hub-client-did` is never sent: without it the
 * hub attributes usage to the key, which is what per-key usage needs (§2, §7).
 */
export class HubClient {
  readonly mountUrl: string;
  private readonly timeoutMs: number;
  private readonly userAgent: string | undefined;

  constructor(mountUrl: string, options: HubClientOptions = {}) {
    this.mountUrl = mountUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_HUB_TIMEOUT_MS;
    this.userAgent = options.userAgent;
  }

  /** Who the key belongs to and their credits; UNAUTHORIZED when the hub rejects the key. Spends no credits. */
  async userInfo(key: string, signal?: AbortSignal): Promise<HubUserInfo> {
    const wire = readHubJson(await this.get('/api/user/info', key, signal), userInfoWire, 'your account');
    const enabled = wire.enableCredit ?? Boolean(wire.creditBalance);
    const credits: HubUserInfo['credits'] = { enabled };
    if (wire.creditBalance?.balance !== undefined) credits.balance = wire.creditBalance.balance;
    if (wire.creditBalance?.total !== undefined) credits.total = wire.creditBalance.total;
    if (wire.creditBalance?.pendingCredit !== undefined) credits.pending = wire.creditBalance.pendingCredit;
    if (wire.creditPrefix) credits.prefix = wire.creditPrefix;
    return compact({
      user: compact({ did: wire.user.did, fullName: wire.user.fullName, email: wire.user.email, avatar: wire.user.avatar }),
      credits,
      paymentLink: wire.paymentLink,
      profileLink: wire.profileLink,
    });
  }

  /** Whether the hub can serve models now. Note: the hub answers this even for unknown keys. */
  async status(key: string, signal?: AbortSignal): Promise<HubStatus> {
    const wire = readHubJson(await this.get('/api/v2/status', key, signal), statusWire, 'its status');
    return compact({ available: wire.available, error: wire.error });
  }

  /**
   * The hub's model list (no key needed), normalised across billing-on and
   * billing-off forms. Rows are read one by one: a row the app cannot read is
   * listed as unavailable (with the hub's own message when it has one), and
   * never makes the whole list fail (docs/hub-protocol.md §4).
   */
  async models(type?: ModelType, signal?: AbortSignal): Promise<HubModel[]> {
    const query = type ? `?type=${encodeURIComponent(type)}` : '';
    const rows = readHubJson(await this.get(`/api/ai/models${query}`, undefined, signal), z.array(z.unknown()), 'its models');
    const models: HubModel[] = [];
    for (const row of rows) {
      const parsed = modelWire.safeParse(row);
      if (parsed.success) models.push(normaliseModel(parsed.data));
      else {
        const fallback = unreadableModel(row);
        if (fallback) models.push(fallback);
      }
    }
    return models;
  }

  private get(path: string, key: string | undefined, signal: AbortSignal | undefined) {
    return hubRequest(`${this.mountUrl}${path}`, {
      headers: key ? { authorization: `Bearer ${key}` } : {},
      timeoutMs: this.timeoutMs,
      ...(this.userAgent ? { userAgent: this.userAgent } : {}),
      ...(signal ? { signal } : {}),
    });
  }
}

function normaliseModel(m: z.output<typeof modelWire>): HubModel {
  const meta = m.modelMetadata ?? undefined;
  const image = meta?.imageGeneration ?? undefined;
  let status: HubModel['status'];
  if (m.status === 'active') status = { available: true };
  else if (!m.status) status = { available: null };
  else
    status = compact({
      available: m.status.available ?? null,
      error: m.status.error ?? undefined,
      responseTime: m.status.responseTime ?? undefined,
    });
  return compact({
    key: m.key ?? `${m.provider}/${m.model}`,
    model: m.model,
    type: m.type,
    provider: m.provider,
    providerDisplayName: m.providerDisplayName ?? m.provider,
    inputCreditsPerToken: m.input_credits_per_token,
    outputCreditsPerToken: m.output_credits_per_token,
    maxTokens: meta?.maxTokens ?? undefined,
    features: meta?.features ?? [],
    imageGeneration: image
      ? compact({ max: image.max ?? undefined, quality: image.quality ?? [], size: image.size ?? [], style: image.style ?? [] })
      : undefined,
    status,
  });
}

/** A row that failed to parse, as an unavailable model; undefined when it does not even name a model. */
function unreadableModel(row: unknown): HubModel | undefined {
  if (typeof row !== 'object' || row === null) return undefined;
  const r = row as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  const key = str(r.key);
  const slash = key?.indexOf('/') ?? -1;
  const provider = str(r.provider) ?? (key && slash > 0 ? key.slice(0, slash) : undefined);
  const model = str(r.model) ?? (key && slash > 0 ? key.slice(slash + 1) : key);
  if (!model || !provider) return undefined;
  const status = typeof r.status === 'object' && r.status !== null ? (r.status as Record<string, unknown>) : {};
  const hubError = errorText.safeParse(status.error);
  return {
    key: key ?? `${provider}/${model}`,
    model,
    type: str(r.type) ?? 'unknown',
    provider,
    providerDisplayName: str(r.providerDisplayName) ?? provider,
    inputCreditsPerToken: null,
    outputCreditsPerToken: null,
    features: [],
    status: compact({ available: false, error: hubError.success ? hubError.data : undefined }),
    unreadable: true,
  };
}

/** Drops undefined fields so DTOs stay plain JSON (and match their zod schemas exactly). */
function compact<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}
