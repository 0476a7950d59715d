// Chat wire cases the sandbox cannot produce, against tiny local HTTP servers:
// plain HTTP errors, idle streams, byte-by-byte delivery, repeated usage,
// tool-call replacement, JSON answers, and what exactly goes on the wire.
import { afterEach, describe, expect, it } from 'vitest';
import { ChatService, type ChatServiceOptions } from '../../../src/main/services/playground/chat';
import type { RatesSource } from '../../../src/main/services/playground/ports';
import type { ChatDeltaEvent } from '../../../src/shared/playground';
import {
  TestKeys,
  delta,
  guardUnhandledRejections,
  memoryCallLog,
  sseHead,
  startLocalServer,
  usage,
  waitFor,
  type LocalServer,
} from './helpers';

guardUnhandledRejections();
const noRates: RatesSource = { rates: async () => ({ input: 0.001, output: 0.002 }) };
const SECRET = 'blocklet-4mVbq8TzXw9kLpRa2NcYh7Qx2';
let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function chatAgainst(handler: Parameters<typeof startLocalServer>[0], options: ChatServiceOptions = {}) {
  server = await startLocalServer(handler);
  const keys = new TestKeys();
  keys.add('k', { secret: SECRET, mountUrl: `${server.url}/ai-kit`, hubId: 'local', accessKeyId: 'z1Local' });
  const callLog = memoryCallLog();
  const chat = new ChatService({ keys, models: noRates, callLog, options });
  const deltas: ChatDeltaEvent[] = [];
  const stream = chat.stream(
    {
      keyId: 'k',
      model: 'test/model',
      messages: [{ role: 'user', content: 'hi "there" 中文' }],
      params: { temperature: 0.2, maxTokens: 5 },
    },
    { onDelta: (d) => deltas.push(d) },
  );
  return { chat, stream, deltas, callLog, server };
}

describe('the request on the wire', () => {
  it('POSTs the camelCase body with SSE accept and the bearer key, and never the client DID header', async () => {
    const { stream, server } = await chatAgainst((_req, res) => {
      sseHead(res);
      res.end(delta('ok') + usage(1, 1));
    });
    const result = await stream.done;
    expect(result.status).toBe('success');
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/ai-kit/api/v2/chat/completions');
    expect(request?.headers.accept).toBe('text/event-stream');
    expect(request?.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['x-request-id']).toBe(result.callId);
    expect(request?.headers['x-aigne-hub-client-did']).toBeUndefined();
    expect(JSON.parse(request?.body ?? '')).toEqual({
      model: 'test/model',
      messages: [{ role: 'user', content: 'hi "there" 中文' }],
      stream: true,
      temperature: 0.2,
      maxTokens: 5,
    });
  });
});

describe('HTTP errors (no SSE) map through the hub error mapping', () => {
  const cases = [
    { status: 401, body: { error: 'User not authenticated' }, code: 'UNAUTHORIZED', message: /Go to Keys/ },
    {
      status: 402,
      body: { error: { message: 'Insufficient credits', type: 'NOT_ENOUGH', link: 'https://hub.example/topup' } },
      code: 'OUT_OF_CREDITS',
      message: /Top up/,
      detail: { link: 'https://hub.example/topup', action: 'top-up' },
    },
    {
      status: 400,
      body: { error: '"messages" must contain at least 1 items' },
      code: 'INVALID_INPUT',
      message: /"messages" must contain at least 1 items/,
    },
    { status: 500, body: { error: { message: 'boom' } }, code: 'HUB_ERROR', message: /HTTP 500.*boom/ },
    { status: 503, body: 'Service Unavailable', code: 'HUB_ERROR', message: /unavailable right now/ },
  ];
  it.each(cases)('HTTP $status → $code', async ({ status, body, code, message, detail }) => {
    const { stream, callLog } = await chatAgainst((_req, res) => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json' });
      res.end(text);
    });
    const result = await stream.done;
    expect(result.status).toBe('failed');
    expect(result.error?.code).toBe(code);
    expect(result.error?.message).toMatch(message);
    if (detail) expect(result.error?.detail).toMatchObject(detail);
    expect(callLog.list()[0]).toMatchObject({ status: 'failed', errorCode: code });
  });
});

