import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { envelopeSchema, REQUEST_CHANNELS, requests, type RequestChannel } from '../../src/shared/contract';
import { AppError } from '../../src/shared/errors';
import { MAX_FRAME_BYTES, PAYLOAD_LIMITS } from '../../src/shared/limits';
import { createDispatcher, type Handlers } from '../../src/main/services/dispatcher';
import { createServices } from '../../src/main/services';
import { memoryStore } from '../../src/main/services/settings/store';

/**
 * The standing IPC fuzzer: hostile payloads for every channel of the contract
 * through the real dispatcher. Seeded, so a failure is replayed with the same
 * FUZZ_SEED; set FUZZ_RUNS to fuzz harder locally.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
const RUNS_PER_CHANNEL = Number(process.env.FUZZ_RUNS ?? 60);
const RAN = 'fuzzHandlerRan';

function recordingDispatcher() {
  const ran: { channel: RequestChannel; input: unknown }[] = [];
  const handlers = Object.fromEntries(
    REQUEST_CHANNELS.map((channel) => [
      channel,
      (input: unknown) => {
        ran.push({ channel, input });
        // A typed answer that says "the handler ran", without depending on any service.
        throw new AppError('NOT_FOUND', 'handled', { reason: RAN });
      },
    ]),
  ) as unknown as Handlers;
  return { dispatcher: createDispatcher(handlers), ran };
}

/** Valid-looking shapes to mutate, so the fuzzer also reaches the schemas' inner fields. */
const SEEDS: unknown[] = [
  { keyId: 'k1', model: 'openai/gpt', messages: [{ role: 'user', content: 'hi' }], params: {} },
  { id: 'c1', messages: [{ role: 'assistant', content: 'x' }] },
  { hubId: 'h1', range: { preset: '7d', timezoneOffset: 0 } },
  { rows: [{ a: 1 }], columns: [{ key: 'a', header: 'A' }] },
  { language: 'en', theme: 'dark' },
  { url: 'https://hub.example', name: 'Hub' },
  { keyId: 'k1', format: 'env' },
];

const hostileValue = fc.anything({
  maxDepth: 6,
  maxKeys: 8,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
  key: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty')),
});

/** A seed with one field replaced, added or polluted. */
const mutatedSeed = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.constantFrom('__proto__', 'constructor', 'messages', 'params', 'keyId', 'extra', 'rows'),
    hostileValue,
  )
  .map(([seed, key, value]) => {
    const copy = JSON.parse(JSON.stringify(seed)) as Record<string, unknown>;
    if (key === '__proto__') return JSON.parse(`{"__proto__":{"polluted":true},"keyId":"k1"}`) as unknown;
    copy[key] = value;
    return copy;
  });

const payload = fc.oneof({ weight: 3, arbitrary: hostileValue }, { weight: 2, arbitrary: mutatedSeed });

function prototypeSnapshot(): string {
  return [Object.prototype, Array.prototype, Function.prototype, String.prototype]
    .map((p) => Object.getOwnPropertyNames(p).sort().join(','))
    .join('|');
}

