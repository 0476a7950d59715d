import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { SandboxHub } from '../../sandbox-hub';
import { openConfStore } from '../../src/main/services/settings/conf-store';
import type { WebHost } from '../../src/host/server';
import { expect, test } from './fixtures';

// `UPDATE_DOCS_SCREENSHOTS=1` refreshes the README's Keys pictures from this walk-through.
const DOCS = Boolean(process.env.UPDATE_DOCS_SCREENSHOTS);
const SHOTS = DOCS ? 'docs/screenshots' : '.tmp/screens';

test.skip(!process.env.DBUS_SESSION_BUS_ADDRESS, 'needs the test keyring: run through npm test (scripts/with-keyring.sh)');

const DAY = 86_400_000;

/** Generates a key through the sandbox's approval flow, as the keys-lifecycle tests do. */
async function generate(host: WebHost, sandbox: SandboxHub, hubId: string, name: string, usedBy?: string[]) {
  const pending = host.services.keys.generateKey({ hubId, name, ...(usedBy ? { usedBy } : {}) });
  await expect.poll(() => sandbox.admin.listSessions().find((s) => s.status === 'pending')).toBeTruthy();
  const session = sandbox.admin.listSessions().find((s) => s.status === 'pending')!;
  sandbox.admin.approveSession(String(session.id), name);
  return pending;
}

