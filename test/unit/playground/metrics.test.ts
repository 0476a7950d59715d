import { describe, expect, it } from 'vitest';
import { DeltaBatcher } from '../../../src/main/services/playground/batcher';
import { cosineSimilarity, readVectors } from '../../../src/main/services/playground/embeddings';
import { computeChatMetrics, estimateCredits, tokensPerSecond } from '../../../src/main/services/playground/metrics';

describe('answer metrics', () => {
  it('measures ttft, duration, tokens, speed and an estimated cost', () => {
    const metrics = computeChatMetrics({
      startedAt: 1000,
      firstDeltaAt: 1250,
      endedAt: 3250,
      usage: { promptTokens: 10, completionTokens: 100, totalTokens: 110 },
      rates: { input: 0.000002, output: 0.000008 },
      serverTiming: { sessionMs: 3, totalMs: 2200 },
    });
    expect(metrics).toEqual({
      ttftMs: 250,
      durationMs: 2250,
      promptTokens: 10,
      completionTokens: 100,
      totalTokens: 110,
      tokensPerSecond: 50, // 100 tokens over the 2 s after the first token
      estimatedCredits: 0.00082, // 10 × 0.000002 + 100 × 0.000008, without float noise
      serverTiming: { sessionMs: 3, totalMs: 2200 },
    });
  });

  it('leaves unknowns null: no usage (stopped), no rates, no first token', () => {
    expect(computeChatMetrics({ startedAt: 0, firstDeltaAt: undefined, endedAt: 500, usage: undefined, rates: undefined })).toEqual({
      ttftMs: null,
      durationMs: 500,
      promptTokens: null,
      completionTokens: null,
      totalTokens: null,
      tokensPerSecond: null,
      estimatedCredits: null,
    });
    expect(estimateCredits({ input: null, output: 0.1 }, 1, 1)).toBeNull();
    expect(estimateCredits(undefined, 1, 1)).toBeNull();
    expect(estimateCredits({ input: 0, output: 0 }, 5, 5)).toBe(0);
  });

  it('guards tokens per second against zero and noise-sized windows', () => {
    expect(tokensPerSecond(0, 1000, 100)).toBeNull();
    expect(tokensPerSecond(null, 1000, 100)).toBeNull();
    expect(tokensPerSecond(10, 0, 0)).toBeNull();
    // The whole answer in one chunk: 2 ms after the first token. Use the whole duration instead.
    expect(tokensPerSecond(10, 102, 100)).toBeCloseTo(98, 0);
    expect(tokensPerSecond(10, 1000, null)).toBe(10);
  });
});

describe('delta batching', () => {
  it('sends the first text at once, coalesces later pushes in the same tick into one emit, and flushes on demand', async () => {
    const emitted: { text: string; tools: number | undefined }[] = [];
    const batcher = new DeltaBatcher(16, (text, toolCalls) => emitted.push({ text, tools: toolCalls?.length }));
    for (const word of ['a', ' b', ' c']) batcher.push(word);
    expect(emitted).toEqual([{ text: 'a', tools: undefined }]);
    await new Promise((r) => setTimeout(r, 40));
    expect(emitted).toEqual([
      { text: 'a', tools: undefined },
      { text: ' b c', tools: undefined },
    ]);
    batcher.push(' d');
    batcher.push('', [{ id: '1', type: 'function', function: { name: 'f', arguments: '{}' } }]);
    batcher.flush();
    expect(emitted[2]).toEqual({ text: ' d', tools: 1 });
    batcher.flush(); // nothing pending: no empty emit
    expect(emitted).toHaveLength(3);
    batcher.dispose();
  });

  it('emits at most once per interval under a steady trickle', async () => {
    const times: number[] = [];
    let text = '';
    const batcher = new DeltaBatcher(25, (t) => {
      times.push(performance.now());
      text += t;
    });
    const expected: string[] = [];
    for (let i = 0; i < 60; i++) {
      batcher.push(`${i},`);
      expected.push(`${i},`);
      await new Promise((r) => setTimeout(r, 2));
    }
    batcher.flush();
    expect(text).toBe(expected.join(''));
    for (let i = 1; i < times.length - 1; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(23);
    expect(times.length).toBeLessThan(60 / 2);
  });
});

describe('cosine similarity', () => {
  it('is 1 for the same direction, -1 for opposite, 0 for orthogonal', () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, 0], [-3, 0])).toBeCloseTo(-1, 12);
    expect(cosineSimilarity([1, 0], [0, 5])).toBe(0);
    expect(cosineSimilarity([3, 4], [4, 3])).toBeCloseTo(24 / 25, 12);
  });

  it('is 0 for a zero vector and refuses mismatched or empty vectors', () => {
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(RangeError);
    expect(() => cosineSimilarity([], [])).toThrow(RangeError);
  });

  it('reads vectors from data[].embedding and embeddings[] answers', () => {
    expect(readVectors({ data: [{ embedding: [1, 2] }, { embedding: [3, 4] }] })).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(readVectors({ embeddings: [[5, 6]] })).toEqual([[5, 6]]);
    expect(readVectors({ embeddings: [{ embedding: [7] }] })).toEqual([[7]]);
    expect(readVectors({ data: [{ embedding: ['x'] }] })).toEqual([]);
    expect(readVectors(null)).toEqual([]);
  });
});