describe('IPC fuzzer', () => {
  it('sends hostile payloads to every request channel: typed answers only, handlers only on valid input, no pollution, bounded heap', async () => {
    const { dispatcher, ran } = recordingDispatcher();
    const before = prototypeSnapshot();
    const heapBefore = process.memoryUsage().heapUsed;
    let fuzzed = 0;
    let handled = 0;

    for (const [i, channel] of REQUEST_CHANNELS.entries()) {
      await fc.assert(
        fc.asyncProperty(payload, async (value) => {
          fuzzed++;
          ran.length = 0;
          const envelope = await dispatcher.dispatch(channel, value, { host: 'electron' });
          expect(envelopeSchema.safeParse(envelope).success).toBe(true);
          if (envelope.ok) throw new Error('a recording handler never answers ok');
          const { code, detail } = envelope.error;
          if (detail?.reason === RAN) {
            handled++;
            expect(ran).toHaveLength(1);
            // The handler only ever sees what its schema accepts.
            expect(requests[channel].input.safeParse(value).success).toBe(true);
          } else {
            expect(code).toBe('INVALID_INPUT');
            expect(ran).toHaveLength(0);
          }
          // The error stays small whatever was sent.
          expect(JSON.stringify(envelope).length).toBeLessThan(64 * 1024);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        }),
        { seed: SEED + i, numRuns: RUNS_PER_CHANNEL, endOnFailure: true },
      );
    }

    expect(fuzzed).toBeGreaterThanOrEqual(1000);
    expect(prototypeSnapshot()).toBe(before);
    // Far below what a single unbounded error once cost (hundreds of MB).
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(256 * 1024 * 1024);
    // The mutations reach the handlers sometimes: the fuzzer is not only testing the front door.
    expect(handled).toBeGreaterThan(0);
    console.info(`[ipc-fuzz] seed ${SEED}: ${fuzzed} payloads, ${handled} reached a handler`);
  });

  it('refuses hostile channel names, deep nests included, with a short typed error', async () => {
    const { dispatcher, ran } = recordingDispatcher();
    let deep: unknown = 'app.info';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const names = [deep, { toString: () => 'app.info' }, 'app.info\u0000', '__proto__', 'constructor', 'x'.repeat(1_000_000), null, 42];
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...names), fc.anything()), async (channel) => {
        const envelope = await dispatcher.dispatch(channel, undefined, { host: 'browser' });
        expect(envelope.ok).toBe(false);
        if (!envelope.ok) {
          expect(envelope.error.code).toBe('INVALID_INPUT');
          expect(envelope.error.detail?.reason).toBe('unknownChannel');
        }
        expect(JSON.stringify(envelope).length).toBeLessThan(1024);
      }),
      { seed: SEED, numRuns: 200 },
    );
    expect(ran).toHaveLength(0);
  });

  it('refuses a sparse array of ten million holes at once, with a small error and bounded memory', async () => {
    const { dispatcher, ran } = recordingDispatcher();
    const messages: unknown[] = [];
    messages.length = 10_000_000;
    const heapBefore = process.memoryUsage().heapUsed;
    const envelope = await dispatcher.dispatch('conversations.append', { id: 'c1', messages }, { host: 'electron' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', detail: { reason: 'tooLong' } } });
    expect(JSON.stringify(envelope).length).toBeLessThan(1024);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
    expect(ran).toHaveLength(0);

    const gappy: unknown[] = [];
    gappy.length = 500;
    gappy[499] = { role: 'user', content: 'x' };
    const second = await dispatcher.dispatch('conversations.append', { id: 'c1', messages: gappy }, { host: 'electron' });
    expect(second).toMatchObject({ ok: false, error: { detail: { reason: 'sparseArray' } } });
  });

  it('returns at most 20 issues for a payload with hundreds of mistakes', async () => {
    const { dispatcher } = recordingDispatcher();
    const messages = Array.from({ length: 900 }, () => ({ role: 'robot', content: 1 }));
    const envelope = await dispatcher.dispatch('conversations.append', { id: 'c1', messages }, { host: 'electron' });
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) {
      expect(envelope.error.detail?.reason).toBe('schema');
      expect(envelope.error.detail?.issues).toHaveLength(20);
      expect(envelope.error.detail?.moreIssues).toBeGreaterThan(800);
    }
  });

  it('refuses nesting deeper than the limit before any schema runs', async () => {
    const { dispatcher } = recordingDispatcher();
    let nest: Record<string, unknown> = {};
    const root = nest;
    for (let i = 0; i < PAYLOAD_LIMITS.maxDepth + 5; i++) nest = nest.a = {};
    const envelope = await dispatcher.dispatch('settings.update', root, { host: 'electron' });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', detail: { reason: 'tooDeep' } } });
  });

  it('refuses every contract input with an unknown field (.strict everywhere)', async () => {
    for (const channel of REQUEST_CHANNELS) {
      const schema = requests[channel].input;
      // Channels without input refuse any object at all.
      const result = schema.safeParse({ ...SEEDS[0]!, unexpectedField: 1 });
      expect(result.success, channel).toBe(false);
    }
  });

  it('keeps the largest payload the limits allow under the browser host’s frame limit', () => {
    // Worst case JSON: 6 bytes per character (\u escapes), plus punctuation for every node.
    const worst = PAYLOAD_LIMITS.maxStringChars * 6 + PAYLOAD_LIMITS.maxNodes * 8;
    expect(worst).toBeLessThan(MAX_FRAME_BYTES);
  });

  it('names the field when settings.update gets undefined, instead of failing inside', async () => {
    const { dispatcher } = recordingDispatcher();
    const whole = await dispatcher.dispatch('settings.update', undefined, { host: 'electron' });
    expect(whole).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const field = await dispatcher.dispatch('settings.update', { language: undefined }, { host: 'electron' });
    expect(field).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', detail: { issues: [{ path: 'language' }] } } });
  });
});

describe('IPC fuzzer through the real services', () => {
  // Channels that touch the OS keychain or the aigne CLI's entries are left to the keychain suites.
  const SKIP = new Set([
    'keychain.createVault',
    'keychain.unlockVault',
    'keychain.useSystemKeychain',
    'keychain.health',
    'keys.importFromCli',
  ]);

  it('answers every hostile payload with a value or a typed error, never INTERNAL', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ipc-fuzz-'));
    const services = createServices({
      store: memoryStore(),
      dataDir,
      shell: { openExternal: async () => true },
      clipboard: { readText: () => '', writeText: () => undefined, clear: () => undefined },
      runtime: { host: 'browser', name: 'AIGNE Hub Desktop', version: '0.1.0', platform: 'linux x64', versions: { node: '20' } },
      emit: () => undefined,
    });
    const internal: string[] = [];
    let sent = 0;
    try {
      for (const [i, channel] of REQUEST_CHANNELS.entries()) {
        if (SKIP.has(channel)) continue;
        await fc.assert(
          fc.asyncProperty(payload, async (value) => {
            sent++;
            const envelope = await services.dispatcher.dispatch(channel, value, { host: 'browser' });
            expect(envelopeSchema.safeParse(envelope).success).toBe(true);
            if (!envelope.ok && envelope.error.code === 'INTERNAL') internal.push(channel);
          }),
          { seed: SEED + 1000 + i, numRuns: 10 },
        );
      }
    } finally {
      services.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
    expect(internal).toEqual([]);
    expect(sent).toBeGreaterThan(400);
    console.info(`[ipc-fuzz] real services: ${sent} payloads, none INTERNAL`);
  });
});
