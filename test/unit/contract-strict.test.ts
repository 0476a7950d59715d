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

describe('a chat request', () => {
  const base = { keyId: 'k1', model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] };
  it('refuses a misspelt parameter or an unknown message field instead of dropping it', () => {
    const input = requests['playground.chat'].input;
    expect(input.safeParse({ ...base, params: { temperature: 0.5 } }).success).toBe(true);
    const misspelt = input.safeParse({ ...base, params: { temprature: 0.5 } });
    expect(misspelt.error?.issues.find((i) => i.code === 'unrecognized_keys')?.path).toEqual(['params']);
    const extra = input.safeParse({ ...base, messages: [{ role: 'user', content: 'hi', secret: 'x' }] });
    expect(extra.error?.issues.find((i) => i.code === 'unrecognized_keys')?.path).toEqual(['messages', 0]);
  });
});
