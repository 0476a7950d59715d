/// <reference lib="dom" />
// The cases that run in Chromium: the real renderer through the browser host,
// against a sandbox hub streaming prose at a set pace.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { LONG_CONVERSATION_TITLE, type HostReady } from './long-conversation';
import { startChild, startSandbox } from './processes';
import { judge, median, p95, ratioRow, round, type Row } from './stats';
import type { Mode } from './node-cases';
import { CHROMIUM_ARGS } from '../playwright.config';

interface Env {
  browser: Browser;
  context: BrowserContext;
  host: HostReady;
  hostChild: ChildProcess;
  hubChild: ChildProcess;
  hubId: string;
  keyId: string;
  dataDir: string;
}

/** The sandbox hub and the browser host, each in its own process (as main is in the app), and Chromium. */
export async function startEnv(tps: number, options: { conversation?: number } = {}): Promise<Env> {
  const hub = await startSandbox(tps);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-page-'));
  const args = ['bench/host-process.ts', '--hub', hub.origin, '--secret', hub.secret, '--data-dir', dataDir];
  if (options.conversation) args.push('--conversation', String(options.conversation));
  const host = await startChild(args, (line) => (line.startsWith('{') ? (JSON.parse(line) as HostReady) : undefined), 'browser host');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // tsx compiles the in-page callbacks with esbuild's name helper; give the page a no-op one.
  await context.addInitScript('globalThis.__name = (f) => f;');
  return {
    browser,
    context,
    host: host.value,
    hostChild: host.child,
    hubChild: hub.child,
    hubId: host.value.hubId,
    keyId: host.value.keyId,
    dataDir,
  };
}

export async function stopEnv(env: Env): Promise<void> {
  await env.browser.close();
  for (const child of [env.hostChild, env.hubChild]) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((ok) => child.once('exit', ok));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(env.dataDir, { recursive: true, force: true });
}

/**
 * Waits until the page has settled: no long task for a whole second (its start-up work,
 * chunk loading and idle-time warm-ups, are done), at most ten seconds.
 */
async function settled(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((done) => {
        let last = performance.now();
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) last = Math.max(last, e.startTime + e.duration);
        }).observe({ type: 'longtask', buffered: true });
        const started = performance.now();
        const check = () => {
          const now = performance.now();
          if (now - last >= 1000 || now - started > 10_000) done();
          else setTimeout(check, 100);
        };
        check();
      }),
  );
}

