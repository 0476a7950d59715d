// Micro-benchmark of the usage aggregation: `npx tsx test/unit/usage/aggregate.bench.ts [records]`.
// 90 days, 40 models, 12 keys, 50 000 records by default. Prints timings; asserts nothing.
import { performance } from 'node:perf_hooks';
import { buildSeries, modelRows, resolveRange, totalsBy } from '../../../src/main/services/usage/aggregate';
import type { UsageRecord } from '../../../src/shared/usage';

export function syntheticRecords(count: number, nowMs: number, days = 90, models = 40, keys = 12): UsageRecord[] {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const span = days * 86_400_000;
  const out: UsageRecord[] = [];
  for (let i = 0; i < count; i++) {
    const m = Math.floor(random() * models);
    const failed = random() < 0.05;
    out.push({
      id: `b${i}`,
      time: Math.floor((nowMs - random() * span) / 1000) * 1000,
      modelId: `p${m % 5}/model-${m}`,
      model: `model-${m}`,
      provider: `p${m % 5}`,
      status: failed ? 'failed' : 'success',
      type: 'chatCompletion',
      inputTokens: Math.floor(random() * 900),
      outputTokens: Math.floor(random() * 700),
      totalUsage: 0,
      credits: Math.round(random() * 1e6) / 1e9,
      durationMs: Math.floor(random() * 9000),
      ttfbMs: Math.floor(random() * 900),
      appDid: `zKey${Math.floor(random() * keys)}`,
    });
  }
  return out.sort((a, b) => a.time - b.time);
}

export function timeAggregation(count: number, runs = 20): Record<string, number> {
  const now = Date.parse('2025-03-20T12:00:00Z');
  const records = syntheticRecords(count, now);
  const range = resolveRange({ preset: '90d', timezoneOffset: -480 }, now);
  const named = resolveRange({ preset: '90d', timezoneOffset: 240, timeZone: 'America/New_York' }, now);
  const time = (fn: () => unknown) => {
    for (let i = 0; i < Math.min(3, runs); i++) fn(); // warm-up
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) fn();
    return Math.round(((performance.now() - t0) / runs) * 100) / 100;
  };
  return {
    records: count,
    'modelRows ms': time(() => modelRows(records, range.start, range.end)),
    'totals by key ms': time(() => totalsBy(records, range.start, range.end, (r) => r.appDid)),
    'series by model (credits) ms': time(() => buildSeries({ records, range, groupBy: 'model', metric: 'credits' })),
    'series by key (avg duration) ms': time(() => buildSeries({ records, range, groupBy: 'key', metric: 'avgDurationMs' })),
    'series by model, named zone with DST ms': time(() => buildSeries({ records, range: named, groupBy: 'model', metric: 'calls' })),
  };
}

if (process.argv[1]?.endsWith('aggregate.bench.ts')) {
  const n = Number(process.argv[2] ?? 50_000);
  console.table(timeAggregation(n));
}
