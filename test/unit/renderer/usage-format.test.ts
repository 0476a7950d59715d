import { describe, expect, it } from 'vitest';
import { translator } from '../../../src/renderer/i18n';
import { cvhAgrees, cvhDifferences, unexplainedDifferences } from '../../../src/renderer/pages/usage/cvh';
import { csvTable, hiddenSummary, type Column } from '../../../src/renderer/pages/usage/DataTable';
import { choiceKey, dayValue, parseChoice, toUsageRange } from '../../../src/renderer/pages/usage/range';
import { usageFormat } from '../../../src/renderer/pages/usage/usageFormat';
import type { ClientVsHubRow } from '../../../src/shared/usage';

const day = (offset: number) => dayValue(new Date(Date.now() + offset * 86_400_000));

describe('usage ranges', () => {
  it('refuses a custom range with a date after today, and says which problem it is', () => {
    expect(toUsageRange({ kind: 'custom', from: day(-3), to: day(1) })).toEqual({ problem: 'future' });
    expect(toUsageRange({ kind: 'custom', from: day(2), to: day(3) })).toEqual({ problem: 'future' });
    expect('range' in toUsageRange({ kind: 'custom', from: day(-3), to: day(0) })).toBe(true);
  });

  it('runs a custom range from local midnight to the midnight after the last day', () => {
    const now = new Date(2025, 5, 20, 15);
    const r = toUsageRange({ kind: 'custom', from: '2025-06-01', to: '2025-06-03' }, now);
    if (!('range' in r) || !('start' in r.range)) throw new Error('expected a custom range');
    expect(new Date(r.range.start).getTime()).toBe(new Date(2025, 5, 1).getTime());
    expect(new Date(r.range.end).getTime()).toBe(new Date(2025, 5, 4).getTime());
  });

  it('says what is wrong with other custom ranges', () => {
    const now = new Date(2026, 0, 1);
    expect(toUsageRange({ kind: 'custom', from: '', to: '2025-01-01' }, now)).toEqual({ problem: 'missing' });
    expect(toUsageRange({ kind: 'custom', from: '2025-02-01', to: '2025-01-01' }, now)).toEqual({ problem: 'order' });
    expect(toUsageRange({ kind: 'custom', from: '2023-01-01', to: '2025-01-01' }, now)).toEqual({ problem: 'tooLong' });
  });

  it('round-trips a choice through its saved form', () => {
    for (const c of [
      { kind: 'preset', preset: '7d' },
      { kind: 'custom', from: '2025-01-01', to: '2025-01-31' },
    ] as const)
      expect(parseChoice(choiceKey(c))).toEqual(c);
    expect(parseChoice('yesterday')).toBeNull();
  });
});

describe('usage wording', () => {
  it('counts calls with the language plural rules, never "1 calls"', () => {
    const en = translator('en');
    const fmt = usageFormat('en', en);
    expect(fmt.calls(1)).toBe('1 call');
    expect(fmt.calls(9060)).toBe('9,060 calls');
    expect(en('usage.cvh.flag.hubOnly', { n: 1 })).toMatch(/^1 call on the hub was not made/);
    expect(en('usage.cvh.flag.hubOnly', { n: 3 })).toMatch(/^3 calls on the hub were not made/);
    expect(en('usage.export.done', { n: 1, file: 'a.csv' })).toBe('Exported 1 row as a.csv.');
    expect(usageFormat('zh-CN', translator('zh-CN')).calls(1)).toBe('1 次调用');
  });

  it('names the credit unit the same way while loading and loaded, and explains it', () => {
    const t = translator('en');
    const loaded = usageFormat('en', t, { name: 'AIGNE Hub Credits', symbol: 'AHC' });
    expect(loaded.creditUnit).toBe('AHC');
    expect(loaded.creditUnitHint).toContain('AHC: the hub’s credits (AIGNE Hub Credits)');
    expect(usageFormat('en', t).creditUnitHint).toContain('credits');
  });
});

const row = (patch: Partial<ClientVsHubRow> = {}): ClientVsHubRow => ({
  modelId: 'sandbox/prose',
  client: { calls: 1, successCalls: 1, inputTokens: 10, outputTokens: 20, estimatedCredits: 0.5 },
  hub: { calls: 1, successCalls: 1, inputTokens: 10, outputTokens: 20, credits: 0.5 },
  matched: 1,
  confidence: { exact: 0, high: 1, medium: 0, low: 0 },
  unmatchedClient: 0,
  pending: 0,
  unmatchedHub: 0,
  creditDifference: 0,
  flags: [],
  ...patch,
});

describe('measured by the app vs billed by the hub', () => {
  it('agrees only when calls, tokens and credits (within the tolerance) all agree', () => {
    expect(cvhAgrees(row(), 0.05)).toBe(true);
    expect(cvhAgrees(row({ hub: { ...row().hub, credits: 0.52 } }), 0.05)).toBe(true);
    // Unflagged differences (e.g. tokens of a failed call, credits without a matched estimate).
    const tokens = row({ hub: { ...row().hub, outputTokens: 25 } });
    expect(cvhAgrees(tokens, 0.05)).toBe(false);
    expect(cvhDifferences(tokens, 0.05)).toEqual(['tokens']);
    const credits = row({ hub: { ...row().hub, credits: 0.8 } });
    expect(cvhDifferences(credits, 0.05)).toEqual(['credits']);
    expect(cvhDifferences(row({ hub: { ...row().hub, credits: 0.8, outputTokens: 1 } }), 0.05)).toEqual(['tokens', 'credits']);
  });

  it('does not repeat a difference a flag already explains', () => {
    const hubOnly = row({ hub: { ...row().hub, calls: 2, outputTokens: 40 }, unmatchedHub: 1, flags: ['hub-only-calls'] });
    expect(unexplainedDifferences(hubOnly, 0.05)).toEqual(['tokens']);
    expect(unexplainedDifferences(row({ hub: { ...row().hub, outputTokens: 1 }, flags: ['token-difference'] }), 0.05)).toEqual([]);
  });
});

describe('the column-driven table', () => {
  type R = { name: string; calls: number; ms: number };
  const columns: Column<R>[] = [
    { id: 'name', header: 'Name', cell: (r) => r.name, csv: { header: 'Name', value: (r) => r.name } },
    { id: 'appDid', csv: { header: 'Id', value: (r) => `id-${r.name}` } },
    { id: 'calls', header: 'Calls', cell: (r) => r.calls, csv: { header: 'Calls', value: (r) => r.calls } },
    { id: 'ms', header: 'Duration', label: 'Duration', priority: 3, cell: (r) => `${r.ms} ms`, text: (r) => `${r.ms} ms` },
  ];

  it('exports exactly the CSV columns the list declares, in its order', () => {
    expect(csvTable(columns, [{ name: 'a', calls: 2, ms: 5 }])).toEqual({
      columns: [
        { key: 'name', header: 'Name' },
        { key: 'appDid', header: 'Id' },
        { key: 'calls', header: 'Calls' },
      ],
      rows: [{ name: 'a', appDid: 'id-a', calls: 2 }],
    });
  });

  it('keeps the value of a column that gives way at narrow widths in the row summary', () => {
    expect(hiddenSummary(columns, { name: 'a', calls: 2, ms: 5 })).toBe('Duration: 5 ms');
  });
});
