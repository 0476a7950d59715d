import { describe, expect, it } from 'vitest';
import { compareClientAndHub } from '../../../src/main/services/usage/compare';
import type { ClientCall } from '../../../src/shared/call-log';
import { rec } from './records';

const NOW = Date.parse('2025-01-15T12:00:00Z');
const MIN = 60_000;

function call(id: string, at: number, over: Partial<ClientCall> = {}): ClientCall {
  return {
    id,
    hubId: 'h',
    keyId: 'k1',
    accessKeyId: 'zKeyA',
    model: 'sandbox/echo',
    kind: 'chat',
    startedAt: new Date(at).toISOString(),
    durationMs: 500,
    status: 'success',
    promptTokens: 10,
    completionTokens: 5,
    estimatedCredits: 0.0001,
    ...over,
  };
}

const options = { nowMs: NOW, recordDelayMs: 10 * MIN, creditThreshold: 0.05, appDids: new Set(['zKeyA']) };

describe('the app’s call log beside the hub’s', () => {
  it('matches by request id, agrees, and raises no flags', () => {
    const rows = compareClientAndHub([call('c1', NOW - 60 * MIN)], [rec(NOW - 60 * MIN + 3000, { requestId: 'c1' })], options);
    expect(rows).toEqual([
      {
        modelId: 'sandbox/echo',
        client: { calls: 1, successCalls: 1, inputTokens: 10, outputTokens: 5, estimatedCredits: 0.0001 },
        hub: { calls: 1, successCalls: 1, inputTokens: 10, outputTokens: 5, credits: 0.0001 },
        matched: 1,
        confidence: { exact: 1, high: 0, medium: 0, low: 0 },
        unmatchedClient: 0,
        pending: 0,
        unmatchedHub: 0,
        creditDifference: 0,
        flags: [],
      },
    ]);
  });

  it('behind a gateway (request ids replaced), pairs by model, time, tokens and status and says how sure it is', () => {
    // Two calls a second apart on the same model; the hub recorded gateway ids and whole seconds.
    const a = call('ca', NOW - 60 * MIN + 200, { promptTokens: 10, completionTokens: 5 });
    const b = call('cb', NOW - 60 * MIN + 1400, { promptTokens: 3, completionTokens: 40 });
    const failed = call('cf', NOW - 40 * MIN, { status: 'failed', promptTokens: undefined, completionTokens: undefined });
    const hub = [
      rec(NOW - 60 * MIN, { id: 'h-b', requestId: '4f2c0d8e9a1b4c3d8e7f6a5b4c3d2e1f', inputTokens: 3, outputTokens: 40 }),
      rec(NOW - 60 * MIN + 1000, { id: 'h-a', requestId: '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b', inputTokens: 10, outputTokens: 5 }),
      rec(NOW - 40 * MIN, { id: 'h-f', status: 'failed', inputTokens: 0, outputTokens: 0 }),
    ];
    const [row] = compareClientAndHub([a, b, failed], hub, options);
    expect(row).toMatchObject({
      matched: 3,
      confidence: { exact: 0, high: 2, medium: 1, low: 0 },
      unmatchedClient: 0,
      unmatchedHub: 0,
    });
    // Pairing by time alone would have crossed a and b and reported a token difference.
    expect(row!.flags).not.toContain('token-difference');
    expect(row!.flags).not.toContain('missing-on-hub');
  });

  it('matches by key, model and time when there is no request id', () => {
    const rows = compareClientAndHub(
      [call('c1', NOW - 60 * MIN), call('c2', NOW - 30 * MIN)],
      [rec(NOW - 60 * MIN + 1000), rec(NOW - 30 * MIN)],
      options,
    );
    expect(rows[0]).toMatchObject({ matched: 2, unmatchedClient: 0, unmatchedHub: 0, flags: [] });
  });

  it('calls the hub has not recorded: recent ones are pending, old ones missing', () => {
    const rows = compareClientAndHub([call('old', NOW - 60 * MIN), call('new', NOW - 2 * MIN)], [], options);
    expect(rows[0]).toMatchObject({ unmatchedClient: 2, pending: 1, flags: ['pending-on-hub', 'missing-on-hub'] });
    expect(rows[0]!.creditDifference).toBeNull();
  });

  it('flags calls on the app’s keys that the app did not make, and ignores other keys', () => {
    const rows = compareClientAndHub([], [rec(NOW - 5 * MIN), rec(NOW - 5 * MIN, { appDid: 'zSomeoneElse' })], options);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ unmatchedHub: 1, flags: ['hub-only-calls'] });
  });

  it('flags credit differences over the threshold and token differences', () => {
    const rows = compareClientAndHub(
      [
        call('c1', NOW - 60 * MIN, { estimatedCredits: 0.0001, promptTokens: 11 }),
        call('c2', NOW - 50 * MIN, { model: 'sandbox/prose', estimatedCredits: 0.000102 }),
      ],
      [
        rec(NOW - 60 * MIN, { requestId: 'c1', credits: 0.00012 }),
        rec(NOW - 50 * MIN, { requestId: 'c2', model: 'prose', credits: 0.0001 }),
      ],
      options,
    );
    const echo = rows.find((r) => r.modelId === 'sandbox/echo')!;
    const prose = rows.find((r) => r.modelId === 'sandbox/prose')!;
    expect(echo.flags).toEqual(['credit-difference', 'token-difference']);
    expect(echo.creditDifference).toBe(0.00002);
    expect(prose.flags).toEqual([]); // 2 % apart: under the 5 % threshold
  });

  it('does not compare credits when the app had no price to estimate with', () => {
    const rows = compareClientAndHub(
      [call('c1', NOW - 60 * MIN, { estimatedCredits: undefined })],
      [rec(NOW - 60 * MIN, { requestId: 'c1' })],
      options,
    );
    expect(rows[0]).toMatchObject({ client: { estimatedCredits: null }, creditDifference: null, flags: [] });
  });

  it('spells hub-routed model ids the way the wire does', () => {
    const rows = compareClientAndHub([call('c1', NOW - 60 * MIN, { model: 'aignehub:sandbox/echo' })], [rec(NOW - 60 * MIN)], options);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ modelId: 'sandbox/echo', matched: 1 });
  });
});
