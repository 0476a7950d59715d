import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChatService,
  DEFAULT_DEADLINE_MS,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  type ChatServiceOptions,
} from '../../src/main/services/playground/chat';
import { MAX_ANSWER_CHARS } from '../../src/shared/limits';
import { memoryCallLog, TestKeys } from '../integration/playground/helpers';
import { startHostileHub, type HostileHub } from '../support/hostile-hub';
import { MB, measureHeap } from '../support/memory';

/** A hostile hub streaming chat answers: every case ends with a named reason, what arrived is kept, memory stays bounded. */
let hub: HostileHub;

beforeAll(async () => {
  hub = await startHostileHub({ silentMs: 1_500, slowMs: 1_500 });
});
afterAll(async () => {
  await hub.close();
});

function chat(options: ChatServiceOptions = {}) {
  const keys = new TestKeys();
  keys.add('k1', { secret: 'blocklet-hostile', mountUrl: hub.url, hubId: 'hostile' });
  const callLog = memoryCallLog();
  const service = new ChatService({ keys, models: { rates: async () => undefined }, callLog, options: { ratesWaitMs: 0, ...options } });
  const run = (model: string) => service.stream({ keyId: 'k1', model, messages: [{ role: 'user', content: 'hi' }] }).done;
  return { run, callLog };
}

describe('chat against a hostile hub', () => {
  it('stops an endless stream at the answer cap, keeps the text, and stays within memory', async () => {
    const { run, callLog } = chat();
    const { result, peakGrowth, retainedGrowth } = await measureHeap(() => run('hostile/endless'));
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'HUB_ERROR', detail: { reason: 'answerTooLong', maxChars: MAX_ANSWER_CHARS } });
    expect(result.error?.message).toMatch(/text received so far is kept/);
    expect(result.text.length).toBe(MAX_ANSWER_CHARS);
    console.info(
      `[hostile] endless stream: peak heap +${(peakGrowth / MB).toFixed(1)} MB, retained +${(retainedGrowth / MB).toFixed(1)} MB`,
    );
    // Generous: a few times the kept text (2 bytes a character at worst), never the hundreds of MB an endless stream grows to.
    expect(peakGrowth).toBeLessThan(MAX_ANSWER_CHARS * 2 * 8 + 64 * MB);
    expect(retainedGrowth).toBeLessThan(MAX_ANSWER_CHARS * 2 * 2 + 16 * MB);
    expect(callLog.list().at(-1)).toMatchObject({ status: 'failed' });
  });

  it('refuses one SSE line that never ends', async () => {
    const { run } = chat({ maxLineChars: 1 * MB });
    const { result, peakGrowth } = await measureHeap(() => run('hostile/long-line'));
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'HUB_ERROR', detail: { reason: 'sseLineTooLong', maxChars: 1 * MB } });
    expect(peakGrowth).toBeLessThan(1 * MB * 2 * 16 + 64 * MB);
    console.info(
      `[hostile] long line: peak heap +${(peakGrowth / MB).toFixed(1)} MB, hub sent ${(hub.stats.bytesSent / MB).toFixed(1)} MB so far`,
    );
  });

  it('refuses an event whose data lines never reach a blank line', async () => {
    const { run } = chat({ maxLineChars: 1 * MB });
    const result = await run('hostile/no-blank-line');
    expect(result.error).toMatchObject({ code: 'HUB_ERROR', detail: { reason: 'sseLineTooLong' } });
  });

  it('stops a stream past its byte cap even when the text cap is not reached', async () => {
    const { run } = chat({ maxAnswerChars: 1_000_000_000, maxStreamBytes: 8 * MB });
    const { result, peakGrowth } = await measureHeap(() => run('hostile/endless'));
    expect(result.error).toMatchObject({ code: 'HUB_ERROR', detail: { reason: 'streamTooLarge', maxBytes: 8 * MB } });
    expect(result.text.length).toBeGreaterThan(0);
    expect(peakGrowth).toBeLessThan(8 * MB * 16 + 64 * MB);
  });

  it('ends a call that never finishes at the overall deadline, keeping what arrived', async () => {
    const { run } = chat({ deadlineMs: 400 });
    const result = await run('hostile/drip');
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'TIMEOUT', detail: { reason: 'deadline', timeoutMs: 400 } });
    expect(result.text).toMatch(/^(drip )+$/);
  });

  it('waits for a long-thinking model: silence before the first byte is not an error', async () => {
    const { run } = chat();
    const result = await run('hostile/silent-then-answer');
    expect(result.status).toBe('success');
    expect(result.text).toBe('Thought long; here is the answer.');
  });

  it('allows long-thinking models by default: 10 min for headers and between chunks, 30 min in all', () => {
    expect(DEFAULT_HEADERS_TIMEOUT_MS).toBeGreaterThanOrEqual(10 * 60_000);
    expect(DEFAULT_IDLE_TIMEOUT_MS).toBeGreaterThanOrEqual(10 * 60_000);
    expect(DEFAULT_DEADLINE_MS).toBeGreaterThanOrEqual(30 * 60_000);
  });

  it('names a slow header when the app is told to wait less', async () => {
    const { run } = chat({ headersTimeoutMs: 200 });
    const result = await run('hostile/slow-header');
    expect(result.error).toMatchObject({ code: 'TIMEOUT', detail: { phase: 'headers' } });
  });
});
