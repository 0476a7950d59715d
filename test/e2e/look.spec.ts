import type { Page } from '@playwright/test';
import type { SandboxHub } from '../../sandbox-hub';
import type { WebHost } from '../../src/host/server';
import { expect, test } from './fixtures';
import { expectContrastAA, expectNoHorizontalOverflow, WINDOW_SIZES } from './support/layout';

/**
 * Every page, with data on it, in both themes: AA contrast, and no sideways scrolling at the
 * app's minimum and default windows. A failure names the element (and, for overflow, by how much),
 * whether it lives in the shell or in a page's own stylesheet.
 */

type PageName = 'keys' | 'playground' | 'usage' | 'settings';
const HEADINGS: Record<PageName, string> = { keys: 'Keys', playground: 'Playground', usage: 'Usage', settings: 'Settings' };

/** A clean host with one hub, 30 days of history for several keys, and three keys the app knows. */
async function withData(host: WebHost, sandbox: SandboxHub) {
  for (const h of await host.services.keys.listHubs()) await host.services.keys.removeHub(h.id, { forgetKeys: true });
  sandbox.admin.seedUsage(30);
  const hub = await host.services.keys.addHub(`${sandbox.url}/`);
  for (const name of ['Laptop assistant', 'Nightly batch job', 'Usage reader']) {
    const created = sandbox.admin.createKey({ name, credits: 50 });
    await host.services.keys.addExistingKey({ hubId: hub.id, name, secret: created.secret });
  }
  return hub;
}

/**
 * Nothing pokes out of its card: a card that lets its content spill (overflow visible) shows a table or a
 * button row crossing its border even when the window itself does not scroll. Cards are the bordered
 * boxes pages are built from (`.card`, `.hub-panel`, the playground's panes and the usage cards).
 */
async function expectNothingPastItsCard(page: Page, what: string) {
  const offenders = await page.evaluate(() => {
    const found: string[] = [];
    const cards = document.querySelectorAll('main .card, main .hub-panel, main [class*="-card"], main [class*="pane"]');
    for (const card of cards) {
      const style = getComputedStyle(card);
      if (style.display === 'none' || style.overflowX !== 'visible') continue;
      const edge = card.getBoundingClientRect().right;
      for (const el of card.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || getComputedStyle(el).position === 'fixed' || el.closest('[role="menu"], dialog')) continue;
        if (box.right > edge + 1) {
          const cls = typeof el.className === 'string' ? el.className.trim().split(/\s+/).join('.') : '';
          found.push(`${el.tagName.toLowerCase()}${cls ? `.${cls}` : ''} ends ${Math.round(box.right - edge)}px past ${card.className}`);
          break;
        }
      }
    }
    return found;
  });
  expect(offenders, `content past its card on ${what}`).toEqual([]);
}

async function open(app: Page, host: WebHost, page: PageName, hubId: string) {
  if (page === 'playground') {
    await app.goto(`${host.url}#/playground?hubId=${encodeURIComponent(hubId)}&model=${encodeURIComponent('sandbox/echo')}`);
  } else {
    await app.goto(`${host.url}#/${page}`);
  }
  await expect(app.getByRole('heading', { level: 1 })).toHaveText(HEADINGS[page]);
}

/** What each page should show before it is measured, so the check covers the page with data, not a spinner. */
async function settle(app: Page, page: PageName) {
  if (page === 'keys') await expect(app.getByText('Nightly batch job').first()).toBeVisible({ timeout: 15_000 });
  if (page === 'usage') await expect(app.getByTestId('usage-card-calls')).not.toContainText(/^\s*0\s*$/, { timeout: 15_000 });
  if (page === 'playground') {
    const answers = app.getByTestId('message-assistant');
    if ((await answers.count()) === 0) {
      const box = app.getByTestId('chat-composer').getByRole('textbox', { name: 'Prompt' });
      await box.fill('one two three');
      await box.press('Enter');
    }
    await expect(answers.last()).toHaveAttribute('data-status', 'success', { timeout: 15_000 });
  }
  // Transitions (theme fades, hover states) end before axe reads colours.
  await app.evaluate(() => document.fonts.ready);
  await app.waitForTimeout(300);
}

