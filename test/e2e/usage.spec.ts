import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import type { SandboxHub } from '../../sandbox-hub';
import type { WebHost } from '../../src/host/server';
import { expect, test } from './fixtures';
import { expectContrastAA, expectNoHorizontalOverflow, WINDOW_SIZES } from './support/layout';

type Preset = '24h' | '7d' | '30d' | '90d';
type SeededKey = { accessKeyId: string; name: string };

const RANGE_NAME: Record<Preset, string> = { '24h': '24 hours', '7d': '7 days', '30d': '30 days', '90d': '90 days' };
const en = (n: number) => n.toLocaleString('en-US');

/** Where a preset starts, as the page asks for it: local hours/days (the browser and this process share the time zone). */
function presetStart(preset: Preset, now = Date.now()): number {
  const d = new Date(now);
  if (preset === '24h') {
    d.setMinutes(0, 0, 0);
    return d.getTime() - 23 * 3_600_000;
  }
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - (Number.parseInt(preset, 10) - 1));
  return d.getTime();
}

/** What the sandbox recorded in a preset, optionally for one key: the truth the page must show. */
function recorded(sandbox: SandboxHub, preset: Preset, filter: { appDid?: string; status?: string } = {}) {
  const start = presetStart(preset);
  return sandbox.admin
    .calls()
    .filter((c) => c.callTime * 1000 >= start)
    .filter((c) => !filter.appDid || c.appDid === filter.appDid)
    .filter((c) => !filter.status || c.status === filter.status);
}

/**
 * A clean slate in the worker's shared host (earlier tests leave their hubs behind), one hub with
 * 90 days of seeded history for several keys, and the app reading it with a key of the same
 * account (the sandbox's default user, who owns the seeded calls).
 */
async function seededHub(
  host: WebHost,
  sandbox: SandboxHub,
  days = 90,
): Promise<{ hubId: string; keys: SeededKey[]; reader: { accessKeyId: string } }> {
  for (const h of await host.services.keys.listHubs()) await host.services.keys.removeHub(h.id, { forgetKeys: true });
  const seeded = sandbox.admin.seedUsage(days);
  const reader = sandbox.admin.createKey({ name: 'usage reader', credits: 50 });
  const added = await host.services.keys.addHub(`${sandbox.url}/`);
  await host.services.keys.addExistingKey({ hubId: added.id, name: 'Usage reader', secret: reader.secret });
  return { hubId: added.id, keys: seeded.keys, reader };
}

async function openUsage(app: Page) {
  await app.getByRole('navigation').getByRole('link', { name: 'Usage' }).click();
  await expect(app.getByRole('heading', { name: 'Usage', level: 1 })).toBeVisible();
}

async function pickRange(app: Page, preset: Preset) {
  await app.getByRole('radio', { name: RANGE_NAME[preset], exact: true }).check();
}

