// `npm run bench`: each goal is a ratio against a baseline measured in the same run,
// never an absolute time (these machines are shared and noisy). Exits 1 if a goal is missed.
import { performance } from 'node:perf_hooks';
import { SseParser } from '../src/main/services/playground/sse';
import { modelRows, buildSeries, resolveRange } from '../src/main/services/usage/aggregate';
import { syntheticRecords } from '../test/unit/usage/aggregate.bench';

interface Result {
  name: string;
  baseline: number;
  measured: number;
  goal: number;
}

/** Median of several timed runs, after a warm-up. */
function median(fn: () => unknown, runs = 15): number {
  for (let i = 0; i < 3; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** An SSE transcript as the hub sends it: many small deltas, a usage event, server-timing. */
function transcript(deltas: number): string {
  let text = '';
  for (let i = 0; i < deltas; i++)
    text += `data: ${JSON.stringify({ delta: { role: 'assistant', content: `word${i} `, toolCalls: [] } })}\n\n`;
  text += `data: ${JSON.stringify({ usage: { promptTokens: 12, completionTokens: deltas, totalTokens: deltas + 12 } })}\n\n`;
  return text + 'event: server-timing\ndata: session;dur=12, total;dur=345\n\n';
}

function chunks(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

const results: Result[] = [];

// 1. Streaming parse at network-sized chunks vs. parsing the whole body at once with split + JSON.parse.
{
  const body = new TextEncoder().encode(transcript(20_000));
  const pieces = chunks(body, 512);
  const baseline = median(() => {
    const text = new TextDecoder().decode(body);
    let n = 0;
    for (const block of text.split('\n\n')) if (block.startsWith('data: {')) n += JSON.parse(block.slice(6)) ? 1 : 0;
    return n;
  });
  const measured = median(() => {
    const parser = new SseParser();
    let n = 0;
    for (const piece of pieces) for (const event of parser.push(piece)) if (event.data.startsWith('{')) n += JSON.parse(event.data) ? 1 : 0;
    return n + parser.end().length;
  });
  results.push({ name: 'SSE: incremental parse of 20k deltas in 512 B chunks vs whole-body split', baseline, measured, goal: 4 });
}

// 2. Usage aggregation (model rows + a stacked 90-day series) vs one plain pass summing the same records.
{
  const now = Date.parse('2025-03-20T12:00:00Z');
  const records = syntheticRecords(50_000, now);
  const range = resolveRange({ preset: '90d', timezoneOffset: -480 }, now);
  const baseline = median(() => {
    const sums = new Map<string, number>();
    for (const r of records) sums.set(r.model, (sums.get(r.model) ?? 0) + r.inputTokens + r.outputTokens);
    return sums.size;
  });
  const measured = median(() => {
    modelRows(records, range.start, range.end);
    return buildSeries({ records, range, groupBy: 'model', metric: 'credits' });
  });
  results.push({ name: 'Usage: model table + stacked 90-day series over 50k calls vs one summing pass', baseline, measured, goal: 8 });
}

let failed = 0;
for (const r of results) {
  const ratio = r.measured / r.baseline;
  const ok = ratio <= r.goal;
  if (!ok) failed++;
  console.log(
    `${ok ? 'ok  ' : 'MISS'} ${r.name}\n     ${r.measured.toFixed(2)} ms vs ${r.baseline.toFixed(2)} ms baseline: ×${ratio.toFixed(2)} (goal ≤ ×${r.goal})`,
  );
}
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
