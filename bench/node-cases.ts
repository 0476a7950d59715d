// The cases that run in Node: SSE parsing, the chat client against bare undici,
// the call log, usage aggregation against SQLite, start-up and the first-paint bundle.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { createParser } from 'eventsource-parser';
import { request as undiciRequest } from 'undici';
import { CallLogStore } from '../src/main/services/call-log/store';
import { openJsonFileStore } from '../src/main/services/call-log/json-file-store';
import { ChatService } from '../src/main/services/playground/chat';
import { SseParser, type SseEvent } from '../src/main/services/playground/sse';
import { forgetUsagePasses, resolveRange, usageTable, usageViews } from '../src/main/services/usage/aggregate';
import { CHAT_COMPLETIONS_PATH, chatRequestBody } from '../src/shared/code-export';
import type { ClientCall } from '../src/shared/call-log';
import { chatRequestSchema } from '../src/shared/playground';
import { syntheticRecords } from '../test/unit/usage/aggregate.bench';
import { startSandbox } from './processes';
import { alternate, judge, ratioRow, rotate, round, type Row } from './stats';

export interface Mode {
  quick: boolean;
}

// ---- SSE ----

/** A hub transcript of about `bytes`: many small deltas, then usage and server-timing. */
function transcript(bytes: number): Uint8Array {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `data: ${JSON.stringify({ delta: { role: 'assistant', content: `word${i} `, toolCalls: [] } })}\n\n`;
    parts.push(line);
    size += line.length;
  }
  parts.push(
    `data: ${JSON.stringify({ usage: { promptTokens: 12, completionTokens: parts.length, totalTokens: parts.length + 12 } })}\n\n`,
  );
  parts.push('event: server-timing\ndata: session;dur=12, total;dur=345\n\n');
  return new TextEncoder().encode(parts.join(''));
}

/** Network-like chunks of 512 B to 64 KiB (fixed seed). */
function chunked(bytes: Uint8Array): Uint8Array[] {
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length;) {
    const size = 512 + Math.floor(random() * (65536 - 512));
    out.push(bytes.subarray(i, i + size));
    i += size;
  }
  return out;
}

export async function sseCase(mode: Mode): Promise<Row> {
  const body = transcript(mode.quick ? 1 << 20 : 32 << 20);
  const pieces = chunked(body);
  let count = 0;
  const anchor = () => {
    const t0 = performance.now();
    const decoder = new TextDecoder();
    let n = 0;
    const parser = createParser({ onEvent: (e) => void (e.data.charCodeAt(0) === 123 && JSON.parse(e.data) && n++) });
    for (const piece of pieces) parser.feed(decoder.decode(piece, { stream: true }));
    parser.feed(decoder.decode());
    count = n;
    return performance.now() - t0;
  };
  const ours = () => {
    const t0 = performance.now();
    const parser = new SseParser();
    let n = 0;
    // Events handed over as they are parsed, as the chat client reads them.
    const onEvent = (e: SseEvent) => void (e.data.charCodeAt(0) === 123 && JSON.parse(e.data) && n++);
    for (const piece of pieces) parser.push(piece, onEvent);
    parser.end(onEvent);
    if (n !== count) throw new Error(`SSE: parsed ${n} events, eventsource-parser ${count}`);
    return performance.now() - t0;
  };
  anchor();
  ours();
  // Both sides are dominated by the same JSON.parse calls; 11 rounds keep a noisy machine's medians honest.
  const samples = await alternate(mode.quick ? 1 : 11, anchor, ours);
  return judge(
    ratioRow(
      {
        case: 'sse',
        name: `SSE parse + JSON.parse, ${(body.length / 2 ** 20).toFixed(0)} MB transcript, 512 B–64 KB chunks (time)`,
        anchor: 'eventsource-parser',
        goal: { median: 1.0 },
        detail: { events: count, mb: round(body.length / 2 ** 20, 1) },
      },
      samples,
    ),
  );
}

// ---- chat client against bare undici ----

const PROMPT = [{ role: 'user' as const, content: 'Tell me about lighthouses' }];