async function burst(sandbox: SandboxHub, secret: string, calls: number) {
  for (let i = 0; i < calls; i++) {
    const res = await fetch(`${sandbox.mountUrl}/api/v2/chat/completions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: 'sandbox/echo', messages: [{ role: 'user', content: `burst ${i}` }] }),
    });
    expect(res.status).toBe(200);
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** Everything the host process logs while `run` runs. */
async function capturingLogs(run: (logged: string[]) => Promise<void>): Promise<void> {
  const logged: string[] = [];
  const original = { log: console.log, warn: console.warn, error: console.error, info: console.info };
  for (const level of ['log', 'warn', 'error', 'info'] as const) {
    console[level] = (...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
      original[level](...args);
    };
  }
  try {
    await run(logged);
  } finally {
    Object.assign(console, original);
  }
}

/**
 * Shows a hub's keys; hubs from earlier tests may share its name, and the newest is listed last.
 * Approval pages the host opened are closed first: a page left behind keeps the app's window in
 * the background, where Chromium slows its frames (and every click) to a crawl.
 */
async function openHub(app: Page, host: WebHost, hubName: string) {
  for (const page of app.context().pages()) if (page !== app) await page.close();
  await app.goto(host.url);
  await app.getByRole('tab').filter({ hasText: hubName }).last().click();
}

test('a due key shows its badge, the bursting key its alert, and the SDK example copied for a key holds the variable, not the key', async ({
  app,
  host,
  sandbox,
  dataDir,
}) => {
  await capturingLogs(async (logged) => {
    // The page stays away while the history is made: the app reads the call log incrementally, and
    // history seeded into the past after its first read would never be fetched (a real hub does not
    // back-date calls by weeks).
    await app.goto('about:blank');
    const added = await host.services.keys.addHub(`${sandbox.url}/`, 'Hygiene hub');
    const laptop = await generate(host, sandbox, added.id, 'Laptop CLI', ['Laptop']);
    const ci = await generate(host, sandbox, added.id, 'CI pipeline', ['CI', 'Release script']);
    const side = await generate(host, sandbox, added.id, 'Side project', ['Side project']);
    const secrets = [laptop.secret, ci.secret, side.secret];

    // "Laptop CLI" was created 120 days ago (the app's data file, as an older install would have it).
    const store = openConfStore(dataDir);
    const state = store.get('keys') as { keys: { id: string; createdAt: string }[] };
    state.keys.find((k) => k.id === laptop.key.id)!.createdAt = new Date(Date.now() - 120 * DAY).toISOString();
    store.set('keys', state);
    store.delete('hygieneNotifiedAt');

    // A month of ordinary history for the three keys, then a burst of real calls on one of them.
    sandbox.admin.seedUsage(30);
    await burst(sandbox, side.secret, 80);

    await app.setViewportSize({ width: 1280, height: 1200 });
    await openHub(app, host, added.name);
    const row = (name: string) => app.getByTestId('key-row').filter({ hasText: name });

    // Rotation: the old key is due, on its row and in the navigation.
    await expect(row('Laptop CLI').getByTestId('rotation-due')).toHaveText('Due for rotation');
    await expect(row('Laptop CLI').getByTestId('key-age')).toContainText('120 days old');
    await expect(row('CI pipeline').getByTestId('rotation-due')).toHaveCount(0);
    await expect(app.getByTestId('nav-badge-keys')).toBeVisible();

    // Unusual activity: exactly the bursting key, with the numbers and the three steps.
    const alert = app.getByTestId('key-alert');
    await expect(alert).toHaveCount(1);
    await expect(alert).toHaveAttribute('data-key-name', 'Side project');
    await expect(alert).toContainText(/\d+ calls in the last 24 hours — [\d.]+× its usual day/);
    for (const step of ['Check its calls', 'Rotate it', 'Revoke on your access-key page']) {
      await expect(alert.getByRole('button', { name: step })).toBeVisible();
    }
    await expect(row('Side project').getByTestId('alert-badge')).toBeVisible();

    // Health at a glance.
    await expect(app.getByTestId('health-due')).toContainText('1');
    await expect(app.getByTestId('health-alerts')).toContainText('1');
    // One key per application: the shared key says so.
    await expect(row('CI pipeline').getByTestId('shared-warning')).toHaveText('Shared by 2 applications');
    await app.screenshot({ path: `${SHOTS}/${DOCS ? 'keys-light' : 'hygiene-keys-light'}.png`, fullPage: true });

    // The tile filters the list to its keys.
    await app.getByTestId('health-due').click();
    await expect(app.getByTestId('key-row')).toHaveCount(1);
    await app.getByTestId('health-due').click();
    await expect(app.getByTestId('key-row')).toHaveCount(3);

    // The background check notifies once; the browser host shows it as a toast, with no key in it.
    await host.services.hygiene.check();
    const toast = app.getByTestId('toast').filter({ hasText: 'Unusual activity on “Side project”' });
    await expect(toast).toBeVisible();
    await expect(toast).toContainText('revoke the old key in the hub’s dashboard');
    await expect(app.getByTestId('toast').filter({ hasText: 'A key is due for rotation' })).toBeVisible();
    await host.services.hygiene.check();
    await expect(app.getByTestId('toast').filter({ hasText: 'Unusual activity' })).toHaveCount(1);

    // The SDK example for a key: the key's environment variable, never the key.
    await row('Side project')
      .getByRole('button', { name: /More actions/ })
      .click();
    await app.getByRole('menuitem', { name: /Code examples/ }).click();
    const dialog = app.getByTestId('examples-dialog');
    await expect(dialog.getByRole('tab', { name: 'SDK (@aigne/aigne-hub)' })).toHaveAttribute('aria-selected', 'true');
    await expect(dialog.getByTestId('example-code')).toContainText('AIGNEHubChatModel');
    await dialog.getByRole('button', { name: 'Copy example' }).click();
    await expect.poll(() => host.clipboard.readText()).toContain('apiKey: process.env.AIGNE_HUB_API_KEY');
    const copied = host.clipboard.readText();
    expect(copied).toContain(`baseURL: process.env.AIGNE_HUB_API_URL ?? "${sandbox.mountUrl}"`);
    expect(copied).toMatch(/model: "aignehub\/sandbox\//);
    for (const s of secrets) expect(copied).not.toContain(s);
    await app.screenshot({ path: '.tmp/screens/hygiene-examples.png' });

    // The CLI form, by keyboard, and the key itself only on the explicit action (cleared later).
    await dialog.getByRole('tab', { name: 'SDK (@aigne/aigne-hub)' }).focus();
    await app.keyboard.press('ArrowRight');
    await expect(dialog.getByRole('tab', { name: 'aigne CLI' })).toHaveAttribute('aria-selected', 'true');
    await expect(dialog.getByTestId('example-code')).toContainText('npx -y @aigne/cli run --model');
    await dialog.getByRole('button', { name: 'Copy key' }).click();
    await expect.poll(() => host.clipboard.readText()).toBe(side.secret);
    await expect(app.getByTestId('toast').filter({ hasText: 'Clipboard clears in' })).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The dark theme, looked at too (without the toasts over the list).
    const closeToast = app.getByTestId('toast').getByRole('button', { name: 'Close' });
    while ((await closeToast.count()) > 0) await closeToast.first().click();
    host.services.settings.update({ theme: 'dark' });
    await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
    await app.screenshot({ path: `${SHOTS}/${DOCS ? 'keys-dark' : 'hygiene-keys-dark'}.png`, fullPage: true });
    host.services.settings.update({ language: 'zh-CN' });
    await expect(app.getByTestId('key-alert')).toContainText('过去 24 小时');
    await expect(row('Laptop CLI').getByTestId('rotation-due')).toHaveText('需要轮换');
    await app.screenshot({ path: '.tmp/screens/hygiene-keys-zh-dark.png', fullPage: true });

    // "Check its calls" opens Usage filtered to that key (hub and key ids), never by its secret.
    await app.getByTestId('key-alert').getByRole('button', { name: '查看调用记录' }).click();
    const params = new URL(app.url().replace('#/usage?', '?')).searchParams;
    expect([params.get('hubId'), params.get('keyId')]).toEqual([side.key.hubId, side.key.id]);

    // No key in the page, the address, a notification, a file the app wrote or a log line.
    const html = await app.content();
    for (const s of secrets) {
      expect(html).not.toContain(s);
      expect(app.url()).not.toContain(s);
      for (const file of filesUnder(dataDir)) expect(readFileSync(file).includes(s), `${file} holds a key`).toBe(false);
      expect(logged.filter((l) => l.includes(s))).toEqual([]);
    }
  });
});

test('generating a key asks what it is for, and retiring a key flags any later use', async ({ app, host, sandbox, context }) => {
  const added = await host.services.keys.addHub(`${sandbox.url}/`, 'Apps hub');
  const first = await generate(host, sandbox, added.id, 'Build server', ['CI']);
  await openHub(app, host, added.name);

  await app.getByRole('button', { name: 'Generate key' }).click();
  const gen = app.getByTestId('generate-dialog');
  await gen.getByLabel('Name').fill('Release bot');
  await gen.getByLabel('What is it for?').fill('CI');
  // Suggestions come from the applications already named, and a second key for the same one is pointed out.
  await expect(gen.locator('datalist option[value="CI"]')).toHaveCount(1);
  await expect(gen.getByRole('status')).toContainText('“CI” already has “Build server”');
  await app.screenshot({ path: '.tmp/screens/hygiene-generate.png' });
  const popup = context.waitForEvent('page');
  await gen.getByRole('button', { name: 'Continue in browser' }).click();
  const approval = await popup;
  await approval.getByRole('button', { name: 'Approve' }).click();
  await approval.close();
  await app.bringToFront();
  const once = app.getByTestId('show-once-dialog');
  await once.getByRole('button', { name: 'Done' }).click();
  const release = app.getByTestId('key-row').filter({ hasText: 'Release bot' });
  await expect(release.getByTestId('used-by')).toContainText('CI');

  // Add an application from the key's menu: the key is now shared, and says so.
  await release.getByRole('button', { name: /More actions/ }).click();
  await app.getByRole('menuitem', { name: 'Applications using it…' }).click();
  const usedBy = app.getByTestId('used-by-dialog');
  await usedBy.getByLabel('Application').fill('Nightly report');
  await usedBy.getByLabel('Application').press('Enter');
  await expect(usedBy.getByRole('button', { name: 'Remove Nightly report' })).toBeVisible();
  await expect(usedBy).toContainText('used by 2 applications');
  await usedBy.getByRole('button', { name: 'Save' }).click();
  await expect(release.getByTestId('shared-warning')).toHaveText('Shared by 2 applications');

  // Retire the first key, then use it: the app flags the use.
  const buildRow = app.getByTestId('key-row').filter({ hasText: 'Build server' });
  await buildRow.getByRole('button', { name: /More actions/ }).click();
  await app.getByRole('menuitem', { name: 'Mark as retired' }).click();
  await expect(buildRow).toContainText('Retired');
  await new Promise((r) => setTimeout(r, 1100)); // the hub records call times in whole seconds
  await burst(sandbox, first.secret, 1);
  await app.getByRole('button', { name: 'Check now' }).click();
  const alert = app.getByTestId('key-alert').filter({ has: app.getByText('after you marked it retired') });
  await expect(alert).toHaveAttribute('data-key-name', 'Build server');
});

test('the Key hygiene settings are validated and saved, in English and 简体中文', async ({ app, host }) => {
  await app.getByRole('link', { name: /Settings/ }).click();
  const card = app.getByTestId('hygiene-settings');
  const period = card.getByLabel('Rotate keys every');
  await period.fill('3');
  await period.blur();
  await expect(card).toContainText('Enter a whole number of days from 7 to 730.');
  expect(host.services.settings.get().rotationPeriodDays).toBe(90);
  await period.fill('30');
  await period.blur();
  await expect.poll(() => host.services.settings.get().rotationPeriodDays).toBe(30);

  await card.getByLabel('Calls').fill('500');
  await card.getByLabel('Calls').blur();
  await expect.poll(() => host.services.settings.get().alertCallsPer24h).toBe(500);
  await card.getByLabel('Credits').fill('-2');
  await card.getByLabel('Credits').blur();
  await expect(card).toContainText('Credits: enter a number above 0');
  expect(host.services.settings.get().alertCreditsPer24h).toBeNull();
  await card.getByLabel('Credits').fill('');
  await card.getByLabel('Calls').fill('');
  await card.getByLabel('Calls').blur();
  await expect.poll(() => host.services.settings.get().alertCallsPer24h).toBeNull();

  const notify = card.getByLabel('Notify me about due rotations and unusual activity');
  await notify.press('Space');
  await expect.poll(() => host.services.settings.get().notifications).toBe(false);
  await app.screenshot({ path: '.tmp/screens/hygiene-settings.png', fullPage: true });

  host.services.settings.update({ language: 'zh-CN' });
  await expect(card.getByRole('heading')).toHaveText('密钥安全习惯');
  await expect(card).toContainText('密钥轮换周期');
  await app.screenshot({ path: '.tmp/screens/hygiene-settings-zh.png', fullPage: true });
});
