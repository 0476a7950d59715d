import { describe, expect, it } from 'vitest';
import { REQUEST_CHANNELS, requests } from '../../src/shared/contract';

/** Channels that take no input at all: anything given is refused whole. */
const takesNothing = (channel: (typeof REQUEST_CHANNELS)[number]) =>
  requests[channel].input.safeParse(undefined).success && !requests[channel].input.safeParse({}).success;

describe('every request input in the contract', () => {
  it.each([...REQUEST_CHANNELS])('%s refuses a field the contract does not list', (channel) => {
    const parsed = requests[channel].input.safeParse({ surpriseField: 1 });
    expect(parsed.success).toBe(false);
    if (takesNothing(channel)) return;
    const codes = parsed.error?.issues.map((i) => i.code);
    expect(codes).toContain('unrecognized_keys');
    const named = parsed.error?.issues.find((i) => i.code === 'unrecognized_keys');
    expect(named && 'keys' in named ? named.keys : []).toEqual(['surpriseField']);
  });
});
