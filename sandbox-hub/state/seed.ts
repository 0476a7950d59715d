// `--seed-usage DAYS`: realistic, deterministic call history so usage charts
// have something to show — several named keys with their own habits, several
// models, a daily and weekly rhythm, a slow upward trend and some failures.
import { roundCredits, tokenCredits, imageCredits } from '../engine/billing';
import type { HubContext } from './context';
import { issueKey } from './keys';
import { SANDBOX_PROVIDER_ID, findModel } from '../engine/models';
import type { SandboxModel } from '../engine/models';
import { createRandom, hashString } from '../engine/prng';
import type { Random } from '../engine/prng';
import { DEFAULT_USER_DID } from './store';
import type { CallRecord } from './types';

interface Profile {
  name: string;
  /** Calls on an average weekday at the end of the range. */
  perDay: number;
  /** Multiplier for Saturday and Sunday. */
  weekend: number;
  /** Local hours this key is busy (weights for 0..23 are built from it). */
  busyHours: readonly [number, number];
  models: readonly (readonly [string, number])[];
  failureRate: number;
}

const SIDE_PROJECT: Profile = {
  name: 'Side project',
  perDay: 9,
  weekend: 1.8,
  busyHours: [12, 24],
  models: [
    ['sandbox/prose-mini', 3],
    ['sandbox/pixel', 2],
    ['sandbox/embed', 2],
  ],
  failureRate: 0.08,
};

const PROFILES: readonly Profile[] = [
  {
    name: 'Laptop CLI',
    perDay: 46,
    weekend: 0.35,
    busyHours: [9, 19],
    models: [
      ['sandbox/prose', 5],
      ['sandbox/echo', 2],
      ['sandbox/prose-mini', 3],
    ],
    failureRate: 0.03,
  },
  {
    name: 'CI pipeline',
    perDay: 70,
    weekend: 0.1,
    busyHours: [7, 22],
    models: [
      ['sandbox/prose-mini', 6],
      ['sandbox/embed', 3],
      ['sandbox/echo', 1],
    ],
    failureRate: 0.06,
  },
  {
    name: 'Writing assistant',
    perDay: 22,
    weekend: 1.3,
    busyHours: [18, 24],
    models: [
      ['sandbox/prose', 7],
      ['sandbox/pixel', 1],
    ],
    failureRate: 0.02,
  },
  SIDE_PROJECT,
];

/** A client that sends `x-aigne-hub-client-did`, so its calls are not attributed to a key. */
const CLIENT_APP_DID = 'zNKsandboxBlockletClientAppDid9xY';
const CLIENT_PROFILE: Profile = { ...SIDE_PROJECT, name: 'Client app', perDay: 5 };

const FAILURES = [
  'Sandbox: upstream provider timed out after 60s',
  'Sandbox: provider rate limited the request (429)',
  'Response ended without completion',
  'Sandbox: provider returned 503 Service Unavailable',
] as const;

function pickWeighted<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let roll = random.next() * total;
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  const last = items[items.length - 1];
  if (!last) throw new Error('no items');
  return last[0];
}

function hourOf(random: Random, [from, to]: readonly [number, number]): number {
  // 80% of calls fall in the busy hours, the rest anywhere.
  return random.chance(0.8) ? random.int(from, to - 1) % 24 : random.int(0, 23);
}

