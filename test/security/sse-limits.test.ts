import { describe, expect, it } from 'vitest';
import { SseParser, SseTooLongError } from '../../src/main/services/playground/sse';

/**
 * The parser's line cap is its contract with the chat service: whichever
 * parser implementation is used, a line or event past `maxLineChars` throws
 * SseTooLongError, however the bytes are chunked, and nothing shorter does.
 */
describe('SSE line and event cap', () => {
  const feed = (parser: SseParser, text: string, chunk: number) => {
    const events = [];
    for (let i = 0; i < text.length; i += chunk) events.push(...parser.push(Buffer.from(text.slice(i, i + chunk))));
    return events;
  };

  it.each([1, 7, 64, 4096])('throws on a line past the cap, in chunks of %i bytes', (chunk) => {
    const parser = new SseParser({ maxLineChars: 1000 });
    expect(() => feed(parser, `data: ${'x'.repeat(2000)}`, chunk)).toThrow(SseTooLongError);
  });

  it('throws on an event whose data lines together pass the cap', () => {
    const parser = new SseParser({ maxLineChars: 1000 });
    expect(() => feed(parser, `data: ${'x'.repeat(400)}\n`.repeat(5), 64)).toThrow(SseTooLongError);
  });

  it('accepts lines and events up to the cap, and any size without one', () => {
    const capped = new SseParser({ maxLineChars: 1000 });
    expect(feed(capped, `data: ${'x'.repeat(900)}\n\n`.repeat(10), 100)).toHaveLength(10);
    const open = new SseParser();
    expect(feed(open, `data: ${'x'.repeat(100_000)}\n\n`, 4096)[0]?.data).toHaveLength(100_000);
  });
});