/** Installs the frame and long-task recorders in the page. */
async function startRecording(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __bench: { frames: number[]; longTasks: number[]; run: boolean } };
    w.__bench = { frames: [], longTasks: [], run: true };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__bench.longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: false });
    const tick = (t: number) => {
      w.__bench.frames.push(t);
      if (w.__bench.run) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

async function stopRecording(page: Page): Promise<{ gaps: number[]; longTasks: number[] }> {
  return page.evaluate(() => {
    const w = window as unknown as { __bench: { frames: number[]; longTasks: number[]; run: boolean } };
    w.__bench.run = false;
    const f = w.__bench.frames;
    const gaps: number[] = [];
    for (let i = 1; i < f.length; i++) gaps.push(f[i]! - f[i - 1]!);
    return { gaps, longTasks: w.__bench.longTasks };
  });
}

export async function openPlayground(env: Env): Promise<Page> {
  const page = await env.context.newPage();
  await page.goto(`${env.host.url}#/playground?hubId=${encodeURIComponent(env.hubId)}&model=${encodeURIComponent('sandbox/prose')}`);
  await page.getByTestId('chat-composer').getByRole('textbox', { name: 'Prompt' }).waitFor();
  await page.getByTestId('chat-model').getByRole('button').filter({ hasText: 'prose' }).waitFor();
  return page;
}

/** Streams `tokens` into the playground and records frames and long tasks while it paints. */
async function streamOurs(env: Env, tokens: number): Promise<{ gaps: number[]; longTasks: number[] }> {
  const page = await openPlayground(env);
  try {
    await page.getByRole('button', { name: 'Parameters' }).click();
    await page.getByTestId('params-panel').getByLabel('Max tokens').fill(String(tokens));
    const box = page.getByTestId('chat-composer').getByRole('textbox', { name: 'Prompt' });
    await box.fill('Tell me about lighthouses');
    // Recorded from a settled page: the page's own start-up tasks are not the stream's.
    await settled(page);
    await startRecording(page);
    await box.press('Enter');
    const answer = page.getByTestId('message-assistant').last();
    await answer.and(page.locator('[data-status="success"]')).waitFor({ timeout: 20_000 + tokens * 5 });
    return await stopRecording(page);
  } finally {
    await page.close();
  }
}

/** The anchor: the same tokens at the same pace appended to a raw <pre>, once a frame. */
async function streamAnchor(env: Env, tokens: number, tps: number): Promise<{ gaps: number[]; longTasks: number[] }> {
  const page = await env.context.newPage();
  try {
    await page.setContent('<!doctype html><html><body><pre id="out" style="white-space:pre-wrap"></pre></body></html>');
    await startRecording(page);
    await page.evaluate(
      ({ tokens, tps }) =>
        new Promise<void>((done) => {
          const out = document.getElementById('out')!;
          const t0 = performance.now();
          let sent = 0;
          const frame = () => {
            const due = Math.min(tokens, Math.floor(((performance.now() - t0) * tps) / 1000));
            let text = '';
            for (; sent < due; sent++) text += `word${sent} `;
            if (text) out.appendChild(document.createTextNode(text));
            if (sent < tokens) setTimeout(frame, 16);
            else requestAnimationFrame(() => done());
          };
          frame();
        }),
      { tokens, tps },
    );
    return await stopRecording(page);
  } finally {
    await page.close();
  }
}

export async function streamCases(mode: Mode): Promise<Row[]> {
  const tps = 1000;
  const env = await startEnv(tps);
  const rows: Row[] = [];
  try {
    const sizes = mode.quick ? [200] : [4000, 20_000];
    for (const tokens of sizes) {
      const rounds = mode.quick ? 1 : tokens > 5000 ? 1 : 3;
      const anchor = { gaps: [] as number[], longTasks: [] as number[] };
      const ours = { gaps: [] as number[], longTasks: [] as number[] };
      for (let i = 0; i < rounds; i++) {
        const order = i % 2 === 0 ? ['anchor', 'ours'] : ['ours', 'anchor'];
        for (const side of order) {
          const r = side === 'anchor' ? await streamAnchor(env, tokens, tps) : await streamOurs(env, tokens);
          const into = side === 'anchor' ? anchor : ours;
          into.gaps.push(...r.gaps);
          into.longTasks.push(...r.longTasks);
        }
      }
      const longest = Math.max(0, ...ours.longTasks);
      rows.push(
        judge(
          ratioRow(
            {
              case: 'stream',
              name: `Streaming ${tokens.toLocaleString('en')} tokens at ${tps} tok/s in the page: frame gap`,
              anchor: 'raw <pre> append',
              goal: { p95: 1.5 },
              detail: {
                tokens,
                fps: round(1000 / median(ours.gaps), 1),
                anchorFps: round(1000 / median(anchor.gaps), 1),
                longTasks: ours.longTasks.length,
                anchorLongTasks: anchor.longTasks.length,
              },
            },
            { anchor: anchor.gaps, ours: ours.gaps },
          ),
        ),
      );
      rows.push(
        judge({
          case: 'stream',
          name: `Streaming ${tokens.toLocaleString('en')} tokens: longest long task`,
          anchor: 'none over 50 ms',
          unit: 'ms',
          median: round(longest, 1),
          p95: round(p95(ours.longTasks.length ? ours.longTasks : [0]), 1),
          goal: { median: 50 },
          samples: ours.longTasks.length,
          detail: { anchorLongest: round(Math.max(0, ...anchor.longTasks), 1) },
        }),
      );
    }
  } finally {
    await stopEnv(env);
  }
  return rows;
}

// ---- typing with 200 messages on screen, and opening that conversation ----

/** Types `chars` keys into the composer; per key, the time from keydown to the next painted frame. */
async function typeInto(page: Page, chars: number): Promise<number[]> {
  const box = page.getByTestId('chat-composer').getByRole('textbox', { name: 'Prompt' });
  await box.click();
  await page.evaluate(() => {
    const w = window as unknown as { __keys: number[] };
    w.__keys = [];
    document.addEventListener(
      'keydown',
      (e) => {
        const start = e.timeStamp;
        requestAnimationFrame(() => setTimeout(() => w.__keys.push(performance.now() - start), 0));
      },
      { capture: true },
    );
  });
  const text = 'the quick brown fox jumps over the lazy dog '.repeat(4).slice(0, chars);
  await page.keyboard.type(text, { delay: 40 });
  await page.waitForTimeout(200);
  return page.evaluate(() => (window as unknown as { __keys: number[] }).__keys);
}

export async function typingCases(mode: Mode): Promise<Row[]> {
  const count = mode.quick ? 20 : 200;
  const env = await startEnv(0, { conversation: count });
  const rows: Row[] = [];
  try {
    const openLong = async (page: Page): Promise<number> => {
      const item = page.getByTestId('conversation-item').filter({ hasText: LONG_CONVERSATION_TITLE });
      await item.waitFor();
      // From the click to the first painted frame with the conversation's messages on screen.
      const ms = await page.evaluate(
        (title) =>
          new Promise<number>((done) => {
            const el = [...document.querySelectorAll<HTMLElement>('[data-testid="conversation-item"]')].find((e) =>
              e.textContent?.includes(title),
            )!;
            const t0 = performance.now();
            el.click();
            // Checked in each frame before it paints: once the messages are in the DOM, this frame
            // paints them, and a task queued now runs after that paint (waiting for one more frame
            // counted a frame, and whatever ran before it, that the user did not wait for).
            const check = () => {
              if (document.querySelectorAll('[data-testid="message-assistant"]').length > 0)
                setTimeout(() => done(performance.now() - t0), 0);
              else requestAnimationFrame(check);
            };
            requestAnimationFrame(check);
          }),
        LONG_CONVERSATION_TITLE,
      );
      return ms;
    };
    const chars = mode.quick ? 5 : 40;
    const rounds = mode.quick ? 1 : 3;
    const empty: number[] = [];
    const full: number[] = [];
    // Opened once the page has settled (what a user does: the app is open, they pick a conversation),
    // and opened the moment the list shows, while the page is still starting up (reported).
    const opens: number[] = [];
    const earlyOpens: number[] = [];
    // More opens than typing rounds: three made the median swing by tens of ms.
    for (let i = 0; i < (mode.quick ? 1 : 12); i++) {
      const page = await openPlayground(env);
      try {
        const early = i % 4 === 3;
        if (!early) await settled(page);
        (early ? earlyOpens : opens).push(await openLong(page));
      } finally {
        await page.close();
      }
    }
    for (let i = 0; i < rounds; i++) {
      const order = i % 2 === 0 ? ['empty', 'full'] : ['full', 'empty'];
      for (const side of order) {
        const page = await openPlayground(env);
        try {
          // Both sides type once the page has settled: the row is the cost of a keystroke with the
          // messages on screen, not of the work that opening them (or starting the page) leaves behind.
          if (side === 'full') {
            earlyOpens.push(await openLong(page));
            await page.getByTestId('message-assistant').first().waitFor({ state: 'attached' });
            await settled(page);
            full.push(...(await typeInto(page, chars)));
          } else {
            await settled(page);
            empty.push(...(await typeInto(page, chars)));
          }
        } finally {
          await page.close();
        }
      }
    }
    rows.push(
      judge(
        ratioRow(
          {
            case: 'typing',
            name: `Typing in the composer with ${count} messages on screen (keydown to next frame)`,
            anchor: 'empty conversation',
            goal: { median: 1.2, p95: 1.2 },
            detail: { keys: full.length, conversation: env.host.conversationId ?? '' },
          },
          { anchor: empty, ours: full },
        ),
      ),
    );
    rows.push(
      judge({
        case: 'typing',
        name: `Opening that ${count}-message conversation (click to painted)`,
        anchor: '—',
        unit: 'ms',
        median: round(median(opens), 1),
        p95: round(p95(opens), 1),
        goal: { median: 100 },
        samples: opens.length,
      }),
      {
        case: 'typing',
        name: `Opening it the moment the list shows, while the page still starts up (reported)`,
        anchor: '—',
        unit: 'ms',
        median: round(median(earlyOpens), 1),
        p95: round(p95(earlyOpens), 1),
        samples: earlyOpens.length,
      },
    );
  } finally {
    await stopEnv(env);
  }
  return rows;
}