function seededCall(random: Random, index: number, at: number, appDid: string, model: SandboxModel, failureRate: number): CallRecord {
  const failed = random.chance(failureRate);
  let input = 0;
  let output = 0;
  let totalUsage = 0;
  let credits = 0;
  let seconds = 0;
  if (model.type === 'chat') {
    input = random.int(12, 900);
    output = model.model === 'echo' ? random.int(5, 120) : random.int(40, model.model === 'prose' ? 700 : 260);
    seconds = output / random.int(25, 60) + random.next() * 0.6;
    totalUsage = input + output;
    credits = tokenCredits(model, input, output);
  } else if (model.type === 'embedding') {
    input = random.int(20, 2000);
    seconds = 0.05 + random.next() * 0.3;
    totalUsage = input;
    credits = tokenCredits(model, input, 0);
  } else {
    input = random.int(5, 40);
    totalUsage = random.int(1, 2);
    seconds = 2 + random.next() * 6;
    credits = imageCredits(model, totalUsage);
  }
  const iso = new Date(at * 1000).toISOString();
  const record: CallRecord = {
    id: `seed-${index.toString(36).padStart(6, '0')}`,
    callTime: at,
    createdAt: iso,
    updatedAt: iso,
    model: model.model,
    providerId: SANDBOX_PROVIDER_ID,
    type: model.type === 'chat' ? 'chatCompletion' : model.type === 'embedding' ? 'embedding' : 'imageGeneration',
    status: failed ? 'failed' : 'success',
    duration: Math.round(seconds * 1000) / 1000,
    ttfb: random.int(120, 950),
    totalUsage: failed ? 0 : totalUsage,
    usageMetrics: failed ? { inputTokens: 0, outputTokens: 0 } : { inputTokens: input, outputTokens: output },
    credits: failed ? 0 : credits,
    appDid,
    userDid: DEFAULT_USER_DID,
    metadata: {
      endpoint:
        model.type === 'chat'
          ? '/api/v2/chat/completions'
          : model.type === 'embedding'
            ? '/api/v2/embeddings'
            : '/api/v2/image/generations',
    },
  };
  if (failed) record.errorReason = random.pick(FAILURES);
  return record;
}

export interface SeedResult {
  calls: number;
  credits: number;
  keys: { accessKeyId: string; name: string }[];
}

/**
 * Adds `days` of history ending at `nowMs` for the default user. The same
 * days and clock give the same records. The credits it "spent" are added to
 * the user's grant, so the balance is unchanged and `used` shows the history.
 */
export function seedUsage(ctx: HubContext, days: number, nowMs: number = ctx.now()): SeedResult {
  const random = createRandom(hashString(`sandbox-usage:${days}`));
  const nowSec = Math.floor(nowMs / 1000);
  const firstDay = Math.floor(nowSec / 86400) - (days - 1);
  const keys = PROFILES.map((profile) => {
    const existing = [...ctx.store.keys.values()].find(
      (k) => k.remark === profile.name && k.userDid === DEFAULT_USER_DID && k.revokedAt === null,
    );
    const key = existing ?? issueKey(ctx, { name: profile.name });
    if (!existing) key.createdAt = Math.min(key.createdAt, (firstDay * 86400 - 3 * 86400) * 1000);
    return { profile, key, appDid: key.accessKeyId };
  });
  const sources = [...keys, { profile: CLIENT_PROFILE, appDid: CLIENT_APP_DID }];

  const records: CallRecord[] = [];
  let index = ctx.store.calls.length;
  for (let d = 0; d < days; d++) {
    const day = firstDay + d;
    const weekday = new Date(day * 86400 * 1000).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    const growth = 0.55 + 0.45 * ((d + 1) / days); // usage grows over the range
    for (const { profile, appDid } of sources) {
      const expected = profile.perDay * growth * (weekend ? profile.weekend : 1) * (0.75 + random.next() * 0.5);
      const count = Math.round(expected);
      for (let i = 0; i < count; i++) {
        const at = day * 86400 + hourOf(random, profile.busyHours) * 3600 + random.int(0, 3599);
        const model = findModel(pickWeighted(random, profile.models));
        if (!model || at > nowSec) continue;
        records.push(seededCall(random, index++, at, appDid, model, profile.failureRate));
      }
    }
  }
  ctx.store.addCalls(records);
  for (const { key } of keys) {
    const last = records.reduce((max, r) => (r.appDid === key.accessKeyId && r.callTime > max ? r.callTime : max), 0);
    if (last > 0) key.lastUsedAt = Math.max(key.lastUsedAt ?? 0, last * 1000);
  }
  const credits = roundCredits(records.reduce((sum, r) => sum + r.credits, 0));
  const user = ctx.store.ensureUser(DEFAULT_USER_DID);
  user.granted = roundCredits(user.granted + credits);
  ctx.store.changed();
  return { calls: records.length, credits, keys: keys.map((k) => ({ accessKeyId: k.appDid, name: k.profile.name })) };
}

/** True when the store already holds seeded history (a restart with --data). */
export function hasSeededUsage(ctx: HubContext): boolean {
  return ctx.store.calls.some((c) => c.id.startsWith('seed-'));
}
