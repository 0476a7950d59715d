import { describe, expect, it } from 'vitest';
import { SseParser, SseTooLongError, parseSseText, type SseEvent } from '../../../src/main/services/playground/sse';

const enc = new TextEncoder();

/** A seeded PRNG (mulberry32), so random chunkings are the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function feed(chunks: Uint8Array[]): SseEvent[] {
  const parser = new SseParser();
  const out: SseEvent[] = [];
  for (const c of chunks) out.push(...parser.push(c));
  out.push(...parser.end());
  return out;
}

/** The same, with each event handed to a callback as it is parsed. */
function feedEach(chunks: Uint8Array[]): SseEvent[] {
  const parser = new SseParser();
  const out: SseEvent[] = [];
  for (const c of chunks) parser.push(c, (e) => out.push(e));
  parser.end((e) => out.push(e));
  return out;
}

function cutAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [0, ...cuts.sort((a, b) => a - b), bytes.length];
  const out: Uint8Array[] = [];
  for (let i = 0; i < points.length - 1; i++) out.push(bytes.subarray(points[i]!, points[i + 1]!));
  return out;
}

// What the hub sends, with multi-byte text (é: 2 bytes, 中: 3 bytes, 🙂: 4 bytes) to split mid-character.
const hubTranscript = [
  'data: {"delta":{"role":"assistant","content":"Héllo","toolCalls":[]}}',
  '',
  'data: {"delta":{"role":"assistant","content":" 中文 🙂","toolCalls":[]}}',
  '',
  'data: {"usage":{"promptTokens":3,"completionTokens":2,"totalTokens":5}}',
  '',
  'event: server-timing',
  'data: session;dur=4, total;dur=120',
  '',
  '',
].join('\n');

const hubEvents: SseEvent[] = [
  { data: '{"delta":{"role":"assistant","content":"Héllo","toolCalls":[]}}' },
  { data: '{"delta":{"role":"assistant","content":" 中文 🙂","toolCalls":[]}}' },
  { data: '{"usage":{"promptTokens":3,"completionTokens":2,"totalTokens":5}}' },
  { event: 'server-timing', data: 'session;dur=4, total;dur=120' },
];

const transcripts: Record<string, { text: string; events: SseEvent[] }> = {
  'hub stream, LF': { text: hubTranscript, events: hubEvents },
  'hub stream, CRLF': { text: hubTranscript.replace(/\n/g, '\r\n'), events: hubEvents },
  'hub stream, CR': { text: hubTranscript.replace(/\n/g, '\r'), events: hubEvents },
  'mixed endings, comments, multi-line data, ids, unknown fields': {
    text: ':hello\r\n: keep-alive\n\ndata: one\r\ndata:two\rdata:  three\n\nid: 7\nretry: 10\nfoo: bar\nevent: custom\ndata\n\ndata: after-id\n\n',
    events: [{ data: 'one\ntwo\n three' }, { event: 'custom', data: '', id: '7' }, { data: 'after-id', id: '7' }],
  },
  'an event without data is not dispatched': {
    text: 'event: lonely\n\nid\n\ndata: x\n\n',
    events: [{ data: 'x' }],
  },
};

describe('SseParser', () => {
  it.each(Object.entries(transcripts))('parses %s in one piece', (_name, { text, events }) => {
    expect(parseSseText(text)).toEqual(events);
    expect(parseSseText(enc.encode(text))).toEqual(events);
  });

  it.each(Object.entries(transcripts))('gives the same events for %s cut at every byte boundary', (_name, { text, events }) => {
    const bytes = enc.encode(text);
    for (let i = 0; i <= bytes.length; i++) expect(feed(cutAt(bytes, [i]))).toEqual(events);
    // ... and fed one byte at a time.
    expect(feed(Array.from(bytes, (_b, i) => bytes.subarray(i, i + 1)))).toEqual(events);
  });

  it.each(Object.entries(transcripts))('gives the same events for %s in 300 seeded random chunkings', (_name, { text, events }) => {
    const bytes = enc.encode(text);
    const next = random(text.length);
    for (let run = 0; run < 300; run++) {
      const count = 1 + Math.floor(next() * 12);
      const cuts = Array.from({ length: count }, () => Math.floor(next() * (bytes.length + 1)));
      expect(feed(cutAt(bytes, cuts))).toEqual(events);
      expect(feedEach(cutAt(bytes, cuts))).toEqual(events);
    }
  });

  it('with a callback, hands over each event before reading the rest of the chunk', () => {
    const parser = new SseParser({ maxLineChars: 100 });
    const seen: string[] = [];
    const chunk = `data: first\n\ndata: second\n\ndata: ${'x'.repeat(200)}\n\ndata: never\n\n`;
    expect(() => parser.push(chunk, (e) => seen.push(e.data))).toThrow(SseTooLongError);
    // The events before the over-long line were already out when it was read.
    expect(seen).toEqual(['first', 'second']);
  });

  it('with a callback, end() hands over the trailing partial event', () => {
    const parser = new SseParser();
    const seen: SseEvent[] = [];
    parser.push('data: a\n\ndata: b', (e) => seen.push(e));
    parser.end((e) => seen.push(e));
    expect(seen).toEqual([{ data: 'a' }, { data: 'b', partial: true }]);
  });

  it('decodes a character split across chunks without replacement characters', () => {
    const bytes = enc.encode('data: 🙂\n\n');
    const parser = new SseParser();
    expect(parser.push(bytes.subarray(0, 8))).toEqual([]); // "data: " + half the emoji
    expect(parser.push(bytes.subarray(8))).toEqual([{ data: '🙂' }]);
  });

  it('treats a CR at the end of a chunk and a LF at the start of the next as one line ending', () => {
    const parser = new SseParser();
    expect(parser.push('data: a\r')).toEqual([]);
    expect(parser.push('\n\r')).toEqual([{ data: 'a' }]);
    expect(parser.push('\ndata: b\n\n')).toEqual([{ data: 'b' }]); // the LF after that CR is not a second blank line
  });

  it('ignores a byte-order mark at the start', () => {
    expect(parseSseText(new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode('data: x\n\n')]))).toEqual([{ data: 'x' }]);
    expect(parseSseText('\ufeffdata: x\n\n')).toEqual([{ data: 'x' }]);
  });

  it('has no [DONE] to wait for: events are dispatched as their blank line arrives', () => {
    const parser = new SseParser();
    expect(parser.push('data: {"a":1}\n\ndata: {"b"')).toEqual([{ data: '{"a":1}' }]);
  });

  it('flushes a final event that lacks its blank line at end of stream, marked partial (never loses content)', () => {
    expect(parseSseText('data: {"a":1}\n\ndata: {"usage":{}}')).toEqual([{ data: '{"a":1}' }, { data: '{"usage":{}}', partial: true }]);
    expect(parseSseText('data: x\ndata: y\n')).toEqual([{ data: 'x\ny', partial: true }]);
    expect(parseSseText('data: x\n\n: trailing comment')).toEqual([{ data: 'x' }]);
  });

  it('keeps many events from one chunk in order', () => {
    const text = Array.from({ length: 50 }, (_v, i) => `data: ${i}\n\n`).join('');
    expect(parseSseText(text).map((e) => e.data)).toEqual(Array.from({ length: 50 }, (_v, i) => String(i)));
  });
});