test.describe('every page fits the window and reads at AA contrast', () => {
  test.skip(!process.env.DBUS_SESSION_BUS_ADDRESS, 'needs the test keyring: run through scripts/with-keyring.sh');

  // Page-owned results (keys/, playground/, usage/, SettingsPage) are asserted here too: a failure that names
  // a page's own class belongs to that page's stylesheet, one that names .shell/.sidebar/.page-header to the shell.
  // PAGE-OWNED, RE-CHECK AFTER MERGE: on the shell branch alone, "keys, light/dark" fail (the Keys table is
  // wider than its column at 880×600 and 22px past its .hub-panel at 1200×800) and "playground, light/dark"
  // fail (.chat__tools ends 13px past the chat card at 880×600); the keys and playground page fixes are meant
  // to make them pass. Usage and Settings pass both sizes; every page passes the contrast check in both themes.
  for (const page of ['keys', 'playground', 'usage', 'settings'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      test(`${page}, ${theme} theme`, async ({ app, host, sandbox }) => {
        // Two sizes × three checks over a page full of data (axe alone takes seconds on a busy machine).
        test.setTimeout(120_000);
        const hub = await withData(host, sandbox);
        await host.services.settings.update({ theme });
        await open(app, host, page, hub.id);
        await expect(app.locator('html')).toHaveAttribute('data-theme', theme);
        await settle(app, page);
        // Every size and check runs, so one run lists all that is wrong on the page, not just the first.
        const failures: string[] = [];
        for (const size of WINDOW_SIZES) {
          await app.setViewportSize({ width: size.width, height: size.height });
          await app.waitForTimeout(150);
          const where = `${page} at ${size.width}×${size.height}, ${theme}`;
          for (const check of [expectNoHorizontalOverflow, expectNothingPastItsCard, expectContrastAA]) {
            await check(app, where).catch((e: Error) => failures.push(e.message));
          }
        }
        expect(failures, `layout and contrast of ${page}, ${theme}`).toEqual([]);
      });
    }
  }
});

test.describe('the sidebar gives pages room', () => {
  test('folds to icons in the minimum window, unfolds from its toggle or Ctrl+B, and remembers the choice', async ({ app }) => {
    const nav = app.getByRole('navigation');
    const sidebar = app.locator('.sidebar');
    await app.setViewportSize({ width: 880, height: 600 });
    await expect(sidebar).toHaveAttribute('data-collapsed', 'true');
    // Icons only, yet every link keeps its name (and a tooltip with it and its shortcut).
    const usage = nav.getByRole('link', { name: 'Usage' });
    await expect(usage).toHaveAttribute('title', /Usage · Shortcut: (Ctrl\+|⌘)3/);
    expect((await sidebar.boundingBox())!.width).toBeLessThan(80);
    await usage.click();
    await expect(app.getByRole('heading', { level: 1 })).toHaveText('Usage');

    const toggle = app.getByRole('button', { name: 'Expand sidebar' });
    await expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    await expect(sidebar).not.toHaveAttribute('data-collapsed', 'true');
    await expect(nav.getByText('Playground')).toBeVisible();
    expect((await sidebar.boundingBox())!.width).toBeGreaterThan(200);
    await app.reload();
    await expect(app.getByRole('button', { name: 'Collapse sidebar' })).toHaveAttribute('aria-expanded', 'true');

    await app.keyboard.press('Control+b');
    await expect(sidebar).toHaveAttribute('data-collapsed', 'true');
    await app.reload();
    await expect(sidebar).toHaveAttribute('data-collapsed', 'true');

    // A roomy window shows labels again: resizing hands the choice back to the window size.
    await app.setViewportSize({ width: 1200, height: 800 });
    await expect(sidebar).not.toHaveAttribute('data-collapsed', 'true');
    await expect(nav.getByText('Playground')).toBeVisible();
  });

  test('every page header starts at the same place, the playground included', async ({ app, host, sandbox }) => {
    const hub = await withData(host, sandbox);
    for (const size of WINDOW_SIZES) {
      await app.setViewportSize({ width: size.width, height: size.height });
      const places = new Set<string>();
      for (const page of ['keys', 'playground', 'usage', 'settings'] as const) {
        await open(app, host, page, hub.id);
        const box = (await app.getByRole('heading', { level: 1 }).boundingBox())!;
        places.add(`${Math.round(box.x)},${Math.round(box.y)}`);
      }
      expect([...places], `title positions at ${size.width}×${size.height}`).toHaveLength(1);
    }
  });
});

