import { describe, expect, it } from 'vitest';
import { forPlayground } from '../../../src/main/services/playground/errors';
import {
  hubChatEvents,
  hubStreamError,
  MALFORMED_STREAM_MESSAGE,
  parseServerTiming,
  plainDeltaText,
} from '../../../src/main/services/playground/hub-events';

const data = (json: unknown) => ({ data: JSON.stringify(json) });

describe('hub chat events', () => {
  it('reads a content delta as an increment and ignores the always-present empty toolCalls', () => {
    expect(hubChatEvents(data({ delta: { role: 'assistant', content: ' world', toolCalls: [] } }))).toEqual([
      { type: 'delta', content: ' world' },
    ]);
  });

  it("reads the hub's usual delta exactly as JSON would, escapes, Unicode and quotes included", () => {
    const texts = [
      '',
      'plain',
      'say "hi"',
      'back\\slash',
      'line\nbreak\ttab',
      '\u0001 ctl',
      'emoji 🌊 中文',
      '\\u00e9 literal',
      '</script>',
    ];
    for (const content of texts) {
      const event = data({ delta: { role: 'assistant', content, toolCalls: [] } });
      expect(hubChatEvents(event)).toEqual([{ type: 'delta', content }]);
      // The chat's shortcut gives the same text, or leaves the event to the full reading.
      expect([content, undefined]).toContain(plainDeltaText(event));
    }
    expect(plainDeltaText(data({ delta: { role: 'assistant', content: 'plain', toolCalls: [] } }))).toBe('plain');
    // Not valid JSON, though shaped like the usual event: a malformed stream, as before.
    for (const bad of [
      '{"delta":{"role":"assistant","content":"a\\xb","toolCalls":[]}}',
      '{"delta":{"role":"assistant","content":"raw\nline","toolCalls":[]}}',
    ]) {
      expect(plainDeltaText({ data: bad })).toBeUndefined();
      expect(hubChatEvents({ data: bad })).toEqual([
        { type: 'error', error: expect.objectContaining({ message: MALFORMED_STREAM_MESSAGE }) },
      ]);
    }
  });

  it('leaves every other event to the full reading (named, other fields, tool calls, extra keys)', () => {
    const usual = '{"delta":{"role":"assistant","content":"x","toolCalls":[]}}';
    expect(plainDeltaText({ data: usual, event: 'message' })).toBeUndefined();
    expect(plainDeltaText({ data: '{"delta":{"role":"assistant","content":"x","toolCalls":[{"id":"1"}]}}' })).toBeUndefined();
    expect(plainDeltaText({ data: '{"delta":{"role":"assistant","content":"a","x":"b","toolCalls":[]}}' })).toBeUndefined();
    expect(plainDeltaText(data({ usage: { promptTokens: 1 } }))).toBeUndefined();
  });

  it('passes a non-empty toolCalls list whole (the consumer replaces), arguments as JSON text', () => {
    const calls = [
      { id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{"q":"cats"}' } },
      { id: 'c2', type: 'function', function: { name: 'fetch', arguments: { url: 'x' } } },
    ];
    expect(hubChatEvents(data({ delta: { content: '', toolCalls: calls } }))).toEqual([
      {
        type: 'delta',
        content: '',
        toolCalls: [
          { id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{"q":"cats"}' } },
          { id: 'c2', type: 'function', function: { name: 'fetch', arguments: '{"url":"x"}' } },
        ],
      },
    ]);
  });

  it('reads usage, filling a missing total', () => {
    expect(hubChatEvents(data({ usage: { promptTokens: 3, completionTokens: 5, totalTokens: 8 } }))).toEqual([
      { type: 'usage', promptTokens: 3, completionTokens: 5, totalTokens: 8 },
    ]);
    expect(hubChatEvents(data({ usage: { promptTokens: 2, completionTokens: 4 } }))).toEqual([
      { type: 'usage', promptTokens: 2, completionTokens: 4, totalTokens: 6 },
    ]);
  });

  it('parses the trailing server-timing event', () => {
    expect(hubChatEvents({ event: 'server-timing', data: 'session;dur=12, total;dur=345' })).toEqual([
      { type: 'server-timing', sessionMs: 12, totalMs: 345 },
    ]);
    expect(parseServerTiming('total;desc="x";dur=1.5,session;dur=oops, other;dur=3')).toEqual({ totalMs: 1.5 });
  });

  it('ignores [DONE] and unknown objects (forward compatible)', () => {
    expect(hubChatEvents({ data: '[DONE]' })).toEqual([]);
    expect(hubChatEvents(data({ somethingNew: true }))).toEqual([]);
  });

  it('turns malformed JSON into a clear HUB_ERROR', () => {
    const [event] = hubChatEvents({ data: '{"delta":{"content":"unterminated' });
    expect(event).toMatchObject({ type: 'error' });
    if (event?.type !== 'error') throw new Error('expected an error');
    expect(event.error.code).toBe('HUB_ERROR');
    expect(event.error.message).toBe(MALFORMED_STREAM_MESSAGE);
    expect(event.error.message).toMatch(/malformed stream/);
  });
});

describe('errors sent inside the stream (HTTP 200)', () => {
  const errorOf = (payload: unknown) => {
    const [event] = hubChatEvents(data({ error: payload }));
    if (event?.type !== 'error') throw new Error('expected an error event');
    return event.error;
  };

  it('a string: "User not authenticated" is UNAUTHORIZED and points to Keys', () => {
    const error = forPlayground(errorOf('User not authenticated'));
    expect(error.code).toBe('UNAUTHORIZED');
    expect(error.message).toMatch(/Go to Keys/);
    expect(error.detail).toMatchObject({ action: 'open-keys', inStream: true });
  });

  it('the credit object: OUT_OF_CREDITS with the top-up link', () => {
    const error = forPlayground(errorOf({ message: 'Not enough credits', type: 'NOT_ENOUGH', link: 'https://hub/topup', timestamp: 1 }));
    expect(error.code).toBe('OUT_OF_CREDITS');
    expect(error.detail).toMatchObject({ link: 'https://hub/topup', action: 'top-up', type: 'NOT_ENOUGH' });
  });

  it('{message}: HUB_ERROR quoting the hub', () => {
    const error = errorOf({ message: 'provider exploded' });
    expect(error.code).toBe('HUB_ERROR');
    expect(error.message).toBe('The hub stopped the answer with an error. The hub said: "provider exploded".');
  });

  it('{error:{message}} nested: unwrapped', () => {
    expect(errorOf({ error: { message: 'deep reason' } }).message).toContain('deep reason');
  });

  it('a validation message in Joi wording: INVALID_INPUT', () => {
    const error = errorOf('"temperature" must be less than or equal to 2');
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toContain('"temperature" must be less than or equal to 2');
  });

  it('an error with no message still reads as a sentence', () => {
    expect(errorOf({}).message).toBe('The hub stopped the answer with an error it did not explain. Try again.');
  });

  it('never echoes a key the hub put in a message', () => {
    const error = hubStreamError('bad key blocklet-4mVbq8TzXw9kLpRa2NcYh7Qx2');
    expect(error.message).not.toContain('4mVbq8TzXw9kLpRa2NcYh7Qx2');
  });

  it('reads named `event: error` frames too', () => {
    const [event] = hubChatEvents({ event: 'error', data: JSON.stringify({ message: 'framework failure' }) });
    expect(event?.type === 'error' && event.error.message).toContain('framework failure');
  });
});