/** Waits until the page shows the figures of `preset`: the calls card and the call log agree with the sandbox. */
async function expectRange(app: Page, sandbox: SandboxHub, preset: Preset) {
  const calls = recorded(sandbox, preset).length;
  await expect(app.getByTestId('usage-card-calls')).toContainText(en(calls), { timeout: 15_000 });
  // The call page follows the cards (it is asked for once they are in).
  await expect(app.getByTestId('call-log-count')).toContainText(`of ${en(calls)} calls`, { timeout: 15_000 });
  return calls;
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

/** Scrolls the page's main area back to the top (the test is typed for Node: no DOM types here). */
async function scrollToTop(app: Page) {
  await app.locator('#main').evaluate((el) => (el as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
}

test.describe('usage', () => {
  test.skip(!process.env.DBUS_SESSION_BUS_ADDRESS, 'needs the test keyring: run through npm test (scripts/with-keyring.sh)');

  let cspErrors: string[] = [];
  test.beforeEach(({ app }) => {
    cspErrors = [];
    app.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|Refused to apply/i.test(msg.text())) cspErrors.push(msg.text());
    });
  });
  test.afterEach(() => {
    expect(cspErrors, 'CSP violations in the page (charts must not inject styles)').toEqual([]);
  });

  test('ranges and grouping change the cards, the charts and the tables', async ({ app, host, sandbox }) => {
    test.setTimeout(60_000);
    const { keys } = await seededHub(host, sandbox);
    await openUsage(app);

    // The default period, 30 days, bucketed by day.
    await expectRange(app, sandbox, '30d');
    await expect(app.getByTestId('chart-calls')).toHaveAttribute('data-buckets', '30');

    await pickRange(app, '7d');
    const week = await expectRange(app, sandbox, '7d');
    await expect(app.getByTestId('chart-calls')).toHaveAttribute('data-buckets', '7');
    expect(week).toBeGreaterThan(100);

    await pickRange(app, '24h');
    await expectRange(app, sandbox, '24h');
    await expect(app.getByTestId('chart-calls')).toHaveAttribute('data-buckets', '24');

    await pickRange(app, '90d');
    await expectRange(app, sandbox, '90d');
    await expect(app.getByTestId('chart-calls')).toHaveAttribute('data-buckets', '90');

    // Per model by default: the legend and the stacked charts name the sandbox's models.
    const legend = app.getByTestId('legend-item');
    await expect(legend.filter({ hasText: 'sandbox/prose-mini' })).toBeVisible();
    await expect(app.getByTestId('chart-calls')).toHaveAttribute('data-series', /sandbox\/prose/);
    const modelRows = app.getByTestId('model-usage-row');
    await expect(modelRows).toHaveCount(5);
    const echo = recorded(sandbox, '90d').filter((c) => c.model === 'echo').length;
    await expect(modelRows.filter({ hasText: 'sandbox/echo' })).toContainText(en(echo));

    // Per key: the seeded keys, by the names the hub knows them by.
    await app.getByRole('tab', { name: 'By key' }).click();
    for (const k of keys) await expect(legend.filter({ hasText: k.name })).toBeVisible();
    await expect(app.getByTestId('chart-calls')).toHaveAttribute('data-series', new RegExp(keys[0]!.accessKeyId));
    const ci = keys.find((k) => k.name === 'CI pipeline')!;
    await expect(app.getByTestId('key-usage-row').filter({ hasText: 'CI pipeline' })).toContainText(
      en(recorded(sandbox, '90d', { appDid: ci.accessKeyId }).length),
    );

    // The account's balance and burn, with the hub's unit.
    await expect(app.getByTestId('usage-card-balance')).toContainText('50 AHC');
    await expect(app.getByTestId('usage-card-balance')).toContainText('days left');
    await app.screenshot({ path: '.tmp/screens/usage-90d-by-key.png' });
  });

  test('a key picked in the legend filters the charts and the call log', async ({ app, host, sandbox }) => {
    const { keys, hubId } = await seededHub(host, sandbox);
    await openUsage(app);
    await pickRange(app, '7d');
    await expectRange(app, sandbox, '7d');
    await app.getByRole('tab', { name: 'By key' }).click();

    const laptop = keys.find((k) => k.name === 'Laptop CLI')!;
    const item = app.getByTestId('legend-item').filter({ hasText: 'Laptop CLI' });
    await item.click();
    await expect(item).toHaveAttribute('aria-pressed', 'true');
    await expect(app.getByTestId('chart-calls')).toHaveAttribute('data-series', laptop.accessKeyId);

    const mine = recorded(sandbox, '7d', { appDid: laptop.accessKeyId }).length;
    await expect(app.getByTestId('call-log-count')).toContainText(`of ${en(mine)} calls`);
    const rows = app.getByTestId('call-row');
    await expect(rows.first()).toBeVisible();
    const dids = [...new Set(await Promise.all((await rows.all()).map((row) => row.getAttribute('data-app-did'))))];
    expect(dids).toEqual([laptop.accessKeyId]);
    await expect(app.getByTestId('key-usage-row').filter({ hasText: 'Laptop CLI' })).toHaveClass(/is-selected/);

    // Narrow further with the call-log filters: only this key's failures.
    await app.getByRole('combobox', { name: /^Status/ }).selectOption('failed');
    const failed = recorded(sandbox, '7d', { appDid: laptop.accessKeyId, status: 'failed' }).length;
    if (failed > 0) {
      await expect(app.getByTestId('call-log-count')).toContainText(`of ${en(failed)} calls`);
      await expect(rows.first()).toContainText('Failed');
    } else {
      await expect(app.getByText('No calls match these filters in this period.')).toBeVisible();
    }
    await app.getByRole('button', { name: 'Clear filters' }).click();
    await expect(app.getByTestId('call-log-count')).toContainText(`of ${en(recorded(sandbox, '7d').length)} calls`);
    await expect(item).toHaveAttribute('aria-pressed', 'false');

    // A call opens in the playground on its model and hub.
    // (The playground may tidy its address once it has read the parameters: record what was asked.)
    await app.evaluate(() => {
      const w = globalThis as unknown as { opened: string[]; addEventListener(t: string, f: (e: { newURL: string }) => void): void };
      w.opened = [];
      w.addEventListener('hashchange', (e) => w.opened.push(e.newURL));
    });
    const model = (await rows.first().getAttribute('data-model')) ?? '';
    await rows.first().getByRole('button', { name: 'Open in playground' }).click();
    await expect(app.getByRole('heading', { name: 'Playground', level: 1 })).toBeVisible();
    const opened = await app.evaluate(() => (globalThis as unknown as { opened: string[] }).opened);
    expect(opened[0]).toMatch(new RegExp(`#/playground\\?model=${encodeURIComponent(model)}&hubId=${encodeURIComponent(hubId)}$`));
  });

  test('the call log and a chart export with what the hub recorded', async ({ app, host, sandbox }) => {
    const { keys } = await seededHub(host, sandbox);
    await openUsage(app);
    await pickRange(app, '7d');
    await expectRange(app, sandbox, '7d');

    // Every call of one key in the period, not only the page on screen.
    const writer = keys.find((k) => k.name === 'Writing assistant')!;
    await app.getByRole('combobox', { name: /^Key/ }).selectOption(writer.accessKeyId);
    const expected = recorded(sandbox, '7d', { appDid: writer.accessKeyId });
    await expect(app.getByTestId('call-log-count')).toContainText(`of ${en(expected.length)} calls`);

    const [download] = await Promise.all([app.waitForEvent('download'), app.getByTestId('export-calls').click()]);
    expect(download.suggestedFilename()).toMatch(/^aigne-hub-usage-calls-.*\.csv$/);
    const rows = parseCsv(readFileSync((await download.path())!, 'utf8'));
    const [header, ...body] = rows;
    expect(header).toEqual([
      'Time',
      'Model',
      'Type',
      'Status',
      'Input tokens',
      'Output tokens',
      'Credits',
      'Duration (ms)',
      'Time to first byte (ms)',
      'Key',
      'Access key id / app DID',
      'Error',
      'Request id',
      'Record id',
    ]);
    expect(body).toHaveLength(expected.length);
    const byId = new Map(expected.map((c) => [c.id, c]));
    const col = (name: string) => header!.indexOf(name);
    for (const row of body) {
      const call = byId.get(row[col('Record id')]!);
      expect(call, `row ${row.join(',')} is a recorded call`).toBeDefined();
      expect(row[col('Time')]).toBe(new Date(call!.callTime * 1000).toISOString());
      expect(row[col('Model')]).toBe(`sandbox/${call!.model}`);
      expect(row[col('Key')]).toBe('Writing assistant');
      expect(Number(row[col('Credits')])).toBeCloseTo(call!.credits, 10);
      expect(Number(row[col('Input tokens')])).toBe(call!.usageMetrics.inputTokens);
    }
    await expect(app.getByTestId('toast')).toContainText(`Exported ${en(expected.length)} rows`);

    // The per-key table too: one row per key with calls, matching the hub.
    const [keysCsv] = await Promise.all([app.waitForEvent('download'), app.getByTestId('export-keys').click()]);
    const keyRows = parseCsv(readFileSync((await keysCsv.path())!, 'utf8'));
    const writerRow = keyRows.find((r) => r[0] === 'Writing assistant');
    expect(Number(writerRow?.[keyRows[0]!.indexOf('Calls')])).toBe(expected.length);

    // A chart as PNG, on an opaque background.
    const [png] = await Promise.all([
      app.waitForEvent('download'),
      app.getByTestId('chart-calls').getByRole('button', { name: 'Save PNG' }).click(),
    ]);
    expect(png.suggestedFilename()).toMatch(/calls\.png$/);
    const bytes = readFileSync((await png.path())!);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(5_000);
    // The image carries its legend: a band of swatches and names between the caption and the chart.
    const canvas = app.getByTestId('chart-calls').locator('canvas');
    const [canvasHeight, ratio] = await canvas.evaluate((el) => {
      const c = el as unknown as { height: number; clientHeight: number; width: number; clientWidth: number };
      return [c.height, c.width / c.clientWidth];
    });
    expect(bytes.readUInt32BE(20) - canvasHeight).toBeGreaterThanOrEqual(Math.round(100 * ratio));
    // And the app says where it went.
    await expect(app.getByTestId('toast').filter({ hasText: png.suggestedFilename() })).toBeVisible();
  });

  test('offline, the saved figures stay on screen with their age', async ({ app, host, sandbox }) => {
    await seededHub(host, sandbox);
    await openUsage(app);
    const calls = await expectRange(app, sandbox, '30d');
    await expect(app.getByTestId('chart-calls')).toHaveAttribute('data-buckets', '30');
    await expect(app.getByTestId('usage-offline')).toHaveCount(0);

    await sandbox.close();
    await app.reload();
    const banner = app.getByTestId('usage-offline');
    await expect(banner).toContainText(/Showing figures from \d+ (second|seconds|minute|minutes) ago — the hub could not be reached/, {
      timeout: 15_000,
    });
    await expect(app.getByTestId('usage-card-calls')).toContainText(en(calls));
    await expect(app.getByTestId('chart-calls')).toHaveAttribute('data-buckets', '30');
    await expect(app.getByTestId('chart-credits')).toBeVisible();
    await expect(app.getByTestId('call-log-count')).toContainText(`of ${en(calls)} calls`);
    await expect(app.getByTestId('model-usage-row')).toHaveCount(5);
    await app.screenshot({ path: '.tmp/screens/usage-offline.png' });

    // Refreshing while still offline keeps the figures and the banner.
    await app.getByTestId('usage-refresh').click();
    await expect(banner).toBeVisible();
    await expect(app.getByTestId('usage-card-calls')).toContainText(en(calls));
  });

  test('a long custom period shows the call log being paged in', async ({ app, host, sandbox }) => {
    test.setTimeout(60_000);
    await seededHub(host, sandbox, 180);
    await openUsage(app);
    await expectRange(app, sandbox, '30d');

    const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const from = new Date();
    from.setDate(from.getDate() - 179);
    await app.getByRole('radio', { name: 'Custom' }).check();
    await app.getByLabel('From', { exact: true }).fill(day(from));
    await app.getByLabel('To', { exact: true }).fill(day(new Date()));
    await app.getByRole('button', { name: 'Apply' }).click();
    await expect(app.getByTestId('usage-progress')).toContainText(/Fetched [\d,]+ of [\d,]+ calls/);
    await app.screenshot({ path: '.tmp/screens/usage-progress.png' });

    from.setHours(0, 0, 0, 0);
    const total = sandbox.admin.calls().filter((c) => c.callTime * 1000 >= from.getTime()).length;
    await expect(app.getByTestId('usage-card-calls')).toContainText(en(total), { timeout: 20_000 });
    await expect(app.getByTestId('chart-calls')).toHaveAttribute('data-buckets', '180');
    await expect(app.getByTestId('usage-progress')).toHaveCount(0);
  });

  test('a key the hub refuses leads to the Keys page', async ({ app, host, sandbox }) => {
    const { reader } = await seededHub(host, sandbox);
    sandbox.admin.revokeKey(reader.accessKeyId);
    await openUsage(app);
    const error = app.getByTestId('usage-error');
    await expect(error).toContainText('The hub did not accept this key');
    await expect(error.getByRole('button', { name: 'Retry' })).toBeVisible();
    await error.getByRole('button', { name: 'Go to Keys' }).click();
    await expect(app.getByRole('heading', { name: 'Keys', level: 1 })).toBeVisible();
  });

  test('empty states lead to the Keys page', async ({ app, host, sandbox }) => {
    for (const h of await host.services.keys.listHubs()) await host.services.keys.removeHub(h.id, { forgetKeys: true });
    await openUsage(app);
    await expect(app.getByText('No hub connected yet')).toBeVisible();

    await host.services.keys.addHub(`${sandbox.url}/`);
    await app.reload();
    await expect(app.getByText(/No key for .* yet/)).toBeVisible();
    await app.getByRole('button', { name: 'Go to Keys' }).click();
    await expect(app.getByRole('heading', { name: 'Keys', level: 1 })).toBeVisible();

    // A key with no calls at all: the page says so and offers a longer period.
    const hubId = (await host.services.keys.listHubs())[0]!.id;
    const key = sandbox.admin.createKey({ name: 'quiet', userDid: 'did:abt:quiet-user', credits: 5 });
    await host.services.keys.addExistingKey({ hubId, name: 'quiet', secret: key.secret });
    await openUsage(app);
    await expect(app.getByTestId('usage-no-calls')).toContainText('No calls in 30 days');
    await expect(app.getByTestId('usage-no-calls').getByRole('button', { name: '90 days' })).toBeVisible();
  });

  test('reads well in dark mode and in Chinese', async ({ app, host, sandbox }) => {
    test.setTimeout(60_000);
    await seededHub(host, sandbox);
    await app.setViewportSize({ width: 1200, height: 1600 });
    await openUsage(app);
    await pickRange(app, '90d');
    await expectRange(app, sandbox, '90d');
    await expect(app.getByTestId('chart-success')).toBeVisible();
    const docs = process.env.UPDATE_DOCS_SCREENSHOTS ? 'docs/screenshots' : '.tmp/screens';
    await app.screenshot({ path: `${docs}/usage-light.png` });
    // The whole page at once, to look over the tables too.
    await app.setViewportSize({ width: 1200, height: 3600 });
    await app.screenshot({ path: '.tmp/screens/usage-full-light.png' });
    for (const id of ['usage-by-key', 'usage-by-model', 'usage-calls', 'usage-cvh']) {
      await app.locator(`section[aria-labelledby="${id}"]`).screenshot({ path: `.tmp/screens/usage-section-${id}.png` });
    }
    await app.setViewportSize({ width: 1200, height: 1600 });
    await scrollToTop(app);

    await host.services.settings.update({ theme: 'dark' });
    await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
    await app.screenshot({ path: `${docs}/usage-dark.png` });

    // Hovering a bar shows the exact figures of that day.
    const canvas = app.getByTestId('chart-calls').locator('canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    await app.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await app.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.6, { steps: 5 });
    await app.screenshot({
      path: '.tmp/screens/usage-tooltip-dark.png',
      clip: { x: box.x - 20, y: box.y - 80, width: box.width + 40, height: box.height + 100 },
    });

    await host.services.settings.update({ language: 'zh-CN' });
    await expect(app.getByRole('heading', { name: '用量', level: 1 })).toBeVisible();
    await expect(app.getByTestId('usage-card-calls')).toContainText('调用次数');
    await expect(app.getByRole('radio', { name: '90 天' })).toBeChecked();
    await app.screenshot({ path: '.tmp/screens/usage-dark-zh.png' });
    await app.getByRole('tab', { name: '按密钥' }).click();
    await expect(app.getByTestId('legend-item').filter({ hasText: 'Laptop CLI' })).toBeVisible();
    await app.setViewportSize({ width: 1200, height: 3600 });
    await app.screenshot({ path: '.tmp/screens/usage-full-dark-zh.png' });
    for (const id of ['usage-by-key', 'usage-calls', 'usage-cvh']) {
      await app.locator(`section[aria-labelledby="${id}"]`).screenshot({ path: `.tmp/screens/usage-section-zh-${id}.png` });
    }
  });
  test('fits the window at both sizes in both themes, with AA contrast', async ({ app, host, sandbox }) => {
    test.setTimeout(180_000);
    await seededHub(host, sandbox);
    await openUsage(app);
    await pickRange(app, '90d');
    await expectRange(app, sandbox, '90d');
    const shots = '.tmp/screens';
    for (const language of ['en', 'zh-CN'] as const) {
      for (const theme of ['light', 'dark'] as const) {
        await host.services.settings.update({ theme, language });
        await expect(app.locator('html')).toHaveAttribute('data-theme', theme);
        for (const size of WINDOW_SIZES) {
          await app.setViewportSize({ width: size.width, height: size.height });
          await expect(app.getByTestId('call-row').first()).toBeVisible();
          await expectNoHorizontalOverflow(app, `Usage at ${size.name} (${theme}, ${language})`);
          if (language === 'en') await expectContrastAA(app, `Usage at ${size.name} (${theme})`);
          await scrollToTop(app);
          await app.screenshot({ path: `${shots}/usage-${size.width}-${theme}-${language}.png` });
          for (const id of ['usage-by-key', 'usage-calls', 'usage-cvh']) {
            await app
              .locator(`section[aria-labelledby="${id}"]`)
              .screenshot({ path: `${shots}/usage-${size.width}-${theme}-${language}-${id}.png` });
          }
        }
      }
    }
    await host.services.settings.update({ theme: 'light', language: 'en' });
    // At the minimum width the low-priority columns give way; their values stay in the row's title.
    await app.setViewportSize({ width: WINDOW_SIZES[0].width, height: WINDOW_SIZES[0].height });
    const row = app.getByTestId('call-row').first();
    await expect(row.locator('.col--p3').first()).toBeHidden();
    await expect(row).toHaveAttribute('title', /Duration: /);
  });

  test('neighbouring series colours differ clearly in both themes', async ({ app, host, sandbox }) => {
    await seededHub(host, sandbox);
    await openUsage(app);
    for (const theme of ['light', 'dark'] as const) {
      await host.services.settings.update({ theme });
      await expect(app.locator('html')).toHaveAttribute('data-theme', theme);
      const colors = await app.evaluate(() => {
        const g = globalThis as unknown as {
          getComputedStyle(e: unknown): { getPropertyValue(n: string): string };
          document: { documentElement: unknown };
        };
        const css = g.getComputedStyle(g.document.documentElement);
        return Array.from({ length: 10 }, (_, i) => css.getPropertyValue(`--series-${i + 1}`).trim());
      });
      const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
      // "Redmean" colour distance: a cheap approximation of how different two colours look.
      const distance = (a: string, b: string) => {
        const [r1, g1, b1] = rgb(a);
        const [r2, g2, b2] = rgb(b);
        const r = (r1 + r2) / 2;
        return Math.sqrt((2 + r / 256) * (r1 - r2) ** 2 + 4 * (g1 - g2) ** 2 + (2 + (255 - r) / 256) * (b1 - b2) ** 2);
      };
      for (let i = 1; i < colors.length; i++) {
        expect(colors[i], `series colour ${i + 1} (${theme})`).toMatch(/^#[0-9a-f]{6}$/i);
        expect(distance(colors[i - 1]!, colors[i]!), `series ${i} vs ${i + 1} in ${theme}`).toBeGreaterThan(270);
      }
    }
  });

  test('a client app has one name in the table, the legend and the filter', async ({ app, host, sandbox }) => {
    await seededHub(host, sandbox);
    await openUsage(app);
    await expectRange(app, sandbox, '30d');
    const tableNames = await app.getByTestId('key-usage-row').locator('.usage-name__main').allTextContents();
    expect(tableNames.length).toBeGreaterThan(2);
    await app.getByRole('tab', { name: 'By key' }).click();
    await expect(app.getByTestId('legend-item').filter({ hasText: 'CI pipeline' })).toBeVisible();
    const legendNames = (await app.getByTestId('legend-item').locator('.usage-legend__name').allTextContents()).filter(
      (n) => n !== 'Other',
    );
    for (const name of legendNames) expect(tableNames, `legend name "${name}"`).toContain(name);
    const options = (await app.getByRole('combobox', { name: /^Key/ }).locator('option').allTextContents()).slice(1);
    expect(options.sort()).toEqual([...tableNames].sort());
  });

  test('a custom range refuses dates after today, in words beside the inputs', async ({ app, host, sandbox }) => {
    await seededHub(host, sandbox);
    await openUsage(app);
    await expectRange(app, sandbox, '30d');
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    await app.getByRole('radio', { name: 'Custom' }).check();
    await app.getByLabel('To', { exact: true }).fill(day(tomorrow));
    await expect(app.getByTestId('usage-range-problem')).toHaveText('Pick dates up to today: nothing has been recorded after it.');
    await expect(app.getByRole('button', { name: 'Apply' })).toBeDisabled();
    await expect(app.getByLabel('To', { exact: true })).toHaveAttribute('max', day(new Date()));
    await app.getByLabel('To', { exact: true }).fill(day(new Date()));
    await expect(app.getByRole('button', { name: 'Apply' })).toBeEnabled();
  });

  test('"Check its calls" on the Keys page opens Usage filtered to that key', async ({ app, host, sandbox }) => {
    for (const h of await host.services.keys.listHubs()) await host.services.keys.removeHub(h.id, { forgetKeys: true });
    // The app keeps one of the seeded keys, so the link can name it by the app's own key id.
    const laptop = sandbox.admin.createKey({ name: 'Laptop CLI' });
    sandbox.admin.seedUsage(90);
    const reader = sandbox.admin.createKey({ name: 'usage reader', credits: 50 });
    const added = await host.services.keys.addHub(`${sandbox.url}/`);
    await host.services.keys.addExistingKey({ hubId: added.id, name: 'Usage reader', secret: reader.secret });
    const local = await host.services.keys.addExistingKey({ hubId: added.id, name: 'Laptop CLI', secret: laptop.secret });

    await app.evaluate(
      ([hubId, keyId]) => {
        (globalThis as unknown as { location: { hash: string } }).location.hash = `#/usage?hubId=${hubId}&keyId=${keyId}`;
      },
      [added.id, local.id] as const,
    );
    await expect(app.getByRole('heading', { name: 'Usage', level: 1 })).toBeVisible();
    const mine = recorded(sandbox, '30d', { appDid: laptop.accessKeyId }).length;
    expect(mine).toBeGreaterThan(0);
    await expect(app.getByTestId('call-log-count')).toContainText(`of ${en(mine)} calls`, { timeout: 15_000 });
    await expect(app.getByRole('combobox', { name: /^Key/ })).toHaveValue(laptop.accessKeyId);
    await expect(app.getByRole('tab', { name: 'By key' })).toHaveAttribute('aria-selected', 'true');
    await expect(app.getByTestId('legend-item').filter({ hasText: 'Laptop CLI' })).toHaveAttribute('aria-pressed', 'true');
    await expect(app.getByTestId('chart-calls')).toHaveAttribute('data-series', laptop.accessKeyId);
    const dids = new Set(
      await app
        .getByTestId('call-row')
        .evaluateAll((rows) => rows.map((r) => (r as unknown as { dataset: { appDid: string } }).dataset.appDid)),
    );
    expect([...dids]).toEqual([laptop.accessKeyId]);

    // Plain words for which key's view of the account is shown, and what the credit unit is.
    const toolbar = app.getByRole('group', { name: 'What to show' });
    await expect(toolbar).not.toContainText('Read usage with');
    await expect(toolbar).toContainText('Figures as seen by key');
    await expect(app.getByTestId('usage-card-credits').getByRole('heading')).toHaveAttribute('title', /AHC: the hub’s credits/);
  });
});