test.describe('the one error notice', () => {
  test.skip(!process.env.DBUS_SESSION_BUS_ADDRESS, 'needs the test keyring: run through scripts/with-keyring.sh');

  test('keeps a long reason to three lines in a narrow column; Details shows all of it', async ({ app, host, sandbox }) => {
    await app.setViewportSize({ width: 880, height: 600 });
    for (const h of await host.services.keys.listHubs()) await host.services.keys.removeHub(h.id, { forgetKeys: true });
    const hub = await host.services.keys.addHub(sandbox.url);
    const created = sandbox.admin.createKey({ name: 'errors' });
    await host.services.keys.addExistingKey({ hubId: hub.id, name: 'Errors', secret: created.secret });
    await open(app, host, 'playground', hub.id);
    sandbox.admin.injectFault(created.accessKeyId, 'credit', 1);
    const box = app.getByTestId('chat-composer').getByRole('textbox', { name: 'Prompt' });
    await box.fill('will this cost anything');
    await box.press('Enter');
    const notice = app.getByTestId('message-assistant').last().getByRole('alert');
    await expect(notice).toHaveAttribute('data-code', 'OUT_OF_CREDITS');
    await expect(notice.getByRole('button', { name: 'Top up' })).toBeVisible();

    // A reason as long as the hub's wordiest (the notice words whatever it is given).
    const reason = notice.getByTestId('error-reason');
    await reason.evaluate((el) => {
      el.textContent = 'The hub refused the call because the account behind this key has used all of its credits. '.repeat(6);
    });
    const lines = () =>
      reason.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)));
    expect(await lines()).toBeLessThanOrEqual(3);
    await notice.getByRole('button', { name: 'Details' }).click();
    await expect(notice.getByRole('button', { name: 'Details' })).toHaveAttribute('aria-expanded', 'true');
    expect(await lines()).toBeGreaterThan(3);
    await expectNoHorizontalOverflow(app, 'the playground with an error notice');
  });
});

test.describe('the shared tab list', () => {
  test.skip(!process.env.DBUS_SESSION_BUS_ADDRESS, 'needs the test keyring: run through scripts/with-keyring.sh');

  test('moves with the arrows, Home and End, keeps one tab in the Tab order and names its panel', async ({ app, host, sandbox }) => {
    const hub = await withData(host, sandbox);
    await open(app, host, 'keys', hub.id);
    await app.getByRole('button', { name: 'More actions for Usage reader' }).click();
    await app.getByRole('menuitem', { name: /Code examples/ }).click();
    const tabs = app.getByTestId('examples-dialog').getByRole('tablist').getByRole('tab');
    const first = tabs.first();
    const last = tabs.last();
    await expect(first).toHaveAttribute('aria-selected', 'true');
    await first.focus();
    await app.keyboard.press('End');
    await expect(last).toBeFocused();
    await expect(last).toHaveAttribute('aria-selected', 'true');
    await app.keyboard.press('ArrowRight');
    await expect(first).toBeFocused();
    await app.keyboard.press('ArrowLeft');
    await expect(last).toBeFocused();
    await app.keyboard.press('Home');
    await expect(first).toHaveAttribute('aria-selected', 'true');
    // Roving focus: the selected tab alone is reachable with Tab, and every tab names the panel it controls.
    const order = await tabs.evaluateAll((els) => els.map((el) => el.getAttribute('tabindex')));
    expect(order).toEqual(['0', ...Array(order.length - 1).fill('-1')]);
    const panel = await first.getAttribute('aria-controls');
    await expect(app.locator(`[id="${panel}"]`)).toHaveAttribute('role', 'tabpanel');
  });
});