describe('stream shapes', () => {
  it('assembles text delivered one byte at a time, with CRLF endings, comments and split UTF-8', async () => {
    const body =
      `: hello\r\n\r\n${delta('Grüße ')}${delta('中文 ')}${delta('🙂!')}${usage(3, 3)}event: server-timing\ndata: session;dur=1, total;dur=9\n\n`.replace(
        /\n/g,
        '\r\n',
      );
    const { stream, deltas } = await chatAgainst(async (_req, res) => {
      sseHead(res);
      const bytes = Buffer.from(body, 'utf8');
      for (let i = 0; i < bytes.length; i++) {
        res.write(bytes.subarray(i, i + 1));
        if (i % 16 === 0) await new Promise((r) => setImmediate(r));
      }
      res.end();
    });
    const result = await stream.done;
    expect(result.text).toBe('Grüße 中文 🙂!');
    expect(deltas.map((d) => d.text).join('')).toBe(result.text);
    expect(result.metrics).toMatchObject({ promptTokens: 3, completionTokens: 3, serverTiming: { sessionMs: 1, totalMs: 9 } });
    expect(result.text).not.toContain('\ufffd');
  });

  it('keeps the last of repeated usage events and replaces tool calls', async () => {
    const call = (args: string) => ({ id: 'c1', type: 'function', function: { name: 'search', arguments: args } });
    const { stream, deltas } = await chatAgainst((_req, res) => {
      sseHead(res);
      res.end(delta('', [call('{"q":')]) + usage(1, 1) + delta('', [call('{"q":"cats"}')]) + usage(7, 9));
    });
    const result = await stream.done;
    expect(result.toolCalls).toEqual([call('{"q":"cats"}')]);
    expect(result.metrics).toMatchObject({ promptTokens: 7, completionTokens: 9, totalTokens: 16, estimatedCredits: 0.025 });
    expect(deltas.at(-1)?.toolCalls).toEqual([call('{"q":"cats"}')]);
  });

  it('a stream that just ends after content (no usage, no [DONE]) is a success with unknown tokens', async () => {
    const { stream } = await chatAgainst((_req, res) => {
      sseHead(res);
      res.end(delta('complete answer'));
    });
    const result = await stream.done;
    expect(result).toMatchObject({ status: 'success', text: 'complete answer' });
    expect(result.metrics).toMatchObject({ promptTokens: null, estimatedCredits: null, tokensPerSecond: null });
  });

  it('uses a final event that lacks its blank line', async () => {
    const { stream } = await chatAgainst((_req, res) => {
      sseHead(res);
      res.end(`${delta('x')}data: {"usage":{"promptTokens":2,"completionTokens":1,"totalTokens":3}}`);
    });
    expect((await stream.done).metrics.totalTokens).toBe(3);
  });

  it('an empty stream is a failure, not a blank success', async () => {
    const { stream } = await chatAgainst((_req, res) => {
      sseHead(res);
      res.end();
    });
    expect((await stream.done).error).toMatchObject({ code: 'HUB_ERROR', detail: { reason: 'empty-stream' } });
  });

  it('an error event after content keeps the content', async () => {
    const { stream } = await chatAgainst((_req, res) => {
      sseHead(res);
      res.end(`${delta('half an ')}data: {"error":{"message":"upstream died"}}\n\n`);
    });
    const result = await stream.done;
    expect(result).toMatchObject({ status: 'failed', text: 'half an ', error: { code: 'HUB_ERROR' } });
    expect(result.error?.message).toContain('upstream died');
  });

  it('a network chunk of many events: the first token goes out alone, and tokens before a bad line are kept', async () => {
    const { stream, deltas } = await chatAgainst(
      (_req, res) => {
        sseHead(res);
        // One write: the tokens, then a line over the cap, then more that never counts.
        res.end(`${delta('one ')}${delta('two ')}${delta('three ')}data: ${'x'.repeat(500)}\n\n${delta('after')}`);
      },
      { maxLineChars: 200 },
    );
    const result = await stream.done;
    expect(result).toMatchObject({ status: 'failed', text: 'one two three ', error: { detail: { reason: 'sseLineTooLong' } } });
    expect(deltas[0]?.text).toBe('one ');
    expect(deltas.map((d) => d.text).join('')).toBe('one two three ');
  });

  it("the hub's error event keeps its reason when a bad line follows it in the same chunk", async () => {
    const { stream } = await chatAgainst(
      (_req, res) => {
        sseHead(res);
        res.end(`${delta('half ')}data: {"error":{"message":"upstream died"}}\n\ndata: ${'x'.repeat(500)}\n\n`);
      },
      { maxLineChars: 200 },
    );
    const result = await stream.done;
    expect(result).toMatchObject({ status: 'failed', text: 'half ', error: { code: 'HUB_ERROR' } });
    expect(result.error?.message).toContain('upstream died');
  });

  it('reads a JSON answer when the server ignores the SSE Accept header', async () => {
    const { stream } = await chatAgainst((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ role: 'assistant', text: 'whole answer', content: 'whole answer' }));
    });
    expect(await stream.done).toMatchObject({ status: 'success', text: 'whole answer' });
  });
});

