import type { UsageRecord } from '../../../src/shared/usage';

let seq = 0;

/** A normalised call record with sensible defaults; `at` is an ISO instant or UTC ms. */
export function rec(at: string | number, over: Partial<UsageRecord> = {}): UsageRecord {
  const time = typeof at === 'number' ? at : Date.parse(at);
  const model = over.model ?? 'echo';
  const provider = over.provider ?? 'sandbox';
  return {
    id: over.id ?? `r${++seq}`,
    time,
    modelId: over.modelId ?? `${provider}/${model}`,
    model,
    provider,
    status: 'success',
    type: 'chatCompletion',
    inputTokens: 10,
    outputTokens: 5,
    totalUsage: 15,
    credits: 0.0001,
    durationMs: 1000,
    ttfbMs: 100,
    appDid: 'zKeyA',
    ...over,
  };
}
