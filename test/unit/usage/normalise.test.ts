import { describe, expect, it } from 'vitest';
import { normaliseQuota, normaliseRecord, quotaWire, recordWire } from '../../../src/main/services/usage/client';
import { usageRecordSchema } from '../../../src/shared/usage';

const wire = (raw: unknown) => normaliseRecord(recordWire.parse(raw));

describe('normalising hub call records', () => {
  it('turns unix seconds and duration seconds into ms, and builds the provider/model id', () => {
    const r = wire({
      id: 'c1',
      callTime: 1736937015,
      model: 'echo',
      providerId: 'sandbox',
      type: 'chatCompletion',
      status: 'success',
      duration: 1.234,
      ttfb: 120,
      totalUsage: 15,
      usageMetrics: { inputTokens: 10, outputTokens: 5 },
      credits: 0.00003,
      appDid: 'zKey',
      appInfo: { appName: 'Laptop' },
      requestId: 'req-1',
    });
    expect(r).toEqual({
      id: 'c1',
      time: 1736937015000,
      modelId: 'sandbox/echo',
      model: 'echo',
      provider: 'sandbox',
      status: 'success',
      type: 'chatCompletion',
      inputTokens: 10,
      outputTokens: 5,
      totalUsage: 15,
      credits: 0.00003,
      durationMs: 1234,
      ttfbMs: 120,
      appDid: 'zKey',
      appName: 'Laptop',
      requestId: 'req-1',
    });
    expect(usageRecordSchema.parse(r)).toEqual(r);
  });

  it('accepts numbers sent as strings', () => {
    const r = wire({
      id: 42,
      callTime: '1736937015',
      model: 'gpt-4o',
      provider: { id: 'p1', name: 'openai', displayName: 'OpenAI' },
      status: 'failed',
      duration: '0.5',
      ttfb: '80',
      totalUsage: '0',
      usageMetrics: { inputTokens: '12', outputTokens: '0', cacheReadInputTokens: '4' },
      credits: '0.0000001',
      errorReason: 'upstream timed out',
      appDid: 'zKey',
    });
    expect(r).toMatchObject({
      id: '42',
      time: 1736937015000,
      modelId: 'openai/gpt-4o',
      provider: 'openai',
      durationMs: 500,
      ttfbMs: 80,
      inputTokens: 12,
      cacheReadInputTokens: 4,
      credits: 0.0000001,
      errorReason: 'upstream timed out',
    });
  });

  it('fills missing optional fields instead of failing, and reads createdAt when callTime is absent', () => {
    const r = wire({ id: 'x', createdAt: '2025-01-15T10:00:00.000Z', model: 'echo', usageMetrics: null, credits: null, appInfo: null });
    expect(r).toMatchObject({
      time: Date.parse('2025-01-15T10:00:00Z'),
      inputTokens: 0,
      outputTokens: 0,
      credits: 0,
      durationMs: 0,
      status: 'failed',
      type: 'unknown',
      appDid: '',
    });
    expect(wire({ id: 'p', callTime: 1, status: 'processing' }).status).toBe('processing');
  });

  it('never carries something that looks like a key out of an error reason', () => {
    const r = wire({ id: 'k', callTime: 1, errorReason: 'bad key blocklet-5XyZabcDEFghijkLMNop' });
    expect(r.errorReason).toBe('bad key blocklet-…');
  });

  it('rejects what is not a number at all', () => {
    expect(recordWire.safeParse({ id: 'x', callTime: 'yesterday' }).success).toBe(false);
  });
});

describe('normalising the quota', () => {
  it('accepts strings, derives `used`, and reads 999 days as "no estimate"', () => {
    const q = normaliseQuota(
      quotaWire.parse({
        total: '100',
        remaining: '40.5',
        pendingCredit: '0',
        estimatedDaysRemaining: 999,
        dailyAvgCredits: '0',
        currency: { id: 'x', symbol: 'AHC', decimal: 10 },
      }),
    );
    expect(q).toEqual({
      total: 100,
      remaining: 40.5,
      used: 59.5,
      pendingCredit: 0,
      estimatedDaysRemaining: null,
      dailyAvgCredits: 0,
      currency: { symbol: 'AHC', decimal: 10 },
    });
    expect(
      normaliseQuota(quotaWire.parse({ total: 10, remaining: 4, used: 6, estimatedDaysRemaining: '12', currency: 'weird' })),
    ).toMatchObject({
      estimatedDaysRemaining: 12,
      pendingCredit: 0,
    });
  });
});