export async function clientCases(mode: Mode, only: (name: string) => boolean): Promise<Row[]> {
  const rows: Row[] = [];
  if (!only('client') && !only('calllog')) return rows;
  const hub = await startSandbox(0);
  const dirs: string[] = [];
  try {
    const maxTokens = mode.quick ? 16 : 256;
    const request = chatRequestSchema.parse({ keyId: 'bench', model: 'sandbox/prose', messages: PROMPT, params: { maxTokens } });
    const url = `${hub.mountUrl}${CHAT_COMPLETIONS_PATH}`;
    const body = JSON.stringify(chatRequestBody(request, { stream: true }));

    const headers = { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${hub.secret}` };
    const post = () => undiciRequest(url, { method: 'POST', headers, body });

    /** Bare undici: first body bytes, then the end of the body. */
    const bare = async (): Promise<[number, number]> => {
      const t0 = performance.now();
      const res = await post();
      let first = 0;
      for await (const chunk of res.body) {
        if (!first && (chunk as Buffer).length > 0) first = performance.now() - t0;
      }
      return [first, performance.now() - t0];
    };

    /**
     * The floor any SSE client pays: bare undici that also parses each event with
     * eventsource-parser and JSON.parse (first token = the first delta parsed).
     */
    const parsing = async (): Promise<[number, number]> => {
      const t0 = performance.now();
      const res = await post();
      let first = 0;
      const decoder = new TextDecoder();
      const parser = createParser({
        onEvent: (e) => {
          if (e.data.charCodeAt(0) !== 123) return;
          const json = JSON.parse(e.data) as { delta?: unknown };
          if (!first && json.delta) first = performance.now() - t0;
        },
      });
      for await (const chunk of res.body) parser.feed(decoder.decode(chunk as Buffer, { stream: true }));
      parser.feed(decoder.decode());
      return [first, performance.now() - t0];
    };

    const client = (callLog?: CallLogStore) => {
      const service = new ChatService({
        keys: { resolve: async () => ({ secret: hub.secret, mountUrl: hub.mountUrl, hubId: 'bench' }) },
        models: { rates: async () => ({ input: 0.000002, output: 0.000008 }) },
        ...(callLog ? { callLog } : {}),
      });
      return async (): Promise<[number, number]> => {
        const t0 = performance.now();
        let first = 0;
        // `stream` validates the request once, as the IPC dispatcher does before `start` in the app.
        const { done } = service.stream(
          { keyId: 'bench', model: 'sandbox/prose', messages: PROMPT, params: { maxTokens } },
          { onDelta: () => void (first ||= performance.now() - t0) },
        );
        const result = await done;
        if (result.status !== 'success') throw new Error(`chat failed: ${JSON.stringify(result.error)}`);
        return [first, performance.now() - t0];
      };
    };

    const chats = mode.quick ? 2 : 200;
    const pairs = async (ours: () => Promise<[number, number]>) => {
      // Warm both (connections, JIT).
      for (let i = 0; i < (mode.quick ? 1 : 20); i++) {
        await bare();
        await ours();
      }
      const ttft = { anchor: [] as number[], ours: [] as number[] };
      const total = { anchor: [] as number[], ours: [] as number[] };
      await alternate(
        chats,
        async () => {
          const [f, t] = await bare();
          ttft.anchor.push(f);
          total.anchor.push(t);
          return t;
        },
        async () => {
          const [f, t] = await ours();
          ttft.ours.push(f);
          total.ours.push(t);
          return t;
        },
      );
      return { ttft, total };
    };

    if (only('client')) {
      // Three sides in the same rounds: bare, ours, and the parsing floor (reported, no goal).
      const ours = client();
      for (let i = 0; i < (mode.quick ? 1 : 20); i++) {
        await bare();
        await ours();
        await parsing();
      }
      const side = () => ({ ttft: [] as number[], total: [] as number[] });
      const b = side();
      const o = side();
      const p = side();
      const into = (to: ReturnType<typeof side>, run: () => Promise<[number, number]>) => async () => {
        const [f, t] = await run();
        to.ttft.push(f);
        to.total.push(t);
      };
      await rotate(chats, [into(b, bare), into(o, ours), into(p, parsing)]);
      const base = { anchor: 'bare undici', goal: { median: 1.05, p95: 1.1 }, detail: { chats, tokens: maxTokens } };
      rows.push(
        judge(ratioRow({ ...base, case: 'client', name: `Client time to first token, ${chats} chats` }, { anchor: b.ttft, ours: o.ttft })),
      );
      rows.push(
        judge(ratioRow({ ...base, case: 'client', name: `Client total time, ${chats} chats` }, { anchor: b.total, ours: o.total })),
      );
      // Where the floor is: what parsing every event costs any client, and ours over that.
      const floor = 'bare undici + eventsource-parser + JSON.parse per event';
      const reported = { case: 'client', detail: { chats, tokens: maxTokens } };
      rows.push(
        judge(
          ratioRow({ ...reported, name: `Floor: ${floor}, time to first token`, anchor: 'bare undici' }, { anchor: b.ttft, ours: p.ttft }),
        ),
      );
      rows.push(
        judge(ratioRow({ ...reported, name: `Floor: ${floor}, total time`, anchor: 'bare undici' }, { anchor: b.total, ours: p.total })),
      );
      rows.push(
        judge(
          ratioRow({ ...reported, name: 'Client time to first token against the floor', anchor: floor }, { anchor: p.ttft, ours: o.ttft }),
        ),
      );
      rows.push(
        judge(ratioRow({ ...reported, name: 'Client total time against the floor', anchor: floor }, { anchor: p.total, ours: o.total })),
      );
    }
    if (only('calllog')) {
      const dir = mkdtempSync(join(tmpdir(), 'bench-calllog-'));
      dirs.push(dir);
      const entries = mode.quick ? 200 : 10_000;
      const store = prefilledCallLog(dir, entries);
      const { total } = await pairs(client(store));
      rows.push(
        judge(
          ratioRow(
            {
              case: 'calllog',
              name: `Client total time with a call log of ${entries} entries, ${chats} chats`,
              anchor: 'bare undici',
              goal: { median: 1.05, p95: 1.1 },
              detail: { chats, entries: store.list().length },
            },
            total,
          ),
        ),
      );
    }
  } finally {
    hub.child.kill('SIGTERM');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
  return rows;
}

/** A call log holding `n` entries. Seeded through its file store at once (appending 10,000 one by one is the slow path under test). */
function prefilledCallLog(dir: string, n: number): CallLogStore {
  const t0 = Date.now() - n * 60_000;
  const calls: ClientCall[] = [];
  for (let i = 0; i < n; i++) {
    calls.push({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      hubId: 'bench',
      keyId: 'bench',
      model: 'sandbox/prose',
      kind: 'chat',
      startedAt: new Date(t0 + i * 60_000).toISOString(),
      durationMs: 1234.5,
      ttfbMs: 120.5,
      status: 'success',
      promptTokens: 12,
      completionTokens: 256,
      estimatedCredits: 0.002,
    });
  }
  try {
    const raw = openJsonFileStore(dir, 'call-log');
    raw.set('calls', calls);
  } catch {
    // A different on-disk format: fall back to the public interface below.
  }
  const store = new CallLogStore(dir);
  for (let i = store.list().length; i < n; i++) store.append(calls[i]!);
  return store;
}

// ---- usage views against SQLite ----

export async function usageCase(mode: Mode): Promise<Row> {
  const now = Date.parse('2025-03-20T12:00:00Z');
  const count = mode.quick ? 20_000 : 1_000_000;
  const records = syntheticRecords(count, now);
  const range = resolveRange({ preset: '90d', timezoneOffset: -480 }, now);
  const db = new Database(':memory:');
  db.exec(
    'CREATE TABLE calls (time INTEGER, modelId TEXT, model TEXT, provider TEXT, status TEXT, type TEXT, inputTokens INTEGER, outputTokens INTEGER, credits REAL, durationMs INTEGER, ttfbMs INTEGER, appDid TEXT)',
  );
  const insert = db.prepare('INSERT INTO calls VALUES (?,?,?,?,?,?,?,?,?,?,?,?)');
  db.transaction(() => {
    for (const r of records)
      insert.run(
        r.time,
        r.modelId,
        r.model,
        r.provider,
        r.status,
        r.type,
        r.inputTokens,
        r.outputTokens,
        r.credits,
        r.durationMs,
        r.ttfbMs,
        r.appDid,
      );
  })();
  // The same two views: per-model table, and per-day × model for the chart (UTC+8 days).
  const table = db.prepare(
    `SELECT modelId, count(*), sum(status='success'), sum(status='failed'), sum(inputTokens), sum(outputTokens), sum(credits),
       sum(CASE WHEN status='success' THEN durationMs END), sum(CASE WHEN status='success' THEN ttfbMs END)
     FROM calls WHERE time >= ? AND time < ? GROUP BY modelId`,
  );
  const chart = db.prepare(
    `SELECT (time + 28800000) / 86400000 AS day, modelId, sum(credits) FROM calls WHERE time >= ? AND time < ? GROUP BY day, modelId`,
  );
  const anchor = () => {
    const t0 = performance.now();
    table.all(range.start, range.end);
    chart.all(range.start, range.end);
    return performance.now() - t0;
  };
  const ours = () => {
    // A fresh request each round: nothing computed for this range before (the columns stay, like SQLite's table).
    forgetUsagePasses();
    const t0 = performance.now();
    // The usage page asks for the table and the chart of one range on two channels, as the service answers them.
    const models = usageTable(records, range);
    const series = usageViews({ records, range, groupBy: 'model', metric: 'credits' }).series;
    const ms = performance.now() - t0;
    if (models.rows.length === 0 || series.series.length === 0) throw new Error('usage: empty views');
    return ms;
  };
  anchor();
  // The first call also builds the records' typed columns (as the INSERTs above built SQLite's table); reported apart.
  const firstCallMs = ours();
  const samples = await alternate(mode.quick ? 1 : 9, anchor, ours);
  db.close();
  return judge(
    ratioRow(
      {
        case: 'usage',
        name: `Usage model table + 90-day chart over ${count.toLocaleString('en')} records`,
        anchor: 'SQLite GROUP BY (better-sqlite3)',
        goal: { median: 1.0 },
        detail: { records: count, firstCallWithColumnsMs: round(firstCallMs) },
      },
      samples,
    ),
  );
}

// ---- start-up ----

function waitForHttp(url: string, child: ChildProcess): Promise<void> {
  return new Promise((ok, fail) => {
    const onExit = (code: number | null) => fail(new Error(`${url}: the server exited (${code})`));
    child.once('exit', onExit);
    const attempt = () => {
      const req = httpRequest(url, (res) => {
        res.resume();
        res.once('end', () => {
          child.off('exit', onExit);
          if (res.statusCode === 200) ok();
          else fail(new Error(`${url}: HTTP ${res.statusCode}`));
        });
      });
      req.once('error', () => setTimeout(attempt, 5));
      req.end();
    };
    attempt();
  });
}

async function timeServer(args: string[], url: (port: number) => string, port: number): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NODE_OPTIONS: '' } });
  try {
    await waitForHttp(url(port), child);
    return performance.now() - t0;
  } finally {
    child.kill('SIGKILL');
    await new Promise((ok) => (child.exitCode !== null ? ok(null) : child.once('exit', ok)));
  }
}

export async function startupCase(mode: Mode): Promise<Row> {
  const cli = resolve('out/host/cli.mjs');
  if (!existsSync(cli)) throw new Error('out/host/cli.mjs is missing: run `npm run build` first');
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-host-'));
  let port = 47_300 + Math.floor(Math.random() * 1000);
  try {
    const bare = `require('node:http').createServer((q,s)=>s.end('<!doctype html><p>hi')).listen(+process.argv[1],'127.0.0.1')`;
    const samples = await alternate(
      mode.quick ? 1 : 7,
      () => timeServer(['-e', bare, String(++port)], (p) => `http://127.0.0.1:${p}/`, port),
      () => timeServer([cli, '--port', String(++port), '--data-dir', dataDir], (p) => `http://127.0.0.1:${p}/`, port),
    );
    return judge(
      ratioRow(
        { case: 'startup', name: 'Start-up to a served page (browser host from out/host/cli.mjs)', anchor: 'bare node http server' },
        samples,
      ),
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---- JS before first paint ----

/** The entry chunk, its static imports, and the Keys page (the first page shown) with its static imports; gzip. */
export function bundleCase(): Row {
  const dir = resolve('out/renderer');
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]*src="\.?\/?([^"]+\.js)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(dir, file), 'utf8');
    const base = file.slice(0, file.lastIndexOf('/') + 1);
    // Static imports only: `import … from "./x.js"` / `import "./x.js"`, not `import("./x.js")`.
    for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^"'()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) walk(base + m[1]!);
  };
  for (const e of entries) walk(e);
  const keys = [...seen].length;
  const assets = readdirSync(join(dir, 'assets')).filter((f) => /^KeysPage-.*\.js$/.test(f));
  for (const f of assets) walk(`assets/${f}`);
  let gz = 0;
  let raw = 0;
  for (const f of seen) {
    const b = readFileSync(join(dir, f));
    raw += b.length;
    gz += gzipSync(b, { level: 9 }).length;
  }
  return judge({
    case: 'bundle',
    name: 'JS before first paint (entry + Keys page, static imports), gzip',
    anchor: '—',
    median: round(gz / 1024, 1),
    p95: round(gz / 1024, 1),
    unit: 'KiB',
    goal: { median: 150 },
    samples: 1,
    detail: { files: seen.size, entryFiles: keys, rawKiB: round(raw / 1024, 1) },
  });
}