describe('timeouts, drops and stop on the wire', () => {
  it('a stream that goes silent → TIMEOUT (idle), keeping the text so far', async () => {
    const { stream } = await chatAgainst(
      (_req, res) => {
        sseHead(res);
        res.write(delta('before the silence'));
        // …and nothing more.
      },
      { idleTimeoutMs: 300 },
    );
    const result = await stream.done;
    expect(result).toMatchObject({ status: 'failed', text: 'before the silence', error: { code: 'TIMEOUT', detail: { phase: 'idle' } } });
    expect(result.error?.message).toMatch(/went silent for 0\.3 s/);
  });

  it('a connection cut mid-answer → HUB_UNREACHABLE, keeping the text so far', async () => {
    const { stream } = await chatAgainst((_req, res) => {
      sseHead(res);
      res.write(delta('cut '), () => setTimeout(() => res.socket?.destroy(), 20));
    });
    expect(await stream.done).toMatchObject({
      status: 'failed',
      text: 'cut ',
      error: { code: 'HUB_UNREACHABLE', detail: { reason: 'dropped' } },
    });
  });

  it('stop closes the socket the server is writing to', async () => {
    let timer: NodeJS.Timeout | undefined;
    const { chat, stream, deltas, server } = await chatAgainst((_req, res) => {
      sseHead(res);
      let n = 0;
      timer = setInterval(() => res.write(delta(`w${n++} `)), 5);
      res.on('close', () => clearInterval(timer));
    });
    await waitFor(() => deltas.length >= 2);
    const closedBefore = server.closedSockets();
    chat.stop(stream.streamId);
    const result = await stream.done;
    expect(result.status).toBe('stopped');
    expect(result.text).toMatch(/^w0 w1 /);
    await waitFor(() => server.closedSockets() > closedBefore);
    clearInterval(timer);
  });

  it('stop while the hub has not answered yet ends the chat and closes the request', async () => {
    const { chat, stream, server } = await chatAgainst(() => {
      // A long-thinking model: no headers yet.
    });
    await waitFor(() => server.requests.length === 1);
    const closedBefore = server.closedSockets();
    chat.stop(stream.streamId);
    expect(await stream.done).toMatchObject({ status: 'stopped', text: '' });
    await waitFor(() => server.closedSockets() > closedBefore);
  });

  it('stop does not wait for a key lookup that hangs (a locked keychain)', async () => {
    const chat = new ChatService({ keys: { resolve: () => new Promise(() => {}) }, models: noRates });
    const stream = chat.stream({ keyId: 'k', model: 'm', messages: [{ role: 'user', content: 'x' }] });
    setTimeout(() => chat.stop(stream.streamId), 20);
    expect(await stream.done).toMatchObject({ status: 'stopped', text: '' });
    expect(chat.runningStreams()).toEqual([]);
  });

  it('a throwing UI handler does not break the stream', async () => {
    server = await startLocalServer((_req, res) => {
      sseHead(res);
      res.end(delta('fine') + usage(1, 1));
    });
    const keys = new TestKeys();
    keys.add('k', { secret: SECRET, mountUrl: server.url, hubId: 'local' });
    const chat = new ChatService({
      keys,
      models: noRates,
      callLog: {
        append: () => {
          throw new Error('disk full');
        },
      },
    });
    const stream = chat.stream(
      { keyId: 'k', model: 'm', messages: [{ role: 'user', content: 'x' }] },
      {
        onDelta: () => {
          throw new Error('renderer gone');
        },
        onDone: () => {
          throw new Error('renderer gone');
        },
      },
    );
    expect(await stream.done).toMatchObject({ status: 'success', text: 'fine' });
  });
});

describe('batching on the wire', () => {
  it('emits at most once per interval while 150 deltas trickle in, losing nothing', async () => {
    const words = Array.from({ length: 150 }, (_v, i) => `t${i} `);
    const emitTimes: number[] = [];
    server = await startLocalServer(async (_req, res) => {
      sseHead(res);
      for (const w of words) {
        res.write(delta(w));
        await new Promise((r) => setTimeout(r, 1));
      }
      res.end(usage(1, words.length));
    });
    const keys = new TestKeys();
    keys.add('k', { secret: SECRET, mountUrl: server.url, hubId: 'local' });
    const chat = new ChatService({ keys, models: noRates, options: { batchIntervalMs: 20 } });
    let text = '';
    const stream = chat.stream(
      { keyId: 'k', model: 'm', messages: [{ role: 'user', content: 'x' }] },
      {
        onDelta: (d) => {
          emitTimes.push(performance.now());
          text += d.text;
        },
      },
    );
    const result = await stream.done;
    expect(text).toBe(words.join(''));
    expect(result.text).toBe(text);
    expect(emitTimes.length).toBeLessThan(words.length / 3);
    for (let i = 1; i < emitTimes.length - 1; i++) expect(emitTimes[i]! - emitTimes[i - 1]!).toBeGreaterThanOrEqual(18);
  });
});

it('waits for nothing after done: no timers keep running', async () => {
  const { stream, chat } = await chatAgainst((_req, res) => {
    sseHead(res);
    res.end(delta('x'));
  });
  await stream.done;
  expect(chat.runningStreams()).toEqual([]);
});
